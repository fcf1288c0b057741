"""Password hashing, refresh tokens and sign-in throttling for local mode.

What GoTrue does for a Supabase project, kept to what Relais needs:
passwords are hashed with argon2id and never stored or logged in clear;
refresh tokens are random and only their SHA-256 hash is stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MAX_FAILED_SIGN_INS = 5
FAILED_SIGN_IN_WINDOW = "15 minutes"
REFRESH_TOKEN_LIFETIME = "60 days"  # noqa: S105 (a duration)
REFRESH_TOKEN_BYTES = 32

# OWASP's second recommended argon2id profile (19 MiB, t=2, p=1): strong, and
# cheap enough to keep sign-in well under the 150 ms target on two cores.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified against when the e-mail is unknown, so both cases take the same time
# and the response time does not reveal which e-mails have accounts.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


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


def new_access_token() -> str:
    # Local sessions live on the server; the access token only identifies the
    # session in logs and in the AuthSession model shared with Supabase mode.
    return secrets.token_urlsafe(24)
