"""Bad free text through the real services (issue 14, items 10–12).

A lone surrogate, a text with nothing visible, a bidi override or a control
character is refused with a RelaisError whose code names what is wrong, in the
person's words; nothing reaches the database, and nothing raises a raw
UnicodeEncodeError. Good text (accents, emoji, line breaks) is kept as typed.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import psycopg
import pytest

from services.accounts import auth, profiles
from services.diary import feedback
from services.diary import journal as diary
from services.diary.models import GoalCategory
from services.errors import ErrorCode, RelaisError
from services.guide import progress as guide_progress
from services.guide.content import load_catalogue
from services.local.gateway import LocalGateway
from services.local.guide_catalogue import sync_guide_catalogue
from services.models import AuthSession
from services.peer_support import matches as peer_support
from services.peer_support import messaging, safety
from services.peer_support.message_models import ReportReason
from tests.factories import PASSWORD, make_coordinator, make_user, unique_email
from tests.peer_factories import Pair, make_pair

BAD = {
    "lone_surrogate": ("abc\ud83dxyz", ErrorCode.TEXT_CONTROL_CHARACTERS),
    "zero_width_only": ("\u200b\u200b", ErrorCode.TEXT_INVISIBLE),
    "bom_and_joiners": ("\ufeff\u2060\u200d", ErrorCode.TEXT_INVISIBLE),
    "bidi_override": ("facture\u202egnp.exe", ErrorCode.TEXT_CONTROL_CHARACTERS),
    "bidi_isolate": ("a\u2067b\u2069", ErrorCode.TEXT_CONTROL_CHARACTERS),
    "bell": ("Bonjour\x07", ErrorCode.TEXT_CONTROL_CHARACTERS),
    "escape": ("\x1b[2Jeffacé", ErrorCode.TEXT_CONTROL_CHARACTERS),
    "delete": ("a\x7fb", ErrorCode.TEXT_CONTROL_CHARACTERS),
    "c1_control": ("a\x9bb", ErrorCode.TEXT_CONTROL_CHARACTERS),
}
GOOD = "Journée à l’hôpital 🎉 👩‍👩‍👧\nDeuxième ligne\tet une tabulation"

Write = Callable[[str], Awaitable[Any]]


@pytest.fixture(scope="module", autouse=True)
def registered_content(conninfo: str) -> Iterator[None]:
    sync_guide_catalogue(conninfo, load_catalogue())
    yield


@pytest.fixture(scope="module")
async def pair(gateway: LocalGateway, conninfo: str) -> Pair:
    return await make_pair(gateway, await make_coordinator(gateway, conninfo))


def _count(conninfo: str, query: str, value: object) -> int:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(query.encode(), [value]).fetchone()
    assert row is not None
    return int(row[0])


async def _refused(write: Awaitable[Any]) -> RelaisError:
    with pytest.raises(RelaisError) as refusal:
        await write
    return refusal.value


# -- messages ----------------------------------------------------------------------
@pytest.mark.parametrize("kind", BAD)
async def test_a_bad_message_is_refused_and_not_stored(
    gateway: LocalGateway, conninfo: str, pair: Pair, kind: str
) -> None:
    body, expected = BAD[kind]
    count = "select count(*) from public.messages where conversation_id = %s"
    before = _count(conninfo, count, pair.conversation_id)
    refusal = await _refused(
        messaging.send_message(
            gateway,
            pair.requester,
            message_id=uuid.uuid4(),
            conversation_id=pair.conversation_id,
            body=body,
        )
    )
    # A message says "this message", the other texts "this text".
    wanted = ErrorCode.MESSAGE_INVISIBLE if expected is ErrorCode.TEXT_INVISIBLE else expected
    assert refusal.code is wanted
    assert refusal.field == "body"
    assert _count(conninfo, count, pair.conversation_id) == before


async def test_a_good_message_keeps_its_accents_emoji_and_lines(
    gateway: LocalGateway, pair: Pair
) -> None:
    sent = await messaging.send_message(
        gateway,
        pair.peer,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body=GOOD + "\r\nfin",
    )
    # A Windows line break is stored as the one kind the database accepts.
    assert sent.body == GOOD + "\nfin"


async def test_a_goodbye_follows_the_message_rule(gateway: LocalGateway, pair: Pair) -> None:
    refusal = await _refused(
        peer_support.end_match(gateway, pair.requester, match_id=pair.match.id, goodbye="\u200b")
    )
    assert (refusal.code, refusal.field) == (ErrorCode.TEXT_INVISIBLE, "goodbye")


async def test_report_details_follow_the_rule(gateway: LocalGateway, pair: Pair) -> None:
    sent = await messaging.send_message(
        gateway,
        pair.peer,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Un message",
    )
    for details, expected in (BAD["bell"], BAD["zero_width_only"], BAD["lone_surrogate"]):
        refusal = await _refused(
            safety.report_message(
                gateway,
                pair.requester,
                message_id=sent.id,
                reason=ReportReason.OTHER,
                details=details,
            )
        )
        assert (refusal.code, refusal.field) == (expected, "details")


# -- the diary -----------------------------------------------------------------------
@pytest.fixture(scope="module")
async def survivor(gateway: LocalGateway) -> AuthSession:
    return await make_user(gateway, role="survivor", display_name="Survivor")


@pytest.mark.parametrize("kind", BAD)
async def test_a_bad_diary_entry_is_refused_and_not_stored(
    gateway: LocalGateway, conninfo: str, survivor: AuthSession, kind: str
) -> None:
    body, expected = BAD[kind]
    count = "select count(*) from public.diary_entries where survivor_id = %s"
    before = _count(conninfo, count, survivor.user_id)
    refusal = await _refused(
        diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, body=body, mood=3)
    )
    assert (refusal.code, refusal.field) == (expected, "body")
    assert _count(conninfo, count, survivor.user_id) == before


@pytest.mark.parametrize("kind", BAD)
async def test_a_bad_comment_is_refused(
    gateway: LocalGateway, survivor: AuthSession, kind: str
) -> None:
    body, expected = BAD[kind]
    entry = await diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, mood=4)
    refusal = await _refused(
        feedback.add_comment(
            gateway, survivor, survivor_id=survivor.user_id, entry_id=entry.id, body=body
        )
    )
    assert (refusal.code, refusal.field) == (expected, "body")


@pytest.mark.parametrize("kind", ["lone_surrogate", "zero_width_only", "bidi_override", "bell"])
async def test_a_bad_goal_title_or_tag_is_refused(
    gateway: LocalGateway, survivor: AuthSession, kind: str
) -> None:
    value, expected = BAD[kind]
    refusal = await _refused(
        diary.create_goal(
            gateway, survivor, survivor_id=survivor.user_id, title=value, category=GoalCategory.MOOD
        )
    )
    assert (refusal.code, refusal.field) == (expected, "title")
    if expected is ErrorCode.TEXT_CONTROL_CHARACTERS:
        refusal = await _refused(
            diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, mood=2, tags=[value])
        )
        assert (refusal.code, refusal.field) == (expected, "tags")


async def test_good_diary_text_is_kept(gateway: LocalGateway, survivor: AuthSession) -> None:
    entry = await diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, body=GOOD)
    comment = await feedback.add_comment(
        gateway, survivor, survivor_id=survivor.user_id, entry_id=entry.id, body=GOOD
    )
    assert (entry.body, comment.body) == (GOOD, GOOD)


async def test_a_guide_note_follows_the_rule(gateway: LocalGateway, survivor: AuthSession) -> None:
    for note, expected in (BAD["escape"], BAD["zero_width_only"], BAD["lone_surrogate"]):
        refusal = await _refused(
            guide_progress.save_details(
                gateway,
                survivor,
                owner_id=survivor.user_id,
                procedure_id="ajpa",
                note=note,
                remind_on=None,
            )
        )
        assert (refusal.code, refusal.field) == (expected, "note")


# -- the profile, sign-up, applications and requests ------------------------------------
@pytest.mark.parametrize("kind", BAD)
async def test_a_bad_display_name_or_bio_is_refused(
    gateway: LocalGateway, survivor: AuthSession, kind: str
) -> None:
    value, expected = BAD[kind]
    refusal = await _refused(profiles.update_my_profile(gateway, survivor, display_name=value))
    assert (refusal.code, refusal.field) == (expected, "display_name")
    refusal = await _refused(profiles.update_my_profile(gateway, survivor, bio=value))
    assert (refusal.code, refusal.field) == (expected, "bio")


async def test_a_bad_name_at_sign_up_makes_no_account(gateway: LocalGateway) -> None:
    for name, expected in (BAD["zero_width_only"], BAD["lone_surrogate"], BAD["bidi_override"]):
        refusal = await _refused(
            auth.sign_up(
                gateway,
                email=unique_email("badname"),
                password=PASSWORD,
                display_name=name,
                role="survivor",
            )
        )
        assert (refusal.code, refusal.field) == (expected, "display_name")


async def test_applications_and_requests_follow_the_rule(gateway: LocalGateway) -> None:
    peer = await make_user(gateway, role="peer")
    refusal = await _refused(
        peer_support.submit_application(
            gateway,
            peer,
            topics=["emotional_support"],
            languages=["fr"],
            departement="69",
            availability="\u200b",
            accepts_charter=True,
        )
    )
    assert (refusal.code, refusal.field) == (ErrorCode.TEXT_INVISIBLE, "availability")
    person = await make_user(gateway, role="caregiver")
    refusal = await _refused(
        peer_support.request_peer(
            gateway, person, topics=["emotional_support"], about="Aidez-moi\x1b[0m"
        )
    )
    assert (refusal.code, refusal.field) == (ErrorCode.TEXT_CONTROL_CHARACTERS, "about")


async def test_a_lone_surrogate_no_model_stopped_is_still_a_refusal(
    gateway: LocalGateway, conninfo: str, pair: Pair
) -> None:
    # Past every pydantic model: psycopg cannot encode it, the gateway says why.
    count = "select count(*) from public.messages where conversation_id = %s"
    before = _count(conninfo, count, pair.conversation_id)
    refusal = await _refused(
        gateway.rpc(
            pair.requester,
            "send_message",
            {
                "message_id": str(uuid.uuid4()),
                "conversation_id": str(pair.conversation_id),
                "body": "abc\ud83dxyz",
            },
        )
    )
    assert refusal.code is ErrorCode.TEXT_CONTROL_CHARACTERS
    assert _count(conninfo, count, pair.conversation_id) == before
