"""SupabaseGateway's requests and error handling, checked offline.

An `httpx.MockTransport` stands in for GoTrue and PostgREST: each test looks
at the requests the gateway really sent (path, query, headers, body) and
answers with bodies shaped like the real servers' answers.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from postgrest import APIError
from supabase_auth.errors import (
    AuthApiError,
    AuthRetryableError,
    AuthSessionMissingError,
    AuthWeakPasswordError,
)
from websockets.asyncio.server import ServerConnection, serve

from services.errors import ErrorCode, RelaisError
from services.gateway import EventCallback
from services.models import AuthSession, Credentials, Locale, Role, SignUpForm
from services.supabase_errors import relais_errors, translate_error
from services.supabase_gateway import SupabaseGateway

URL = "https://relais-test.supabase.co"
ANON_KEY = "anon-key-0123456789-abcdefghij"
VERSIONED = {"X-Supabase-Api-Version": "2024-01-01"}

Answer = Callable[[httpx.Request], httpx.Response]


class FakeSupabase:
    """Answers the routes a test declares and records every request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._routes: dict[tuple[str, str], Answer] = {}

    def on(self, method: str, path: str, answer: Answer) -> None:
        self._routes[(method, path)] = answer

    def sent(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self._routes.get((request.method, request.url.path))
        if answer is None:
            return httpx.Response(404, json={"message": f"no route {request.url.path}"})
        return answer(request)


def reply(status: int, body: Any, headers: Mapping[str, str] | None = None) -> Answer:
    return lambda _request: httpx.Response(status, json=body, headers=headers)


def fail_with(error: type[httpx.TransportError]) -> Answer:
    def answer(request: httpx.Request) -> httpx.Response:
        raise error("simulated", request=request)

    return answer


def access_token(user_id: UUID, *, lifetime: int = 3600) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    claims = {"sub": str(user_id), "role": "authenticated", "exp": int(time.time()) + lifetime}
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def gotrue_session(user_id: UUID, email: str, access: str, refresh: str) -> dict[str, Any]:
    return {
        "access_token": access,
        "token_type": "bearer",
        "expires_in": 3600,
        "expires_at": int(time.time()) + 3600,
        "refresh_token": refresh,
        "user": {
            "id": str(user_id),
            "aud": "authenticated",
            "role": "authenticated",
            "email": email,
            "app_metadata": {"provider": "email"},
            "user_metadata": {},
            "created_at": "2026-11-29T10:00:00Z",
        },
    }


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


@pytest.fixture
def fake() -> FakeSupabase:
    return FakeSupabase()


@pytest.fixture
async def gateway(fake: FakeSupabase) -> AsyncIterator[SupabaseGateway]:
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake))
    gateway = SupabaseGateway(URL, ANON_KEY, httpx_client=http)
    yield gateway
    await gateway.close()
    await http.aclose()


USER_A = UUID("11111111-1111-4111-8111-111111111111")
USER_B = UUID("22222222-2222-4222-8222-222222222222")


async def sign_in_as(
    gateway: SupabaseGateway, fake: FakeSupabase, user_id: UUID, email: str
) -> AuthSession:
    token = access_token(user_id)
    fake.on("POST", "/auth/v1/token", reply(200, gotrue_session(user_id, email, token, "r-1")))
    return await gateway.sign_in(Credentials(email=email, password="correct horse"))


