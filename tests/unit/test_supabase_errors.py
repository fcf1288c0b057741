"""SupabaseGateway offline: GoTrue and PostgREST refusals become RelaisErrors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from postgrest import APIError
from supabase_auth.errors import (
    AuthApiError,
    AuthRetryableError,
    AuthSessionMissingError,
    AuthWeakPasswordError,
)

from services.errors import ErrorCode, RelaisError
from services.models import AuthSession, Credentials, Role, SignUpForm
from services.supabase_errors import relais_errors, translate_error
from services.supabase_gateway import SupabaseGateway
from tests.unit.supabase_fake import (
    USER_A,
    USER_B,
    VERSIONED,
    FakeSupabase,
    fail_with,
    reply,
    sign_in_as,
)

# -- error translation through the gateway ----------------------------------------
Call = Callable[[SupabaseGateway, AuthSession], Awaitable[object]]


def signing_in(gateway: SupabaseGateway, _session: AuthSession) -> Awaitable[object]:
    return gateway.sign_in(Credentials(email="a@example.org", password="whatever"))


def signing_up(gateway: SupabaseGateway, _session: AuthSession) -> Awaitable[object]:
    form = SignUpForm(
        email="a@example.org", password="a long passphrase", display_name="A", role=Role.SURVIVOR
    )
    return gateway.sign_up(form)


def restoring(gateway: SupabaseGateway, _session: AuthSession) -> Awaitable[object]:
    return gateway.restore("forged-or-revoked-token")


def updating_role(gateway: SupabaseGateway, session: AuthSession) -> Awaitable[object]:
    return gateway.update(session, "profiles", {"role": "coordinator"}, eq={"id": session.user_id})


def vetting_a_peer(gateway: SupabaseGateway, session: AuthSession) -> Awaitable[object]:
    return gateway.rpc(
        session, "set_peer_status", {"peer_id": str(USER_B), "new_status": "approved"}
    )


def reading_profiles(gateway: SupabaseGateway, session: AuthSession) -> Awaitable[object]:
    return gateway.select(session, "profiles")


def gotrue_legacy(status: int, error_code: str, msg: str) -> dict[str, Any]:
    return {"code": status, "error_code": error_code, "msg": msg}


def postgrest_error(code: str, message: str) -> dict[str, Any]:
    return {"code": code, "details": None, "hint": None, "message": message}


@dataclass(frozen=True)
class Refusal:
    call: Call
    method: str
    path: str
    status: int
    answer: dict[str, Any]
    expected: ErrorCode
    headers: Mapping[str, str] = field(default_factory=dict)


TOKEN, SIGNUP, PROFILES = "/auth/v1/token", "/auth/v1/signup", "/rest/v1/profiles"
VET = "/rest/v1/rpc/set_peer_status"
WEAK = gotrue_legacy(422, "weak_password", "Password should contain at least one of: abc, 123")
REFUSALS = {
    "wrong password (legacy body)": Refusal(
        signing_in, "POST", TOKEN, 400,
        gotrue_legacy(400, "invalid_credentials", "Invalid login credentials"),
        ErrorCode.INVALID_CREDENTIALS,
    ),
    "wrong password (2024-01-01 body)": Refusal(
        signing_in, "POST", TOKEN, 400,
        {"code": "invalid_credentials", "message": "Invalid login credentials"},
        ErrorCode.INVALID_CREDENTIALS, VERSIONED,
    ),
    "e-mail already registered": Refusal(
        signing_up, "POST", SIGNUP, 422,
        gotrue_legacy(422, "user_already_exists", "User already registered"),
        ErrorCode.EMAIL_TAKEN,
    ),
    "weak password": Refusal(
        signing_up, "POST", SIGNUP, 422,
        {**WEAK, "weak_password": {"reasons": ["characters"]}},
        ErrorCode.WEAK_PASSWORD,
    ),
    "e-mail refused by GoTrue": Refusal(
        signing_up, "POST", SIGNUP, 400,
        {"code": "email_address_invalid", "message": 'Email address "a@example.org" is invalid'},
        ErrorCode.INVALID_EMAIL, VERSIONED,
    ),
    "sign-up metadata refused by handle_new_user": Refusal(
        signing_up, "POST", SIGNUP, 500,
        {"code": "unexpected_failure", "message": "Database error saving new user"},
        ErrorCode.INVALID_INPUT, VERSIONED,
    ),
    "rate limited": Refusal(
        signing_in, "POST", TOKEN, 429,
        gotrue_legacy(429, "over_request_rate_limit", "Request rate limit reached"),
        ErrorCode.TOO_MANY_ATTEMPTS,
    ),
    "forged refresh token": Refusal(
        restoring, "POST", TOKEN, 400,
        gotrue_legacy(400, "refresh_token_not_found", "Invalid Refresh Token: Not Found"),
        ErrorCode.SESSION_EXPIRED,
    ),
    "column privilege on role": Refusal(
        updating_role, "PATCH", PROFILES, 403,
        postgrest_error("42501", "permission denied for table profiles"),
        ErrorCode.FORBIDDEN,
    ),
    "not a coordinator": Refusal(
        vetting_a_peer, "POST", VET, 403,
        postgrest_error("42501", "only a coordinator can change a peer's status"),
        ErrorCode.FORBIDDEN,
    ),
    "no such peer": Refusal(
        vetting_a_peer, "POST", VET, 404,
        postgrest_error("P0002", "no peer supporter with this id"),
        ErrorCode.NOT_FOUND,
    ),
    "check constraint": Refusal(
        updating_role, "PATCH", PROFILES, 400,
        postgrest_error("23514", 'new row for relation "profiles" violates check constraint'),
        ErrorCode.INVALID_INPUT,
    ),
    "malformed uuid": Refusal(
        vetting_a_peer, "POST", VET, 400,
        postgrest_error("22P02", 'invalid input syntax for type uuid: "x"'),
        ErrorCode.INVALID_INPUT,
    ),
    "expired JWT": Refusal(
        reading_profiles, "GET", PROFILES, 401,
        postgrest_error("PGRST303", "JWT expired"),
        ErrorCode.SESSION_EXPIRED,
    ),
}  # fmt: skip


@pytest.mark.parametrize("refusal", REFUSALS.values(), ids=REFUSALS.keys())
async def test_refusals_become_relais_errors(
    gateway: SupabaseGateway, fake: FakeSupabase, refusal: Refusal
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    fake.on(refusal.method, refusal.path, reply(refusal.status, refusal.answer, refusal.headers))

    with pytest.raises(RelaisError) as refused:
        await refusal.call(gateway, session)

    assert refused.value.code is refusal.expected
    assert fake.sent(refusal.method, refusal.path), "the refusal must come from the server"


@pytest.mark.parametrize(
    ("call", "method", "path", "failure"),
    [
        (signing_in, "POST", "/auth/v1/token", httpx.ConnectError),
        (vetting_a_peer, "POST", "/rest/v1/rpc/set_peer_status", httpx.ConnectError),
        (updating_role, "PATCH", "/rest/v1/profiles", httpx.ReadTimeout),
    ],
    ids=["gotrue down", "postgrest down", "postgrest too slow"],
)
async def test_network_failures_are_unreachable(
    gateway: SupabaseGateway,
    fake: FakeSupabase,
    call: Call,
    method: str,
    path: str,
    failure: type[httpx.TransportError],
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    fake.on(method, path, fail_with(failure))

    with pytest.raises(RelaisError) as refused:
        await call(gateway, session)

    assert refused.value.code is ErrorCode.UNREACHABLE


async def test_a_bug_is_not_disguised_as_a_refusal(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    missing = postgrest_error("PGRST202", "Could not find the function public.set_peer_status")
    fake.on("POST", "/rest/v1/rpc/set_peer_status", reply(404, missing))

    with pytest.raises(Exception) as raised:
        await gateway.rpc(session, "set_peer_status")

    assert not isinstance(raised.value, RelaisError)


# -- the mapping itself ------------------------------------------------------------
def api_error(code: str, message: str = "") -> APIError:
    return APIError({"code": code, "message": message, "details": None, "hint": None})


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (AuthApiError("Invalid login credentials", 400, None), ErrorCode.INVALID_CREDENTIALS),
        (AuthApiError("Invalid Refresh Token: Already Used", 400, None), ErrorCode.SESSION_EXPIRED),
        (AuthApiError("Session not found", 403, "session_not_found"), ErrorCode.SESSION_EXPIRED),
        (AuthApiError("Email not confirmed", 400, "email_not_confirmed"), ErrorCode.INVALID_INPUT),
        (AuthApiError("Signups not allowed", 422, "signup_disabled"), ErrorCode.FORBIDDEN),
        (AuthApiError("Too many", 429, None), ErrorCode.TOO_MANY_ATTEMPTS),
        (AuthApiError("same", 422, "same_password"), ErrorCode.WEAK_PASSWORD),
        (AuthWeakPasswordError("weak", 422, ["length"]), ErrorCode.WEAK_PASSWORD),
        (AuthRetryableError("Bad Gateway", 502), ErrorCode.UNREACHABLE),
        (AuthSessionMissingError(), ErrorCode.SESSION_EXPIRED),
        (httpx.ConnectTimeout("slow"), ErrorCode.UNREACHABLE),
        (api_error("42501", "permission denied for table profiles"), ErrorCode.FORBIDDEN),
        (api_error("P0002"), ErrorCode.NOT_FOUND),
        (api_error("PGRST116", "JSON object requested, 0 rows returned"), ErrorCode.NOT_FOUND),
        (api_error("22023", "role must be survivor, caregiver or peer"), ErrorCode.INVALID_INPUT),
        (api_error("23502", "null value in column"), ErrorCode.INVALID_INPUT),
        (api_error("23505", "duplicate key value"), ErrorCode.INVALID_INPUT),
        (api_error("PGRST301", "JWSError JWSInvalidSignature"), ErrorCode.SESSION_EXPIRED),
        (api_error("PGRST003", "Timed out acquiring connection"), ErrorCode.UNREACHABLE),
        (api_error("503", "Service Unavailable"), ErrorCode.UNREACHABLE),
        (api_error("429", "Too Many Requests"), ErrorCode.TOO_MANY_ATTEMPTS),
    ],
)
def test_translate_error(error: BaseException, expected: ErrorCode) -> None:
    refusal = translate_error(error)

    assert refusal is not None
    assert refusal.code is expected


@pytest.mark.parametrize(
    "error",
    [
        api_error("PGRST204", "Could not find the 'rol' column of 'profiles'"),
        api_error("42703", "column profiles.rol does not exist"),
        AuthApiError("Unexpected failure", 500, "unexpected_failure"),
        ValueError("not from Supabase"),
    ],
)
def test_translate_error_leaves_bugs_alone(error: BaseException) -> None:
    assert translate_error(error) is None


def test_a_wrong_password_names_no_field_unless_the_form_says_which() -> None:
    wrong = AuthApiError("Invalid login credentials", 400, "invalid_credentials")

    with pytest.raises(RelaisError) as on_sign_in, relais_errors():
        raise wrong
    with (
        pytest.raises(RelaisError) as on_change,
        relais_errors({ErrorCode.INVALID_CREDENTIALS: "current_password"}),
    ):
        raise wrong

    assert on_sign_in.value.field is None
    assert on_change.value.field == "current_password"
    assert on_change.value.__cause__ is wrong
