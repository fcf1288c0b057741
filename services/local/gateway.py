"""LocalGateway: the Gateway on the embedded PostgreSQL.

Accounts go through AuthStore (GoTrue's role); data calls go through
data_api under the user's identity (PostgREST's role); realtime through one
NotifyListener per process (the Realtime server's role).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from services.errors import ErrorCode, RelaisError
from services.gateway import EventCallback, Row, Subscription
from services.local import data_api
from services.local.admission import Admission, turn_key
from services.local.auth_store import AuthStore
from services.local.data_folder import free_space_line
from services.local.db_errors import refusal_from_database
from services.local.limits import AuthLimits, CallTimeouts
from services.local.listener import NotifyListener
from services.models import AuthSession, Credentials, SignInOrigin, SignUpForm

T = TypeVar("T")
DEFAULT_POOL_SIZE = 10
# Writes that can safely run twice: a client-made id with `on conflict do
# nothing` (a send), or a value that only ever grows (a read receipt). Reads
# are retried too; no other write is.
IDEMPOTENT_WRITES = frozenset({"send_message", "mark_conversation_read"})
logger = logging.getLogger(__name__)


class LocalGateway:
    def __init__(
        self,
        pool: AsyncConnectionPool[AsyncConnection],
        conninfo: str,
        *,
        auth_limits: AuthLimits | None = None,
        timeouts: CallTimeouts | None = None,
        data_dir: Path | None = None,
    ) -> None:
        self._pool = pool
        # Named in the log when the database cannot write (its disk is full).
        self._data_dir = data_dir
        # Set by the supervisor once it gave up restarting the database.
        self.database_lost = False
        self._auth = AuthStore(pool, auth_limits or AuthLimits())
        self._timeouts = timeouts or CallTimeouts()
        self._listener = NotifyListener(conninfo)
        self._functions: dict[str, data_api.FunctionTraits] = {}
        self._admission = Admission(pool.max_size)

    @classmethod
    async def open(
        cls,
        conninfo: str,
        *,
        pool_size: int = DEFAULT_POOL_SIZE,
        auth_limits: AuthLimits | None = None,
        timeouts: CallTimeouts | None = None,
        data_dir: Path | None = None,
    ) -> LocalGateway:
        pool: AsyncConnectionPool[AsyncConnection] = AsyncConnectionPool(
            conninfo,
            min_size=1,
            max_size=pool_size,
            # Autocommit: every unit of work opens its own explicit transaction,
            # so a refusal never rolls back a record that must stay (failed sign-ins).
            kwargs={"autocommit": True},
            open=False,
            timeout=10,
            # A connection that died with its server is replaced, not handed out.
            check=AsyncConnectionPool.check_connection,
        )
        await pool.open(wait=True)
        return cls(pool, conninfo, auth_limits=auth_limits, timeouts=timeouts, data_dir=data_dir)

    @property
    def pool(self) -> AsyncConnectionPool[AsyncConnection]:
        return self._pool

    # -- accounts -----------------------------------------------------------
    async def sign_up(self, form: SignUpForm, *, origin: SignInOrigin | None = None) -> AuthSession:
        return await self._guard(self._auth.sign_up(form, origin))

    async def sign_in(
        self, credentials: Credentials, *, origin: SignInOrigin | None = None
    ) -> AuthSession:
        return await self._guard(self._auth.sign_in(credentials, origin))

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
        traits = self._functions.get(function)
        if traits is None:
            traits = await self._guard(self._learn(function))
        returns_set = traits.returns_set

        async def call(conn: AsyncConnection) -> Any:
            return await data_api.call_function(conn, function, params, returns_set)

        return await self._as_user(
            session,
            call,
            data_api.timeouts_for(function, self._timeouts),
            writes=traits.writes,
            key=turn_key(function, params),
            idempotent=not traits.writes or function in IDEMPOTENT_WRITES,
        )

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
            writes=False,
            idempotent=True,
        )

    async def insert(
        self, session: AuthSession, table: str, rows: Sequence[Mapping[str, Any]]
    ) -> list[Row]:
        return await self._as_user(
            session, lambda conn: data_api.insert_rows(conn, table, rows), writes=True
        )

    async def update(
        self, session: AuthSession, table: str, values: Mapping[str, Any], *, eq: Mapping[str, Any]
    ) -> list[Row]:
        return await self._as_user(
            session, lambda conn: data_api.update_rows(conn, table, values, eq), writes=True
        )

    async def delete(self, session: AuthSession, table: str, *, eq: Mapping[str, Any]) -> list[Row]:
        return await self._as_user(
            session, lambda conn: data_api.delete_rows(conn, table, eq), writes=True
        )

    # -- realtime -----------------------------------------------------------------
    async def subscribe(self, topic: str, callback: EventCallback) -> Subscription:
        return await self._guard(self._listener.add(topic, callback))

    async def close(self) -> None:
        await self._listener.close()
        await self._pool.close()

    async def database_restarted(self) -> None:
        """Replace the dead connections now, not at the end of the pool's backoff."""
        await self._pool.check()

    # -- plumbing -------------------------------------------------------------------
    async def _as_user(
        self,
        session: AuthSession,
        work: Callable[[AsyncConnection], Awaitable[T]],
        timeouts: CallTimeouts | None = None,
        *,
        writes: bool,
        key: str | None = None,
        idempotent: bool = False,
    ) -> T:
        limits = timeouts or self._timeouts
        used: list[AsyncConnection] = []

        async def attempt() -> T:
            async with self._pool.connection() as conn, conn.transaction():
                used.append(conn)
                await data_api.become_user(conn, session, limits)
                return await work(conn)

        async def run() -> T:
            async with self._admission.enter(
                writes=writes,
                key=key,
                turn_s=limits.lock_ms / 1000,
                place_s=self._pool.timeout,
            ):
                try:
                    return await attempt()
                except psycopg.OperationalError:
                    # The connection died under the call (its server process was
                    # killed after the check on borrow): once more on a fresh
                    # one, for calls that cannot take effect twice.
                    if not (idempotent and used and used[-1].broken):
                        raise
                    logger.info("a pooled connection was lost during a call: retrying it once")
                    return await attempt()

        return await self._guard(run())

    async def _learn(self, function: str) -> data_api.FunctionTraits:
        async with self._pool.connection() as conn:
            traits = await data_api.function_traits(conn, function)
        if traits is None:
            raise RelaisError(ErrorCode.NOT_FOUND, f"no function {function}")
        self._functions[function] = traits
        return traits

    async def _guard(self, work: Awaitable[T]) -> T:
        """Whatever the database or pool says becomes a RelaisError."""
        if self.database_lost:
            if inspect.iscoroutine(work):
                work.close()
            raise RelaisError(ErrorCode.DATABASE_LOST, "the embedded database could not restart")
        try:
            return await work
        except RelaisError as refusal:  # translated by a store itself (auth_store)
            self._log_if_full(refusal)
            raise
        except psycopg.Error as error:
            translated = refusal_from_database(error)
            self._log_if_full(translated)
            raise translated from None
        except PoolTimeout as error:
            raise RelaisError(ErrorCode.UNREACHABLE, str(error)) from None
        except UnicodeEncodeError:
            # A lone surrogate that no model stopped (services/text.py stops the
            # known ones): psycopg cannot encode it, so the text is refused.
            raise RelaisError(ErrorCode.TEXT_CONTROL_CHARACTERS, "unencodable text") from None
        except OSError as error:
            raise RelaisError(ErrorCode.UNREACHABLE, str(error)) from None

    def _log_if_full(self, refusal: RelaisError) -> None:
        if refusal.code is ErrorCode.DISK_FULL:
            where = free_space_line(self._data_dir) if self._data_dir else "data folder unknown"
            logger.warning("the database cannot write (%s): %s", refusal.detail, where)
