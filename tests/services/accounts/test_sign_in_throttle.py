"""Sign-in throttling in local mode (issue 13 §6): slowed per e-mail, per address and
across e-mails per address, counted atomically, and never shutting the owner out.

Each test uses its own e-mails and client addresses: the counters are global.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from services.accounts import auth
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.local.limits import AuthLimits
from services.models import AuthSession, SignInOrigin
from tests.factories import PASSWORD, make_user, unique_email

# Long first delay: within a test, a slowed key stays slowed.
LIMITS = AuthLimits(per_email=5, per_address=10, per_device=4, first_delay=60, max_delay=600)
WRONG = "not the password at all"
_addresses = itertools.count(1)


def new_address() -> str:
    """A documentation address (RFC 5737) no other test uses."""
    n = next(_addresses)
    return f"198.51.{n // 250}.{n % 250 + 1}"


def origin(address: str | None = None, device: str | None = None) -> SignInOrigin:
    return SignInOrigin(address=address or new_address(), device_token=device)


@pytest.fixture(scope="module")
async def throttled(conninfo: str) -> AsyncIterator[LocalGateway]:
    # Wide enough for the parallel guesses to reach the database together.
    gateway = await LocalGateway.open(conninfo, pool_size=8, auth_limits=LIMITS)
    try:
        yield gateway
    finally:
        await gateway.close()


async def attempt(
    gateway: LocalGateway, email: str, password: str, where: SignInOrigin
) -> ErrorCode | AuthSession:
    try:
        return await auth.sign_in(gateway, email=email, password=password, origin=where)
    except RelaisError as refused:
        return refused.code


async def owner_with_device(gateway: LocalGateway) -> tuple[AuthSession, str]:
    """An account made from a browser whose device token the server now knows."""
    device = "owner-phone-" + unique_email("d")[:30]
    session = await auth.sign_up(
        gateway,
        email=unique_email("owner"),
        password=PASSWORD,
        display_name="Owner",
        role="survivor",
        origin=origin(device=device),
    )
    return session, device


async def test_a_strangers_wrong_guesses_do_not_stop_the_owner_on_their_own_device(
    throttled: LocalGateway,
) -> None:
    owner, device = await owner_with_device(throttled)
    stranger = new_address()
    for _ in range(LIMITS.per_email):
        assert await attempt(throttled, owner.email, WRONG, origin(stranger)) is (
            ErrorCode.INVALID_CREDENTIALS
        )
    # The e-mail is slowed: the stranger, and anyone on an unknown browser, waits…
    assert await attempt(throttled, owner.email, PASSWORD, origin(stranger)) is (
        ErrorCode.TOO_MANY_ATTEMPTS
    )
    assert await attempt(throttled, owner.email, PASSWORD, origin()) is (
        ErrorCode.TOO_MANY_ATTEMPTS
    )
    # …but the owner's first correct attempt from their own phone goes through,
    signed_in = await attempt(throttled, owner.email, PASSWORD, origin(device=device))
    assert isinstance(signed_in, AuthSession) and signed_in.user_id == owner.user_id
    # and the stranger stays slowed.
    assert await attempt(throttled, owner.email, WRONG, origin(stranger)) is (
        ErrorCode.TOO_MANY_ATTEMPTS
    )


async def test_a_device_token_counts_only_for_the_account_it_signed_in_to(
    throttled: LocalGateway,
) -> None:
    owner, device = await owner_with_device(throttled)
    other = await make_user(throttled)
    for _ in range(LIMITS.per_email):
        await attempt(throttled, other.email, WRONG, origin())
    # The owner's token proves nothing about another account.
    assert await attempt(throttled, other.email, PASSWORD, origin(device=device)) is (
        ErrorCode.TOO_MANY_ATTEMPTS
    )
    assert owner.user_id != other.user_id


async def test_a_known_device_is_slowed_too_when_it_guesses(throttled: LocalGateway) -> None:
    owner, device = await owner_with_device(throttled)
    results = [
        await attempt(throttled, owner.email, WRONG, origin(device=device))
        for _ in range(LIMITS.per_device + 2)
    ]
    assert (
        results
        == [ErrorCode.INVALID_CREDENTIALS] * LIMITS.per_device + [ErrorCode.TOO_MANY_ATTEMPTS] * 2
    )


async def test_parallel_guesses_on_one_email_are_checked_at_most_the_limit(
    throttled: LocalGateway,
) -> None:
    target = await make_user(throttled)
    where = [origin() for _ in range(16)]  # a botnet: every guess from elsewhere

    results = await asyncio.gather(
        *(attempt(throttled, target.email, f"guess number {n}", w) for n, w in enumerate(where))
    )

    # A guess refused as "wrong password" is one that was checked against the hash.
    counted = Counter(results)
    assert counted[ErrorCode.INVALID_CREDENTIALS] == LIMITS.per_email, counted
    assert counted[ErrorCode.TOO_MANY_ATTEMPTS] == 16 - LIMITS.per_email, counted


async def test_spraying_one_password_over_many_emails_from_one_address_is_slowed(
    throttled: LocalGateway,
) -> None:
    sprayer = new_address()
    results = [
        await attempt(throttled, unique_email("sprayed"), "Summer2026!", origin(sprayer))
        for _ in range(32)
    ]
    assert results[: LIMITS.per_address] == [ErrorCode.INVALID_CREDENTIALS] * LIMITS.per_address
    assert set(results[LIMITS.per_address :]) == {ErrorCode.TOO_MANY_ATTEMPTS}


async def test_another_address_is_not_slowed_by_one_addresss_failures(
    throttled: LocalGateway,
) -> None:
    sprayer = new_address()
    for _ in range(LIMITS.per_address + 1):
        await attempt(throttled, unique_email("sprayed"), WRONG, origin(sprayer))
    assert await attempt(throttled, unique_email("x"), WRONG, origin(sprayer)) is (
        ErrorCode.TOO_MANY_ATTEMPTS
    )

    elsewhere = new_address()
    assert await attempt(throttled, unique_email("x"), WRONG, origin(elsewhere)) is (
        ErrorCode.INVALID_CREDENTIALS
    )
    person = await make_user(throttled)
    assert isinstance(
        await attempt(throttled, person.email, PASSWORD, origin(elsewhere)), AuthSession
    )


async def test_a_ward_behind_one_address_keeps_signing_in(throttled: LocalGateway) -> None:
    """Right passwords give their attempt back: only guesses fill an address's count."""
    ward = new_address()
    people = [await make_user(throttled) for _ in range(LIMITS.per_address + 5)]
    for person in people:
        signed_in = await attempt(throttled, person.email, PASSWORD, origin(ward))
        assert isinstance(signed_in, AuthSession)


