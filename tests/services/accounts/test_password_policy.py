"""The password policy (issue 13 §13): 10–200 characters, not guessable, nothing else.

Applied wherever a password is chosen: sign-up, changing it, and a recovery
code. zxcvbn is told the person's e-mail and name.
"""

from __future__ import annotations

import psycopg
import pytest

from services.accounts import auth, recovery
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import Role, SignUpForm
from services.passwords import MIN_SCORE, score
from tests.factories import PASSWORD, make_coordinator, make_user, unique_email

GUESSABLE = ["password1234", "azertyuiop12", "motdepasse123", "1234567890", "qwertyuiop"]
# No digits, capitals or symbols needed: a plain sentence is the advice.
STRONG = [
    "the river at dawn",
    "je marche au parc",
    "Kq7#vXp2!m",
    "z" * 3 + "q9R!wLp2Xv" * 19 + "abcd",
]


@pytest.mark.parametrize("password", [PASSWORD, "correct horse battery", *STRONG])
def test_the_passwords_we_suggest_and_use_pass(password: str) -> None:
    assert 10 <= len(password) <= 200
    assert score(password, ["someone@relais.example", "Test person"]) >= MIN_SCORE


async def sign_up(gateway: LocalGateway, password: str, **fields: str) -> RelaisError:
    email = fields.get("email", unique_email("policy"))
    with pytest.raises(RelaisError) as refused:
        await auth.sign_up(
            gateway,
            email=email,
            password=password,
            display_name=fields.get("display_name", "Test person"),
            role="survivor",
        )
    return refused.value


@pytest.mark.parametrize("password", GUESSABLE)
async def test_sign_up_refuses_a_guessable_password(
    gateway: LocalGateway, conninfo: str, password: str
) -> None:
    email = unique_email("guessable")
    refusal = await sign_up(gateway, password, email=email)
    assert (refusal.code, refusal.field) == (ErrorCode.GUESSABLE_PASSWORD, "password")
    with psycopg.connect(conninfo) as conn:
        stored = conn.execute("select count(*) from auth.users where email = %s", [email])
        assert stored.fetchone() == (0,)


async def test_a_password_made_of_the_persons_own_email_or_name_is_refused(
    gateway: LocalGateway,
) -> None:
    email = unique_email("marie.dupont")
    for password in (email, "Marie Dupont", "mariedupont"):
        refusal = await sign_up(gateway, password, email=email, display_name="Marie Dupont")
        assert refusal.code is ErrorCode.GUESSABLE_PASSWORD, password
    # The same words are fine for someone else, whose name they are not.
    assert await make_user(gateway, display_name="Jean Martin")


@pytest.mark.parametrize(
    ("password", "code"),
    [("x" * 9, ErrorCode.WEAK_PASSWORD), ("q9R!wLp2Xv" * 20 + "z", ErrorCode.WEAK_PASSWORD)],
    ids=["9 characters", "201 characters"],
)
async def test_the_length_is_10_to_200(
    gateway: LocalGateway, password: str, code: ErrorCode
) -> None:
    assert (await sign_up(gateway, password)).code is code


@pytest.mark.parametrize("password", STRONG)
async def test_a_strong_password_of_any_shape_is_accepted(
    gateway: LocalGateway, password: str
) -> None:
    session = await auth.sign_up(
        gateway, email=unique_email("ok"), password=password, display_name="Ok", role="caregiver"
    )
    assert await auth.sign_in(gateway, email=session.email, password=password)


async def test_changing_to_a_guessable_password_is_refused(gateway: LocalGateway) -> None:
    session = await make_user(gateway, display_name="Paulette Girard")
    for guessable in ("password1234", "paulettegirard"):
        with pytest.raises(RelaisError) as refused:
            await auth.change_password(
                gateway,
                session,
                current_password=PASSWORD,
                new_password=guessable,
                display_name="Paulette Girard",
            )
        assert (refused.value.code, refused.value.field) == (
            ErrorCode.GUESSABLE_PASSWORD,
            "new_password",
        )
    assert await auth.sign_in(gateway, email=session.email, password=PASSWORD)


async def test_a_recovery_code_does_not_set_a_guessable_password(
    gateway: LocalGateway, conninfo: str
) -> None:
    person = await make_user(gateway)
    coordinator = await make_coordinator(gateway, conninfo)
    issued = await recovery.issue_recovery_code(gateway, coordinator, person_id=person.user_id)

    with pytest.raises(RelaisError) as refused:
        await recovery.reset_password(
            gateway, email=person.email, code=issued.code, new_password="motdepasse123"
        )
    assert (refused.value.code, refused.value.field) == (
        ErrorCode.GUESSABLE_PASSWORD,
        "new_password",
    )
    # Refused before the code was tried: it still works with a good password.
    await recovery.reset_password(
        gateway, email=person.email, code=issued.code, new_password="the river at dawn"
    )


async def test_the_local_auth_store_keeps_the_length_bound_itself(gateway: LocalGateway) -> None:
    """Whoever calls the gateway directly, skipping the services' checks."""
    session = await make_user(gateway)
    for too_long_or_short in ("short", "q9R!wLp2Xv" * 21):
        with pytest.raises(RelaisError) as refused:
            await gateway.change_password(
                session, current_password=PASSWORD, new_password=too_long_or_short
            )
        assert refused.value.code is ErrorCode.WEAK_PASSWORD
        unchecked = SignUpForm.model_construct(
            email=unique_email("raw"),
            password=too_long_or_short,
            display_name="Raw",
            role=Role.SURVIVOR,
        )
        with pytest.raises(RelaisError) as raw:
            await gateway.sign_up(unchecked)
        assert raw.value.code is ErrorCode.WEAK_PASSWORD
        with pytest.raises(RelaisError) as reset:
            await gateway.reset_password(
                email=session.email, code="ABCDEFGH", new_password=too_long_or_short
            )
        assert reset.value.code is ErrorCode.WEAK_PASSWORD
    assert await auth.sign_in(gateway, email=session.email, password=PASSWORD)
