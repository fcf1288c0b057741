"""One LISTEN connection per process, fanning NOTIFY events out to callbacks.

DESIGN.md decision 5: realtime costs O(1) database connections per server,
not one per browser tab. Events carry ids only; each session then reads the
row under its own identity, so RLS still decides what anyone sees. Both
gateways listen through it: LocalGateway on its own database, SupabaseGateway
through the project's session pooler (RELAIS_SUPABASE_DB_URL).

When the connection drops, the listener reconnects (with backoff), listens
again on every topic, then sends each subscriber `{"type": "resync"}`: events
sent while it was away are lost, so subscribers catch up by reading.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
from collections import defaultdict
from typing import Any

import psycopg
from psycopg import sql

from services.gateway import EventCallback
from services.local.data_api import identifier

logger = logging.getLogger(__name__)
# Short: LISTEN and UNLISTEN wait for the current poll to end (a new topic waits this long).
_POLL_SECONDS = 0.05
_FIRST_RETRY_SECONDS = 0.2
_MAX_RETRY_SECONDS = 10.0
RESYNC_EVENT = {"type": "resync"}


class LocalSubscription:
    def __init__(self, listener: NotifyListener, topic: str, callback: EventCallback) -> None:
        self._listener = listener
        self.topic = topic
        self.callback = callback

    async def unsubscribe(self) -> None:
        await self._listener.remove(self)


class NotifyListener:
    def __init__(self, conninfo: str, *, role: str | None = None) -> None:
        self._conninfo = conninfo
        # Supabase mode names the least-privilege role to step down to (the
        # sender's does the same); LISTEN needs no privilege of its own.
        self._role = role
        self._subscribers: dict[str, list[LocalSubscription]] = defaultdict(list)
        self._conn: psycopg.AsyncConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    async def add(self, topic: str, callback: EventCallback) -> LocalSubscription:
        subscription = LocalSubscription(self, topic, callback)
        async with self._lock:
            conn = await self._connection()
            if not self._subscribers[topic]:
                await conn.execute(sql.SQL("listen {}").format(identifier(topic)))
            self._subscribers[topic].append(subscription)
        return subscription

    async def remove(self, subscription: LocalSubscription) -> None:
        async with self._lock:
            listeners = self._subscribers.get(subscription.topic, [])
            if subscription in listeners:
                listeners.remove(subscription)
            if not listeners and self._conn is not None:
                self._subscribers.pop(subscription.topic, None)
                # A dropped connection has already stopped listening.
                with contextlib.suppress(psycopg.Error):
                    await self._conn.execute(
                        sql.SQL("unlisten {}").format(identifier(subscription.topic))
                    )

    async def _connection(self) -> psycopg.AsyncConnection:
        if self._conn is None:
            self._conn = await self._connect()
            # In an empty context: created from the first tab that subscribes, the
            # task would otherwise keep that tab's context (Flet's current page,
            # hence its whole session) alive for as long as the process runs.
            self._task = asyncio.create_task(self._run(), context=contextvars.Context())
        return self._conn

    async def _run(self) -> None:
        delay = _FIRST_RETRY_SECONDS
        while True:
            conn = self._conn
            if conn is not None and not conn.closed:
                try:
                    await self._dispatch(conn)
                except psycopg.Error as error:
                    logger.warning("realtime listener lost its connection: %s", error)
                with contextlib.suppress(psycopg.Error):
                    await conn.close()
            try:
                topics = await self._reconnect()
            except (psycopg.Error, OSError) as error:
                logger.warning("realtime listener cannot reconnect yet: %s", error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, _MAX_RETRY_SECONDS)
                continue
            delay = _FIRST_RETRY_SECONDS
            for topic in topics:
                await self._deliver_to(topic, dict(RESYNC_EVENT))

    async def _connect(self) -> psycopg.AsyncConnection:
        conn = await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)
        if self._role is not None:
            try:
                await conn.execute(sql.SQL("set role {}").format(identifier(self._role)))
            except psycopg.Error:
                await conn.close()
                raise
        return conn

    async def _reconnect(self) -> list[str]:
        conn = await self._connect()
        async with self._lock:
            topics = [topic for topic, listeners in self._subscribers.items() if listeners]
            for topic in topics:
                await conn.execute(sql.SQL("listen {}").format(identifier(topic)))
            self._conn = conn
        return topics

    async def _dispatch(self, conn: psycopg.AsyncConnection) -> None:
        # notifies() holds the connection lock while it waits; a short timeout
        # hands the connection to a pending LISTEN/UNLISTEN between rounds.
        while not conn.closed:
            async for notify in conn.notifies(timeout=_POLL_SECONDS):
                await self._deliver(notify)

    async def _deliver(self, notify: psycopg.Notify) -> None:
        payload: dict[str, Any]
        try:
            payload = json.loads(notify.payload) if notify.payload else {}
        except json.JSONDecodeError:
            payload = {"raw": notify.payload}
        await self._deliver_to(notify.channel, payload)

    async def _deliver_to(self, topic: str, payload: dict[str, Any]) -> None:
        for subscription in list(self._subscribers.get(topic, [])):
            try:
                await subscription.callback(topic, payload)
            except Exception:
                # One broken session must not stop delivery to the others.
                logger.exception("realtime callback failed for %s", topic)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._conn is not None:
            await self._conn.close()
        self._conn, self._task = None, None
