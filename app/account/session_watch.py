"""A tab's view of the process's gateway: an ended session signs the tab out.

When a session is ended elsewhere (sign out everywhere, a password change, a
recovery code), the next call this tab makes with it is refused with
SESSION_EXPIRED. Rather than leave the person on a screen where nothing
works, the tab tries its refresh token (an access token that merely expired,
in Supabase mode) and otherwise forgets the session and shows the sign-in
screen with a calm word about why. Everything else goes straight through to the real gateway.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

from app.state import AppState
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway, Row
from services.models import AuthSession

T = TypeVar("T")
Ended = Callable[[AuthSession], Awaitable[None]]


class SessionWatch:
    def __init__(self, gateway: Gateway) -> None:
        self._gateway = gateway
        self.on_ended: Ended | None = None
        # Several calls of one screen fail together; one at a time decides,
        # so a refresh token is never spent twice.
        self._deciding = asyncio.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._gateway, name)

    async def _watch(self, session: AuthSession, call: Awaitable[T]) -> T:
        try:
            return await call
        except RelaisError as error:
            if error.code is ErrorCode.SESSION_EXPIRED and self.on_ended is not None:
                async with self._deciding:
                    await self.on_ended(session)
            raise

    async def rpc(
        self, session: AuthSession, function: str, params: Mapping[str, Any] | None = None
    ) -> Any:
        return await self._watch(session, self._gateway.rpc(session, function, params))

    async def select(self, session: AuthSession, table: str, **options: Any) -> list[Row]:
        return await self._watch(session, self._gateway.select(session, table, **options))

    async def insert(
        self, session: AuthSession, table: str, rows: Sequence[Mapping[str, Any]]
    ) -> list[Row]:
        return await self._watch(session, self._gateway.insert(session, table, rows))

    async def update(
        self, session: AuthSession, table: str, values: Mapping[str, Any], *, eq: Mapping[str, Any]
    ) -> list[Row]:
        return await self._watch(session, self._gateway.update(session, table, values, eq=eq))

    async def delete(self, session: AuthSession, table: str, *, eq: Mapping[str, Any]) -> list[Row]:
        return await self._watch(session, self._gateway.delete(session, table, eq=eq))


def watched(gateway: Gateway, on_ended: Ended) -> Gateway:
    """`gateway` as one tab uses it; `on_ended` hears of each session found ended."""
    watch = SessionWatch(gateway)
    watch.on_ended = on_ended
    # Structurally a Gateway: the methods not defined here are the real gateway's.
    return cast(Gateway, watch)


def with_session_watch(state: AppState) -> AppState:
    """The tab's state, its gateway watched so an ended session signs the tab out."""
    state.gateway = watched(state.gateway, state.end_here)
    return state


def unwatched(gateway: Gateway) -> Gateway:
    """The process's own gateway under a tab's watched one.

    What the whole process shares (the realtime hub) must be keyed by this one:
    keyed by a tab's watch, it would be one per tab and keep every tab alive.
    """
    return gateway._gateway if isinstance(gateway, SessionWatch) else gateway
