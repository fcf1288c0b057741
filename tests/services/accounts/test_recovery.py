"""Password recovery with a coordinator's code, on the embedded database.

Every bad input is refused with its own message and changes nothing: the
old password still works and the person's devices stay signed in.
"""

from __future__ import annotations

import psycopg
import pytest

from services.accounts import auth, profiles, recovery
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.local.limits import AuthLimits
from services.models import AuthSession
from tests.factories import PASSWORD, make_coordinator, make_user

NEW_PASSWORD = "a brand new passphrase"


async def _issued(gateway: LocalGateway, conninfo: str) -> tuple[AuthSession, str]:
    person = await make_user(gateway)
    coordinator = await make_coordinator(gateway, conninfo)
    issued = await recovery.issue_recovery_code(gateway, coordinator, person_id=person.user_id)
    return person, issued.code


async def _unchanged(gateway: LocalGateway, person: AuthSession) -> None:
    """The old password still opens the account and the old device still works."""
    await profiles.get_my_profile(gateway, person)
    await auth.sign_in(gateway, email=person.email, password=PASSWORD)


async def _refused(gateway: LocalGateway, email: str, code: str, password: str) -> RelaisError:
    with pytest.raises(RelaisError) as refused:
        await recovery.reset_password(gateway, email=email, code=code, new_password=password)
    return refused.value


async def test_a_code_resets_the_password_and_ends_every_other_session(
    gateway: LocalGateway, conninfo: str
) -> None:
    person, code = await _issued(gateway, conninfo)
    other_device = await auth.sign_in(gateway, email=person.email, password=PASSWORD)

    # Typed the way people copy codes: lower case, with the dash.
    typed = f"{code[:4].lower()}-{code[4:]}"
    session = await recovery.reset_password(
        gateway, email=person.email, code=typed, new_password=NEW_PASSWORD
    )

    assert session.user_id == person.user_id
    await profiles.get_my_profile(gateway, session)
    for ended in (person, other_device):
        with pytest.raises(RelaisError) as refused:
            await profiles.get_my_profile(gateway, ended)
        assert refused.value.code is ErrorCode.SESSION_EXPIRED
        with pytest.raises(RelaisError):
            await auth.restore_session(gateway, refresh_token=ended.refresh_token)
    with pytest.raises(RelaisError) as old:
        await auth.sign_in(gateway, email=person.email, password=PASSWORD)
    assert old.value.code is ErrorCode.INVALID_CREDENTIALS
    await auth.sign_in(gateway, email=person.email, password=NEW_PASSWORD)


async def test_a_code_lifts_the_sign_in_lockout(gateway: LocalGateway, conninfo: str) -> None:
    person, code = await _issued(gateway, conninfo)
    for _ in range(AuthLimits().per_email):
        with pytest.raises(RelaisError):
            await auth.sign_in(gateway, email=person.email, password="forgotten it")
    with pytest.raises(RelaisError) as locked:
        await auth.sign_in(gateway, email=person.email, password=PASSWORD)
    assert locked.value.code is ErrorCode.TOO_MANY_ATTEMPTS

    await recovery.reset_password(gateway, email=person.email, code=code, new_password=NEW_PASSWORD)

    await auth.sign_in(gateway, email=person.email, password=NEW_PASSWORD)


async def test_a_wrong_code_is_refused(gateway: LocalGateway, conninfo: str) -> None:
    person, code = await _issued(gateway, conninfo)
    wrong = "ABCDEFGH" if code != "ABCDEFGH" else "HGFEDCBA"

    refusal = await _refused(gateway, person.email, wrong, NEW_PASSWORD)

    assert (refusal.code, refusal.field) == (ErrorCode.RECOVERY_CODE_INVALID, "code")
    await _unchanged(gateway, person)


async def test_an_empty_code_is_refused(gateway: LocalGateway, conninfo: str) -> None:
    person, _ = await _issued(gateway, conninfo)
    refusal = await _refused(gateway, person.email, "   ", NEW_PASSWORD)
    assert refusal.code is ErrorCode.RECOVERY_CODE_INVALID
    await _unchanged(gateway, person)


