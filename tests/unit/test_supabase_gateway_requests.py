"""SupabaseGateway's requests and error handling, checked offline.

An `httpx.MockTransport` stands in for GoTrue and PostgREST: each test looks
at the requests the gateway really sent (path, query, headers, body) and
answers with bodies shaped like the real servers' answers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from uuid import uuid4

import httpx
import pytest

from services.errors import ErrorCode, RelaisError
from services.models import AuthSession, Locale, Role, SignUpForm
from services.supabase_gateway import SupabaseGateway
from tests.unit.supabase_fake import (
    ANON_KEY,
    URL,
    USER_A,
    USER_B,
    VERSIONED,
    FakeSupabase,
    access_token,
    body,
    gotrue_session,
    reply,
    sign_in_as,
)


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
