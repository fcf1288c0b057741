"""LocalGateway: the Gateway on the embedded PostgreSQL.

Accounts go through AuthStore (GoTrue's role); data calls go through
data_api under the user's identity (PostgREST's role); realtime through one
NotifyListener per process (the Realtime server's role).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

import psycopg
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from services.errors import ErrorCode, RelaisError
from services.gateway import EventCallback, Row, Subscription
from services.local import data_api
from services.local.auth_store import AuthStore
from services.local.db_errors import refusal_from_database
from services.local.listener import NotifyListener
from services.models import AuthSession, Credentials, SignUpForm

T = TypeVar("T")
DEFAULT_POOL_SIZE = 10


class LocalGateway:
    def __init__(self, pool: AsyncConnectionPool[AsyncConnection], conninfo: str) -> None:
        self._pool = pool
        self._auth = AuthStore(pool)
        self._listener = NotifyListener(conninfo)
        self._returns_set: dict[str, bool] = {}

    @classmethod
    async def open(cls, conninfo: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> LocalGateway:
        pool: AsyncConnectionPool[AsyncConnection] = AsyncConnectionPool(
            conninfo,
            min_size=1,
            max_size=pool_size,
            # Autocommit: every unit of work opens its own explicit transaction,
            # so a refusal never rolls back a record that must stay (failed sign-ins).
            kwargs={"autocommit": True},
            open=False,
            timeout=10,
        )
        await pool.open(wait=True)
        return cls(pool, conninfo)

    @property
    def pool(self) -> AsyncConnectionPool[AsyncConnection]:
        return self._pool

    # -- accounts -----------------------------------------------------------
    async def sign_up(self, form: SignUpForm) -> AuthSession:
        return await self._guard(self._auth.sign_up(form))

    async def sign_in(self, credentials: Credentials) -> AuthSession:
        return await self._guard(self._auth.sign_in(credentials))

    async def sign_out(self, session: AuthSession) -> None:
        await self._guard(self._auth.sign_out(session))

    async def restore(self, refresh_token: str) -> AuthSession:
        return await self._guard(self._auth.restore(refresh_token))

    async def change_password(
        self, session: AuthSession, *, current_password: str, new_password: str
    ) -> None:
        await self._guard(
            self._auth.change_password(
                session, current_password=current_password, new_password=new_password
            )
        )

    async def delete_account(
        self, session: AuthSession, *, password: str, confirmation: str
    ) -> None:
        # The password is checked here as GoTrue would; the deletion itself and
        # its confirmation word are the database's (one path with the purge).
        await self._guard(self._auth.confirm_password(session, password))
        await self.rpc(session, "delete_my_account", {"confirmation": confirmation})

    @property
    def recovery_by_coordinator(self) -> bool:
        return True

    async def request_password_reset(self, email: str) -> None:
        # No e-mail here: a coordinator issues the code (issue_recovery_code).
        return None

    async def reset_password(self, *, email: str, code: str, new_password: str) -> AuthSession:
        return await self._guard(
            self._auth.reset_password(email=email, code=code, new_password=new_password)
        )

    # -- data -----------------------------------------------------------------
    async def rpc(
        self, session: AuthSession, function: str, params: Mapping[str, Any] | None = None
    ) -> Any:
        async def call(conn: AsyncConnection) -> Any:
            if function not in self._returns_set:
                self._returns_set[function] = await data_api.function_returns_set(conn, function)
            return await data_api.call_function(conn, function, params, self._returns_set[function])

        return await self._as_user(session, call)

    async def select(
        self,
        session: AuthSession,
        table: str,
        *,
        columns: Sequence[str] = ("*",),
        eq: Mapping[str, Any] | None = None,
        order_by: str | None = None,
        descending: bool = False,
        limit: int | None = None,
    ) -> list[Row]:
        return await self._as_user(
            session,
            lambda conn: data_api.select_rows(
                conn,
                table,
                columns=columns,
                eq=eq,
                order_by=order_by,
                descending=descending,
                limit=limit,
            ),
        )

    async def insert(
        self, session: AuthSession, table: str, rows: Sequence[Mapping[str, Any]]
    ) -> list[Row]:
        return await self._as_user(session, lambda conn: data_api.insert_rows(conn, table, rows))

    async def update(
        self, session: AuthSession, table: str, values: Mapping[str, Any], *, eq: Mapping[str, Any]
    ) -> list[Row]:
        return await self._as_user(
            session, lambda conn: data_api.update_rows(conn, table, values, eq)
        )

    async def delete(self, session: AuthSession, table: str, *, eq: Mapping[str, Any]) -> list[Row]:
        return await self._as_user(session, lambda conn: data_api.delete_rows(conn, table, eq))

    # -- realtime -----------------------------------------------------------------
    async def subscribe(self, topic: str, callback: EventCallback) -> Subscription:
        return await self._guard(self._listener.add(topic, callback))

    async def close(self) -> None:
        await self._listener.close()
        await self._pool.close()

    # -- plumbing -------------------------------------------------------------------
    async def _as_user(
        self, session: AuthSession, work: Callable[[AsyncConnection], Awaitable[T]]
    ) -> T:
        async def run() -> T:
            async with self._pool.connection() as conn, conn.transaction():
                await data_api.become_user(conn, session)
                return await work(conn)

        return await self._guard(run())

    @staticmethod
    async def _guard(work: Awaitable[T]) -> T:
        """Whatever the database or pool says becomes a RelaisError."""
        try:
            return await work
        except psycopg.Error as error:
            raise refusal_from_database(error) from None
        except PoolTimeout as error:
            raise RelaisError(ErrorCode.UNREACHABLE, str(error)) from None
        except OSError as error:
            raise RelaisError(ErrorCode.UNREACHABLE, str(error)) from None
