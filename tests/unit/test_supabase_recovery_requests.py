"""Password recovery and devices on Supabase: the requests really sent, checked offline.

An `httpx.MockTransport` stands in for GoTrue and PostgREST (tests/unit/supabase_fake.py).
"""

from __future__ import annotations

import httpx
import pytest

from services.accounts import recovery, sessions
from services.errors import ErrorCode, RelaisError
from services.supabase_gateway import SupabaseGateway
from tests.unit.supabase_fake import (
    USER_A,
    FakeSupabase,
    access_token,
    body,
    gotrue_session,
    reply,
    sign_in_as,
)

NEW_PASSWORD = "a brand new passphrase"


def test_supabase_codes_come_by_email(gateway: SupabaseGateway) -> None:
    assert gateway.recovery_by_coordinator is False


async def test_asking_for_a_code_posts_the_email_to_recover(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    fake.on("POST", "/auth/v1/recover", reply(200, {}))

    await recovery.request_password_reset(gateway, email="  a@example.org ")

    (request,) = fake.sent("POST", "/auth/v1/recover")
    assert body(request)["email"] == "a@example.org"
    # No PKCE: the code is typed, so no verifier has to wait in this tab.
    assert "code_challenge" not in body(request)


async def test_asking_for_a_code_answers_the_same_when_gotrue_refuses_the_address(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    fake.on(
        "POST",
        "/auth/v1/recover",
        reply(400, {"code": 400, "error_code": "user_not_found", "msg": "User not found"}),
    )

    await recovery.request_password_reset(gateway, email="nobody@example.org")


async def test_asking_too_often_is_said(gateway: SupabaseGateway, fake: FakeSupabase) -> None:
    fake.on(
        "POST",
        "/auth/v1/recover",
        reply(429, {"code": 429, "error_code": "over_email_send_rate_limit", "msg": "slow"}),
    )
    with pytest.raises(RelaisError) as refused:
        await recovery.request_password_reset(gateway, email="a@example.org")
    assert refused.value.code is ErrorCode.TOO_MANY_ATTEMPTS


async def test_a_bad_email_is_refused_before_any_request(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    with pytest.raises(RelaisError) as refused:
        await recovery.request_password_reset(gateway, email="not an address")
    assert refused.value.code is ErrorCode.INVALID_EMAIL
    assert fake.requests == []


async def test_the_code_is_verified_as_a_recovery_otp_then_the_password_set(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    token = access_token(USER_A)
    verified = gotrue_session(USER_A, "a@example.org", token, "r-verified")
    fake.on("POST", "/auth/v1/verify", reply(200, verified))
    fake.on("PUT", "/auth/v1/user", reply(200, verified["user"]))

    session = await recovery.reset_password(
        gateway, email="a@example.org", code=" 123456 ", new_password=NEW_PASSWORD
    )

    (verify,) = fake.sent("POST", "/auth/v1/verify")
    sent = body(verify)
    assert (sent["email"], sent["token"], sent["type"]) == ("a@example.org", "123456", "recovery")
    (update,) = fake.sent("PUT", "/auth/v1/user")
    assert body(update)["password"] == NEW_PASSWORD
    assert update.headers["authorization"] == f"Bearer {token}"
    assert (session.user_id, session.refresh_token) == (USER_A, "r-verified")


async def test_a_wrong_or_expired_code_is_refused_and_no_password_is_sent(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    fake.on(
        "POST",
        "/auth/v1/verify",
        reply(
            403,
            {"code": 403, "error_code": "otp_expired", "msg": "Token has expired or is invalid"},
        ),
    )

    with pytest.raises(RelaisError) as refused:
        await recovery.reset_password(
            gateway, email="a@example.org", code="000000", new_password=NEW_PASSWORD
        )

    assert (refused.value.code, refused.value.field) == (ErrorCode.RECOVERY_CODE_INVALID, "code")
    assert fake.sent("PUT", "/auth/v1/user") == []


async def test_a_weak_new_password_is_refused_before_the_code_is_spent(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    with pytest.raises(RelaisError) as refused:
        await recovery.reset_password(
            gateway, email="a@example.org", code="123456", new_password="short"
        )
    assert (refused.value.code, refused.value.field) == (ErrorCode.WEAK_PASSWORD, "new_password")
    assert fake.requests == []


async def test_a_password_gotrue_finds_weak_names_the_new_password(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    verified = gotrue_session(USER_A, "a@example.org", access_token(USER_A), "r")
    fake.on("POST", "/auth/v1/verify", reply(200, verified))
    fake.on(
        "PUT",
        "/auth/v1/user",
        reply(
            422,
            {
                "code": 422,
                "error_code": "weak_password",
                "msg": "Password is known to be weak",
                "weak_password": {"reasons": ["pwned"]},
            },
        ),
    )
    with pytest.raises(RelaisError) as refused:
        await recovery.reset_password(
            gateway, email="a@example.org", code="123456", new_password=NEW_PASSWORD
        )
    assert (refused.value.code, refused.value.field) == (ErrorCode.WEAK_PASSWORD, "new_password")


async def test_devices_are_listed_and_ended_through_rpc(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    fake.on("POST", "/rest/v1/rpc/end_my_sessions", reply(200, 2))
    fake.on("POST", "/rest/v1/rpc/describe_my_session", lambda _r: httpx.Response(204))

    assert await sessions.end_other_sessions(gateway, session) == 2
    await sessions.describe_this_device(gateway, session, "Mozilla/5.0 Firefox/133.0")

    (ended,) = fake.sent("POST", "/rest/v1/rpc/end_my_sessions")
    assert body(ended) == {"p_session": None}
    assert ended.headers["authorization"] == f"Bearer {session.access_token}"
    (described,) = fake.sent("POST", "/rest/v1/rpc/describe_my_session")
    assert body(described) == {"p_user_agent": "Mozilla/5.0 Firefox/133.0"}
