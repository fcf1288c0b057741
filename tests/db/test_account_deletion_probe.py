"""Deleting an account leaves no row that names the person (issue 12 §4).

Two people with data in every table that can hold their rows are deleted
through the real path; then, as the database owner, every uuid, text and JSON
column of every table in public, private and auth is searched for their ids
and e-mails. The tables come from the catalogue, not from a hand list: a table
added later with a column referencing auth.users or profiles makes this test
fail until the probe feeds it (and the deletion handles it) or it is listed in
NOT_FED with the reason.

What stays, anonymised (see 20261207130000_account_deletion.sql): the partner's
conversation with the deleted person's messages erased, reports made by or
about them, and crisis alerts their app raised about someone else's message.
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg.rows import dict_row

from services.accounts import auth, deletion
from services.care_circle import invitations, sharing
from services.care_circle.sharing import CircleAccess
from services.diary import feedback, journal
from services.diary.models import GoalCategory, ReactionKind
from services.errors import RelaisError
from services.guide import progress
from services.guide.content import load_catalogue
from services.local.gateway import LocalGateway
from services.local.guide_catalogue import sync_guide_catalogue
from services.models import AuthSession
from services.notifications import preferences
from services.notifications.models import PushSubscriptionIn
from services.peer_support import matches as peer_support
from services.peer_support import messaging, safety
from services.peer_support.message_models import CrisisCategory, MessageKind
from tests.factories import PASSWORD, make_coordinator, make_user
from tests.peer_factories import make_pair, make_vetted_peer

# Tables that reference a person but that a survivor or peer cannot fill. Empty
# today: every such table is fed below.
NOT_FED: dict[str, str] = {}


def owner_rows(conninfo: str, query: str, params: Any = ()) -> list[dict[str, Any]]:
    with (
        psycopg.connect(conninfo, autocommit=True) as conn,
        conn.cursor(row_factory=dict_row) as cur,
    ):
        cur.execute(query.encode(), params)
        return cur.fetchall() if cur.description else []


def tables_referencing_people(conninfo: str) -> set[str]:
    rows = owner_rows(
        conninfo,
        "select distinct n.nspname || '.' || c.relname as name from pg_constraint k"
        " join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace"
        " where k.contype = 'f'"
        " and k.confrelid in ('auth.users'::regclass, 'public.profiles'::regclass)",
    )
    return {row["name"] for row in rows} | {"auth.users", "public.profiles"}


def rows_naming(conninfo: str, people: list[AuthSession]) -> dict[str, int]:
    """Table → rows holding any of the people's ids (as uuid or inside text/JSON) or e-mails."""
    columns = owner_rows(
        conninfo,
        "select n.nspname as schema, c.relname as tab, a.attname as col, t.typname as type"
        " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped"
        " join pg_type t on t.oid = a.atttypid"
        " where c.relkind in ('r', 'p') and n.nspname in ('public', 'private', 'auth')"
        " and t.typname in ('uuid', 'text', 'varchar', 'citext', 'json', 'jsonb')",
    )
    ids = [str(p.user_id) for p in people]
    needles = ids + [p.email.lower() for p in people]
    # Names come from the catalogue (quoted), values are query parameters.
    tests: dict[str, list[str]] = {}
    for column in columns:
        name = f'"{column["schema"]}"."{column["tab"]}"'
        quoted = '"' + column["col"].replace('"', '""') + '"'
        if column["type"] == "uuid":
            test = f"{quoted} = any(%(ids)s::uuid[])"
        else:
            test = (
                f"exists (select 1 from unnest(%(needles)s::text[]) n"  # noqa: S608
                f" where position(n in lower({quoted}::text)) > 0)"
            )
        tests.setdefault(name, []).append(test)
    found: dict[str, int] = {}
    for name, conditions in tests.items():
        query = f"select count(*) as n from {name} where {' or '.join(conditions)}"  # noqa: S608
        count = owner_rows(conninfo, query, {"ids": ids, "needles": needles})[0]["n"]
        if count:
            found[name.replace('"', "")] = count
    return found


