"""What a signed-in person sees change while the app is open: one live source per tab.

`TabLive` holds the person's matches, conversations (with unread counts),
quiet hours and, for a peer supporter, their status. The bottom bar's badge,
the Messages tab and the status notice all read it, so the tab follows each
topic once (the person's own, and each open conversation's) and reads once
per event, whoever shows the result. The signed-in frame starts it and ends
it; what opens after the end is closed at once (components/lifetime.py).

- A match or an open conversation changing (a proposal, an opening, an
  ending, a new message, a read receipt) reads the lists again.
- A peer supporter's status (approved, suspended, back to applicant), and
  anyone's role (appointed coordinator), show at once, not at the next sign-in.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, cast

import flet as ft

from app.peer_support.state import PeerSupport, apply_in_tab, use_peer_support
from app.state import AppState, observable, use_app_state
from components.lifetime import Lifetime
from services.errors import ErrorCode, RelaisError
from services.models import PeerStatus
from services.peer_support import messaging
from services.peer_support.message_models import ConversationSummary, QuietHours
from services.peer_support.models import MyMatch
from services.realtime_hub import Following, conversation_topic, person_topic

Handler = Callable[[], Awaitable[None]]
# Runs a handler in the tab's own session (events arrive on the hub's tasks).
InTab = Callable[[Handler], None]


@observable
class TabLive:
    """One tab's live lists; setting a public field re-renders the screens that read it."""

    def __init__(self, app: AppState, support: PeerSupport, in_tab: InTab) -> None:
        # Underscored attributes are not observed: changing them re-renders nothing.
        # The tab weakly: this source is kept in _by_tab, which must not keep the tab alive.
        self._app_ref = weakref.ref(app)
        self._support, self._in_tab = support, in_tab
        self._lifetime = Lifetime()
        self._followed: dict[str, Following] = {}
        self._matches_wanted = 0
        self._stale = False
        self._reader: asyncio.Task[None] | None = None
        self._reads = 0
        self.matches: list[MyMatch] = []
        self.conversations: list[ConversationSummary] = []
        self.quiet: QuietHours | None = None
        self.failure: RelaisError | None = None
        self.peer_status: PeerStatus | None = app.peer_status

    @property
    def _app(self) -> AppState:
        app = self._app_ref()
        if app is None:
            raise RelaisError(ErrorCode.SESSION_EXPIRED, "the tab has gone")
        return app

    # -- what the screens read ----------------------------------------------------
    @property
    def reads(self) -> int:
        """How many times the lists were read (one per event, at most)."""
        return self._reads

    def badges_allowed(self) -> bool:
        """No badge during quiet hours; messages still arrive."""
        return messaging.badges_allowed(self.quiet, dt.datetime.now(dt.UTC))

    def unread_shown(self) -> int:
        """Unread messages to show as a badge: none during quiet hours."""
        return messaging.unread_badge(self.conversations, self.quiet)

    # -- lifetime -------------------------------------------------------------------
    async def start(self) -> None:
        """Follow the person's own topic, then read (in that order: no event falls between)."""
        session = self._app.session
        if session is None:
            return
        await self._follow(person_topic(session.user_id))
        await self.refresh()

    async def end(self) -> None:
        """Stop following; a following that opens after this is closed at once."""
        self._followed.clear()
        if self._reader is not None:
            self._reader.cancel()
        await self._lifetime.end()

    async def show_matches(self) -> None:
        """The Messages tab is shown: read the matches too, from now on."""
        self._matches_wanted += 1
        await self.refresh()

    def hide_matches(self) -> None:
        """The Messages tab is gone: nobody shows the matches, so they are not kept."""
        self._matches_wanted = max(0, self._matches_wanted - 1)
        if not self._matches_wanted:
            self.matches = []

    # -- reading ---------------------------------------------------------------------
    async def refresh(self) -> None:
        """Read the lists again. Asked during a read, one more read follows, not one per ask."""
        self._stale = True
        if self._reader is None or self._reader.done():
            # A task of its own (in the tab's session, whose context it copies): a
            # screen that goes away cancels its effect, not the tab's reading.
            self._reader = asyncio.create_task(self._read_while_stale())
            self._reader.add_done_callback(self._forget_reader)
        await asyncio.shield(self._reader)

    def _forget_reader(self, reader: asyncio.Task[None]) -> None:
        # A finished task keeps its context, hence the tab's page: kept here, it
        # would keep a closed tab alive through _by_tab.
        if self._reader is reader:
            self._reader = None

    async def _read_while_stale(self) -> None:
        while self._stale and not self._lifetime.ended:
            self._stale = False
            await self._read()

    async def _read(self) -> None:
        support = self._support
        try:
            wanted = self._matches_wanted > 0
            matches = await support.my_matches() if wanted else []
            conversations = await support.conversations()
            quiet = await support.quiet_hours()
            await self._follow_open(conversations)
        except RelaisError as error:
            self.failure = error
        else:
            # Unchanged values notify nobody (the observable compares them).
            self.matches = matches if self._matches_wanted else []
            self.conversations = conversations
            self.quiet = quiet
            self.failure = None
        finally:
            self._reads += 1

    async def _follow_open(self, conversations: list[ConversationSummary]) -> None:
        session = self._app.session
        mine = person_topic(session.user_id) if session is not None else None
        wanted = {conversation_topic(c.conversation_id) for c in conversations if c.is_open}
        for topic in [t for t in self._followed if t != mine and t not in wanted]:
            await self._followed.pop(topic).stop()  # ended: its events no longer matter
        for topic in sorted(wanted - self._followed.keys()):
            await self._follow(topic)

    async def _follow(self, topic: str) -> None:
        if topic in self._followed:
            return
        opened = await self._support.hub.follow(topic, self._heard)
        if await self._lifetime.keep(opened.stop):
            self._followed[topic] = opened

    async def _heard(self, _topic: str, payload: Mapping[str, Any]) -> None:
        # On the hub's task: the work runs in the tab's own session.
        # "application" also announces a change of role (an appointed coordinator
        # sees the Coordination tab at once), so it re-reads the profile for anyone.
        if payload.get("type") == "application":
            self._in_tab(self._status_changed)
        else:
            self._in_tab(self.refresh)

    async def _status_changed(self) -> None:
        await self._app.refresh_profile()
        self.peer_status = self._app.peer_status
        await self.refresh()


