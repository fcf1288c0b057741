"""One realtime fan-out per server process (DESIGN.md decision 5).

Every session of the process that wants a topic ("conversation Y") follows it
here; the hub holds a single gateway subscription per topic, whoever follows
it, so the process keeps one LISTEN connection (in both modes) for
any number of browser tabs. Events carry ids only: each follower reads the
row under its own identity, so RLS still decides what it sees.

Each follower is called in its own task: a slow or broken session delays
nobody else. A `{"type": "resync"}` event means the transport reconnected and
may have missed events; followers catch up by reading (see ConversationFeed).

A hub can sit on another hub (`RealtimeHub(process_hub)`): each browser tab
has one, so the tab follows a topic once on the process's hub however many
of its screens want it (app/peer_support/state.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from services.gateway import EventCallback, Subscription

logger = logging.getLogger(__name__)

RESYNC = "resync"


class Source(Protocol):
    """Where a hub's events come from: a Gateway, or another hub."""

    async def subscribe(self, topic: str, callback: EventCallback) -> Subscription: ...


class Following:
    """One follower's interest in one topic; stopping twice is harmless."""

    def __init__(self, hub: RealtimeHub, topic: str, callback: EventCallback) -> None:
        self._hub = hub
        self.topic = topic
        self.callback = callback
        self.active = True

    async def stop(self) -> None:
        if self.active:
            self.active = False
            await self._hub._forget(self)

    async def unsubscribe(self) -> None:
        """The Subscription side of a following, for a hub that sits on this one."""
        await self.stop()


class RealtimeHub:
    def __init__(self, source: Source) -> None:
        self._source = source
        self._followers: dict[str, list[Following]] = {}
        self._subscriptions: dict[str, Subscription] = {}
        self._lock = asyncio.Lock()
        self._deliveries: set[asyncio.Task[None]] = set()

    @property
    def topics(self) -> int:
        """How many topics the process listens to (one gateway subscription each)."""
        return len(self._subscriptions)

    @property
    def followers(self) -> int:
        return sum(len(followers) for followers in self._followers.values())

    def followers_of(self, topic: str) -> int:
        return len(self._followers.get(topic, []))

    async def follow(self, topic: str, callback: EventCallback) -> Following:
        following = Following(self, topic, callback)
        async with self._lock:
            if topic not in self._subscriptions:
                self._subscriptions[topic] = await self._source.subscribe(topic, self._dispatch)
                self._followers[topic] = []
            self._followers[topic].append(following)
        return following

    async def subscribe(self, topic: str, callback: EventCallback) -> Following:
        """`follow`, as a Source for a hub that sits on this one."""
        return await self.follow(topic, callback)

    async def _forget(self, following: Following) -> None:
        async with self._lock:
            followers = self._followers.get(following.topic, [])
            if following in followers:
                followers.remove(following)
            if followers or following.topic not in self._subscriptions:
                return
            del self._followers[following.topic]
            subscription = self._subscriptions.pop(following.topic)
        await subscription.unsubscribe()

    async def _dispatch(self, topic: str, payload: Mapping[str, Any]) -> None:
        for following in list(self._followers.get(topic, [])):
            delivery: asyncio.Task[None] = asyncio.create_task(_call(following, topic, payload))
            self._deliveries.add(delivery)
            delivery.add_done_callback(self._delivered)

    def _delivered(self, delivery: asyncio.Task[None]) -> None:
        self._deliveries.discard(delivery)
        if not delivery.cancelled() and (error := delivery.exception()) is not None:
            logger.error("realtime follower failed", exc_info=error)

    async def settle(self) -> None:
        """Wait until every event handed out so far has been handled (tests, shutdown)."""
        while self._deliveries:
            await asyncio.gather(*list(self._deliveries), return_exceptions=True)

    async def close(self) -> None:
        async with self._lock:
            subscriptions = list(self._subscriptions.values())
            self._subscriptions.clear()
            self._followers.clear()
        for subscription in subscriptions:
            await subscription.unsubscribe()
        for delivery in list(self._deliveries):
            delivery.cancel()


async def _call(following: Following, topic: str, payload: Mapping[str, Any]) -> None:
    if following.active:
        await following.callback(topic, payload)


def conversation_topic(conversation_id: object) -> str:
    """The same name as private.conversation_topic() in SQL."""
    return "conv_" + str(conversation_id).replace("-", "")


def person_topic(user_id: object) -> str:
    """The same name as private.person_topic() in SQL."""
    return "user_" + str(user_id).replace("-", "")


COORDINATION_TOPIC = "coordination"
