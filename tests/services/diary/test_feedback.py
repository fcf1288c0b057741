"""Comments, reactions and live news on a diary; joining one by invite code."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from typing import Any

import psycopg
import pytest

from services.care_circle import sharing
from services.care_circle.sharing import CircleAccess
from services.diary import feedback as diary_feedback
from services.diary import journal as diary
from services.diary.models import ReactionKind
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from tests.circle_factories import join_circle
from tests.factories import make_user


async def _survivor_with_reader(
    gateway: LocalGateway,
) -> tuple[AuthSession, AuthSession, uuid.UUID]:
    survivor = await make_user(gateway, role="survivor", display_name="Survivor")
    reader = await make_user(gateway, role="caregiver", display_name="Daughter")
    await join_circle(gateway, survivor, reader, access=CircleAccess.READER)
    entry = await diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, mood=4)
    return survivor, reader, entry.id


def _comments_stored(conninfo: str, entry_id: uuid.UUID) -> int:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "select count(*) from public.diary_comments where entry_id = %s", [entry_id]
        ).fetchone()
    return int(row[0]) if row else 0


async def test_a_reader_comments_and_the_survivor_sees_who(gateway: LocalGateway) -> None:
    survivor, reader, entry_id = await _survivor_with_reader(gateway)
    await diary_feedback.add_comment(
        gateway, reader, survivor_id=survivor.user_id, entry_id=entry_id, body="  Bravo !  "
    )
    [comment] = await diary_feedback.list_comments(gateway, survivor, entry_id=entry_id)
    assert (comment.body, comment.author_name) == ("Bravo !", "Daughter")
    [entry] = await diary.list_timeline(gateway, survivor, survivor_id=survivor.user_id)
    assert entry.comment_count == 1


async def test_a_retried_comment_is_stored_once(gateway: LocalGateway, conninfo: str) -> None:
    survivor, reader, entry_id = await _survivor_with_reader(gateway)
    comment_id = uuid.uuid4()
    for _ in range(2):
        await diary_feedback.add_comment(
            gateway,
            reader,
            survivor_id=survivor.user_id,
            entry_id=entry_id,
            body="Hi",
            comment_id=comment_id,
        )
    assert _comments_stored(conninfo, entry_id) == 1


@pytest.mark.parametrize(
    ("body", "code"), [("x" * 1001, ErrorCode.TEXT_TOO_LONG), ("   ", ErrorCode.INVALID_INPUT)]
)
async def test_a_bad_comment_is_refused(
    gateway: LocalGateway, conninfo: str, body: str, code: ErrorCode
) -> None:
    survivor, reader, entry_id = await _survivor_with_reader(gateway)
    with pytest.raises(RelaisError) as refusal:
        await diary_feedback.add_comment(
            gateway, reader, survivor_id=survivor.user_id, entry_id=entry_id, body=body
        )
    assert (refusal.value.code, refusal.value.field) == (code, "body")
    assert _comments_stored(conninfo, entry_id) == 0


async def test_the_survivor_deletes_any_comment(gateway: LocalGateway, conninfo: str) -> None:
    survivor, reader, entry_id = await _survivor_with_reader(gateway)
    comment = await diary_feedback.add_comment(
        gateway, reader, survivor_id=survivor.user_id, entry_id=entry_id, body="Miracle cure!"
    )
    await diary_feedback.delete_comment(gateway, survivor, comment=comment)
    assert _comments_stored(conninfo, entry_id) == 0


async def test_reactions_count_once_per_person_and_kind(gateway: LocalGateway) -> None:
    survivor, reader, entry_id = await _survivor_with_reader(gateway)
    for _ in range(2):
        await diary_feedback.react(
            gateway,
            reader,
            survivor_id=survivor.user_id,
            entry_id=entry_id,
            kind=ReactionKind.HEART,
        )
    await diary_feedback.react(
        gateway, survivor, survivor_id=survivor.user_id, entry_id=entry_id, kind=ReactionKind.HEART
    )
    [seen] = await diary.list_timeline(gateway, reader, survivor_id=survivor.user_id)
    assert seen.reaction_count(ReactionKind.HEART) == 2 and seen.reacted(ReactionKind.HEART)
    await diary_feedback.unreact(gateway, reader, entry_id=entry_id, kind=ReactionKind.HEART)
    [seen] = await diary.list_timeline(gateway, reader, survivor_id=survivor.user_id)
    assert seen.reaction_count(ReactionKind.HEART) == 1 and not seen.reacted(ReactionKind.HEART)


async def test_the_survivor_hears_of_a_new_comment_at_once(gateway: LocalGateway) -> None:
    survivor, reader, entry_id = await _survivor_with_reader(gateway)
    heard: asyncio.Queue[Mapping[str, Any]] = asyncio.Queue()

    async def on_event(payload: Mapping[str, Any]) -> None:
        await heard.put(payload)

    subscription = await diary_feedback.follow_diary(
        gateway, survivor_id=survivor.user_id, on_event=on_event
    )
    try:
        comment = await diary_feedback.add_comment(
            gateway, reader, survivor_id=survivor.user_id, entry_id=entry_id, body="Secret words"
        )
        event = await asyncio.wait_for(heard.get(), timeout=5)
    finally:
        await subscription.unsubscribe()
    assert event == {
        "op": "insert",
        "kind": "comment",
        "entry_id": str(entry_id),
        "comment_id": str(comment.id),
    }  # ids only: the text is read under the listener's own identity


async def test_a_revoked_reader_cannot_comment_or_react(
    gateway: LocalGateway, conninfo: str
) -> None:
    survivor, reader, entry_id = await _survivor_with_reader(gateway)
    await sharing.revoke(gateway, survivor, member_id=reader.user_id)
    for attempt in (
        diary_feedback.add_comment(
            gateway, reader, survivor_id=survivor.user_id, entry_id=entry_id, body="Still here?"
        ),
        diary_feedback.react(
            gateway,
            reader,
            survivor_id=survivor.user_id,
            entry_id=entry_id,
            kind=ReactionKind.HEART,
        ),
    ):
        with pytest.raises(RelaisError) as refusal:
            await attempt
        assert refusal.value.code is ErrorCode.DIARY_ACCESS_REVOKED
    assert _comments_stored(conninfo, entry_id) == 0


# -- joining a diary by code: the bad codes ---------------------------------------------
async def _cannot_read(gateway: LocalGateway, carer: AuthSession, survivor: AuthSession) -> bool:
    return await diary.list_timeline(gateway, carer, survivor_id=survivor.user_id) == []


async def test_an_expired_code_opens_nothing(gateway: LocalGateway, conninfo: str) -> None:
    survivor, _, _ = await _survivor_with_reader(gateway)
    carer = await make_user(gateway, role="caregiver")
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.EDITOR)
    with psycopg.connect(conninfo) as conn:
        conn.execute(
            "update circle_invites set expires_at = now() - interval '1 minute' where id = %s",
            [invite.invite_id],
        )
    with pytest.raises(RelaisError) as refusal:
        await sharing.redeem_invite(gateway, carer, code=invite.code)
    assert refusal.value.code is ErrorCode.INVITE_EXPIRED
    assert await _cannot_read(gateway, carer, survivor)


async def test_a_used_code_opens_nothing(gateway: LocalGateway) -> None:
    survivor, _, _ = await _survivor_with_reader(gateway)
    first = await make_user(gateway, role="caregiver")
    second = await make_user(gateway, role="caregiver")
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.READER)
    await sharing.redeem_invite(gateway, first, code=invite.code)
    with pytest.raises(RelaisError) as refusal:
        await sharing.redeem_invite(gateway, second, code=invite.code)
    assert refusal.value.code is ErrorCode.INVITE_USED
    assert await _cannot_read(gateway, second, survivor)
    assert not await _cannot_read(gateway, first, survivor)


async def test_a_forged_code_opens_nothing(gateway: LocalGateway) -> None:
    survivor, _, _ = await _survivor_with_reader(gateway)
    carer = await make_user(gateway, role="caregiver")
    with pytest.raises(RelaisError) as refusal:
        await sharing.redeem_invite(gateway, carer, code="ABCD-EFGH-JKLM")
    assert refusal.value.code is ErrorCode.INVITE_INVALID
    assert await _cannot_read(gateway, carer, survivor)
