"""Which user call may take a pooled connection, and when (LocalGateway).

A pooled connection is held for a call's whole transaction, including any time
it spends waiting on a lock in the database. Left alone, a burst of sends into
one conversation whose lock someone holds (a stuck transaction, a long
maintenance job) took every connection of the pool, and then an unrelated
person could not even sign in. Two rules keep one slow conversation from
starving everyone else:

- At most two calls at a time per conversation. A send takes the
  conversation's lock (private.prepare_message) and holds it until commit, so
  the database runs a conversation's sends one after another anyway: more
  sends holding connections only to wait for that lock do no work, and starve
  every other conversation and every reader. Queued here instead, a send waits
  without a connection, at most the lock timeout it would have waited in the
  database (then TIMED_OUT, and the phone retries with the same message id).
- A reserve for calls that only read. Calls that may write (tables' insert,
  update and delete, and functions not marked stable or immutable) share all
  but a quarter of the pool, so reads such as the conversation list always
  find a connection, however many conversations are stuck at once. Accounts
  (AuthStore) do not queue here: sign-in takes no lock a data call holds.

Under load the same waiting had made sends and live updates slow: a
conversation's commits cannot overlap (each waits for the write-ahead log to
reach the disk while holding the lock), and connections stuck behind a few
busy conversations kept the others' sends and the feeds' reads waiting for
the pool (benchmarks/load.py).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import Any

from services.errors import ErrorCode, RelaisError

# Calls that hold a conversation's lock until commit, and the argument naming it.
CONVERSATION_CALLS = {"send_message": "conversation_id"}
# One call holds the lock and commits while the next waits for it in the
# database, ready: handing over there is quicker than borrowing, beginning and
# becoming the user after the first one ended.
IN_FLIGHT_PER_KEY = 2


def turn_key(function: str, params: Mapping[str, Any] | None) -> str | None:
    argument = CONVERSATION_CALLS.get(function)
    if argument is None or not params or params.get(argument) is None:
        return None
    return f"conversation:{str(params[argument]).lower()}"


def reserved_for_reads(pool_size: int) -> int:
    # A quarter, at least one connection once there are two: the rest write.
    return max(1, pool_size // 4) if pool_size > 1 else 0


class Admission:
    def __init__(self, pool_size: int) -> None:
        self._writers = asyncio.Semaphore(pool_size - reserved_for_reads(pool_size))
        # key -> (its lock, calls holding or waiting for it): an entry lives only
        # while a call needs it, so a server that ran for months keeps none.
        self._turns: dict[str, tuple[asyncio.Semaphore, int]] = {}

    @property
    def queued_keys(self) -> int:
        return len(self._turns)

    @contextlib.asynccontextmanager
    async def enter(
        self, *, writes: bool, key: str | None, turn_s: float, place_s: float
    ) -> AsyncIterator[None]:
        """Wait for the key's turn (at most `turn_s`), then for a writer's place.

        `turn_s` is the lock timeout: the wait the database would have allowed
        for the conversation's lock. `place_s` is the pool's own timeout.
        """
        async with contextlib.AsyncExitStack() as stack:
            if key is not None:
                await stack.enter_async_context(self._turn(key, turn_s))
            if writes:
                try:
                    async with asyncio.timeout(place_s):
                        await self._writers.acquire()
                except TimeoutError:
                    raise RelaisError(
                        ErrorCode.UNREACHABLE, f"no connection free for {place_s:g} s"
                    ) from None
                stack.callback(self._writers.release)
            yield

    @contextlib.asynccontextmanager
    async def _turn(self, key: str, patience_s: float) -> AsyncIterator[None]:
        lock, waiting = self._turns.get(key) or (asyncio.Semaphore(IN_FLIGHT_PER_KEY), 0)
        self._turns[key] = (lock, waiting + 1)
        try:
            try:
                async with asyncio.timeout(patience_s):
                    await lock.acquire()
            except TimeoutError:
                raise RelaisError(
                    ErrorCode.TIMED_OUT, f"waited {patience_s:g} s for the conversation"
                ) from None
            try:
                yield
            finally:
                lock.release()
        finally:
            lock, waiting = self._turns[key]
            if waiting == 1:
                del self._turns[key]
            else:
                self._turns[key] = (lock, waiting - 1)
