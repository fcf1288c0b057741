"""Care-circle invitations and codes are throttled in SQL, atomically (issue 13, items 2 and 9).

The parallel tests open their own gateway with a connection per call, so the
calls really run at the same time in the database, as parallel PostgREST
requests would.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any
from uuid import uuid4

import psycopg
import pytest

from services.care_circle import invitations, sharing
from services.care_circle.sharing import CircleAccess
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from tests.factories import make_user

PER_DAY = 10  # private.circle_email_invitations_per_day() and private.circle_codes_per_day()
GUESSES = 5  # failed code redemptions allowed per 15 minutes


@pytest.fixture
async def wide_gateway(conninfo: str) -> AsyncIterator[LocalGateway]:
    gateway = await LocalGateway.open(conninfo, pool_size=16)
    try:
        yield gateway
    finally:
        await gateway.close()


def _count(conninfo: str, query: str, params: Any) -> int:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(query, params).fetchone()
    assert row is not None
    return int(row[0])


async def _outcomes(calls: list[Any]) -> list[str]:
    results = await asyncio.gather(*calls, return_exceptions=True)
    return [r.code.value if isinstance(r, RelaisError) else "ok" for r in results]


def _address() -> str:
    return f"someone-{uuid4().hex}@relais.example"


async def test_invitations_stop_at_the_daily_limit(gateway: LocalGateway, conninfo: str) -> None:
    survivor = await make_user(gateway)
    for _ in range(PER_DAY):
        await invitations.invite_by_email(
            gateway, survivor, email=_address(), access=CircleAccess.READER
        )
    with pytest.raises(RelaisError) as refused:
        await invitations.invite_by_email(
            gateway, survivor, email=_address(), access=CircleAccess.READER
        )
    assert refused.value.code is ErrorCode.INVITE_LIMIT
    # Cancelling does not give the quota back.
    [first, *_] = await invitations.list_sent(gateway, survivor)
    await invitations.cancel(gateway, survivor, invitation_id=first.id)
    with pytest.raises(RelaisError):
        await invitations.invite_by_email(
            gateway, survivor, email=_address(), access=CircleAccess.READER
        )
    # Another survivor has their own allowance.
    other = await make_user(gateway)
    await invitations.invite_by_email(gateway, other, email=_address(), access=CircleAccess.READER)


async def test_parallel_invitations_cannot_pass_the_limit(
    wide_gateway: LocalGateway, conninfo: str
) -> None:
    survivor = await make_user(wide_gateway)
    outcomes = await _outcomes(
        [
            invitations.invite_by_email(
                wide_gateway, survivor, email=_address(), access=CircleAccess.READER
            )
            for _ in range(PER_DAY + 6)
        ]
    )
    assert outcomes.count("ok") == PER_DAY
    assert outcomes.count("invite_limit") == 6
    stored = _count(
        conninfo,
        "select count(*) from public.circle_invitations where survivor_id = %s",
        [survivor.user_id],
    )
    assert stored == PER_DAY


async def test_three_hundred_codes_in_a_row_stop_at_the_limit(
    gateway: LocalGateway, conninfo: str
) -> None:
    survivor = await make_user(gateway)
    outcomes = []
    for _ in range(300):
        try:
            await sharing.create_invite(gateway, survivor, access=CircleAccess.READER)
            outcomes.append("ok")
        except RelaisError as refused:
            outcomes.append(refused.code.value)
    assert outcomes == ["ok"] * PER_DAY + ["invite_limit"] * (300 - PER_DAY)
    stored = _count(
        conninfo,
        "select count(*) from public.circle_invites where survivor_id = %s",
        [survivor.user_id],
    )
    assert stored == PER_DAY


async def test_parallel_codes_cannot_pass_the_limit(
    wide_gateway: LocalGateway, conninfo: str
) -> None:
    survivor = await make_user(wide_gateway)
    outcomes = await _outcomes(
        [
            sharing.create_invite(wide_gateway, survivor, access=CircleAccess.READER)
            for _ in range(PER_DAY + 6)
        ]
    )
    assert outcomes.count("ok") == PER_DAY
    stored = _count(
        conninfo,
        "select count(*) from public.circle_invites where survivor_id = %s",
        [survivor.user_id],
    )
    assert stored == PER_DAY


async def test_twelve_parallel_code_guesses_check_at_most_five(
    wide_gateway: LocalGateway, conninfo: str
) -> None:
    guesser = await make_user(wide_gateway, role="caregiver")
    wrong = [f"ZZZZ-ZZZZ-{n:04d}" for n in range(12)]
    results = await asyncio.gather(
        *(wide_gateway.rpc(guesser, "redeem_circle_invite", {"code": code}) for code in wrong)
    )
    statuses = [result["status"] for result in results]
    assert statuses.count("invalid") == GUESSES
    assert statuses.count("too_many_attempts") == 12 - GUESSES
    recorded = _count(
        conninfo,
        "select count(*) from private.invite_redemption_failures where user_id = %s",
        [guesser.user_id],
    )
    assert recorded == GUESSES


async def test_a_right_code_after_five_wrong_guesses_is_refused(
    gateway: LocalGateway,
) -> None:
    survivor, guesser = await make_user(gateway), await make_user(gateway, role="caregiver")
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.READER)
    for _ in range(GUESSES):
        with pytest.raises(RelaisError):
            await sharing.redeem_invite(gateway, guesser, code="ZZZZ-ZZZZ-ZZZZ")
    with pytest.raises(RelaisError) as refused:
        await sharing.redeem_invite(gateway, guesser, code=invite.code)
    assert refused.value.code is ErrorCode.TOO_MANY_ATTEMPTS
    assert await sharing.list_shared_with_me(gateway, guesser) == []


async def test_the_limits_hold_without_the_app(conninfo: str, gateway: LocalGateway) -> None:
    """Straight to the database, as a client holding the anon key and a session would."""
    survivor: AuthSession = await make_user(gateway)
    made = 0
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for n in range(PER_DAY + 3):
            try:
                with conn.transaction():
                    conn.execute(
                        "select set_config('role', 'authenticated', true),"
                        " set_config('request.jwt.claims', %s, true)",
                        [f'{{"sub": "{survivor.user_id}", "role": "authenticated"}}'],
                    )
                    conn.execute(
                        "select public.invite_to_circle_by_email(%s, 'reader')",
                        [f"direct-{n}-{uuid4().hex}@relais.example"],
                    )
                made += 1
            except psycopg.Error as error:
                assert error.sqlstate == "PT429"
    assert made == PER_DAY
