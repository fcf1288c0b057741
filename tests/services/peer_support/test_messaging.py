"""Messaging through the real services: each bad input refused with nothing stored."""

from __future__ import annotations

import uuid
from uuid import UUID

import psycopg
import pytest

from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.peer_support import matches as peer_support
from services.peer_support import messaging
from services.peer_support.message_models import MessageKind, QuickReply
from tests.factories import make_coordinator, make_user
from tests.peer_factories import Pair, make_pair


@pytest.fixture
async def pair(gateway: LocalGateway, conninfo: str) -> Pair:
    return await make_pair(gateway, await make_coordinator(gateway, conninfo))


def stored_count(conninfo: str, conversation_id: UUID) -> int:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "select count(*) from public.messages where conversation_id = %s", [conversation_id]
        ).fetchone()
    assert row is not None
    return int(row[0])


async def send(
    gateway: LocalGateway, who: AuthSession, conversation_id: UUID | str, body: str
) -> object:
    return await messaging.send_message(
        gateway, who, message_id=uuid.uuid4(), conversation_id=conversation_id, body=body
    )


async def test_both_members_exchange_messages_in_order(gateway: LocalGateway, pair: Pair) -> None:
    await send(gateway, pair.requester, pair.conversation_id, "Hello")
    await send(gateway, pair.peer, pair.conversation_id, "Hello, how are you?")
    history = await messaging.list_history(gateway, pair.peer, conversation_id=pair.conversation_id)
    assert [m.body for m in history] == ["Hello", "Hello, how are you?"]
    assert [m.seq for m in history] == [1, 2]
    assert history[0].sender_id == pair.requester.user_id


async def test_a_retried_send_is_stored_once(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    message_id = uuid.uuid4()
    first = await messaging.send_message(
        gateway,
        pair.requester,
        message_id=message_id,
        conversation_id=pair.conversation_id,
        body="Only once",
    )
    retry = await messaging.send_message(
        gateway,
        pair.requester,
        message_id=message_id,
        conversation_id=pair.conversation_id,
        body="Only once",
    )
    assert retry == first
    assert stored_count(conninfo, pair.conversation_id) == 1


async def test_a_quick_reply_keeps_its_key(gateway: LocalGateway, pair: Pair) -> None:
    sent = await messaging.send_message(
        gateway,
        pair.peer,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Yes",
        quick_reply=QuickReply.YES,
    )
    assert sent.kind is MessageKind.QUICK_REPLY and sent.quick_reply is QuickReply.YES


async def test_html_is_stored_and_returned_as_plain_text(gateway: LocalGateway, pair: Pair) -> None:
    body = '<script>alert("x")</script><b>bold</b>'
    await send(gateway, pair.requester, pair.conversation_id, body)
    [message] = await messaging.list_history(
        gateway, pair.peer, conversation_id=pair.conversation_id
    )
    assert message.body == body


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("", ErrorCode.EMPTY_ENTRY),
        ("   \n\t  ", ErrorCode.EMPTY_ENTRY),
        ("x" * 2001, ErrorCode.TEXT_TOO_LONG),
        ("bell\x07ring", ErrorCode.TEXT_CONTROL_CHARACTERS),
        ("escape\x1b[31m", ErrorCode.TEXT_CONTROL_CHARACTERS),
        ("nul\x00byte", ErrorCode.TEXT_CONTROL_CHARACTERS),
    ],
    ids=["empty", "whitespace", "too-long", "bell", "escape", "nul"],
)
async def test_bad_bodies_are_refused_and_nothing_is_stored(
    gateway: LocalGateway, conninfo: str, pair: Pair, body: str, code: ErrorCode
) -> None:
    with pytest.raises(RelaisError) as refused:
        await send(gateway, pair.requester, pair.conversation_id, body)
    assert refused.value.code is code and refused.value.field == "body"
    assert stored_count(conninfo, pair.conversation_id) == 0