async def test_an_expired_code_is_refused(gateway: LocalGateway, conninfo: str) -> None:
    person, code = await _issued(gateway, conninfo)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(
            "update public.recovery_codes set created_at = created_at - interval '73 hours',"
            " expires_at = expires_at - interval '73 hours' where person_id = %s",
            [person.user_id],
        )

    refusal = await _refused(gateway, person.email, code, NEW_PASSWORD)

    assert refusal.code is ErrorCode.RECOVERY_CODE_EXPIRED
    await _unchanged(gateway, person)


async def test_a_code_works_once(gateway: LocalGateway, conninfo: str) -> None:
    person, code = await _issued(gateway, conninfo)
    await recovery.reset_password(gateway, email=person.email, code=code, new_password=NEW_PASSWORD)

    refusal = await _refused(gateway, person.email, code, "yet another passphrase")

    assert refusal.code is ErrorCode.RECOVERY_CODE_EXPIRED
    await auth.sign_in(gateway, email=person.email, password=NEW_PASSWORD)


async def test_a_code_issued_for_someone_else_is_refused(
    gateway: LocalGateway, conninfo: str
) -> None:
    _, code = await _issued(gateway, conninfo)
    stranger = await make_user(gateway)

    refusal = await _refused(gateway, stranger.email, code, NEW_PASSWORD)

    assert refusal.code is ErrorCode.RECOVERY_CODE_INVALID
    await _unchanged(gateway, stranger)


async def test_the_sixth_try_is_refused_even_with_the_right_code(
    gateway: LocalGateway, conninfo: str
) -> None:
    person, code = await _issued(gateway, conninfo)
    wrong = "ABCDEFGH" if code != "ABCDEFGH" else "HGFEDCBA"
    for _ in range(5):
        refusal = await _refused(gateway, person.email, wrong, NEW_PASSWORD)
        assert refusal.code is ErrorCode.RECOVERY_CODE_INVALID

    refusal = await _refused(gateway, person.email, code, NEW_PASSWORD)

    assert refusal.code is ErrorCode.RECOVERY_CODE_EXPIRED
    await _unchanged(gateway, person)


async def test_a_weak_new_password_is_refused_and_the_code_stays_good(
    gateway: LocalGateway, conninfo: str
) -> None:
    person, code = await _issued(gateway, conninfo)

    refusal = await _refused(gateway, person.email, code, "short")

    assert (refusal.code, refusal.field) == (ErrorCode.WEAK_PASSWORD, "new_password")
    await _unchanged(gateway, person)
    await recovery.reset_password(gateway, email=person.email, code=code, new_password=NEW_PASSWORD)


async def test_a_bad_email_is_refused(gateway: LocalGateway) -> None:
    refusal = await _refused(gateway, "not an e-mail", "ABCDEFGH", NEW_PASSWORD)
    assert (refusal.code, refusal.field) == (ErrorCode.INVALID_EMAIL, "email")


async def test_an_unknown_email_gets_the_same_refusal_as_a_wrong_code(
    gateway: LocalGateway,
) -> None:
    refusal = await _refused(gateway, "nobody.here@relais.example", "ABCDEFGH", NEW_PASSWORD)
    assert refusal.code is ErrorCode.RECOVERY_CODE_INVALID


async def test_a_new_code_voids_the_previous_one(gateway: LocalGateway, conninfo: str) -> None:
    person, first = await _issued(gateway, conninfo)
    coordinator = await make_coordinator(gateway, conninfo)
    second = await recovery.issue_recovery_code(gateway, coordinator, person_id=person.user_id)

    refusal = await _refused(gateway, person.email, first, NEW_PASSWORD)

    assert refusal.code in (ErrorCode.RECOVERY_CODE_INVALID, ErrorCode.RECOVERY_CODE_EXPIRED)
    await recovery.reset_password(
        gateway, email=person.email, code=second.code, new_password=NEW_PASSWORD
    )
