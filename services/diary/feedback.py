"""Encouragement on diary entries: comments, reactions, and live news of them.

Anyone who can read a diary comments and reacts; the survivor may delete any
comment on their diary and an author their own (RLS in *_diary.sql). Each
new or removed comment or reaction sends an ids-only event on the diary's
topic; a screen that hears it re-reads under its own identity.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from uuid import UUID

from services.diary.journal import explain_refusal, validated
from services.diary.models import CommentCreate, CommentPublic, ReactionKind
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway, Subscription
from services.models import AuthSession

COMMENTS = "diary_comments"
REACTIONS = "diary_reactions"

# What a screen is told: which entry changed, and whether by a comment or a reaction.
DiaryEventHandler = Callable[[Mapping[str, Any]], Awaitable[None]]


def diary_topic(survivor_id: UUID) -> str:
    """The realtime topic of one diary (same name as private.diary_topic in SQL)."""
    return "diary_" + survivor_id.hex


async def add_comment(
    gateway: Gateway,
    session: AuthSession,
    *,
    survivor_id: UUID,
    entry_id: UUID,
    body: str,
    comment_id: UUID | None = None,
) -> CommentPublic:
    """Comment on an entry. Retrying with the same `comment_id` adds nothing twice."""
    fields: dict[str, Any] = {"entry_id": entry_id, "body": body}
    if comment_id is not None:
        fields["id"] = comment_id
    comment = validated(CommentCreate, **fields)
    row = await explain_refusal(
        gateway,
        session,
        survivor_id,
        gateway.rpc(
            session,
            "add_diary_comment",
            {"comment_id": str(comment.id), "entry": str(entry_id), "body": comment.body},
        ),
    )
    return CommentPublic.model_validate(row)


async def list_comments(
    gateway: Gateway, session: AuthSession, *, entry_id: UUID
) -> list[CommentPublic]:
    rows = await gateway.rpc(session, "list_diary_comments", {"entry": str(entry_id)})
    return [CommentPublic.model_validate(row) for row in rows or []]


async def delete_comment(gateway: Gateway, session: AuthSession, *, comment: CommentPublic) -> None:
    rows = await gateway.delete(session, COMMENTS, eq={"id": str(comment.id)})
    if not rows:
        raise RelaisError(ErrorCode.FORBIDDEN, "not the survivor nor the author")


async def react(
    gateway: Gateway, session: AuthSession, *, survivor_id: UUID, entry_id: UUID, kind: ReactionKind
) -> None:
    """Add a reaction; reacting twice the same way keeps one."""
    await explain_refusal(
        gateway,
        session,
        survivor_id,
        gateway.rpc(session, "add_diary_reaction", {"entry": str(entry_id), "kind": kind.value}),
    )


async def unreact(
    gateway: Gateway, session: AuthSession, *, entry_id: UUID, kind: ReactionKind
) -> None:
    await gateway.delete(
        session,
        REACTIONS,
        eq={"entry_id": str(entry_id), "author_id": str(session.user_id), "kind": kind.value},
    )


async def follow_diary(
    gateway: Gateway, *, survivor_id: UUID, on_event: DiaryEventHandler
) -> Subscription:
    """Hear about comments and reactions on one diary while a screen shows it.

    The event says only which entry changed; the handler must re-read it
    with the viewer's session, so a revoked viewer learns nothing new.
    """

    async def deliver(_topic: str, payload: Mapping[str, Any]) -> None:
        await on_event(payload)

    return await gateway.subscribe(diary_topic(survivor_id), deliver)
