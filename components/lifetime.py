"""Live subscriptions that end with the screen that opened them.

A screen opens its realtime subscriptions from an effect that awaits the
server. If the person leaves before the server answers, the screen's cleanup
has already run, so whatever opens after that must be closed at once: left
open, it would go on working for a screen nobody sees (a conversation feed
would keep marking new messages as read).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

Closer = Callable[[], Awaitable[None]]


class Lifetime:
    """The time a screen is shown; what it opened is closed when it ends."""

    def __init__(self) -> None:
        self.ended = False
        self._closers: list[Closer] = []

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
