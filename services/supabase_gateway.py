"""The Gateway on a Supabase project: GoTrue accounts, PostgREST data, NOTIFY events.

Every data call runs through a supabase-py async client that carries the
signed-in person's access token, so PostgREST applies row-level security as
that person. Each signed-in session gets its own client: a client holds one
auth session, and two people sharing one would act as each other.

Live events do not go through Supabase Realtime: a channel joined with the
anon key is open to anyone who holds that key. The process keeps one LISTEN
connection through the session pooler instead (`db_url`, RELAIS_SUPABASE_DB_URL),
the same listener as local mode (DESIGN.md decisions 5 and 12).
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
import psycopg
from postgrest import AsyncSelectRequestBuilder
from postgrest.types import JSON
from supabase import AsyncClient, AsyncClientOptions, acreate_client
from supabase_auth.errors import AuthApiError, AuthError
from supabase_auth.types import AuthResponse, Session

from services.errors import ErrorCode, RelaisError
from services.gateway import EventCallback, Row, Subscription
from services.local.listener import NotifyListener
from services.models import AuthSession, Credentials, SignInOrigin, SignUpForm
from services.supabase_errors import relais_errors

logger = logging.getLogger(__name__)

# Longer than the 8 s statement timeout Supabase gives `authenticated`, so a
# slow query comes back as PostgREST's own error rather than a bare timeout.
_HTTP_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
# supabase-py refreshes a session by itself when it is within 10 s of expiry;
# a password change on such a session would rotate the refresh token behind
# the browser's back, so it is refused well before that.
_FRESH_ENOUGH = dt.timedelta(seconds=60)
# GoTrue answers a logout for a session that is already gone with one of these.
_ALREADY_SIGNED_OUT = (401, 403, 404)
# The listener logs in as the outbox sender's role (migration
# 20261207100300_notification_sender.sql) and steps down to it if the URL names
# a stronger one. LISTEN needs no privilege in PostgreSQL, so the listener adds
# no grant; the role reads no table and calls no function of public.
LISTEN_ROLE = "relais_sender"


@dataclass
class _SessionClient:
    client: AsyncClient
    refresh_token: str
    expires_at: dt.datetime | None


class SupabaseGateway:
    def __init__(
        self,
        url: str,
        anon_key: str,
        *,
        httpx_client: httpx.AsyncClient | None = None,
        db_url: str | None = None,
    ) -> None:
        self._url = url.rstrip("/")
        self._anon_key = anon_key
        self._owns_http = httpx_client is None
        # One connection pool for every client this gateway makes.
        self._http = httpx_client if httpx_client is not None else _new_http_client()
        # Keyed by access token: two tabs of one person are two sessions.
        self._clients: dict[str, _SessionClient] = {}
        # Without a database URL there are no live updates: screens show
        # changes when they are opened again (app/backend.py says so at start).
        self._events = NotifyListener(db_url, role=LISTEN_ROLE) if db_url else None

    # -- accounts ---------------------------------------------------------
    async def sign_up(self, form: SignUpForm, *, origin: SignInOrigin | None = None) -> AuthSession:
        client = await self._new_client()
        # handle_new_user (supabase/migrations) builds the profile from this.
        metadata = {
            "display_name": form.display_name,
            "role": form.role.value,
            "locale": form.locale.value,
        }
        with relais_errors():
            response = await client.auth.sign_up(
                {"email": form.email, "password": form.password, "options": {"data": metadata}}
            )
        if response.session is None:
            # The project asks for e-mail confirmation before a first sign-in.
            raise RelaisError(ErrorCode.INVALID_INPUT, "email confirmation required", field="email")
        return self._adopt(client, response.session)

    async def sign_in(
        self, credentials: Credentials, *, origin: SignInOrigin | None = None
    ) -> AuthSession:
        # GoTrue rate-limits by the address it sees (this server's); see docs/SECURITY.md.
        client = await self._new_client()
        with relais_errors():
            response = await client.auth.sign_in_with_password(
                {"email": credentials.email, "password": credentials.password}
            )
        return self._adopt(client, _session_of(response))

    async def restore(self, refresh_token: str) -> AuthSession:
        client = await self._new_client()
        with relais_errors():
            response = await client.auth.refresh_session(refresh_token)
        self._forget(refresh_token)
        return self._adopt(client, _session_of(response))

    async def sign_out(self, session: AuthSession) -> None:
        entry = self._clients.pop(session.access_token, None)
        client = entry.client if entry is not None else await self._new_client()
        with relais_errors():
            await _end_session(client, session.access_token)

    async def change_password(
        self, session: AuthSession, *, current_password: str, new_password: str
    ) -> None:
        if _expires_within(session, _FRESH_ENOUGH):
            raise RelaisError(ErrorCode.SESSION_EXPIRED, "restore the session first")
        # Signing in proves the current password. It opens a second session,
        # which GoTrue revokes when the password changes; ending it ourselves
        # covers the paths where the change does not happen.
        checker = await self._new_client()
        with relais_errors({ErrorCode.INVALID_CREDENTIALS: "current_password"}):
            proof = _session_of(
                await checker.auth.sign_in_with_password(
                    {"email": session.email, "password": current_password}
                )
            )
        try:
            if proof.user.id != str(session.user_id):
                raise RelaisError(
                    ErrorCode.INVALID_CREDENTIALS, "another account", field="current_password"
                )
            # The change must come from the caller's own session: GoTrue signs
            # out every *other* session of the account when a password changes.
            client = await self._signed_in_client(session)
            with relais_errors({ErrorCode.WEAK_PASSWORD: "new_password"}):
                await client.auth.update_user({"password": new_password})
        finally:
            await _end_session_quietly(checker, proof.access_token)

    async def delete_account(
        self, session: AuthSession, *, password: str, confirmation: str
    ) -> None:
        # Signing in again proves the password; the deletion runs under the
        # caller's own session (public.delete_my_account acts on auth.uid()
        # only), so no service-role key is involved.
        checker = await self._new_client()
        with relais_errors({ErrorCode.INVALID_CREDENTIALS: "password"}):
            proof = _session_of(
                await checker.auth.sign_in_with_password(
                    {"email": session.email, "password": password}
                )
            )
        try:
            if proof.user.id != str(session.user_id):
                raise RelaisError(
                    ErrorCode.INVALID_CREDENTIALS, "another account", field="password"
                )
            await self.rpc(session, "delete_my_account", {"confirmation": confirmation})
            self._clients.pop(session.access_token, None)
        finally:
            # Gone with the account once deleted; ended here when the deletion was refused.
            await _end_session_quietly(checker, proof.access_token)

    @property
    def recovery_by_coordinator(self) -> bool:
        return False

    async def request_password_reset(self, email: str) -> None:
        # GoTrue answers the same whether or not the account exists; so do we,
        # except when it is out of reach or asked too often (the person can act on that).
        client = await self._new_client()
        with relais_errors():
            try:
                await client.auth.reset_password_for_email(email)
            except AuthApiError as error:
                if error.status == 429 or error.status >= 500:
                    raise
                logger.info("password recovery not sent: %s", error.code)

    async def reset_password(self, *, email: str, code: str, new_password: str) -> AuthSession:
        # The 6-digit code from the e-mail, typed into the app: a link would need
        # the PKCE verifier of the tab that asked, and mail scanners spend links.
        client = await self._new_client()
        try:
            response = await client.auth.verify_otp(
                {"email": email, "token": code.strip(), "type": "recovery"}
            )
        except AuthApiError as error:
            if error.status == 429:
                raise RelaisError(ErrorCode.TOO_MANY_ATTEMPTS, error.message) from error
            if error.status in (400, 403, 404, 422):
                raise RelaisError(
                    ErrorCode.RECOVERY_CODE_INVALID, error.message, field="code"
                ) from error
            raise
        session = _session_of(response)
        # verify_otp kept the session on this client; GoTrue ends the person's
        # other sessions when the password changes.
        with relais_errors({ErrorCode.WEAK_PASSWORD: "new_password"}):
            await client.auth.update_user({"password": new_password})
        return self._adopt(client, session)

    # -- data, always as `session`'s user -----------------------------------
    async def rpc(
        self, session: AuthSession, function: str, params: Mapping[str, Any] | None = None
    ) -> Any:
        client = await self._client_for(session)
        with relais_errors():
            response = await client.rpc(function, dict(params or {})).execute()
        return response.data

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
        client = await self._client_for(session)
        query = _where(client.table(table).select(*columns), eq or {})
        if order_by is not None:
            query = query.order(order_by, desc=descending)
        if limit is not None:
            query = query.limit(limit)
        with relais_errors():
            response = await query.execute()
        return _rows(response.data)

    async def insert(
        self, session: AuthSession, table: str, rows: Sequence[Mapping[str, Any]]
    ) -> list[Row]:
        if not rows:
            return []
        client = await self._client_for(session)
        with relais_errors():
            response = await client.table(table).insert([dict(row) for row in rows]).execute()
        return _rows(response.data)

    async def update(
        self, session: AuthSession, table: str, values: Mapping[str, Any], *, eq: Mapping[str, Any]
    ) -> list[Row]:
        _require_filter(eq)
        client = await self._client_for(session)
        query = _where(client.table(table).update(dict(values)), eq)
        with relais_errors():
            response = await query.execute()
        return _rows(response.data)

    async def delete(self, session: AuthSession, table: str, *, eq: Mapping[str, Any]) -> list[Row]:
        _require_filter(eq)
        client = await self._client_for(session)
        query = _where(client.table(table).delete(), eq)
        with relais_errors():
            response = await query.execute()
        return _rows(response.data)

    # -- realtime ---------------------------------------------------------------
    async def subscribe(self, topic: str, callback: EventCallback) -> Subscription:
        if self._events is None:
            return _NoLiveUpdates()
        try:
            return await self._events.add(topic, callback)
        except (psycopg.Error, OSError) as error:
            raise RelaisError(ErrorCode.UNREACHABLE, f"live updates: {error}") from None

    async def close(self) -> None:
        if self._events is not None:
            await self._events.close()
        # Session clients own nothing but the shared pool: closing one of them
        # would close the pool under every other, so they are only dropped.
        self._clients.clear()
        if self._owns_http:
            await self._http.aclose()

    # -- session clients ----------------------------------------------------------
    async def _new_client(self, *, access_token: str | None = None) -> AsyncClient:
        # A fresh options object per client: AsyncClient copies it shallowly,
        # so clients built from one object would share one session storage.
        options = AsyncClientOptions(
            httpx_client=self._http,
            # The browser keeps the refresh token and restore() rotates it; a
            # background refresh here would invalidate the token it keeps.
            auto_refresh_token=False,
            persist_session=False,
            # Password flows only: PKCE would store a verifier nothing reads.
            flow_type="implicit",
        )
        if access_token is not None:
            options.headers["Authorization"] = f"Bearer {access_token}"
        return await acreate_client(self._url, self._anon_key, options)

    def _adopt(self, client: AsyncClient, session: Session) -> AuthSession:
        """Keep the client a sign-in happened on as that session's client."""
        auth_session = _auth_session(session)
        self._remember(client, auth_session)
        return auth_session

    def _remember(self, client: AsyncClient, session: AuthSession) -> _SessionClient:
        now = dt.datetime.now(dt.UTC)
        # An expired access token is useless: restore() makes a new client.
        for token, entry in list(self._clients.items()):
            if entry.expires_at is not None and entry.expires_at <= now:
                del self._clients[token]
        entry = _SessionClient(client, session.refresh_token, session.expires_at)
        self._clients[session.access_token] = entry
        return entry

    def _forget(self, refresh_token: str) -> None:
        for token, entry in list(self._clients.items()):
            if entry.refresh_token == refresh_token:
                del self._clients[token]

    async def _client_for(self, session: AuthSession) -> AsyncClient:
        entry = self._clients.get(session.access_token)
        if entry is None:
            client = await self._new_client(access_token=session.access_token)
            entry = self._remember(client, session)
        return entry.client

    async def _signed_in_client(self, session: AuthSession) -> AsyncClient:
        """A client holding `session` as its GoTrue session, for calls on /user."""
        client = await self._client_for(session)
        if await client.auth.get_session() is None:
            with relais_errors():
                await client.auth.set_session(session.access_token, session.refresh_token)
        return client