async def test_typos_spread_over_time_are_forgotten(conninfo: str) -> None:
    """Each key forgets an attempt every `refill` seconds: a ward's typos never add up."""
    leaky = AuthLimits(per_email=5, per_address=3, first_delay=60, address_refill=0.3)
    gateway = await LocalGateway.open(conninfo, pool_size=2, auth_limits=leaky)
    try:
        ward = new_address()
        for _ in range(8):
            assert await attempt(gateway, unique_email("typo"), WRONG, origin(ward)) is (
                ErrorCode.INVALID_CREDENTIALS
            )
            await asyncio.sleep(0.35)
    finally:
        await gateway.close()


async def test_slowing_is_not_a_lock_once_the_wait_is_over(conninfo: str) -> None:
    quick = AuthLimits(per_email=2, per_address=50, first_delay=2, max_delay=5)
    gateway = await LocalGateway.open(conninfo, pool_size=2, auth_limits=quick)
    try:
        person = await make_user(gateway)
        where = origin()
        for _ in range(2):
            await attempt(gateway, person.email, WRONG, where)
        assert await attempt(gateway, person.email, PASSWORD, where) is (
            ErrorCode.TOO_MANY_ATTEMPTS
        )
        await asyncio.sleep(2.1)
        assert isinstance(await attempt(gateway, person.email, PASSWORD, where), AuthSession)
    finally:
        await gateway.close()


async def test_proving_the_password_again_is_counted_on_the_session(
    throttled: LocalGateway,
) -> None:
    owner = await make_user(throttled)
    for _ in range(LIMITS.per_email):
        await attempt(throttled, owner.email, WRONG, origin())
    # Strangers have slowed the e-mail; the signed-in owner can still change the password…
    await auth.change_password(
        throttled, owner, current_password=PASSWORD, new_password="a quiet walk by the river"
    )
    # …while someone guessing on their unlocked phone is slowed on that session.
    for _ in range(LIMITS.per_email):
        with pytest.raises(RelaisError) as wrong:
            await auth.change_password(
                throttled, owner, current_password=WRONG, new_password="another quiet walk home"
            )
        assert wrong.value.code is ErrorCode.INVALID_CREDENTIALS
    with pytest.raises(RelaisError) as slowed:
        await auth.change_password(
            throttled,
            owner,
            current_password="a quiet walk by the river",
            new_password="another quiet walk home",
        )
    assert slowed.value.code is ErrorCode.TOO_MANY_ATTEMPTS


async def test_the_throttle_names_no_one_in_clear(throttled: LocalGateway, conninfo: str) -> None:
    import psycopg

    owner, device = await owner_with_device(throttled)
    address = new_address()
    await attempt(throttled, owner.email, WRONG, origin(address, device))
    await attempt(throttled, owner.email, WRONG, origin(address))
    with psycopg.connect(conninfo) as conn:
        stored = conn.execute(
            "select string_agg(key_hash, ' ') from auth.sign_in_throttle"
        ).fetchone()
        devices = conn.execute(
            "select string_agg(device_hash, ' ') from auth.known_devices"
        ).fetchone()
    text = f"{stored} {devices}"
    for secret in (owner.email, address, device, str(owner.user_id)):
        assert secret not in text
