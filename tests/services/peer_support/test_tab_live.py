"""One live source per tab: each topic followed once per tab, one read per event.

The source (app/peer_support/live.py) is what the Messages tab, the bottom
bar's badge and the status notice read. These tests run it against the real
database and the real hub: the hub's followers say how often the tab follows
a topic, the source's read count how often it read.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import cast

import flet as ft
import pytest

from app.peer_support.live import Handler, TabLive
from app.peer_support.state import PeerSupport, hub_for, peer_support_for
from app.state import AppState
from services.accounts import profiles
from services.local.gateway import LocalGateway
from services.models import AuthSession, PeerStatus
from services.peer_support import matches, messaging
from services.realtime_hub import RealtimeHub, conversation_topic, person_topic
from tests.factories import make_coordinator
from tests.peer_factories import Pair, make_pair

QUIET_SECONDS = 0.5  # long enough for a second read or event to show up, if there were one


class BrowserStorage:
    """The browser's localStorage, as a tab outside a browser has it: a dict."""

    def __init__(self) -> None:
        self.kept: dict[str, str] = {}

    async def load(self, key: str) -> str | None:
        return self.kept.get(key)

    async def save(self, key: str, value: str) -> None:
        self.kept[key] = value

    async def forget(self, key: str) -> None:
        self.kept.pop(key, None)


@dataclass
class Tab:
    """One signed-in browser tab: its app state, its peer-support state, its live source."""

    app: AppState
    support: PeerSupport
    live: TabLive
    changed_fields: list[str | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The observable holds its listeners weakly: the tab keeps this one alive.
        self._listener = self._changed
        cast(ft.Observable, self.live).subscribe(self._listener)

    def _changed(self, _sender: object, name: str | None) -> None:
        self.changed_fields.append(name)


@pytest.fixture
async def pair(gateway: LocalGateway, conninfo: str) -> Pair:
    return await make_pair(gateway, await make_coordinator(gateway, conninfo))


@pytest.fixture
async def open_tab(gateway: LocalGateway) -> AsyncIterator[Callable[[AuthSession], Tab]]:
    tabs: list[Tab] = []
    running: set[asyncio.Task[None]] = set()

    def in_tab(handler: Handler) -> None:
        # A tab runs an event's work in its own session; here, in a task.
        task = asyncio.ensure_future(handler())
        running.add(task)
        task.add_done_callback(running.discard)

    def opened(who: AuthSession) -> Tab:
        app = AppState(gateway=gateway, device=BrowserStorage())
        app.session = who
        support = peer_support_for(app)
        tab = Tab(app, support, TabLive(app, support, in_tab))
        tabs.append(tab)
        return tab

    yield opened
    for tab in tabs:
        await tab.live.end()
    await asyncio.gather(*running, return_exceptions=True)


async def signed_in(tab: Tab) -> Tab:
    assert tab.app.session is not None
    tab.app.profile = await profiles.get_my_profile(tab.app.gateway, tab.app.session)
    tab.live.peer_status = tab.app.peer_status
    await tab.live.start()
    tab.changed_fields.clear()
    return tab


def process_hub(gateway: LocalGateway) -> RealtimeHub:
    return hub_for(gateway)


async def eventually(check: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def say(gateway: LocalGateway, who: AuthSession, pair: Pair, body: str) -> None:
    await messaging.send_message(
        gateway, who, message_id=uuid.uuid4(), conversation_id=pair.conversation_id, body=body
    )


async def test_a_tab_follows_each_topic_once_with_its_conversation_open(
    gateway: LocalGateway, pair: Pair, open_tab: Callable[[AuthSession], Tab]
) -> None:
    hub = process_hub(gateway)
    mine, conversation = person_topic(pair.peer.user_id), conversation_topic(pair.conversation_id)
    tab = await signed_in(open_tab(pair.peer))
    await tab.live.show_matches()  # the Messages tab reads the same source: no following more
    assert (hub.followers_of(mine), hub.followers_of(conversation)) == (1, 1)

    async def shown(_change: object) -> None:
        return None

    # The conversation screen's feed, in the same tab, shares the tab's following.
    feed = await tab.support.open_feed(pair.conversation_id, shown)
    assert (hub.followers_of(mine), hub.followers_of(conversation)) == (1, 1)

    # Another tab of the same person follows on its own.
    other = await signed_in(open_tab(pair.peer))
    assert (hub.followers_of(mine), hub.followers_of(conversation)) == (2, 2)

    await feed.close()
    await tab.live.end()
    await other.live.end()
    assert (hub.followers_of(mine), hub.followers_of(conversation)) == (0, 0)


async def test_a_new_message_is_read_once_and_updates_the_unread_count_once(
    gateway: LocalGateway, pair: Pair, open_tab: Callable[[AuthSession], Tab]
) -> None:
    tab = await signed_in(open_tab(pair.peer))
    await tab.live.show_matches()
    tab.changed_fields.clear()
    reads = tab.live.reads
    assert tab.live.unread_shown() == 0

    await say(gateway, pair.requester, pair, "Bonjour")
    await eventually(lambda: tab.live.reads > reads)
    await asyncio.sleep(QUIET_SECONDS)
    await process_hub(gateway).settle()
    await tab.support.hub.settle()

    assert tab.live.reads == reads + 1
    assert tab.changed_fields == ["conversations"]
    assert tab.live.unread_shown() == 1
    assert [c.last_message_preview for c in tab.live.conversations] == ["Bonjour"]


async def test_events_during_a_read_make_one_more_read_not_one_each(
    pair: Pair, open_tab: Callable[[AuthSession], Tab]
) -> None:
    tab = await signed_in(open_tab(pair.peer))
    reads = tab.live.reads
    await asyncio.gather(*(tab.live.refresh() for _ in range(5)))
    assert tab.live.reads == reads + 1  # asked together: one read

    first = asyncio.create_task(tab.live.refresh())
    for _ in range(3):
        await asyncio.sleep(0)  # the read is under way, waiting for the database
    await asyncio.gather(*(tab.live.refresh() for _ in range(4)), first)
    assert tab.live.reads == reads + 3  # the read under way, then one for the 4 asked during it


async def test_a_suspension_shows_at_once_and_the_ended_conversation_is_no_longer_followed(
    gateway: LocalGateway, pair: Pair, open_tab: Callable[[AuthSession], Tab]
) -> None:
    hub = process_hub(gateway)
    tab = await signed_in(open_tab(pair.peer))
    assert tab.live.peer_status is PeerStatus.APPROVED

    await matches.suspend_peer(gateway, pair.coordinator, peer_id=pair.peer.user_id, reason="Test")

    await eventually(lambda: tab.live.peer_status is PeerStatus.SUSPENDED)
    await eventually(lambda: not any(c.is_open for c in tab.live.conversations))
    await eventually(lambda: hub.followers_of(conversation_topic(pair.conversation_id)) == 0)
    assert hub.followers_of(person_topic(pair.peer.user_id)) == 1


async def test_what_opens_after_the_tab_has_gone_is_closed_at_once(
    gateway: LocalGateway, pair: Pair, open_tab: Callable[[AuthSession], Tab]
) -> None:
    hub = process_hub(gateway)
    tab = open_tab(pair.requester)
    tab.app.profile = await profiles.get_my_profile(gateway, pair.requester)
    starting = asyncio.create_task(tab.live.start())
    await asyncio.sleep(0)  # the following is on its way
    await tab.live.end()
    await starting
    assert hub.followers_of(person_topic(pair.requester.user_id)) == 0
    assert hub.followers_of(conversation_topic(pair.conversation_id)) == 0
