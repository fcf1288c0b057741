"""Account actions through the real services on the embedded database."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from services.accounts import auth, profiles
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.local.limits import AuthLimits
from tests.factories import PASSWORD, make_user, unique_email


async def test_sign_up_then_sign_in_then_restore(gateway: LocalGateway) -> None:
    created = await make_user(gateway, role="caregiver", display_name="Carer")
    signed_in = await auth.sign_in(gateway, email=created.email.upper(), password=PASSWORD)
    assert signed_in.user_id == created.user_id
    restored = await auth.restore_session(gateway, refresh_token=signed_in.refresh_token)
    assert restored.user_id == created.user_id
    assert restored.refresh_token != signed_in.refresh_token


async def test_a_refresh_token_works_once(gateway: LocalGateway) -> None:
    session = await make_user(gateway)
    await auth.restore_session(gateway, refresh_token=session.refresh_token)
    with pytest.raises(RelaisError) as refused:
        await auth.restore_session(gateway, refresh_token=session.refresh_token)
    assert refused.value.code is ErrorCode.SESSION_EXPIRED


@pytest.mark.parametrize(
    "forged",
    ["", "not-a-token", "x" * 43, "é" * 43, "A" * 5000],
    ids=["empty", "short", "right-length", "non-ascii", "huge"],
)
async def test_a_forged_refresh_token_is_refused(gateway: LocalGateway, forged: str) -> None:
    with pytest.raises(RelaisError) as refused:
        await auth.restore_session(gateway, refresh_token=forged)
    assert refused.value.code is ErrorCode.SESSION_EXPIRED


async def test_sign_out_forgets_the_refresh_token(gateway: LocalGateway) -> None:
    session = await make_user(gateway)
    await auth.sign_out(gateway, session)
    with pytest.raises(RelaisError) as refused:
        await auth.restore_session(gateway, refresh_token=session.refresh_token)
    assert refused.value.code is ErrorCode.SESSION_EXPIRED


async def test_refresh_tokens_and_passwords_are_never_stored_in_clear(
    gateway: LocalGateway, conninfo: str
) -> None:
    session = await make_user(gateway)
    with psycopg.connect(conninfo) as conn:
        stored = conn.execute(
            "select u.encrypted_password, array_agg(t.token_hash) from auth.users u"
            " join auth.refresh_tokens t on t.user_id = u.id where u.id = %s group by 1",
            [session.user_id],
        ).fetchone()
    assert stored is not None
    password_hash, token_hashes = stored
    assert password_hash.startswith("$argon2id$") and PASSWORD not in password_hash
    assert session.refresh_token not in token_hashes


async def test_wrong_password_is_refused(gateway: LocalGateway) -> None:
    session = await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await auth.sign_in(gateway, email=session.email, password="not the password")
    assert refused.value.code is ErrorCode.INVALID_CREDENTIALS


async def test_unknown_email_gets_the_same_refusal_as_a_wrong_password(
    gateway: LocalGateway,
) -> None:
    with pytest.raises(RelaisError) as refused:
        await auth.sign_in(gateway, email=unique_email("ghost"), password=PASSWORD)
    assert refused.value.code is ErrorCode.INVALID_CREDENTIALS


async def test_repeated_failures_lock_sign_in_even_with_the_right_password(
    gateway: LocalGateway,
) -> None:
    session = await make_user(gateway)
    for _ in range(AuthLimits().per_email):
        with pytest.raises(RelaisError):
            await auth.sign_in(gateway, email=session.email, password="guessing wrong")
    with pytest.raises(RelaisError) as refused:
        await auth.sign_in(gateway, email=session.email, password=PASSWORD)
    assert refused.value.code is ErrorCode.TOO_MANY_ATTEMPTS


async def test_fewer_failures_than_the_limit_still_let_the_owner_in(gateway: LocalGateway) -> None:
    session = await make_user(gateway)
    for _ in range(AuthLimits().per_email - 1):
        with pytest.raises(RelaisError):
            await auth.sign_in(gateway, email=session.email, password="guessing wrong")
    assert (await auth.sign_in(gateway, email=session.email, password=PASSWORD)).user_id


async def test_email_already_used(gateway: LocalGateway) -> None:
    session = await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await make_user(gateway, email=session.email.upper())
    assert refused.value.code is ErrorCode.EMAIL_TAKEN


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("email", "not-an-email", ErrorCode.INVALID_EMAIL),
        ("email", "", ErrorCode.INVALID_EMAIL),
        ("password", "short", ErrorCode.WEAK_PASSWORD),
        ("password", "123456789", ErrorCode.WEAK_PASSWORD),
        ("display_name", "", ErrorCode.INVALID_INPUT),
        ("display_name", "   ", ErrorCode.INVALID_INPUT),
        ("display_name", "x" * 81, ErrorCode.INVALID_INPUT),
        ("role", "coordinator", ErrorCode.INVALID_INPUT),
        ("role", "admin", ErrorCode.INVALID_INPUT),
        ("locale", "de", ErrorCode.INVALID_INPUT),
    ],
)
async def test_bad_sign_up_input_is_refused_and_stores_nothing(
    gateway: LocalGateway, conninfo: str, field: str, value: str, code: ErrorCode
) -> None:
    email = unique_email("bad")
    fields: dict[str, Any] = {
        "email": email,
        "password": PASSWORD,
        "display_name": "Valid name",
        "role": "survivor",
        "locale": "fr",
    }
    fields[field] = value
    with pytest.raises(RelaisError) as refused:
        await auth.sign_up(gateway, **fields)
    assert refused.value.code is code
    assert refused.value.field == field
    with psycopg.connect(conninfo) as conn:
        assert conn.execute(
            "select count(*) from auth.users where email = %s", [email]
        ).fetchone() == (0,)


@pytest.mark.parametrize(
    "name",
    ["Robert'); DROP TABLE profiles;--", "Zoé 🌷 d'Aubigné", "<script>alert(1)</script>", "%_\\"],
)
async def test_names_are_stored_and_returned_exactly_as_typed(
    gateway: LocalGateway, name: str
) -> None:
    session = await make_user(gateway, display_name=name)
    assert (await profiles.get_my_profile(gateway, session)).display_name == name


async def test_change_password(gateway: LocalGateway) -> None:
    session = await make_user(gateway)
    other_device = await auth.sign_in(gateway, email=session.email, password=PASSWORD)
    await auth.change_password(
        gateway, session, current_password=PASSWORD, new_password="a brand new password"
    )
    assert await auth.sign_in(gateway, email=session.email, password="a brand new password")
    with pytest.raises(RelaisError) as old:
        await auth.sign_in(gateway, email=session.email, password=PASSWORD)
    assert old.value.code is ErrorCode.INVALID_CREDENTIALS
    # The other device must sign in again; this one stays signed in.
    with pytest.raises(RelaisError):
        await auth.restore_session(gateway, refresh_token=other_device.refresh_token)
    assert await auth.restore_session(gateway, refresh_token=session.refresh_token)


async def test_change_password_needs_the_current_one(gateway: LocalGateway) -> None:
    session = await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await auth.change_password(
            gateway, session, current_password="wrong one!", new_password="another password"
        )
    assert refused.value.code is ErrorCode.INVALID_CREDENTIALS
    assert await auth.sign_in(gateway, email=session.email, password=PASSWORD)


async def test_change_password_refuses_a_weak_new_one(gateway: LocalGateway) -> None:
    session = await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await auth.change_password(
            gateway, session, current_password=PASSWORD, new_password="short"
        )
    assert refused.value.code is ErrorCode.WEAK_PASSWORD
    assert await auth.sign_in(gateway, email=session.email, password=PASSWORD)
