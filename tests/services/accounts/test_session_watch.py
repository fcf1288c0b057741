"""A tab whose session was ended elsewhere signs itself out; one whose token merely
lapsed carries on with its refresh token."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import pytest

from app.account.session_watch import with_session_watch
from app.device_store import REFRESH_TOKEN_KEY
from app.state import AppState
from services.accounts import auth, profiles, sessions
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from tests.factories import PASSWORD, make_user


class MemoryDevice:
    def __init__(self) -> None:
        self.kept: dict[str, str] = {}

    async def load(self, key: str) -> str | None:
        return self.kept.get(key)

    async def save(self, key: str, value: str) -> None:
        self.kept[key] = value

    async def forget(self, key: str) -> None:
        self.kept.pop(key, None)


async def _tab(gateway: LocalGateway, email: str) -> AppState:
    tab = with_session_watch(AppState(gateway=gateway, device=MemoryDevice()))
    await tab.sign_in(email=email, password=PASSWORD)
    return tab


async def test_a_session_ended_elsewhere_signs_the_tab_out(gateway: LocalGateway) -> None:
    person = await make_user(gateway)
    tab = await _tab(gateway, person.email)
    assert tab.session is not None
    await sessions.end_other_sessions(gateway, person)

    with pytest.raises(RelaisError) as refused:
        await profiles.get_my_profile(tab.gateway, tab.session)

    assert refused.value.code is ErrorCode.SESSION_EXPIRED
    assert not tab.signed_in
    assert tab.session_ended
    assert await tab.device.load(REFRESH_TOKEN_KEY) is None


async def test_a_lapsed_access_token_is_replaced_from_the_refresh_token(
    gateway: LocalGateway,
) -> None:
    person = await make_user(gateway)
    tab = await _tab(gateway, person.email)
    assert tab.session is not None
    lapsed = tab.session.model_copy(update={"access_token": f"{uuid4()}.lapsed"})
    tab.session = lapsed

    # Three calls of one screen fail together: the refresh token is spent once.
    results = await asyncio.gather(
        *(profiles.get_my_profile(tab.gateway, lapsed) for _ in range(3)),
        return_exceptions=True,
    )

    assert all(isinstance(r, RelaisError) for r in results)
    assert tab.session is not None and tab.session.access_token != lapsed.access_token
    assert not tab.session_ended
    await profiles.get_my_profile(tab.gateway, tab.session)


async def test_other_refusals_leave_the_tab_signed_in(gateway: LocalGateway) -> None:
    person = await make_user(gateway)
    tab = await _tab(gateway, person.email)
    assert tab.session is not None
    with pytest.raises(RelaisError):
        await tab.gateway.rpc(tab.session, "issue_recovery_code", {"p_person": str(uuid4())})
    assert tab.session is not None and not tab.session_ended
    await auth.sign_in(gateway, email=person.email, password=PASSWORD)
