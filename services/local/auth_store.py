"""Local accounts: what GoTrue does for a Supabase project.

Runs with the server's own privileges (like GoTrue's auth admin role), never
as the user: it writes `auth.users`, whose insert trigger creates the profile.
"""

from __future__ import annotations

import json
from uuid import UUID

import psycopg
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from services.errors import ErrorCode, RelaisError
from services.local.accounts import (
    FAILED_SIGN_IN_WINDOW,
    MAX_FAILED_SIGN_INS,
    REFRESH_TOKEN_LIFETIME,
    hash_password,
    hash_token,
    new_access_token,
    new_refresh_token,
    session_id_of,
    verify_password,
)
from services.local.db_errors import refusal_from_database
from services.models import AuthSession, Credentials, SignUpForm


class AuthStore:
    def __init__(self, pool: AsyncConnectionPool[AsyncConnection]) -> None:
        self._pool = pool

    async def sign_up(self, form: SignUpForm) -> AuthSession:
        email = form.email.lower()
        password_hash = await hash_password(form.password)
        metadata = {
            "display_name": form.display_name,
            "role": form.role.value,
            "locale": form.locale.value,
        }
        try:
            async with self._pool.connection() as conn, conn.transaction():
                taken = await conn.execute("select 1 from auth.users where email = %s", [email])
                if await taken.fetchone():
                    raise RelaisError(ErrorCode.EMAIL_TAKEN, field="email")
                cursor = await conn.execute(
                    "insert into auth.users (email, encrypted_password, raw_user_meta_data,"
                    " email_confirmed_at) values (%s, %s, %s, now()) returning id",
                    [email, password_hash, json.dumps(metadata)],
                )
                row = await cursor.fetchone()
                assert row is not None
                return await self._issue_session(conn, row[0], email)
        except psycopg.errors.UniqueViolation:
            raise RelaisError(ErrorCode.EMAIL_TAKEN, field="email") from None
        except psycopg.Error as error:
            raise refusal_from_database(error) from None

    async def sign_in(self, credentials: Credentials) -> AuthSession:
        email = credentials.email.lower()
        try:
            async with self._pool.connection() as conn:
                user_id = await self._check_password(conn, email, credentials.password)
                async with conn.transaction():
                    return await self._issue_session(conn, user_id, email)
        except psycopg.Error as error:
            raise refusal_from_database(error) from None

    async def _check_password(self, conn: AsyncConnection, email: str, password: str) -> UUID:
        """The account's id when `password` is right; a wrong one is counted and refused."""
        await self._refuse_if_throttled(conn, email)
        cursor = await conn.execute(
            "select id, encrypted_password from auth.users"
            " where email = %s and deleted_at is null"
            " and (banned_until is null or banned_until < now())",
            [email],
        )
        row = await cursor.fetchone()
        user_id: UUID | None = row[0] if row else None
        stored_hash: str | None = row[1] if row else None
        if not await verify_password(stored_hash, password) or user_id is None:
            async with conn.transaction():
                await conn.execute("insert into auth.sign_in_failures (email) values (%s)", [email])
            raise RelaisError(ErrorCode.INVALID_CREDENTIALS)
        async with conn.transaction():
            await conn.execute("delete from auth.sign_in_failures where email = %s", [email])
        return user_id

    async def restore(self, refresh_token: str) -> AuthSession:
        try:
            async with self._pool.connection() as conn, conn.transaction():
                # Rotation: the presented token is spent whatever happens next, so a
                # stolen copy stops working as soon as the owner's device uses it.
                # The device stays the same session; an ended session took its
                # tokens with it (on delete cascade).
                cursor = await conn.execute(
                    "update auth.refresh_tokens t set revoked = true"
                    " from auth.users u, auth.sessions s"
                    " where t.token_hash = %s and not t.revoked and u.id = t.user_id"
                    " and s.id = t.session_id"
                    " and t.created_at > now() - %s::interval"
                    " and u.deleted_at is null"
                    " returning u.id, u.email, s.id",
                    [hash_token(refresh_token), REFRESH_TOKEN_LIFETIME],
                )
                row = await cursor.fetchone()
                if row is None:
                    raise RelaisError(ErrorCode.SESSION_EXPIRED)
                await conn.execute(
                    "update auth.sessions set updated_at = now(),"
                    " refreshed_at = now() at time zone 'utc' where id = %s",
                    [row[2]],
                )
                return await self._issue_tokens(conn, row[0], row[1], row[2])
        except psycopg.Error as error:
            raise refusal_from_database(error) from None

    async def sign_out(self, session: AuthSession) -> None:
        try:
            async with self._pool.connection() as conn, conn.transaction():
                # The device's session goes, and its refresh tokens with it.
                await conn.execute(
                    "delete from auth.sessions where id = %s and user_id = %s",
                    [session_id_of(session), session.user_id],
                )
                await conn.execute(
                    "update auth.refresh_tokens set revoked = true where token_hash = %s",
                    [hash_token(session.refresh_token)],
                )
        except psycopg.Error as error:
            raise refusal_from_database(error) from None

    async def change_password(
        self, session: AuthSession, *, current_password: str, new_password: str
    ) -> None:
        new_hash = await hash_password(new_password)
        try:
            async with self._pool.connection() as conn:
                # Proving the current password again keeps a borrowed, unlocked
                # phone from taking the account over.
                try:
                    await self._check_password(conn, session.email, current_password)
                except RelaisError as refusal:
                    refusal.field = "current_password"
                    raise
                async with conn.transaction():
                    await conn.execute(
                        "update auth.users set encrypted_password = %s, updated_at = now()"
                        " where id = %s",
                        [new_hash, session.user_id],
                    )
                    # Other devices must sign in again with the new password.
                    await conn.execute(
                        "delete from auth.sessions where user_id = %s and id <> %s",
                        [session.user_id, session_id_of(session)],
                    )
        except psycopg.Error as error:
            raise refusal_from_database(error) from None

    async def reset_password(self, *, email: str, code: str, new_password: str) -> AuthSession:
        """Redeem a coordinator's recovery code and set a new password, all or nothing."""
        email = email.lower()
        new_hash = await hash_password(new_password)
        try:
            async with self._pool.connection() as conn:
                async with conn.transaction():
                    cursor = await conn.execute(
                        "select outcome, person_id from private.redeem_recovery_code(%s, %s)",
                        [email, code],
                    )
                    row = await cursor.fetchone()
                    assert row is not None
                    outcome, user_id = row
                    if outcome == "redeemed":
                        await conn.execute(
                            "update auth.users set encrypted_password = %s, updated_at = now()"
                            " where id = %s",
                            [new_hash, user_id],
                        )
                        # Whoever else holds the account is put out, and the
                        # lock a forgotten password left behind is lifted.
                        await conn.execute(
                            "delete from auth.sessions where user_id = %s", [user_id]
                        )
                        await conn.execute(
                            "delete from auth.sign_in_failures where email = %s", [email]
                        )
                        return await self._issue_session(conn, user_id, email)
                # Out of the transaction: a wrong try stays counted.
                if outcome == "expired":
                    raise RelaisError(ErrorCode.RECOVERY_CODE_EXPIRED, field="code")
                raise RelaisError(ErrorCode.RECOVERY_CODE_INVALID, field="code")
        except psycopg.Error as error:
            raise refusal_from_database(error) from None

    async def confirm_password(self, session: AuthSession, password: str) -> None:
        """Refuse unless `password` is the signed-in person's; no new session is made.

        Counted and throttled like a sign-in, so it cannot be used to guess.
        """
        try:
            async with self._pool.connection() as conn:
                user_id = await self._check_password(conn, session.email.lower(), password)
        except psycopg.Error as error:
            raise refusal_from_database(error) from None
        except RelaisError as error:
            # Name the field, so the screen puts the sentence under the password.
            raise RelaisError(error.code, error.detail, field="password") from None
        if user_id != session.user_id:
            raise RelaisError(ErrorCode.INVALID_CREDENTIALS, "another account", field="password")

    async def _refuse_if_throttled(self, conn: AsyncConnection, email: str) -> None:
        cursor = await conn.execute(
            "select count(*) from auth.sign_in_failures where email = %s"
            " and failed_at > now() - %s::interval",
            [email, FAILED_SIGN_IN_WINDOW],
        )
        row = await cursor.fetchone()
        if row is not None and row[0] >= MAX_FAILED_SIGN_INS:
            raise RelaisError(ErrorCode.TOO_MANY_ATTEMPTS)

    async def _issue_session(self, conn: AsyncConnection, user_id: UUID, email: str) -> AuthSession:
        """A new signed-in device."""
        cursor = await conn.execute(
            "insert into auth.sessions (user_id) values (%s) returning id", [user_id]
        )
        row = await cursor.fetchone()
        assert row is not None
        return await self._issue_tokens(conn, user_id, email, row[0])

    async def _issue_tokens(
        self, conn: AsyncConnection, user_id: UUID, email: str, session_id: UUID
    ) -> AuthSession:
        token, token_hash = new_refresh_token()
        await conn.execute(
            "insert into auth.refresh_tokens (token_hash, user_id, session_id) values (%s, %s, %s)",
            [token_hash, user_id, session_id],
        )
        # A visit, for the inactive-account rule (python -m app purge-inactive).
        await conn.execute("update auth.users set last_sign_in_at = now() where id = %s", [user_id])
        return AuthSession(
            user_id=user_id,
            email=email,
            access_token=new_access_token(session_id),
            refresh_token=token,
        )
