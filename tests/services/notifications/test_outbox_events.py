"""Each event writes its outbox rows in its own transaction, for the right people only."""

from __future__ import annotations

import uuid

import psycopg

from services.care_circle.sharing import CircleAccess
from services.diary import feedback as diary_feedback
from services.diary import journal as diary
from services.diary.models import ReactionKind
from services.local.data_api import become_user
from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.peer_support import matches as peer_support
from services.peer_support import messaging, safety
from services.peer_support.message_models import ReportReason
from tests.circle_factories import join_circle
from tests.factories import make_user
from tests.peer_factories import Pair, make_applicant, make_requester, make_vetted_peer
from tests.services.notifications.support import (
    CRISIS_WORDS,
    coordinators,
    db,
    outbox_by_event,
    outbox_of,
)


async def test_a_message_row_lives_and_dies_with_the_message_transaction(
    conninfo: str, pair: Pair
) -> None:
    message_id = uuid.uuid4()
    event_key = f"message:{message_id}"
    async with await psycopg.AsyncConnection.connect(conninfo) as conn:
        # What LocalGateway does per call, kept open so we can look before deciding.
        await become_user(conn, pair.requester)
        await conn.execute(
            "select public.send_message(%s, %s, %s)",
            (message_id, pair.conversation_id, "Un message qui sera annulé"),
        )
        await conn.execute("reset role")
        cursor = await conn.execute(
            "select recipient_id from private.notification_outbox where event_key = %s",
            (event_key,),
        )
        inside = [row[0] for row in await cursor.fetchall()]
        # Another connection sees nothing before the commit.
        outside_before = outbox_by_event(conninfo, event_key)
        await conn.rollback()
    assert inside == [pair.peer.user_id]
    assert outside_before == {}
    assert outbox_by_event(conninfo, event_key) == {}
    assert db(conninfo, "select 1 from public.messages where id = %s", (message_id,)) == []


async def test_a_sent_message_queues_one_row_for_the_other_member_only(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    sent = await messaging.send_message(
        gateway,
        pair.requester,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Bonjour, comment allez-vous ?",
    )
    rows = outbox_by_event(conninfo, f"message:{sent.id}")
    assert set(rows) == {pair.peer.user_id}
    row = rows[pair.peer.user_id]
    assert row["kind"] == "message"
    assert row["actor_id"] == pair.requester.user_id
    assert row["target"] == f"/home/messages/{pair.conversation_id}"
    assert row["sent_at"] is None and row["due_at"] <= row["created_at"]

    answer = await messaging.send_message(
        gateway,
        pair.peer,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Très bien, merci",
    )
    assert set(outbox_by_event(conninfo, f"message:{answer.id}")) == {pair.requester.user_id}


async def test_the_life_of_a_match_reaches_whoever_did_not_act(
    gateway: LocalGateway, conninfo: str, coordinator: AuthSession
) -> None:
    peer = await make_vetted_peer(gateway, coordinator)
    requester, request_id = await make_requester(gateway)
    match = await peer_support.propose_match(
        gateway, coordinator, request_id=request_id, peer_id=peer.user_id
    )
    proposed = outbox_by_event(conninfo, f"match:{match.id}:proposed")
    assert set(proposed) == {requester.user_id, peer.user_id}
    assert {row["kind"] for row in proposed.values()} == {"match"}

    await peer_support.respond_to_match(gateway, requester, match_id=match.id, accept=True)
    assert outbox_by_event(conninfo, f"match:{match.id}:active") == {}
    await peer_support.respond_to_match(gateway, peer, match_id=match.id, accept=True)
    active = outbox_by_event(conninfo, f"match:{match.id}:active")
    assert set(active) == {requester.user_id}
    [mine] = await peer_support.list_my_matches(gateway, requester)
    # A tap on "your match is on" opens the new conversation.
    assert active[requester.user_id]["target"] == f"/home/messages/{mine.conversation_id}"

    await peer_support.end_match(gateway, requester, match_id=match.id, goodbye="Merci pour tout")
    ended = outbox_by_event(conninfo, f"match:{match.id}:ended")
    assert set(ended) == {peer.user_id}
    assert ended[peer.user_id]["target"] == f"/home/messages/{mine.conversation_id}"
    # The goodbye is announced by the match change, not as a message too.
    assert [row["kind"] for row in outbox_of(conninfo, peer) if row["kind"] == "message"] == []


async def test_a_declined_proposal_reaches_the_other_side(
    gateway: LocalGateway, conninfo: str, coordinator: AuthSession
) -> None:
    peer = await make_vetted_peer(gateway, coordinator)
    requester, request_id = await make_requester(gateway)
    match = await peer_support.propose_match(
        gateway, coordinator, request_id=request_id, peer_id=peer.user_id
    )
    await peer_support.respond_to_match(gateway, peer, match_id=match.id, accept=False)
    assert set(outbox_by_event(conninfo, f"match:{match.id}:declined")) == {requester.user_id}


async def test_diary_comments_and_reactions_reach_the_survivor_only(
    gateway: LocalGateway, conninfo: str
) -> None:
    survivor = await make_user(gateway, role="survivor", display_name="Survivor")
    reader = await make_user(gateway, role="caregiver", display_name="Daughter")
    editor = await make_user(gateway, role="caregiver", display_name="Son")
    await join_circle(gateway, survivor, reader, access=CircleAccess.READER)
    await join_circle(gateway, survivor, editor, access=CircleAccess.EDITOR)
    entry = await diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, mood=4)

    comment = await diary_feedback.add_comment(
        gateway, reader, survivor_id=survivor.user_id, entry_id=entry.id, body="Bravo papa"
    )
    await diary_feedback.react(
        gateway, editor, survivor_id=survivor.user_id, entry_id=entry.id, kind=ReactionKind.HEART
    )
    await diary_feedback.add_comment(
        gateway, survivor, survivor_id=survivor.user_id, entry_id=entry.id, body="Merci"
    )

    rows = outbox_of(conninfo, survivor)
    assert [(row["kind"], row["actor_id"]) for row in rows] == [
        ("diary", reader.user_id),
        ("diary", editor.user_id),
    ]
    assert rows[0]["event_key"] == f"comment:{comment.id}"
    target = f"/home/diary/d/{survivor.user_id}/entry/{entry.id}"
    assert {row["target"] for row in rows} == {target}
    assert outbox_of(conninfo, reader) == [] and outbox_of(conninfo, editor) == []


