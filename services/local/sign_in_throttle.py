"""Which counters a password attempt is charged to, and what a success gives back.

A sign-in from a browser that has signed in to this account before (it
holds a random device token, kept in its SharedPreferences) is counted on
that device alone: a stranger guessing the e-mail elsewhere slows only
themselves, and the owner's first correct attempt from their own phone goes
through. Any other sign-in is counted on its e-mail (wherever it comes from)
and on its client address (whatever e-mail it tries, so spraying one password
over many e-mails slows too). Someone already signed in who proves their
password again (to change it, or to delete the account) is counted on the
session. The counting itself is one SQL function, auth.claim_sign_in_attempt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from uuid import UUID

from psycopg import AsyncConnection

from services.errors import ErrorCode, RelaisError
from services.local.limits import AuthLimits


def _hash(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def email_key(email: str) -> str:
    return _hash("email", email.lower())


def device_hash(user_id: UUID, device_token: str) -> str:
    return _hash("device", f"{user_id}:{device_token}")


@dataclass(frozen=True)
class Charge:
    """The keys one attempt was counted on, each with its free attempts and refill time."""

    keys: tuple[tuple[str, int, float], ...]
    # Set when the attempt came from a device this account knows.
    device: str | None = None


async def known_device(
    conn: AsyncConnection, user_id: UUID | None, device_token: str | None
) -> str | None:
    """The device's hash when this browser has signed in to this account before."""
    if user_id is None or not device_token:
        return None
    hashed = device_hash(user_id, device_token)
    cursor = await conn.execute("select 1 from auth.known_devices where device_hash = %s", [hashed])
    return hashed if await cursor.fetchone() else None


def charge_for_sign_in(
    limits: AuthLimits, email: str, address: str | None, device: str | None
) -> Charge:
    if device is not None:
        return Charge(keys=((device, limits.per_device, limits.device_refill),), device=device)
    keys = [(email_key(email), limits.per_email, limits.email_refill)]
    if address:
        keys.append((_hash("address", address), limits.per_address, limits.address_refill))
    return Charge(keys=tuple(keys))


def charge_for_session(limits: AuthLimits, session_id: UUID | None, email: str) -> Charge:
    key = email_key(email) if session_id is None else _hash("session", str(session_id))
    return Charge(keys=((key, limits.per_email, limits.email_refill),))


async def claim(conn: AsyncConnection, limits: AuthLimits, charge: Charge) -> None:
    """Count the attempt on every key, or refuse it (uncounted) while one must wait."""
    cursor = await conn.execute(
        "select auth.claim_sign_in_attempt(%s, %s, %s::double precision[],"
        " make_interval(secs => %s), make_interval(secs => %s))",
        [
            [key for key, _, _ in charge.keys],
            [free for _, free, _ in charge.keys],
            [refill for _, _, refill in charge.keys],
            limits.first_delay,
            limits.max_delay,
        ],
    )
    row = await cursor.fetchone()
    wait = float(row[0]) if row and row[0] is not None else 0.0
    if wait > 0:
        raise RelaisError(ErrorCode.TOO_MANY_ATTEMPTS, f"wait {wait:.0f} s")


async def settle_success(conn: AsyncConnection, charge: Charge, *, forget: str | None) -> None:
    """A right password was no guess: give its attempt back, and clear `forget`'s count."""
    async with conn.transaction():
        if forget is not None:
            await conn.execute("delete from auth.sign_in_throttle where key_hash = %s", [forget])
        for key, free, _ in charge.keys:
            await conn.execute(
                "update auth.sign_in_throttle set attempts = greatest(attempts - 1, 0),"
                " next_attempt_at = case when attempts - 1 < %s then now()"
                " else next_attempt_at end where key_hash = %s",
                [free, key],
            )
        if charge.device is not None:
            await conn.execute(
                "update auth.known_devices set last_used_at = now() where device_hash = %s",
                [charge.device],
            )


async def remember_device(conn: AsyncConnection, user_id: UUID, device_token: str | None) -> None:
    """This browser proved the password: from now on it has its own count."""
    if not device_token:
        return
    await conn.execute(
        "insert into auth.known_devices (device_hash) values (%s)"
        " on conflict (device_hash) do update set last_used_at = now()",
        [device_hash(user_id, device_token)],
    )


async def lift_email_lock(conn: AsyncConnection, email: str) -> None:
    """A recovery code was used: the e-mail's count starts again."""
    await conn.execute("delete from auth.sign_in_throttle where key_hash = %s", [email_key(email)])
