"""Password hashing, the sign-in account lookup and refresh tokens for local mode.

What GoTrue does for a Supabase project, kept to what Relais needs:
passwords are hashed with argon2id and never stored or logged in clear;
refresh tokens are random and only their SHA-256 hash is stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from psycopg import AsyncConnection

from services.errors import ErrorCode, RelaisError
from services.models import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, AuthSession

REFRESH_TOKEN_LIFETIME = "60 days"  # noqa: S105 (a duration)
REFRESH_TOKEN_BYTES = 32

# OWASP's second recommended argon2id profile (19 MiB, t=2, p=1): strong, and
# cheap enough to keep sign-in well under the 150 ms target on two cores.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified against when the e-mail is unknown, so both cases take the same time
# and the response time does not reveal which e-mails have accounts.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def require_policy_length(password: str, field: str) -> None:
    # Checked here too, whoever calls the store: no password outside the policy
    # is hashed (and 200 characters bounds argon2's work).
    if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        raise RelaisError(ErrorCode.WEAK_PASSWORD, "password length", field=field)


async def account_by_email(conn: AsyncConnection, email: str) -> tuple[UUID, str | None] | None:
    """The id and password hash of the account that may sign in with `email`."""
    cursor = await conn.execute(
        "select id, encrypted_password from auth.users"
        " where email = %s and deleted_at is null"
        " and (banned_until is null or banned_until <= now())",
        [email],
    )
    row = await cursor.fetchone()
    return (row[0], row[1]) if row else None


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(stored_hash: str | None, password: str) -> bool:
    def verify() -> bool:
        try:
            return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(verify)


def new_refresh_token() -> tuple[str, str]:
    """A fresh token and the hash to store for it."""
    token = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_access_token(session_id: UUID) -> str:
    # Local sessions live on the server; the access token names the device's
    # session (as Supabase's JWT does in its session_id claim), so that every
    # call can be refused once that session has been ended elsewhere.
    return f"{session_id}.{secrets.token_urlsafe(24)}"


def session_id_of(session: AuthSession) -> UUID | None:
    """The session an access token names; None for a token this server never made."""
    try:
        return UUID(session.access_token.partition(".")[0])
    except ValueError:
        return None


# Benchmarks seed accounts straight into auth.users, with no password to sign
# in with: each gets one device session whose id is the account's own, and
# `seeded_access_token` names it, so LocalGateway lets their calls through.
SEEDED_SESSIONS_SQL = (
    "insert into auth.sessions (id, user_id) select id, id from auth.users on conflict do nothing"
)


def seeded_access_token(user_id: UUID) -> str:
    return f"{user_id}.seeded"