async def test_coordination_work_reaches_every_coordinator_and_not_the_actor(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    applicant = await make_applicant(gateway)
    [application] = db(
        conninfo, "select submitted_at from public.peer_applications where peer_id = %s",
        (applicant.user_id,),
    )  # fmt: skip
    epoch = application["submitted_at"].timestamp()
    requester, request_id = await make_requester(gateway)
    answer = await messaging.send_message(
        gateway,
        pair.peer,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Un message déplacé",
    )
    report = await safety.report_message(
        gateway, pair.requester, message_id=answer.id, reason=ReportReason.OTHER
    )
    everyone = coordinators(conninfo, "coordination")
    assert pair.coordinator.user_id in everyone

    expected = {
        f"request:{request_id}": f"/home/coordination/requests/{request_id}",
        f"report:{report.id}": "/home/coordination/safety",
    }
    for event_key, target in expected.items():
        rows = outbox_by_event(conninfo, event_key)
        assert set(rows) == everyone, event_key
        assert {(row["kind"], row["target"]) for row in rows.values()} == {("coordination", target)}
    [application_rows] = [
        rows
        for key, rows in _events_starting(conninfo, f"application:{applicant.user_id}:").items()
        if abs(float(key.rsplit(":", 1)[1]) - epoch) < 1
    ]
    assert set(application_rows) == everyone
    for person in (applicant, requester, pair.requester):
        assert [row for row in outbox_of(conninfo, person) if row["kind"] == "coordination"] == []


async def test_a_crisis_alert_reaches_coordinators_as_crisis(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    sent = await messaging.send_message(
        gateway,
        pair.requester,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body=CRISIS_WORDS,
    )
    [alert] = db(conninfo, "select id from public.crisis_alerts where message_id = %s", (sent.id,))
    rows = outbox_by_event(conninfo, f"crisis:{alert['id']}")
    assert set(rows) == coordinators(conninfo, "crisis")
    assert {(row["kind"], row["target"]) for row in rows.values()} == {
        ("crisis", "/home/coordination/safety")
    }
    assert pair.requester.user_id not in rows and pair.peer.user_id not in rows


async def test_an_event_queues_once_per_recipient(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    message_id = uuid.uuid4()
    for _ in range(2):  # a phone retrying the same message
        await messaging.send_message(
            gateway,
            pair.requester,
            message_id=message_id,
            conversation_id=pair.conversation_id,
            body="Envoyé deux fois",
        )
    assert len(outbox_by_event(conninfo, f"message:{message_id}")) == 1


def _events_starting(conninfo: str, prefix: str) -> dict[str, dict[object, object]]:
    rows = db(
        conninfo,
        "select event_key, recipient_id from private.notification_outbox where event_key like %s",
        (prefix + "%",),
    )
    grouped: dict[str, dict[object, object]] = {}
    for row in rows:
        grouped.setdefault(row["event_key"], {})[row["recipient_id"]] = row
    return grouped