async def test_the_database_refuses_a_control_character_the_app_let_through(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    # Bypass the service's pre-check: the database stays the gate.
    with pytest.raises(RelaisError) as refused:
        await gateway.rpc(
            pair.requester,
            "send_message",
            {
                "message_id": str(uuid.uuid4()),
                "conversation_id": str(pair.conversation_id),
                "body": "bell\x07",
            },
        )
    # The free-text rule's constraint names the refusal (issue 14, item 12).
    assert refused.value.code is ErrorCode.TEXT_CONTROL_CHARACTERS
    assert stored_count(conninfo, pair.conversation_id) == 0


async def test_exactly_two_thousand_characters_is_fine(gateway: LocalGateway, pair: Pair) -> None:
    await send(gateway, pair.requester, pair.conversation_id, "é" * 2000)


async def test_a_forged_conversation_id_is_refused(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    forged = uuid.uuid4()
    with pytest.raises(RelaisError) as refused:
        await send(gateway, pair.requester, forged, "Hello")
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert stored_count(conninfo, forged) == 0


async def test_writing_into_another_pairs_conversation_is_refused(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    stranger = await make_user(gateway, role="caregiver")
    with pytest.raises(RelaisError) as refused:
        await send(gateway, stranger, pair.conversation_id, "Let me in")
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert stored_count(conninfo, pair.conversation_id) == 0


@pytest.mark.parametrize("bad_id", ["not-an-id", "", "1234", "'; drop table messages; --"])
async def test_an_invalid_conversation_id_is_refused(
    gateway: LocalGateway, pair: Pair, bad_id: str
) -> None:
    with pytest.raises(RelaisError) as refused:
        await send(gateway, pair.requester, bad_id, "Hello")
    assert refused.value.code is ErrorCode.INVALID_INPUT
    assert refused.value.field == "conversation_id"


async def test_reusing_another_persons_message_id_is_refused(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    taken = await messaging.send_message(
        gateway,
        pair.peer,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Mine",
    )
    with pytest.raises(RelaisError) as refused:
        await messaging.send_message(
            gateway,
            pair.requester,
            message_id=taken.id,
            conversation_id=pair.conversation_id,
            body="Overwrite",
        )
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert stored_count(conninfo, pair.conversation_id) == 1


async def test_sending_after_the_match_ended_is_refused(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    await peer_support.end_match(gateway, pair.requester, match_id=pair.match.id)
    with pytest.raises(RelaisError) as refused:
        await send(gateway, pair.peer, pair.conversation_id, "Are you there?")
    assert refused.value.code is ErrorCode.CONVERSATION_CLOSED
    assert stored_count(conninfo, pair.conversation_id) == 0


async def test_more_than_thirty_messages_a_minute_is_slowed_down(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    for number in range(30):
        await send(gateway, pair.requester, pair.conversation_id, f"message {number}")
    with pytest.raises(RelaisError) as refused:
        await send(gateway, pair.requester, pair.conversation_id, "one too many")
    assert refused.value.code is ErrorCode.TOO_MANY_ATTEMPTS
    assert stored_count(conninfo, pair.conversation_id) == 30
    # The limit is per sender: the other person can still answer.
    await send(gateway, pair.peer, pair.conversation_id, "Slow down, I am reading")


async def test_older_messages_come_in_pages(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    with psycopg.connect(conninfo) as conn:
        # Seeded directly, as an hour of conversation: triggers (the rate limit) are off.
        conn.execute("set local session_replication_role = replica")
        conn.execute(
            "insert into public.messages (id, conversation_id, sender_id, seq, body, created_at)"
            " select gen_random_uuid(), %s, %s, n, 'm' || n, now() - interval '1 hour'"
            " from generate_series(1, 60) as n",
            [pair.conversation_id, pair.requester.user_id],
        )
    newest = await messaging.list_history(gateway, pair.peer, conversation_id=pair.conversation_id)
    assert [m.body for m in newest] == [f"m{n}" for n in range(11, 61)]
    older = await messaging.list_history(
        gateway, pair.peer, conversation_id=pair.conversation_id, before_seq=newest[0].seq
    )
    assert [m.body for m in older] == [f"m{n}" for n in range(1, 11)]


async def test_unread_counts_and_seen(gateway: LocalGateway, pair: Pair) -> None:
    for body in ("one", "two", "three"):
        await send(gateway, pair.requester, pair.conversation_id, body)
    [peer_view] = await messaging.list_conversations(gateway, pair.peer)
    assert peer_view.unread_count == 3 and peer_view.last_message_preview == "three"
    [own_view] = await messaging.list_conversations(gateway, pair.requester)
    assert own_view.unread_count == 0
    await messaging.mark_read(gateway, pair.peer, conversation_id=pair.conversation_id, up_to_seq=2)
    [peer_view] = await messaging.list_conversations(gateway, pair.peer)
    assert peer_view.unread_count == 1
    [own_view] = await messaging.list_conversations(gateway, pair.requester)
    assert own_view.partner_last_read_seq == 2
    # Reading never goes backwards, and never past the last message.
    await messaging.mark_read(gateway, pair.peer, conversation_id=pair.conversation_id, up_to_seq=1)
    await messaging.mark_read(
        gateway, pair.peer, conversation_id=pair.conversation_id, up_to_seq=999
    )
    [own_view] = await messaging.list_conversations(gateway, pair.requester)
    assert own_view.partner_last_read_seq == 3


async def test_a_stranger_cannot_mark_a_conversation_read(
    gateway: LocalGateway, pair: Pair
) -> None:
    stranger = await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await messaging.mark_read(
            gateway, stranger, conversation_id=pair.conversation_id, up_to_seq=1
        )
    assert refused.value.code is ErrorCode.FORBIDDEN
