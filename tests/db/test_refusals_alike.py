"""Someone else's id and an id that does not exist get the same answer (issue 13, item 11).

Table-driven: each row is a function or table a client can reach through
PostgREST with an id in it, and who calls it. The call is made twice, as that
caller, once with a real id belonging to other people and once with a random
uuid; the two answers (SQLSTATE, message and hint of the refusal, or the rows
returned) must be identical, or the caller could tell which ids exist.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg
import pytest

from services.diary import journal as diary
from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.peer_support import matches as peer_support
from services.peer_support import messaging, safety
from services.peer_support.message_models import ReportReason
from tests.db.as_postgrest import as_owner, as_user
from tests.factories import make_coordinator, make_user
from tests.peer_factories import Pair, make_pair, make_requester, make_vetted_peer


@dataclass
class Others:
    """Real ids that belong to other people than the caller."""

    pair: Pair
    proposal: UUID  # a match still proposed
    open_request: UUID
    message: UUID  # the requester's, in the pair's conversation
    entry: UUID  # a diary entry of the requester's, not shared
    report: UUID
    alert: UUID
    orphan_match: UUID  # its peer deleted their account
    orphan_conversation: UUID  # that match's conversation

    def ids(self) -> dict[str, UUID]:
        return {
            "match": self.pair.match.id,
            "proposal": self.proposal,
            "orphan_match": self.orphan_match,
            "orphan_conversation": self.orphan_conversation,
            "request": self.open_request,
            "conversation": self.pair.conversation_id,
            "message": self.message,
            "entry": self.entry,
            "report": self.report,
            "alert": self.alert,
            "person": self.pair.peer.user_id,
        }


# (what is probed, the statement with {id} standing for the id, who calls it)
ROWS: list[tuple[str, str, str]] = [
    ("match", "select public.respond_to_match({id}, true)", "stranger"),
    ("match", "select public.respond_to_match({id}, false)", "coordinator"),
    ("proposal", "select public.respond_to_match({id}, true)", "stranger"),
    ("orphan_match", "select public.respond_to_match({id}, true)", "stranger"),
    ("match", "select public.end_match({id})", "stranger"),
    ("match", "select public.end_match({id}, 'Bye')", "stranger"),
    ("proposal", "select public.end_match({id})", "stranger"),
    ("orphan_match", "select public.end_match({id})", "stranger"),
    ("match", "select public.block_match_partner({id})", "stranger"),
    ("orphan_match", "select public.block_match_partner({id})", "stranger"),
    ("request", "select public.withdraw_support_request({id})", "stranger"),
    ("conversation", "select public.send_message(gen_random_uuid(), {id}, 'Hi')", "stranger"),
    (
        "orphan_conversation",
        "select public.send_message(gen_random_uuid(), {id}, 'Hi')",
        "stranger",
    ),
    (
        "conversation",
        "insert into public.messages (id, conversation_id, body)"
        " values (gen_random_uuid(), {id}, 'Hi')",
        "stranger",
    ),
    ("conversation", "select * from public.list_messages({id})", "stranger"),
    ("conversation", "select * from public.list_messages_after({id}, 0)", "stranger"),
    ("conversation", "select public.mark_conversation_read({id}, 1)", "stranger"),
    ("conversation", "select public.mark_conversation_read({id}, 0)", "stranger"),
    (
        "conversation",
        "insert into public.conversation_reads (conversation_id, last_read_seq) values ({id}, 1)",
        "stranger",
    ),
    ("message", "select public.report_message({id}, 'other')", "stranger"),
    ("message", "select public.raise_crisis_alert({id}, 'suicidal_thoughts')", "stranger"),
    ("message", "select * from public.messages where id = {id}", "coordinator"),
    ("entry", "select public.add_diary_comment(gen_random_uuid(), {id}, 'Bravo')", "stranger"),
    ("entry", "select public.add_diary_reaction({id}, 'heart')", "stranger"),
    ("entry", "select * from public.list_diary_comments({id})", "stranger"),
    ("entry", "select public.add_diary_reaction({id}, 'heart')", "peer"),  # a peer, not shared
    # Coordinators' functions, called by someone who is not one.
    ("request", "select public.propose_match({id}, {id})", "stranger"),
    ("person", "select public.approve_peer({id}, '2026-01-15')", "stranger"),
    ("person", "select public.suspend_peer({id}, 'Paused')", "stranger"),
    ("person", "select public.decline_peer_application({id}, 'No')", "stranger"),
    ("person", "select public.issue_recovery_code({id})", "stranger"),
    ("report", "select public.resolve_report({id})", "stranger"),
    ("alert", "select public.acknowledge_crisis_alert({id})", "stranger"),
]


def _answer(conninfo: str, caller: UUID, statement: str, value: UUID) -> tuple[Any, ...]:
    """The refusal as a client sees it, or the rows returned; never both."""
    try:
        rows = as_user(conninfo, caller, statement.replace("{id}", "%(id)s"), {"id": value})
    except psycopg.Error as error:
        diag = error.diag
        return (
            "refused",
            error.sqlstate,
            diag.message_primary,
            diag.message_hint,
            diag.message_detail,
        )
    return ("rows", rows)


@pytest.fixture(scope="module")
async def others(gateway: LocalGateway, conninfo: str) -> Others:
    coordinator = await make_coordinator(gateway, conninfo)
    pair = await make_pair(gateway, coordinator)
    requester = pair.requester
    said = await messaging.send_message(
        gateway, requester, message_id=uuid.uuid4(), conversation_id=pair.conversation_id, body="Hi"
    )
    answer = await messaging.send_message(
        gateway,
        pair.peer,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Hello",
    )
    report = await safety.report_message(
        gateway, requester, message_id=answer.id, reason=ReportReason.OTHER
    )
    alert = as_user(
        conninfo,
        requester.user_id,
        "select public.raise_crisis_alert(%s, 'suicidal_thoughts')",
        [said.id],
    )[0][0]
    entry = await diary.add_entry(
        gateway, requester, survivor_id=requester.user_id, body="Mine", entry_date=dt.date.today()
    )
    waiting, request_id = await make_requester(gateway)
    proposal = await peer_support.propose_match(
        gateway, coordinator, request_id=request_id, peer_id=await _peer(gateway, coordinator)
    )
    _, open_request = await make_requester(gateway)
    orphan = await make_pair(gateway, coordinator)
    as_owner(conninfo, "select private.delete_account(%s)", [orphan.peer.user_id])
    del waiting
    return Others(
        pair,
        proposal.id,
        open_request,
        said.id,
        entry.id,
        report.id,
        UUID(str(alert)),
        orphan.match.id,
        orphan.conversation_id,
    )


async def _peer(gateway: LocalGateway, coordinator: AuthSession) -> UUID:
    return (await make_vetted_peer(gateway, coordinator)).user_id


@pytest.fixture(scope="module")
async def callers(gateway: LocalGateway, conninfo: str) -> dict[str, UUID]:
    coordinator = await make_coordinator(gateway, conninfo)
    return {
        "stranger": (await make_user(gateway)).user_id,
        "coordinator": coordinator.user_id,
        "peer": (await make_vetted_peer(gateway, coordinator)).user_id,
    }


@pytest.mark.parametrize(
    ("kind", "statement", "caller"), ROWS, ids=[f"{r[0]}:{r[1]}:{r[2]}" for r in ROWS]
)
async def test_someone_elses_id_reads_like_an_unknown_one(
    conninfo: str, others: Others, callers: dict[str, UUID], kind: str, statement: str, caller: str
) -> None:
    real = _answer(conninfo, callers[caller], statement, others.ids()[kind])
    unknown = _answer(conninfo, callers[caller], statement, uuid.uuid4())
    assert real == unknown
    # Nothing of anyone else's is ever handed back.
    assert real[0] == "refused" or real == ("rows", [])