class _NoLiveUpdates:
    async def unsubscribe(self) -> None:
        return None


def _new_http_client() -> httpx.AsyncClient:
    # One pool serves every person: a cookie set in answer to one person's
    # request must never ride along on another's.
    no_cookies = http.cookiejar.CookieJar(
        policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[])
    )
    return httpx.AsyncClient(
        timeout=_HTTP_TIMEOUT, follow_redirects=True, http2=True, cookies=no_cookies
    )


def _session_of(response: AuthResponse) -> Session:
    if response.session is None:
        raise RelaisError(ErrorCode.SESSION_EXPIRED, "no session in the answer")
    return response.session


def _auth_session(session: Session) -> AuthSession:
    expires_at = (
        dt.datetime.fromtimestamp(session.expires_at, dt.UTC) if session.expires_at else None
    )
    return AuthSession(
        user_id=UUID(session.user.id),
        email=session.user.email or "",
        access_token=session.access_token,
        refresh_token=session.refresh_token,
        expires_at=expires_at,
    )


def _expires_within(session: AuthSession, margin: dt.timedelta) -> bool:
    return session.expires_at is not None and session.expires_at - margin <= dt.datetime.now(dt.UTC)


async def _end_session(client: AsyncClient, access_token: str) -> None:
    """Revoke the session behind `access_token` (its refresh token stops working)."""
    # The same POST /logout?scope=local that auth.sign_out() sends, but
    # keyed by the token we hold rather than by the client's stored session.
    try:
        await client.auth.admin.sign_out(access_token, "local")
    except AuthApiError as error:
        if error.status not in _ALREADY_SIGNED_OUT:
            raise


async def _end_session_quietly(client: AsyncClient, access_token: str) -> None:
    try:
        await _end_session(client, access_token)
    except (AuthError, httpx.TransportError) as error:
        # The outcome is already decided; the leftover session's refresh token
        # was never handed to anyone, so nothing can use it.
        logger.warning("could not end the password-check session: %s", error)


def _where(query: AsyncSelectRequestBuilder, eq: Mapping[str, Any]) -> AsyncSelectRequestBuilder:
    for column, value in eq.items():
        query = query.eq(column, value)
    return query


def _require_filter(eq: Mapping[str, Any]) -> None:
    if not eq:
        # Without a filter PostgREST would touch every row RLS lets through.
        raise ValueError("update and delete need at least one eq filter")


def _rows(data: list[JSON]) -> list[Row]:
    rows: list[Row] = []
    for row in data:
        if not isinstance(row, Mapping):
            raise TypeError(f"PostgREST returned a non-row item: {row!r}")
        rows.append(dict(row))
    return rows