async def fill_every_table(gateway: LocalGateway, conninfo: str) -> dict[str, Any]:
    """A survivor and a peer with rows everywhere; a second peer who stays."""
    coordinator = await make_coordinator(gateway, conninfo)
    first = await make_pair(gateway, coordinator)
    survivor, leaving_peer = first.requester, first.peer
    await say(gateway, survivor, first.conversation_id, "Bonjour")
    await say(gateway, leaving_peer, first.conversation_id, "Bonjour à vous")
    await peer_support.block_partner(gateway, survivor, match_id=first.match.id)

    staying_peer = await make_vetted_peer(gateway, coordinator)
    request = await peer_support.request_peer(
        gateway, survivor, topics=["emotional_support"], language="fr"
    )
    match = await peer_support.propose_match(
        gateway, coordinator, request_id=request.id, peer_id=staying_peer.user_id
    )
    for person in (survivor, staying_peer):
        await peer_support.respond_to_match(gateway, person, match_id=match.id, accept=True)
    conversation = next(
        m.conversation_id
        for m in await peer_support.list_my_matches(gateway, staying_peer)
        if m.match_id == match.id
    )
    assert conversation is not None
    theirs = await say(gateway, survivor, conversation, "Je suis très fatigué")
    kept = await say(gateway, staying_peer, conversation, "Courage, je suis là")
    await messaging.mark_read(gateway, survivor, conversation_id=conversation, up_to_seq=2)
    report_by_survivor = await safety.report_message(
        gateway, survivor, message_id=kept.id, reason="upsetting"
    )
    report_about_survivor = await safety.report_message(
        gateway, staying_peer, message_id=theirs.id, reason="other"
    )
    alert_by_survivor = await safety.raise_crisis_alert(
        gateway, survivor, message_id=kept.id, category=CrisisCategory.SUICIDAL_THOUGHTS
    )
    await safety.raise_crisis_alert(
        gateway, staying_peer, message_id=theirs.id, category=CrisisCategory.SUICIDAL_THOUGHTS
    )

    caregiver = await make_user(gateway, role="caregiver", display_name="Aidant")
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.EDITOR)
    await sharing.redeem_invite(gateway, caregiver, code=invite.code)
    with pytest.raises(RelaisError):
        await sharing.redeem_invite(gateway, survivor, code="NOT-A-CODE")
    # A waiting e-mail invitation to the peer who leaves too (hidden from them: a block).
    await invitations.invite_by_email(
        gateway, survivor, email=leaving_peer.email, access=CircleAccess.READER
    )
    sid = survivor.user_id
    goal = await journal.create_goal(
        gateway, survivor, survivor_id=sid, title="Marcher", category=GoalCategory.MOBILITY
    )
    entry = await journal.add_entry(
        gateway, survivor, survivor_id=sid, goal_id=goal.id, body="Dix minutes", mood=4
    )
    await journal.add_entry(gateway, caregiver, survivor_id=sid, body="Belle journée", mood=5)
    await feedback.add_comment(gateway, survivor, survivor_id=sid, entry_id=entry.id, body="Fier")
    await feedback.add_comment(gateway, caregiver, survivor_id=sid, entry_id=entry.id, body="Bravo")
    await feedback.react(
        gateway, survivor, survivor_id=sid, entry_id=entry.id, kind=ReactionKind.HEART
    )
    await journal.share_with_matched_peer(gateway, survivor, enabled=True)
    sync_guide_catalogue(conninfo, load_catalogue())  # what a started server registers
    await progress.set_step(
        gateway, survivor, owner_id=sid, procedure_id="cmi", step_id="ask", done=True
    )
    await gateway.rpc(survivor, "set_quiet_hours", {"starts_at": "22:00", "ends_at": "07:00"})
    current = await preferences.get_notification_settings(gateway, survivor)
    await preferences.save_notification_settings(
        gateway, survivor, current.model_copy(update={"email_digest": True})
    )
    await preferences.save_push_subscription(
        gateway,
        survivor,
        PushSubscriptionIn(
            endpoint=f"https://fcm.googleapis.com/fcm/send/{uuid.uuid4().hex}",
            p256dh="B" + "A" * 86,
            auth="A" * 22,
            device_label="Téléphone",
        ),
    )
    await gateway.rpc(coordinator, "issue_recovery_code", {"p_person": str(sid)})
    with pytest.raises(RelaisError):
        await auth.sign_in(gateway, email=survivor.email, password="not the password")
    owner_rows(conninfo, "select private.record_inactivity_warning(%s)", [sid])
    return {
        "survivor": survivor,
        "leaving_peer": leaving_peer,
        "staying_peer": staying_peer,
        "first_match": first.match.id,
        "match": match.id,
        "conversation": conversation,
        "report_by_survivor": report_by_survivor.id,
        "report_about_survivor": report_about_survivor.id,
        "alert_by_survivor": alert_by_survivor,
    }