# One source per tab. Not a context: the signed-in frame's screens come from the
# Router's outlet, which a context provided in the frame does not reach.
_by_tab: dict[int, TabLive] = {}


def live_for(app: AppState, support: PeerSupport, page: ft.Page) -> TabLive:
    """The tab's live source, made by whichever of its components asks first."""
    found = _by_tab.get(id(app))
    if found is None:
        tab_page = weakref.ref(page)  # the page holds the tab's state: weakly, too

        def in_tab(handler: Handler) -> None:
            if (shown := tab_page()) is not None:
                apply_in_tab(shown, handler)

        found = _by_tab[id(app)] = TabLive(app, support, in_tab)
        # Forget it with the tab (ids are reused after collection).
        weakref.finalize(app, _by_tab.pop, id(app), None)
    return found


def forget_live(app: AppState, live: TabLive) -> None:
    if _by_tab.get(id(app)) is live:
        del _by_tab[id(app)]


def use_tab_live_source() -> TabLive:
    """For the signed-in frame: the tab's live source, following while the frame is shown."""
    app = use_app_state()
    live = live_for(app, use_peer_support(), ft.context.page)

    async def end() -> None:
        # The next sign-in in this tab gets a source of its own.
        forget_live(app, live)
        await live.end()

    ft.use_effect(live.start, [], cleanup=end)
    return live


def use_live() -> TabLive:
    """For a screen of the signed-in frame: the tab's live source; a change re-renders."""
    app = use_app_state()
    live = live_for(app, use_peer_support(), ft.context.page)
    # Held as state, the observable re-renders this component when it changes.
    held, _ = ft.use_state(cast(Any, lambda: live))
    return cast(TabLive, held)
