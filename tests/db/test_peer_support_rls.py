"""Row-level security for peer support: every rule from the allowed and the refused side.

Table-driven: (actor, operation, expected); the operations are in
peer_support_operations.py. Rows that change the cast get a fresh cast of real
accounts made through the services: a requester and a peer matched with an
open conversation, a stranger, an approved peer who is not matched with
them, an applicant, and a coordinator.
"""

from __future__ import annotations

import uuid

import pytest

from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.peer_support import messaging, safety
from services.peer_support.message_models import ReportReason
from tests.db.peer_support_operations import (
    Cast,
    Operation,
    accept_a_proposal,
    approve_applicant,
    approve_oneself,
    block_partner,
    delete_message,
    edit_message,
    end_the_match,
    insert_a_goodbye,
    insert_as_someone_else,
    insert_directly,
    list_candidates,
    list_requests,
    propose,
    quiet_hours_of_requester,
    read_alerts,
    read_conversation,
    read_history,
    read_match,
    read_messages,
    read_peer_application,
    read_receipts,
    read_reports,
    read_request,
    read_requester_profile,
    report_their_message,
    safety_queue,
    send,
    suspend_peer,
)
from tests.factories import make_coordinator, make_user
from tests.peer_factories import make_applicant, make_pair, make_vetted_peer


async def new_cast(gateway: LocalGateway, conninfo: str) -> Cast:
    coordinator = await make_coordinator(gateway, conninfo)
    pair = await make_pair(gateway, coordinator)
    message = await messaging.send_message(
        gateway,
        pair.requester,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Hello",
    )
    answer = await messaging.send_message(
        gateway,
        pair.peer,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Hello to you",
    )
    report = await safety.report_message(
        gateway, pair.requester, message_id=answer.id, reason=ReportReason.OTHER
    )
    return Cast(
        pair=pair,
        stranger=await make_user(gateway, role="survivor", display_name="Stranger"),
        other_peer=await make_vetted_peer(gateway, coordinator),
        applicant=await make_applicant(gateway),
        message=message,
        report_id=str(report.id),
    )


@pytest.fixture(scope="module")
async def shared_cast(gateway: LocalGateway, conninfo: str) -> Cast:
    """For operations that change nothing another row depends on."""
    return await new_cast(gateway, conninfo)


ALLOWED = "allowed"
NO_ROWS = "no rows"  # RLS filters the rows out: the call succeeds and returns or changes nothing
DENIED = "denied"  # the database refuses with 42501