async def say(gateway: LocalGateway, who: AuthSession, conversation: UUID, body: str) -> Any:
    return await messaging.send_message(
        gateway, who, message_id=uuid.uuid4(), conversation_id=conversation, body=body
    )


async def test_deleted_people_are_named_nowhere_but_what_others_need_stays(
    gateway: LocalGateway, conninfo: str
) -> None:
    world = await fill_every_table(gateway, conninfo)
    leaving = [world["survivor"], world["leaving_peer"]]

    before = rows_naming(conninfo, leaving)
    unfed = tables_referencing_people(conninfo) - set(before) - set(NOT_FED)
    assert not unfed, f"feed these tables in the probe (and handle them in deletion): {unfed}"
    assert "private.invite_redemption_failures" in before

    await deletion.delete_my_account(
        gateway, world["survivor"], password=PASSWORD, confirmation="SUPPRIMER"
    )
    await deletion.delete_my_account(
        gateway, world["leaving_peer"], password=PASSWORD, confirmation="DELETE"
    )

    assert rows_naming(conninfo, leaving) == {}
    check_what_stays(conninfo, world)
    await check_what_the_partner_sees(gateway, world)


def check_what_stays(conninfo: str, world: dict[str, Any]) -> None:
    # The match whose two people both left is gone; the other ended, neutrally.
    assert not owner_rows(
        conninfo, "select 1 from public.matches where id = %s", [world["first_match"]]
    )
    [match] = owner_rows(conninfo, "select * from public.matches where id = %s", [world["match"]])
    assert (match["status"], match["end_reason"], match["requester_id"]) == (
        "ended", "account_deleted", None,
    )  # fmt: skip
    assert owner_rows(
        conninfo,
        "select 1 from private.notification_outbox where recipient_id = %s and event_key = %s",
        [world["staying_peer"].user_id, f"match:{world['match']}:ended"],
    ), "the partner is told the match ended"
    [made] = owner_rows(
        conninfo,
        "select * from public.message_reports where id = %s",
        [world["report_by_survivor"]],
    )
    assert made["reporter_id"] is None
    assert [("body" in e, e["from_reporter"]) for e in made["excerpt"]] == [
        (False, True),
        (True, False),
    ]
    [about] = owner_rows(
        conninfo,
        "select * from public.message_reports where id = %s",
        [world["report_about_survivor"]],
    )
    assert about["reported_user_id"] is None and about["reporter_id"] is not None
    assert [("body" in e, e["from_reporter"]) for e in about["excerpt"]] == [
        (False, False),
        (True, True),
    ]
    alerts = owner_rows(
        conninfo,
        "select a.id, a.raised_by from public.crisis_alerts a"
        " join public.messages m on m.id = a.message_id where m.conversation_id = %s",
        [world["conversation"]],
    )
    assert alerts == [{"id": world["alert_by_survivor"], "raised_by": None}]


async def check_what_the_partner_sees(gateway: LocalGateway, world: dict[str, Any]) -> None:
    peer = world["staying_peer"]
    history = await messaging.list_history(gateway, peer, conversation_id=world["conversation"])
    assert [(m.kind, m.body, m.sender_id) for m in sorted(history, key=lambda m: m.seq)] == [
        (MessageKind.ERASED, "", None),
        (MessageKind.TEXT, "Courage, je suis là", peer.user_id),
    ]
    [summary] = [
        c
        for c in await messaging.list_conversations(gateway, peer)
        if c.conversation_id == world["conversation"]
    ]
    assert (summary.partner_id, summary.partner_name, summary.is_open) == (None, None, False)
    with pytest.raises(RelaisError):
        await auth.sign_in(gateway, email=world["survivor"].email, password=PASSWORD)
