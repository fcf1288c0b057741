"""Live subscriptions that end with the screen that opened them.

A screen opens its realtime subscriptions from an effect that awaits the
server. If the person leaves before the server answers, the screen's cleanup
has already run, so whatever opens after that must be closed at once: left
open, it would go on working for a screen nobody sees (a conversation feed
would keep marking new messages as read). A tab whose session Flet closes
(its browser stayed away past FLET_SESSION_TIMEOUT) ends all its lifetimes
at once: end_tab.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

Closer = Callable[[], Awaitable[None]]
# The lifetimes made in each tab (its screens', its live source's), by Flet
# session id. When Flet closes an expired session it unmounts nothing, so no
# screen's cleanup runs: the tab's lifetimes are ended from here instead
# (end_tab), or the process would keep following topics for a tab that is gone.
_tabs: dict[str, weakref.WeakSet[Lifetime]] = {}


class Lifetime:
    """The time a screen is shown; what it opened is closed when it ends."""

    def __init__(self) -> None:
        self.ended = False
        self._closers: list[Closer] = []
        try:
            page = ft.context.page
        except RuntimeError:
            return  # made outside any tab (tests of the services)
        _of_tab(page).add(self)

    async def keep(self, close: Closer) -> bool:
        """Close with the screen. If the screen has already gone: close now and say so."""
        if self.ended:
            await close()
            return False
        self._closers.append(close)
        return True

    async def end(self) -> None:
        self.ended = True
        while self._closers:
            await self._closers.pop()()


def use_lifetime() -> Lifetime:
    """This screen's lifetime, ended when the screen goes away."""
    ref = ft.use_ref(cast(Lifetime | None, None))
    if ref.current is None:
        ref.current = Lifetime()
    lifetime = ref.current
    ft.use_effect(lambda: None, [], cleanup=lifetime.end)
    return lifetime


def _of_tab(page: ft.Page) -> weakref.WeakSet[Lifetime]:
    key = page.session.id
    found = _tabs.get(key)
    if found is None:
        found = _tabs[key] = weakref.WeakSet()
        weakref.finalize(page, _tabs.pop, key, None)
    return found


async def end_tab(page: ft.Page) -> None:
    """End every lifetime of the tab: Flet has closed its session for good."""
    for lifetime in list(_tabs.pop(page.session.id, ())):
        await lifetime.end()


def open_lifetimes() -> int:
    """Screen lifetimes not yet ended or forgotten, in every tab (for tests)."""
    return sum(1 for lifetimes in _tabs.values() for lifetime in lifetimes if not lifetime.ended)
