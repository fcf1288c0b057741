"""Broadcast events from Supabase Realtime, fanned out inside one process.

DESIGN.md decision 5: a server process holds one Realtime socket, one channel
per topic, and hands each event to every session of the process listening on
that topic. The channels are public broadcast channels joined with the anon
key, so a payload must carry ids only: each session re-reads the row under its
own identity and RLS decides what it sees.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from functools import partial
from typing import Any

from realtime import (
    AsyncRealtimeChannel,
    AsyncRealtimeClient,
    BroadcastPayload,
    RealtimeSubscribeStates,
)
from websockets.exceptions import WebSocketException

from services.errors import ErrorCode, RelaisError
from services.gateway import EventCallback

logger = logging.getLogger(__name__)

_ANY_EVENT = "*"


class BroadcastListener:
    def __init__(self, realtime_url: str, anon_key: str) -> None:
        self._socket = AsyncRealtimeClient(realtime_url, token=anon_key)
        self._channels: dict[str, AsyncRealtimeChannel] = {}
        self._callbacks: dict[str, list[EventCallback]] = {}
        # Joining and leaving await the network; the lock keeps two sessions
        # subscribing to one topic from joining it twice.
        self._lock = asyncio.Lock()
        self._deliveries: set[asyncio.Task[None]] = set()

    async def subscribe(self, topic: str, callback: EventCallback) -> TopicSubscription:
        async with self._lock:
            if topic not in self._channels:
                self._channels[topic] = await self._join(topic)
                self._callbacks[topic] = []
            self._callbacks[topic].append(callback)
        return TopicSubscription(self, topic, callback)

    async def unsubscribe(self, topic: str, callback: EventCallback) -> None:
        async with self._lock:
            callbacks = self._callbacks.get(topic, [])
            if callback in callbacks:
                callbacks.remove(callback)
            if callbacks or topic not in self._channels:
                return
            del self._callbacks[topic]
            # The client closes the socket once its last channel is removed.
            await self._socket.remove_channel(self._channels.pop(topic))

    async def close(self) -> None:
        async with self._lock:
            self._channels.clear()
            self._callbacks.clear()
            await self._socket.remove_all_channels()
        for delivery in list(self._deliveries):
            delivery.cancel()

    async def _join(self, topic: str) -> AsyncRealtimeChannel:
        channel = self._socket.channel(topic)
        channel.on_broadcast(_ANY_EVENT, partial(self._deliver, topic))
        states: list[RealtimeSubscribeStates] = []

        def on_state(state: RealtimeSubscribeStates, _error: Exception | None) -> None:
            states.append(state)
            # Joined again after the socket dropped: broadcasts sent meanwhile
            # are lost, so subscribers are told to catch up by reading.
            if state is RealtimeSubscribeStates.SUBSCRIBED and (
                states.count(RealtimeSubscribeStates.SUBSCRIBED) > 1
            ):
                self._deliver(topic, {"event": "resync", "payload": {"type": "resync"}})

        try:
            await channel.subscribe(on_state)
        except (OSError, TimeoutError, WebSocketException) as error:
            await self._socket.remove_channel(channel)
            raise RelaisError(ErrorCode.UNREACHABLE, f"realtime: {error}") from error
        if not channel.is_joined:
            await self._socket.remove_channel(channel)
            outcome = states[-1].value if states else "no reply"
            raise RelaisError(ErrorCode.UNREACHABLE, f"realtime join of {topic}: {outcome}")
        return channel

    def _deliver(self, topic: str, message: BroadcastPayload) -> None:
        # realtime-py calls this synchronously from its reader task; the async
        # callbacks run as tasks so a slow session cannot stall the socket.
        for callback in list(self._callbacks.get(topic, [])):
            delivery = asyncio.create_task(_call(callback, topic, message["payload"]))
            self._deliveries.add(delivery)
            delivery.add_done_callback(self._delivered)

    def _delivered(self, delivery: asyncio.Task[None]) -> None:
        self._deliveries.discard(delivery)
        if not delivery.cancelled() and (error := delivery.exception()) is not None:
            logger.error("realtime callback failed", exc_info=error)


async def _call(callback: EventCallback, topic: str, payload: Mapping[str, Any]) -> None:
    await callback(topic, payload)


class TopicSubscription:
    """One session's interest in one topic; unsubscribing twice is harmless."""

    def __init__(self, listener: BroadcastListener, topic: str, callback: EventCallback) -> None:
        self._listener = listener
        self._topic = topic
        self._callback = callback
        self._active = True

    async def unsubscribe(self) -> None:
        # The same callback may be registered by several subscriptions; each
        # one must remove exactly its own registration.
        if self._active:
            self._active = False
            await self._listener.unsubscribe(self._topic, self._callback)
