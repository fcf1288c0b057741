"""What the diary screens may do, bound to the signed-in person.

Views call these methods and never the services or the gateway directly;
each method passes the person's own session, so RLS decides every answer.
Drafts live in this browser (localStorage) so an entry survives leaving the
screen, a reload or a dropped connection.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from app.state import AppState, use_app_state
from services.care_circle import invitations, sharing
from services.care_circle.sharing import CircleAccess, CircleMembership, Invite
from services.diary import export as diary_export
from services.diary import feedback as diary_feedback
from services.diary import journal as diary
from services.diary.models import (
    CommentPublic,
    EntryPublic,
    GoalPublic,
    ProgressPoint,
    ReactionKind,
    TimelineFilter,
)
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway, Subscription
from services.models import AuthSession, Role

logger = logging.getLogger(__name__)

DRAFT_KEY = "relais.diary.draft.{survivor}"
EventHandler = Callable[[Mapping[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class DiaryClient:
    state: AppState

    # -- who and what ---------------------------------------------------------
    @property
    def session(self) -> AuthSession:
        if self.state.session is None:
            raise RelaisError(ErrorCode.SESSION_EXPIRED, "not signed in")
        return self.state.session

    @property
    def me(self) -> UUID:
        return self.session.user_id

    @property
    def keeps_a_diary(self) -> bool:
        profile = self.state.profile
        return profile is not None and profile.role is Role.SURVIVOR

    @property
    def _gateway(self) -> Gateway:
        return self.state.gateway

    async def access_to(self, survivor_id: UUID) -> str | None:
        """'owner', 'editor', 'reader', 'peer' or None, as the database sees it now."""
        access = await sharing.my_access_to(self._gateway, self.session, survivor_id=survivor_id)
        if access is None:
            shared = await diary.list_peer_shared_diaries(self._gateway, self.session)
            if any(survivor == survivor_id for survivor, _ in shared):
                return "peer"
        return access

    async def shared_with_me(self) -> list[tuple[UUID, str, str]]:
        """(survivor, name, access) of every diary I may read but do not own."""
        circle = await sharing.list_shared_with_me(self._gateway, self.session)
        found = [(m.survivor_id, m.display_name, m.access.value) for m in circle]
        peer = await diary.list_peer_shared_diaries(self._gateway, self.session)
        return found + [(survivor, name, "peer") for survivor, name in peer]

    # -- goals and entries ----------------------------------------------------------
    async def goals(self, survivor_id: UUID) -> list[GoalPublic]:
        return await diary.list_goals(self._gateway, self.session, survivor_id=survivor_id)

    async def goal(self, goal_id: UUID) -> GoalPublic:
        return await diary.get_goal(self._gateway, self.session, goal_id=goal_id)

    async def create_goal(self, survivor_id: UUID, **fields: Any) -> GoalPublic:
        return await diary.create_goal(
            self._gateway, self.session, survivor_id=survivor_id, **fields
        )

    async def update_goal(self, goal: GoalPublic, **changes: Any) -> GoalPublic:
        return await diary.update_goal(self._gateway, self.session, goal=goal, **changes)

    async def progress(self, goal_id: UUID) -> list[ProgressPoint]:
        return await diary.goal_progress(self._gateway, self.session, goal_id=goal_id)

    async def timeline(
        self, survivor_id: UUID, filters: TimelineFilter, after: EntryPublic | None = None
    ) -> list[EntryPublic]:
        return await diary.list_timeline(
            self._gateway, self.session, survivor_id=survivor_id, filters=filters, after=after
        )

    async def entry(self, entry_id: UUID) -> EntryPublic:
        page = await diary.get_entry(self._gateway, self.session, entry_id=entry_id)
        # The timeline row carries the names and counts the thread shows.
        rows = await diary.list_timeline(
            self._gateway,
            self.session,
            survivor_id=page.survivor_id,
            filters=TimelineFilter(date_from=page.entry_date, date_to=page.entry_date),
            page_size=100,
        )
        return next((row for row in rows if row.id == entry_id), page)

    async def add_entry(self, survivor_id: UUID, **fields: Any) -> EntryPublic:
        return await diary.add_entry(self._gateway, self.session, survivor_id=survivor_id, **fields)

    async def update_entry(self, entry: EntryPublic, **fields: Any) -> EntryPublic:
        return await diary.update_entry(self._gateway, self.session, entry=entry, **fields)

    async def delete_entry(self, entry: EntryPublic) -> None:
        await diary.delete_entry(self._gateway, self.session, entry=entry)

    # -- encouragement ------------------------------------------------------------
    async def comments(self, entry_id: UUID) -> list[CommentPublic]:
        return await diary_feedback.list_comments(self._gateway, self.session, entry_id=entry_id)

    async def comment(
        self, survivor_id: UUID, entry_id: UUID, body: str, comment_id: UUID
    ) -> CommentPublic:
        return await diary_feedback.add_comment(
            self._gateway,
            self.session,
            survivor_id=survivor_id,
            entry_id=entry_id,
            body=body,
            comment_id=comment_id,
        )

    async def delete_comment(self, comment: CommentPublic) -> None:
        await diary_feedback.delete_comment(self._gateway, self.session, comment=comment)

    async def toggle_reaction(self, entry: EntryPublic, kind: ReactionKind) -> None:
        if entry.reacted(kind):
            await diary_feedback.unreact(self._gateway, self.session, entry_id=entry.id, kind=kind)
        else:
            await diary_feedback.react(
                self._gateway,
                self.session,
                survivor_id=entry.survivor_id,
                entry_id=entry.id,
                kind=kind,
            )

    async def follow(self, survivor_id: UUID, on_event: EventHandler) -> list[Subscription]:
        """News of comments and reactions on this diary, and of my access to it changing."""
        on_diary = await diary_feedback.follow_diary(
            self._gateway, survivor_id=survivor_id, on_event=on_event
        )

        async def on_circle(_topic: str, payload: Mapping[str, Any]) -> None:
            if payload.get("survivor_id") == str(survivor_id):
                await on_event({"kind": "access"})

        on_access = await self._gateway.subscribe("circle_" + self.me.hex, on_circle)
        return [on_diary, on_access]

    # -- sharing -----------------------------------------------------------------
    async def members(self) -> list[CircleMembership]:
        return await sharing.list_my_members(self._gateway, self.session)

    async def make_invite(self, access: CircleAccess) -> Invite:
        return await sharing.create_invite(self._gateway, self.session, access=access)

    async def invite_by_email(self, email: str, access: CircleAccess) -> None:
        await invitations.invite_by_email(self._gateway, self.session, email=email, access=access)

    async def sent_invitations(self) -> list[tuple[UUID, str, str]]:
        """(invitation, e-mail typed, access) of my invitations still waiting."""
        sent = await invitations.list_sent(self._gateway, self.session)
        return [(i.id, i.email, i.access.value) for i in sent]

    async def cancel_invitation(self, invitation_id: UUID) -> None:
        await invitations.cancel(self._gateway, self.session, invitation_id=invitation_id)

    async def received_invitations(self) -> list[tuple[UUID, str, str]]:
        """(invitation, survivor's name, access) of the invitations waiting for my answer."""
        received = await invitations.list_received(self._gateway, self.session)
        return [(i.invitation_id, i.survivor_name, i.access.value) for i in received]

    async def accept_invitation(self, invitation_id: UUID) -> UUID:
        return await invitations.accept(self._gateway, self.session, invitation_id=invitation_id)

    async def refuse_invitation(self, invitation_id: UUID) -> None:
        await invitations.refuse(self._gateway, self.session, invitation_id=invitation_id)

    async def change_access(self, member_id: UUID, access: CircleAccess) -> None:
        await sharing.change_access(self._gateway, self.session, member_id=member_id, access=access)

    async def revoke(self, member_id: UUID) -> None:
        await sharing.revoke(self._gateway, self.session, member_id=member_id)

    async def redeem(self, code: str) -> UUID:
        return await sharing.redeem_invite(self._gateway, self.session, code=code)

    async def peer_sharing(self) -> bool:
        return await diary.is_shared_with_matched_peer(self._gateway, self.session)

    async def set_peer_sharing(self, enabled: bool) -> None:
        await diary.share_with_matched_peer(self._gateway, self.session, enabled=enabled)

    # -- export ------------------------------------------------------------------
    async def export_pdf(self) -> bytes:
        return await diary_export.export_pdf(self._gateway, self.session, locale=self.state.locale)

    async def export_json(self) -> bytes:
        return await diary_export.export_json(self._gateway, self.session)

    # -- drafts, kept in this browser -----------------------------------------------
    async def load_draft(self, survivor_id: UUID, entry_id: UUID | None = None) -> dict[str, Any]:
        raw = await self.state.device.load(_draft_key(survivor_id, entry_id))
        if not raw:
            return {}
        try:
            draft = json.loads(raw)
        except json.JSONDecodeError:
            return {}
        return draft if isinstance(draft, dict) else {}

    async def save_draft(
        self, survivor_id: UUID, draft: Mapping[str, Any], entry_id: UUID | None = None
    ) -> None:
        key = _draft_key(survivor_id, entry_id)
        try:
            await self.state.device.save(key, json.dumps(dict(draft)))
        except Exception:  # a draft that could not be kept must not break typing
            logger.warning("could not keep the diary draft", exc_info=True)

    async def forget_draft(self, survivor_id: UUID, entry_id: UUID | None = None) -> None:
        await self.state.device.forget(_draft_key(survivor_id, entry_id))


def _draft_key(survivor_id: UUID, entry_id: UUID | None) -> str:
    """One draft for a new entry in each diary, and one for each entry being changed."""
    key = DRAFT_KEY.format(survivor=survivor_id.hex)
    return key if entry_id is None else f"{key}.{entry_id.hex}"


def use_diary() -> DiaryClient:
    return DiaryClient(use_app_state())