MATRIX: list[tuple[str, Operation, str]] = [
    ("requester", read_messages, ALLOWED),
    ("peer", read_messages, ALLOWED),
    ("stranger", read_messages, NO_ROWS),
    ("other_peer", read_messages, NO_ROWS),
    ("coordinator", read_messages, NO_ROWS),
    ("peer", read_history, ALLOWED),
    ("coordinator", read_history, NO_ROWS),
    ("requester", send, ALLOWED),
    ("peer", send, ALLOWED),
    ("stranger", send, DENIED),
    ("other_peer", send, DENIED),
    ("coordinator", send, DENIED),
    ("peer", insert_directly, ALLOWED),
    ("stranger", insert_directly, DENIED),
    ("requester", insert_as_someone_else, DENIED),
    ("requester", insert_a_goodbye, DENIED),
    ("requester", edit_message, DENIED),
    ("coordinator", edit_message, DENIED),
    ("requester", delete_message, DENIED),
    ("coordinator", delete_message, DENIED),
    ("peer", read_conversation, ALLOWED),
    ("stranger", read_conversation, NO_ROWS),
    ("coordinator", read_conversation, NO_ROWS),
    ("requester", read_receipts, ALLOWED),
    ("stranger", read_receipts, NO_ROWS),
    ("requester", read_requester_profile, ALLOWED),
    ("peer", read_requester_profile, NO_ROWS),
    ("other_peer", read_requester_profile, NO_ROWS),
    ("requester", read_request, ALLOWED),
    ("peer", read_request, NO_ROWS),
    ("coordinator", read_request, ALLOWED),
    ("stranger", read_request, NO_ROWS),
    ("requester", read_match, ALLOWED),
    ("peer", read_match, ALLOWED),
    ("other_peer", read_match, NO_ROWS),
    ("coordinator", read_match, ALLOWED),
    ("peer", read_peer_application, ALLOWED),
    ("requester", read_peer_application, NO_ROWS),
    ("other_peer", read_peer_application, NO_ROWS),
    ("coordinator", read_peer_application, ALLOWED),
    ("coordinator", approve_applicant, ALLOWED),
    ("peer", approve_applicant, DENIED),
    ("requester", approve_applicant, DENIED),
    ("applicant", approve_oneself, DENIED),
    ("coordinator", approve_oneself, DENIED),
    ("coordinator", suspend_peer, ALLOWED),
    ("peer", suspend_peer, DENIED),
    ("coordinator", list_requests, ALLOWED),
    ("peer", list_requests, DENIED),
    ("requester", list_requests, DENIED),
    ("coordinator", list_candidates, ALLOWED),
    ("peer", list_candidates, DENIED),
    ("requester", list_candidates, DENIED),
    ("coordinator", propose, ALLOWED),
    ("requester", propose, DENIED),
    ("peer", propose, DENIED),
    ("requester", end_the_match, ALLOWED),
    ("peer", end_the_match, ALLOWED),
    ("coordinator", end_the_match, ALLOWED),
    ("stranger", end_the_match, DENIED),
    ("other_peer", end_the_match, DENIED),
    ("other_peer", accept_a_proposal, ALLOWED),
    ("peer", accept_a_proposal, DENIED),
    ("requester", accept_a_proposal, DENIED),
    ("requester", read_reports, ALLOWED),
    ("coordinator", read_reports, ALLOWED),
    ("peer", read_reports, NO_ROWS),
    ("stranger", read_reports, NO_ROWS),
    ("coordinator", read_alerts, ALLOWED),
    ("requester", read_alerts, NO_ROWS),
    ("peer", read_alerts, NO_ROWS),
    ("coordinator", safety_queue, ALLOWED),
    ("requester", safety_queue, DENIED),
    ("peer", safety_queue, DENIED),
    ("peer", report_their_message, ALLOWED),
    ("stranger", report_their_message, DENIED),
    ("coordinator", report_their_message, DENIED),
    ("requester", block_partner, ALLOWED),
    ("stranger", block_partner, DENIED),
    ("coordinator", block_partner, DENIED),
    ("requester", quiet_hours_of_requester, ALLOWED),
    ("peer", quiet_hours_of_requester, NO_ROWS),
    ("coordinator", quiet_hours_of_requester, NO_ROWS),
]


# These end the match, suspend a peer or open a request: the next row needs a fresh cast.
CHANGES_THE_CAST = {end_the_match, block_partner, suspend_peer, propose, accept_a_proposal}


@pytest.mark.parametrize(
    ("actor", "operation", "expected"),
    MATRIX,
    ids=[f"{actor}-{op.__name__}-{expected}" for actor, op, expected in MATRIX],
)
async def test_peer_support_matrix(
    gateway: LocalGateway,
    conninfo: str,
    shared_cast: Cast,
    actor: str,
    operation: Operation,
    expected: str,
) -> None:
    cast = await new_cast(gateway, conninfo) if operation in CHANGES_THE_CAST else shared_cast
    before = await gateway.rpc(
        cast.pair.requester, "list_messages", {"conversation_id": str(cast.pair.conversation_id)}
    )
    if expected == DENIED:
        with pytest.raises(RelaisError) as refused:
            await operation(gateway, cast.who(actor), cast)
        assert refused.value.code is ErrorCode.FORBIDDEN
        after = await gateway.rpc(
            cast.pair.requester,
            "list_messages",
            {"conversation_id": str(cast.pair.conversation_id)},
        )
        assert after == before  # a refusal stores nothing
        return
    result = await operation(gateway, cast.who(actor), cast)
    rows = result if isinstance(result, list) else [result]
    if expected == ALLOWED:
        assert rows and rows[0] is not None
    else:
        assert rows == []


async def test_a_peer_sees_only_name_departement_and_topics_of_the_person_they_support(
    gateway: LocalGateway, shared_cast: Cast
) -> None:
    cast = shared_cast
    await gateway.update(
        cast.pair.requester,
        "profiles",
        {"birth_year": 1950, "stroke_date": "2026-03-01", "departement": "69"},
        eq={"id": str(cast.pair.requester.user_id)},
    )
    [seen] = await gateway.rpc(cast.pair.peer, "list_my_matches")
    about_them = {k for k in seen if k.startswith("partner_") and k != "partner_accepted"}
    assert about_them == {"partner_id", "partner_name", "partner_departement"}
    assert seen["partner_departement"] == "69" and seen["topics"] == ["emotional_support"]
    assert "1950" not in str(seen) and "2026-03-01" not in str(seen)
    assert await gateway.rpc(cast.other_peer, "list_my_matches") == []
