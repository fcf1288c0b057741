"""Signed-in devices: listing them, ending one or all others, and what an ended one can do."""

from __future__ import annotations

import psycopg
import pytest

from services.accounts import auth, profiles, sessions
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from tests.factories import PASSWORD, make_user

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
    " (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)


async def _is_ended(gateway: LocalGateway, session: AuthSession) -> bool:
    try:
        await profiles.get_my_profile(gateway, session)
    except RelaisError as refused:
        assert refused.code is ErrorCode.SESSION_EXPIRED
        return True
    return False


async def test_the_list_shows_each_device_and_which_one_is_this(gateway: LocalGateway) -> None:
    phone = await make_user(gateway)
    laptop = await auth.sign_in(gateway, email=phone.email, password=PASSWORD)
    await sessions.describe_this_device(gateway, phone, FIREFOX_ANDROID)
    await sessions.describe_this_device(gateway, laptop, CHROME_WINDOWS)

    listed = await sessions.list_my_sessions(gateway, phone)

    assert {(d.browser, d.current) for d in listed} == {
        ("Firefox · Android", True),
        ("Chrome · Windows", False),
    }
    assert all(d.last_seen_at >= d.created_at for d in listed)


async def test_nobody_sees_or_names_another_persons_devices(gateway: LocalGateway) -> None:
    me = await make_user(gateway)
    other = await make_user(gateway)
    await sessions.describe_this_device(gateway, other, CHROME_WINDOWS)
    (theirs,) = await sessions.list_my_sessions(gateway, other)

    assert [d.id for d in await sessions.list_my_sessions(gateway, me)] != [theirs.id]
    assert await sessions.end_session(gateway, me, session_id=theirs.id) == 0
    assert not await _is_ended(gateway, other)


async def test_ending_one_device_signs_it_out_at_once(gateway: LocalGateway) -> None:
    phone = await make_user(gateway)
    laptop = await auth.sign_in(gateway, email=phone.email, password=PASSWORD)
    listed = await sessions.list_my_sessions(gateway, phone)
    (laptop_row,) = [d for d in listed if not d.current]

    assert await sessions.end_session(gateway, phone, session_id=laptop_row.id) == 1

    assert await _is_ended(gateway, laptop)
    assert not await _is_ended(gateway, phone)
    with pytest.raises(RelaisError) as refused:
        await auth.restore_session(gateway, refresh_token=laptop.refresh_token)
    assert refused.value.code is ErrorCode.SESSION_EXPIRED


async def test_signing_out_everywhere_else_keeps_this_device(gateway: LocalGateway) -> None:
    here = await make_user(gateway)
    others = [await auth.sign_in(gateway, email=here.email, password=PASSWORD) for _ in range(2)]

    assert await sessions.end_other_sessions(gateway, here) == 2

    assert [await _is_ended(gateway, other) for other in others] == [True, True]
    assert not await _is_ended(gateway, here)
    assert [d.current for d in await sessions.list_my_sessions(gateway, here)] == [True]


async def test_changing_the_password_ends_the_other_devices(gateway: LocalGateway) -> None:
    here = await make_user(gateway)
    elsewhere = await auth.sign_in(gateway, email=here.email, password=PASSWORD)

    await auth.change_password(
        gateway, here, current_password=PASSWORD, new_password="another long password"
    )

    assert await _is_ended(gateway, elsewhere)
    assert not await _is_ended(gateway, here)
    restored = await auth.restore_session(gateway, refresh_token=here.refresh_token)
    assert not await _is_ended(gateway, restored)
    # Checking the current password opened no device of its own.
    assert len(await sessions.list_my_sessions(gateway, restored)) == 1


async def test_a_wrong_current_password_changes_nothing(gateway: LocalGateway) -> None:
    here = await make_user(gateway)
    elsewhere = await auth.sign_in(gateway, email=here.email, password=PASSWORD)
    with pytest.raises(RelaisError) as refused:
        await auth.change_password(
            gateway, here, current_password="not it at all", new_password="another long password"
        )
    assert (refused.value.code, refused.value.field) == (
        ErrorCode.INVALID_CREDENTIALS,
        "current_password",
    )
    assert not await _is_ended(gateway, elsewhere)
    await auth.sign_in(gateway, email=here.email, password=PASSWORD)


async def test_signing_out_ends_the_session_for_every_call(gateway: LocalGateway) -> None:
    session = await make_user(gateway)
    await auth.sign_out(gateway, session)
    assert await _is_ended(gateway, session)


async def test_a_made_up_access_token_is_refused(gateway: LocalGateway) -> None:
    real = await make_user(gateway)
    for token in ("-", "not-a-uuid.x", f"{real.user_id}.x"):
        forged = real.model_copy(update={"access_token": token})
        assert await _is_ended(gateway, forged)


async def test_last_seen_moves_at_most_once_a_minute(gateway: LocalGateway, conninfo: str) -> None:
    session = await make_user(gateway)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(
            "update auth.sessions set updated_at = now() - interval '30 seconds'"
            " where user_id = %s",
            [session.user_id],
        )
        await profiles.get_my_profile(gateway, session)
        recent = conn.execute(
            "select now() - updated_at > interval '29 seconds' from auth.sessions"
            " where user_id = %s",
            [session.user_id],
        ).fetchone()
        conn.execute(
            "update auth.sessions set updated_at = now() - interval '5 minutes' where user_id = %s",
            [session.user_id],
        )
        await profiles.get_my_profile(gateway, session)
        stale = conn.execute(
            "select now() - updated_at < interval '1 minute' from auth.sessions where user_id = %s",
            [session.user_id],
        ).fetchone()
    assert recent == (True,)
    assert stale == (True,)


@pytest.mark.parametrize(
    ("user_agent", "expected"),
    [
        (FIREFOX_ANDROID, "Firefox · Android"),
        (CHROME_WINDOWS, "Chrome · Windows"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
            " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari · iPhone",
        ),
        (CHROME_WINDOWS.replace("Safari/537.36", "Safari/537.36 Edg/131.0"), "Edge · Windows"),
        ("", None),
        (None, None),
    ],
)
def test_browser_names(user_agent: str | None, expected: str | None) -> None:
    assert sessions.describe_user_agent(user_agent) == expected