# -- accounts -------------------------------------------------------------------
async def test_sign_up_sends_profile_metadata_under_data(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    token = access_token(USER_A)
    fake.on(
        "POST", "/auth/v1/signup", reply(200, gotrue_session(USER_A, "a@example.org", token, "r"))
    )
    form = SignUpForm(
        email="a@example.org",
        password="a long passphrase",
        display_name="Peer supporter",
        role=Role.PEER,
        locale=Locale.EN,
    )

    session = await gateway.sign_up(form)

    (request,) = fake.sent("POST", "/auth/v1/signup")
    sent = body(request)
    assert sent["email"] == "a@example.org"
    assert sent["password"] == "a long passphrase"
    assert sent["data"] == {"display_name": "Peer supporter", "role": "peer", "locale": "en"}
    assert request.headers["apikey"] == ANON_KEY
    assert (session.user_id, session.email) == (USER_A, "a@example.org")
    assert (session.access_token, session.refresh_token) == (token, "r")
    assert session.expires_at is not None


async def test_sign_up_waiting_for_email_confirmation_is_refused(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    # With "Confirm email" on, GoTrue answers with the user and no session.
    user = gotrue_session(USER_A, "a@example.org", "t", "r")["user"]
    fake.on("POST", "/auth/v1/signup", reply(200, user))
    form = SignUpForm(
        email="a@example.org", password="a long passphrase", display_name="A", role=Role.SURVIVOR
    )

    with pytest.raises(RelaisError) as refused:
        await gateway.sign_up(form)

    assert refused.value.code is ErrorCode.INVALID_INPUT
    assert refused.value.field == "email"


async def test_sign_in_uses_the_password_grant(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")

    (request,) = fake.sent("POST", "/auth/v1/token")
    assert request.url.params["grant_type"] == "password"
    assert body(request)["email"] == "a@example.org"
    assert body(request)["password"] == "correct horse"
    assert session.user_id == USER_A


async def test_restore_exchanges_the_refresh_token_for_a_rotated_one(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    rotated = gotrue_session(USER_A, "a@example.org", access_token(USER_A), "rotated")
    fake.on("POST", "/auth/v1/token", reply(200, rotated))

    session = await gateway.restore("stored-refresh-token")

    (request,) = fake.sent("POST", "/auth/v1/token")
    assert request.url.params["grant_type"] == "refresh_token"
    assert body(request) == {"refresh_token": "stored-refresh-token"}
    assert session.refresh_token == "rotated"


async def test_sign_out_revokes_only_this_session(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    fake.on("POST", "/auth/v1/logout", lambda _r: httpx.Response(204))

    await gateway.sign_out(session)

    (request,) = fake.sent("POST", "/auth/v1/logout")
    assert request.url.params["scope"] == "local"
    assert request.headers["authorization"] == f"Bearer {session.access_token}"


async def test_sign_out_of_a_session_already_gone_succeeds(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    gone = {"code": "session_not_found", "message": "Session from session_id claim not found"}
    fake.on("POST", "/auth/v1/logout", reply(403, gone, VERSIONED))

    await gateway.sign_out(session)


async def test_change_password_checks_the_current_one_then_updates_from_own_session(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    checker_token = access_token(USER_A, lifetime=3000)
    checker = gotrue_session(USER_A, "a@example.org", checker_token, "r-check")
    fake.on("POST", "/auth/v1/token", reply(200, checker))
    fake.on("PUT", "/auth/v1/user", reply(200, checker["user"]))
    fake.on("POST", "/auth/v1/logout", lambda _r: httpx.Response(204))

    await gateway.change_password(
        session, current_password="old passphrase", new_password="new passphrase!"
    )

    check = fake.sent("POST", "/auth/v1/token")[-1]
    assert body(check)["email"] == "a@example.org"
    assert body(check)["password"] == "old passphrase"
    (update,) = fake.sent("PUT", "/auth/v1/user")
    assert body(update) == {"password": "new passphrase!"}
    # GoTrue keeps the session that changed the password and ends the others,
    # so the change must come from the caller's session, not the check's.
    assert update.headers["authorization"] == f"Bearer {session.access_token}"
    (logout,) = fake.sent("POST", "/auth/v1/logout")
    assert logout.headers["authorization"] == f"Bearer {checker_token}"


async def test_change_password_with_a_wrong_current_one_changes_nothing(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    wrong = {"code": 400, "error_code": "invalid_credentials", "msg": "Invalid login credentials"}
    fake.on("POST", "/auth/v1/token", reply(400, wrong))

    with pytest.raises(RelaisError) as refused:
        await gateway.change_password(session, current_password="nope", new_password="x" * 12)

    assert refused.value.code is ErrorCode.INVALID_CREDENTIALS
    assert refused.value.field == "current_password"
    assert fake.sent("PUT", "/auth/v1/user") == []


async def test_change_password_refused_as_weak_still_ends_the_check_session(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    checker_token = access_token(USER_A)
    fake.on(
        "POST",
        "/auth/v1/token",
        reply(200, gotrue_session(USER_A, "a@example.org", checker_token, "c")),
    )
    weak = {
        "code": "weak_password",
        "message": "Password is known to be weak and easy to guess",
        "weak_password": {"reasons": ["pwned"]},
    }
    fake.on("PUT", "/auth/v1/user", reply(422, weak, VERSIONED))
    fake.on("POST", "/auth/v1/logout", lambda _r: httpx.Response(204))

    with pytest.raises(RelaisError) as refused:
        await gateway.change_password(session, current_password="old", new_password="password123")

    assert refused.value.code is ErrorCode.WEAK_PASSWORD
    assert refused.value.field == "new_password"
    (logout,) = fake.sent("POST", "/auth/v1/logout")
    assert logout.headers["authorization"] == f"Bearer {checker_token}"


async def test_change_password_on_an_expiring_session_asks_for_a_restore(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=20)
    expiring = session.model_copy(update={"expires_at": soon})
    sent_before = len(fake.requests)

    with pytest.raises(RelaisError) as refused:
        await gateway.change_password(expiring, current_password="old", new_password="x" * 12)

    assert refused.value.code is ErrorCode.SESSION_EXPIRED
    assert len(fake.requests) == sent_before


# -- data -------------------------------------------------------------------------
async def test_rpc_posts_params_with_the_users_token(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    row = {"id": str(USER_B), "role": "peer", "peer_status": "approved"}
    fake.on("POST", "/rest/v1/rpc/set_peer_status", reply(200, row))

    result = await gateway.rpc(
        session, "set_peer_status", {"peer_id": str(USER_B), "new_status": "approved"}
    )

    (request,) = fake.sent("POST", "/rest/v1/rpc/set_peer_status")
    assert body(request) == {"peer_id": str(USER_B), "new_status": "approved"}
    assert request.headers["authorization"] == f"Bearer {session.access_token}"
    assert request.headers["apikey"] == ANON_KEY
    assert result == row


async def test_select_sends_columns_filters_order_and_limit(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    fake.on("GET", "/rest/v1/profiles", reply(200, [{"id": str(USER_A)}]))

    rows = await gateway.select(
        session, "profiles", eq={"id": USER_A}, order_by="created_at", descending=True, limit=5
    )

    (request,) = fake.sent("GET", "/rest/v1/profiles")
    assert request.url.params.multi_items() == [
        ("select", "*"),
        ("id", f"eq.{USER_A}"),
        ("order", "created_at.desc"),
        ("limit", "5"),
    ]
    assert request.headers["authorization"] == f"Bearer {session.access_token}"
    assert rows == [{"id": str(USER_A)}]


async def test_select_names_the_columns_asked_for(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    fake.on("GET", "/rest/v1/profiles", reply(200, []))

    await gateway.select(session, "profiles", columns=("id", "display_name"))

    (request,) = fake.sent("GET", "/rest/v1/profiles")
    assert request.url.params.multi_items() == [("select", "id,display_name")]


async def test_update_patches_and_asks_for_the_rows_back(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    fake.on("PATCH", "/rest/v1/profiles", reply(200, [{"id": str(USER_A), "bio": "Bonjour"}]))

    rows = await gateway.update(session, "profiles", {"bio": "Bonjour"}, eq={"id": str(USER_A)})

    (request,) = fake.sent("PATCH", "/rest/v1/profiles")
    assert request.url.params.multi_items() == [("id", f"eq.{USER_A}")]
    assert request.headers["prefer"] == "return=representation"
    assert request.headers["authorization"] == f"Bearer {session.access_token}"
    assert body(request) == {"bio": "Bonjour"}
    assert rows == [{"id": str(USER_A), "bio": "Bonjour"}]


async def test_insert_and_delete_return_the_rows(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    note = {"id": str(uuid4()), "text": "Marcher 10 minutes"}
    fake.on("POST", "/rest/v1/goals", reply(201, [note]))
    fake.on("DELETE", "/rest/v1/goals", reply(200, [note]))

    assert await gateway.insert(session, "goals", [note]) == [note]
    assert await gateway.delete(session, "goals", eq={"id": note["id"]}) == [note]

    (insert,) = fake.sent("POST", "/rest/v1/goals")
    assert body(insert) == [note]
    assert insert.headers["prefer"] == "return=representation"
    (delete,) = fake.sent("DELETE", "/rest/v1/goals")
    assert delete.url.params.multi_items() == [("id", f"eq.{note['id']}")]
    assert delete.headers["prefer"] == "return=representation"


async def test_update_without_a_filter_is_a_programming_error(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")

    with pytest.raises(ValueError, match="eq filter"):
        await gateway.update(session, "profiles", {"bio": "x"}, eq={})
    assert fake.sent("PATCH", "/rest/v1/profiles") == []


async def test_two_people_signed_in_at_once_never_share_a_token(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    user_a = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    user_b = await sign_in_as(gateway, fake, USER_B, "b@example.org")
    fake.on("GET", "/rest/v1/profiles", reply(200, []))

    await asyncio.gather(
        *(
            gateway.select(s, "profiles", eq={"id": s.user_id})
            for s in (user_a, user_b, user_a, user_b)
        )
    )

    sent = {
        (r.url.params["id"], r.headers["authorization"])
        for r in fake.sent("GET", "/rest/v1/profiles")
    }
    assert sent == {
        (f"eq.{USER_A}", f"Bearer {user_a.access_token}"),
        (f"eq.{USER_B}", f"Bearer {user_b.access_token}"),
    }


async def test_a_session_this_gateway_did_not_open_still_acts_as_its_owner(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    # e.g. opened by another worker process of the same server
    token = access_token(USER_B)
    session = AuthSession(
        user_id=USER_B, email="b@example.org", access_token=token, refresh_token="r"
    )
    fake.on("GET", "/rest/v1/profiles", reply(200, []))

    await gateway.select(session, "profiles")

    (request,) = fake.sent("GET", "/rest/v1/profiles")
    assert request.headers["authorization"] == f"Bearer {token}"


async def test_change_password_for_a_session_opened_elsewhere_adopts_it_first(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    token = access_token(USER_B)
    session = AuthSession(
        user_id=USER_B,
        email="b@example.org",
        access_token=token,
        refresh_token="r",
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
    )
    checker = gotrue_session(USER_B, "b@example.org", access_token(USER_B, lifetime=10), "c")
    fake.on("POST", "/auth/v1/token", reply(200, checker))
    fake.on("GET", "/auth/v1/user", reply(200, checker["user"]))
    fake.on("PUT", "/auth/v1/user", reply(200, checker["user"]))
    fake.on("POST", "/auth/v1/logout", lambda _r: httpx.Response(204))

    await gateway.change_password(session, current_password="old", new_password="x" * 12)

    (who,) = fake.sent("GET", "/auth/v1/user")
    assert who.headers["authorization"] == f"Bearer {token}"
    (update,) = fake.sent("PUT", "/auth/v1/user")
    assert update.headers["authorization"] == f"Bearer {token}"
    # set_session with a live access token must not spend the refresh token
    assert all(
        r.url.params["grant_type"] == "password" for r in fake.sent("POST", "/auth/v1/token")
    )


async def test_closing_leaves_an_injected_http_client_to_its_owner(fake: FakeSupabase) -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake))
    gateway = SupabaseGateway(URL, ANON_KEY, httpx_client=http)
    await sign_in_as(gateway, fake, USER_A, "a@example.org")

    await gateway.close()

    assert not http.is_closed
    await http.aclose()


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


# -- realtime ------------------------------------------------------------------------
class FakeRealtime:
    """Speaks enough of Realtime's Phoenix protocol to join, broadcast and leave."""

    def __init__(self, *, join_status: str = "ok") -> None:
        self.join_status = join_status
        self.paths: list[str] = []
        self.frames: list[dict[str, Any]] = []
        self._connections: list[ServerConnection] = []

    async def __call__(self, connection: ServerConnection) -> None:
        assert connection.request is not None
        self.paths.append(connection.request.path)
        self._connections.append(connection)
        async for raw in connection:
            frame = json.loads(raw)
            self.frames.append(frame)
            if frame["event"] == "phx_join":
                await connection.send(
                    json.dumps(
                        {
                            "event": "phx_reply",
                            "topic": frame["topic"],
                            "ref": frame["ref"],
                            "payload": {"status": self.join_status, "response": {}},
                        }
                    )
                )

    async def broadcast(self, topic: str, event: str, payload: dict[str, Any]) -> None:
        frame = {
            "event": "broadcast",
            "topic": f"realtime:{topic}",
            "ref": None,
            "payload": {"type": "broadcast", "event": event, "payload": payload},
        }
        for connection in self._connections:
            await connection.send(json.dumps(frame))

    def sent(self, event: str) -> list[dict[str, Any]]:
        return [frame for frame in self.frames if frame["event"] == event]


@asynccontextmanager
async def gateway_on(server: FakeRealtime) -> AsyncIterator[SupabaseGateway]:
    async with serve(server, "127.0.0.1", 0) as listening:
        port = next(iter(listening.sockets)).getsockname()[1]
        gateway = SupabaseGateway(f"http://127.0.0.1:{port}", ANON_KEY)
        try:
            yield gateway
        finally:
            await gateway.close()


def recording(into: asyncio.Queue[tuple[str, str, Mapping[str, Any]]], name: str) -> EventCallback:
    async def on_event(topic: str, payload: Mapping[str, Any]) -> None:
        await into.put((name, topic, payload))

    return on_event


async def test_subscribe_joins_one_channel_per_topic_and_fans_events_out() -> None:
    server = FakeRealtime()
    received: asyncio.Queue[tuple[str, str, Mapping[str, Any]]] = asyncio.Queue()
    async with gateway_on(server) as gateway:
        first = await gateway.subscribe("conversations", recording(received, "tab 1"))
        second = await gateway.subscribe("conversations", recording(received, "tab 2"))
        await server.broadcast("conversations", "message_created", {"message_id": "m-9"})
        got = sorted([await asyncio.wait_for(received.get(), 5) for _ in range(2)])

        assert got == [
            ("tab 1", "conversations", {"message_id": "m-9"}),
            ("tab 2", "conversations", {"message_id": "m-9"}),
        ]
        (path,) = server.paths
        assert path.startswith("/realtime/v1/websocket?")
        assert f"apikey={ANON_KEY}" in path
        (join,) = server.sent("phx_join")
        assert join["topic"] == "realtime:conversations"
        assert join["payload"]["config"]["private"] is False

        await first.unsubscribe()
        assert server.sent("phx_leave") == []
        await second.unsubscribe()
        await asyncio.sleep(0.1)
        assert [frame["topic"] for frame in server.sent("phx_leave")] == ["realtime:conversations"]


async def test_a_refused_join_is_unreachable() -> None:
    async with gateway_on(FakeRealtime(join_status="error")) as gateway:
        with pytest.raises(RelaisError) as refused:
            await gateway.subscribe("conversations", _ignore)

    assert refused.value.code is ErrorCode.UNREACHABLE


async def _ignore(_topic: str, _payload: Mapping[str, Any]) -> None:
    return None
