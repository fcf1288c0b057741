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
from services.local import sign_in_throttle as throttle
from services.local.accounts import (
    REFRESH_TOKEN_LIFETIME,
    account_by_email,
    hash_password,
    hash_token,
    new_access_token,
    new_refresh_token,
    require_policy_length,
    session_id_of,
    verify_password,
)
from services.local.db_errors import refusal_from_database
from services.local.limits import AuthLimits
from services.models import AuthSession, Credentials, SignInOrigin, SignUpForm


class AuthStore:
    def __init__(
        self, pool: AsyncConnectionPool[AsyncConnection], limits: AuthLimits | None = None
    ) -> None:
        self._pool = pool
        self._limits = limits or AuthLimits()

    async def sign_up(self, form: SignUpForm, origin: SignInOrigin | None = None) -> AuthSession:
        email = form.email.lower()
        require_policy_length(form.password, "password")
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
                # The browser that made the account is its owner's from the start.
                await throttle.remember_device(
                    conn, row[0], origin.device_token if origin else None
                )
                return await self._issue_session(conn, row[0], email)
        except psycopg.errors.UniqueViolation:
            raise RelaisError(ErrorCode.EMAIL_TAKEN, field="email") from None
        except psycopg.Error as error:
            raise refusal_from_database(error) from None

    async def sign_in(
        self, credentials: Credentials, origin: SignInOrigin | None = None
    ) -> AuthSession:
        email = credentials.email.lower()
        device_token = origin.device_token if origin else None
        try:
            async with self._pool.connection() as conn:
                account = await account_by_email(conn, email)
                device = await throttle.known_device(conn, account and account[0], device_token)
                charge = throttle.charge_for_sign_in(
                    self._limits, email, origin.address if origin else None, device
                )
                user_id = await self._check_password(conn, account, credentials.password, charge)
                async with conn.transaction():
                    await throttle.remember_device(conn, user_id, device_token)
                    return await self._issue_session(conn, user_id, email)
        except psycopg.Error as error:
            raise refusal_from_database(error) from None

    async def _check_password(
        self,
        conn: AsyncConnection,
        account: tuple[UUID, str | None] | None,
        password: str,
        charge: throttle.Charge,
    ) -> UUID:
        """The account's id when `password` is right. Every attempt is counted
        before the hash is checked; a right one gives its attempt back."""
        await throttle.claim(conn, self._limits, charge)
        user_id, stored_hash = account if account else (None, None)
        if not await verify_password(stored_hash, password) or user_id is None:
            raise RelaisError(ErrorCode.INVALID_CREDENTIALS)
        # A stranger's count on the e-mail stays when the owner comes in from
        # their own device; any other success starts the e-mail's count again.
        first_key = None if charge.device else charge.keys[0][0]
        await throttle.settle_success(conn, charge, forget=first_key)
        return user_id

    async def restore(self, refresh_token: str) -> AuthSession:
        try:
            async with self._pool.connection() as conn:
                async with conn.transaction():
                    session = await self._rotate(conn, hash_token(refresh_token))
                if session is None:
                    raise RelaisError(ErrorCode.SESSION_EXPIRED)
                return session
        except psycopg.Error as error:
            raise refusal_from_database(error) from None

    async def _rotate(self, conn: AsyncConnection, token_hash: str) -> AuthSession | None:
        """Spend the token for a new one in the same session; None when it cannot be.

        The presented token is spent whatever happens next, so a stolen copy stops
        working as soon as the owner's device uses it. A spent token presented
        again (after the few seconds two tabs may take to restore at once) means
        two parties hold the session: the session ends, and every token and
        access token of it with it (on delete cascade; data_api.become_user).
        """
        cursor = await conn.execute(
            "select t.user_id, u.email, t.session_id, t.revoked,"
            " t.revoked_at > now() - make_interval(secs => %s),"
            " t.created_at > now() - %s::interval and u.deleted_at is null"
            " and (u.banned_until is null or u.banned_until <= now())"
            " from auth.refresh_tokens t join auth.users u on u.id = t.user_id"
            " join auth.sessions s on s.id = t.session_id"
            " where t.token_hash = %s for update of t, s",
            [self._limits.refresh_reuse_seconds, REFRESH_TOKEN_LIFETIME, token_hash],
        )
        row = await cursor.fetchone()
        if row is None:
            return None
        user_id, email, session_id, revoked, just_rotated, usable = row
        if revoked:
            if not just_rotated:
                await conn.execute("delete from auth.sessions where id = %s", [session_id])
            return None
        if not usable:
            return None
        await conn.execute(
            "update auth.refresh_tokens set revoked = true, revoked_at = now()"
            " where token_hash = %s",
            [token_hash],
        )
        await conn.execute(
            "update auth.sessions set updated_at = now(),"
            " refreshed_at = now() at time zone 'utc' where id = %s",
            [session_id],
        )
        return await self._issue_tokens(conn, user_id, email, session_id)

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
        require_policy_length(new_password, "new_password")
        new_hash = await hash_password(new_password)
        try:
            async with self._pool.connection() as conn:
                # Proving the current password again keeps a borrowed, unlocked
                # phone from taking the account over.
                try:
                    await self._recheck_password(conn, session, current_password)
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
        require_policy_length(new_password, "new_password")
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
                        await throttle.lift_email_lock(conn, email)
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
                user_id = await self._recheck_password(conn, session, password)
        except psycopg.Error as error:
            raise refusal_from_database(error) from None
        except RelaisError as error:
            # Name the field, so the screen puts the sentence under the password.
            raise RelaisError(error.code, error.detail, field="password") from None
        if user_id != session.user_id:
            raise RelaisError(ErrorCode.INVALID_CREDENTIALS, "another account", field="password")

    async def _recheck_password(
        self, conn: AsyncConnection, session: AuthSession, password: str
    ) -> UUID:
        """Someone signed in proves their password again: counted on their session,
        so strangers guessing the e-mail cannot stop them."""
        email = session.email.lower()
        account = await account_by_email(conn, email)
        charge = throttle.charge_for_session(self._limits, session_id_of(session), email)
        return await self._check_password(conn, account, password, charge)

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
