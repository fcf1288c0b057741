"""Sessions end when they should, at the very next call (issue 13 §7, local mode).

A replayed refresh token ends its whole session; a password change ends the
other devices; a ban or a deletion refuses restoring and every call. Checked
through LocalGateway (PostgREST's role) and through `become_user` itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import psycopg
import pytest

from services.accounts import auth, profiles, sessions
from services.errors import ErrorCode, RelaisError
from services.local.data_api import become_user
from services.local.gateway import LocalGateway
from services.local.limits import AuthLimits
from services.models import AuthSession
from tests.factories import PASSWORD, make_user


@pytest.fixture(scope="module")
async def no_grace(conninfo: str) -> AsyncIterator[LocalGateway]:
    """A gateway where a spent refresh token presented again is at once a replay."""
    gateway = await LocalGateway.open(
        conninfo, pool_size=2, auth_limits=AuthLimits(refresh_reuse_seconds=0)
    )
    try:
        yield gateway
    finally:
        await gateway.close()


@pytest.fixture
def admin(conninfo: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        yield conn


async def refused(gateway: LocalGateway, session: AuthSession) -> bool:
    """True when the next call made with `session` is refused as an ended session."""
    try:
        await gateway.select(session, "profiles", columns=["id"], eq={"id": str(session.user_id)})
    except RelaisError as error:
        assert error.code is ErrorCode.SESSION_EXPIRED
        return True
    return False


async def restore_refused(gateway: LocalGateway, token: str) -> bool:
    try:
        await auth.restore_session(gateway, refresh_token=token)
    except RelaisError as error:
        assert error.code is ErrorCode.SESSION_EXPIRED
        return True
    return False


async def test_replaying_a_spent_refresh_token_ends_the_whole_session(
    no_grace: LocalGateway,
) -> None:
    stolen = await make_user(no_grace)
    successor = await auth.restore_session(no_grace, refresh_token=stolen.refresh_token)
    assert not await refused(no_grace, successor)

    # Whoever presents the spent token now (thief or owner), the session ends:
    assert await restore_refused(no_grace, stolen.refresh_token)
    # its newest access token is refused at the next call,
    assert await refused(no_grace, successor)
    # and its newest refresh token restores nothing.
    assert await restore_refused(no_grace, successor.refresh_token)


async def test_a_replay_ends_only_that_session(no_grace: LocalGateway) -> None:
    phone = await make_user(no_grace)
    laptop = await auth.sign_in(no_grace, email=phone.email, password=PASSWORD)
    await auth.restore_session(no_grace, refresh_token=phone.refresh_token)
    assert await restore_refused(no_grace, phone.refresh_token)
    assert not await refused(no_grace, laptop)


async def test_two_tabs_restoring_at_once_do_not_end_the_session(gateway: LocalGateway) -> None:
    """Within the reuse interval a spent token is refused, and nothing else happens."""
    first_tab = await make_user(gateway)
    restored = await auth.restore_session(gateway, refresh_token=first_tab.refresh_token)
    assert await restore_refused(gateway, first_tab.refresh_token)
    assert not await refused(gateway, restored)
    assert not await restore_refused(gateway, restored.refresh_token)


async def test_a_password_change_refuses_the_other_devices_next_call(
    gateway: LocalGateway, conninfo: str
) -> None:
    here = await make_user(gateway)
    elsewhere = await auth.sign_in(gateway, email=here.email, password=PASSWORD)
    assert not await refused(gateway, elsewhere)

    await auth.change_password(
        gateway, here, current_password=PASSWORD, new_password="an entirely new phrase"
    )

    assert await refused(gateway, elsewhere)
    assert await restore_refused(gateway, elsewhere.refresh_token)
    assert not await refused(gateway, here)
    # The data layer itself refuses to take on the ended session's identity.
    async with await psycopg.AsyncConnection.connect(conninfo) as conn:
        with pytest.raises(RelaisError) as ended:
            await become_user(conn, elsewhere)
        assert ended.value.code is ErrorCode.SESSION_EXPIRED
        await become_user(conn, here)


@pytest.mark.parametrize(
    ("bar", "lift"),
    [
        (
            "update auth.users set banned_until = now() + interval '1 day' where id = %s",
            "update auth.users set banned_until = now() - interval '1 second' where id = %s",
        ),
        (
            "update auth.users set deleted_at = now() where id = %s",
            "update auth.users set deleted_at = null where id = %s",
        ),
    ],
    ids=["banned", "deleted"],
)
async def test_a_barred_account_is_refused_on_restore_and_on_every_call(
    gateway: LocalGateway, admin: psycopg.Connection, bar: str, lift: str
) -> None:
    person = await make_user(gateway)
    other_device = await auth.sign_in(gateway, email=person.email, password=PASSWORD)

    admin.execute(bar.encode(), [person.user_id])

    assert await refused(gateway, person)
    assert await refused(gateway, other_device)
    with pytest.raises(RelaisError):
        await profiles.get_my_profile(gateway, person)
    assert await restore_refused(gateway, other_device.refresh_token)
    with pytest.raises(RelaisError) as sign_in:
        await auth.sign_in(gateway, email=person.email, password=PASSWORD)
    assert sign_in.value.code is ErrorCode.INVALID_CREDENTIALS

    # Once the ban is over, the same session works again: the ban was the reason.
    admin.execute(lift.encode(), [person.user_id])
    assert not await refused(gateway, person)


async def test_signing_out_everywhere_refuses_every_other_devices_next_call(
    gateway: LocalGateway,
) -> None:
    here = await make_user(gateway)
    others = [await auth.sign_in(gateway, email=here.email, password=PASSWORD) for _ in range(2)]
    restored = await auth.restore_session(gateway, refresh_token=others[0].refresh_token)

    await sessions.end_other_sessions(gateway, here)

    assert [await refused(gateway, s) for s in (*others, restored)] == [True, True, True]
    assert await restore_refused(gateway, restored.refresh_token)
    assert not await refused(gateway, here)
