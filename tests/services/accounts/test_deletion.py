"""Deleting one's own account: refusals change nothing; nobody can delete someone else.

What the deletion removes and keeps across every table is the probe's
(tests/db/test_account_deletion_probe.py); here, who may do it and how.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import psycopg
import pytest

from services.accounts import auth, deletion, profiles
from services.care_circle import sharing
from services.care_circle.sharing import CircleAccess
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.peer_support import messaging
from tests.circle_factories import join_circle
from tests.factories import PASSWORD, make_coordinator, make_user
from tests.peer_factories import Pair, make_pair


def as_owner(conninfo: str, query: str, params: Any = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        cursor = conn.execute(query.encode(), params)
        return cursor.fetchall() if cursor.description else []


def as_role(conninfo: str, role: str, sub: uuid.UUID | None, query: str, params: Any) -> None:
    """Run `query` the way PostgREST would for this role and identity."""
    claims = json.dumps({"sub": str(sub), "role": role} if sub else {"role": role})
    with psycopg.connect(conninfo) as conn, conn.transaction():
        conn.execute(
            "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
            [role, claims],
        )
        conn.execute(query.encode(), params)


def account_exists(conninfo: str, person: AuthSession) -> bool:
    return bool(as_owner(conninfo, "select 1 from auth.users where id = %s", [person.user_id]))


@pytest.fixture
async def pair(gateway: LocalGateway, conninfo: str) -> Pair:
    made = await make_pair(gateway, await make_coordinator(gateway, conninfo))
    await messaging.send_message(
        gateway,
        made.requester,
        message_id=uuid.uuid4(),
        conversation_id=made.conversation_id,
        body="Bonjour",
    )
    return made


async def assert_untouched(gateway: LocalGateway, conninfo: str, pair: Pair) -> None:
    assert account_exists(conninfo, pair.requester)
    history = await messaging.list_history(gateway, pair.peer, conversation_id=pair.conversation_id)
    assert [m.body for m in history] == ["Bonjour"]
    [summary] = await messaging.list_conversations(gateway, pair.peer)
    assert summary.is_open and summary.partner_name == "Person asking"
    # Still able to sign in with the same password.
    await auth.sign_in(gateway, email=pair.requester.email, password=PASSWORD)


# -- what works -------------------------------------------------------------------
async def test_the_person_deletes_their_account_and_can_no_longer_sign_in(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    await deletion.delete_my_account(
        gateway, pair.requester, password=PASSWORD, confirmation=" DELETE "
    )
    assert not account_exists(conninfo, pair.requester)
    with pytest.raises(RelaisError) as refused:
        await auth.sign_in(gateway, email=pair.requester.email, password=PASSWORD)
    assert refused.value.code is ErrorCode.INVALID_CREDENTIALS
    with pytest.raises(RelaisError):
        await auth.restore_session(gateway, refresh_token=pair.requester.refresh_token)
    [summary] = await messaging.list_conversations(gateway, pair.peer)
    assert (summary.is_open, summary.partner_name) == (False, None)
    # The same e-mail may make a new, empty account later.
    again = await make_user(gateway, email=pair.requester.email)
    assert (await profiles.get_my_profile(gateway, again)).id != pair.requester.user_id


# -- refusals that change nothing ---------------------------------------------------
@pytest.mark.parametrize(
    ("password", "confirmation", "code", "field"),
    [
        ("not my password", "SUPPRIMER", ErrorCode.INVALID_CREDENTIALS, "password"),
        ("", "SUPPRIMER", ErrorCode.INVALID_CREDENTIALS, "password"),
        (PASSWORD, "supprimer", ErrorCode.INVALID_INPUT, "confirmation"),
        (PASSWORD, "", ErrorCode.INVALID_INPUT, "confirmation"),
        (PASSWORD, "OUI", ErrorCode.INVALID_INPUT, "confirmation"),
    ],
)
async def test_a_wrong_password_or_word_changes_nothing(
    gateway: LocalGateway,
    conninfo: str,
    pair: Pair,
    password: str,
    confirmation: str,
    code: ErrorCode,
    field: str,
) -> None:
    with pytest.raises(RelaisError) as refused:
        await deletion.delete_my_account(
            gateway, pair.requester, password=password, confirmation=confirmation
        )
    assert (refused.value.code, refused.value.field) == (code, field)
    await assert_untouched(gateway, conninfo, pair)


async def test_the_database_checks_the_word_itself(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    # Past the service's pre-check, straight to the function.
    with pytest.raises(RelaisError) as refused:
        await gateway.rpc(pair.requester, "delete_my_account", {"confirmation": "yes"})
    assert refused.value.code is ErrorCode.INVALID_INPUT
    await assert_untouched(gateway, conninfo, pair)


async def test_without_a_session_nothing_is_deleted(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    with pytest.raises(RelaisError) as refused:
        await deletion.delete_my_account(gateway, None, password=PASSWORD, confirmation="DELETE")
    assert refused.value.code is ErrorCode.SESSION_EXPIRED
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(conninfo, "anon", None, "select public.delete_my_account(%s)", ["DELETE"])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(conninfo, "authenticated", None, "select public.delete_my_account(%s)", ["DELETE"])
    await assert_untouched(gateway, conninfo, pair)


# -- nobody deletes someone else ------------------------------------------------------
async def test_nobody_can_delete_someone_else(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    intruder = await make_user(gateway, display_name="Intruder")
    # The victim's password with the intruder's session: checked against the intruder.
    with pytest.raises(RelaisError) as refused:
        await gateway.delete_account(intruder, password=PASSWORD + "x", confirmation="DELETE")
    assert refused.value.code is ErrorCode.INVALID_CREDENTIALS
    # The one-path function that takes an id is the server's, not the API's.
    for role in ("authenticated", "anon"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            as_role(
                conninfo,
                role,
                intruder.user_id,
                "select private.delete_account(%s)",
                [pair.requester.user_id],
            )
    # public.delete_my_account takes no id: it deletes the caller, here the intruder only.
    await gateway.rpc(intruder, "delete_my_account", {"confirmation": "DELETE"})
    assert not account_exists(conninfo, intruder)
    await assert_untouched(gateway, conninfo, pair)


async def test_removing_a_profile_any_other_way_cannot_orphan_their_words(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    # An administrator's hand-written DELETE would leave messages with no author but
    # with their text: the schema refuses, so private.delete_account stays the one path.
    with pytest.raises(psycopg.errors.CheckViolation):
        as_owner(conninfo, "delete from auth.users where id = %s", [pair.requester.user_id])
    await assert_untouched(gateway, conninfo, pair)


async def test_guessing_the_password_is_throttled_like_a_sign_in(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    codes = []
    for _ in range(6):
        with pytest.raises(RelaisError) as refused:
            await deletion.delete_my_account(
                gateway, pair.requester, password="guess", confirmation="DELETE"
            )
        codes.append(refused.value.code)
    assert codes[-1] is ErrorCode.TOO_MANY_ATTEMPTS
    assert account_exists(conninfo, pair.requester)


async def test_a_deleted_survivors_diary_is_no_longer_shared_with_their_family(
    gateway: LocalGateway,
) -> None:
    survivor = await make_user(gateway, role="survivor", display_name="Survivante")
    caregiver = await make_user(gateway, role="caregiver", display_name="Aidant")
    await join_circle(gateway, survivor, caregiver, access=CircleAccess.READER)
    assert await sharing.my_access_to(gateway, caregiver, survivor_id=survivor.user_id) == "reader"

    await deletion.delete_my_account(gateway, survivor, password=PASSWORD, confirmation="DELETE")

    assert await sharing.my_access_to(gateway, caregiver, survivor_id=survivor.user_id) is None
    assert await sharing.list_shared_with_me(gateway, caregiver) == []
