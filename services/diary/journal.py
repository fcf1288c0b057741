"""The goal diary: goals, entries, the timeline and each goal's progress.

Who may read or write is decided by row-level security in
supabase/migrations/*_diary.sql (owner and editors write, readers read,
everyone else sees nothing). These functions validate input for a precise
message, generate ids on the caller's side so retries are harmless, and turn
a refusal into words that say *why* (read-only access, access withdrawn).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel, ValidationError

from services.care_circle import sharing
from services.diary.models import (
    EntryCreate,
    EntryPublic,
    EntryUpdate,
    GoalBase,
    GoalCreate,
    GoalPublic,
    ProgressPoint,
    TimelineFilter,
)
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import AuthSession
from services.text import refusal_code

GOALS = "diary_goals"
ENTRIES = "diary_entries"
DEFAULT_PAGE_SIZE = 20

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

# pydantic's complaint → the sentence the person reads.
_REFUSAL_BY_ERROR_TYPE = {
    "string_too_long": ErrorCode.TEXT_TOO_LONG,
    "too_long": ErrorCode.TEXT_TOO_LONG,
    "greater_than_equal": ErrorCode.OUT_OF_RANGE,
    "less_than_equal": ErrorCode.OUT_OF_RANGE,
}


def validated(model: type[M], **fields: Any) -> M:
    """Build `model` or raise the refusal naming the first bad field."""
    try:
        return model(**fields)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else None
        code = refusal_code(first) or _REFUSAL_BY_ERROR_TYPE.get(
            first["type"], ErrorCode.INVALID_INPUT
        )
        raise RelaisError(code, first["msg"], field=field) from None


def today() -> dt.date:
    return dt.date.today()


async def explain_refusal(
    gateway: Gateway, session: AuthSession, survivor_id: UUID, work: Awaitable[T]
) -> T:
    """Run a write; if the database refuses it, say whether access is read-only or gone."""
    try:
        return await work
    except RelaisError as refusal:
        if refusal.code is not ErrorCode.FORBIDDEN:
            raise
        access = await sharing.my_access_to(gateway, session, survivor_id=survivor_id)
        if access is None:
            raise RelaisError(ErrorCode.DIARY_ACCESS_REVOKED, refusal.detail) from None
        if access == "reader":
            raise RelaisError(ErrorCode.DIARY_READ_ONLY, refusal.detail) from None
        raise


# -- goals ----------------------------------------------------------------------
async def create_goal(
    gateway: Gateway, session: AuthSession, *, survivor_id: UUID, **fields: Any
) -> GoalPublic:
    goal = validated(GoalCreate, survivor_id=survivor_id, **fields)
    params = goal.model_dump(mode="json", exclude={"id", "survivor_id"})
    params.update(goal_id=str(goal.id), survivor=str(goal.survivor_id))
    row = await explain_refusal(
        gateway, session, survivor_id, gateway.rpc(session, "add_diary_goal", params)
    )
    return GoalPublic.model_validate(row)


async def update_goal(
    gateway: Gateway, session: AuthSession, *, goal: GoalPublic, **changes: Any
) -> GoalPublic:
    current = goal.model_dump(include=set(GoalBase.model_fields))
    updated = validated(GoalBase, **{**current, **changes})
    values = {
        name: value
        for name, value in updated.model_dump(mode="json").items()
        if name in changes or value != current.get(name)
    }
    if not values:
        return goal
    rows = await explain_refusal(
        gateway,
        session,
        goal.survivor_id,
        gateway.update(session, GOALS, values, eq={"id": str(goal.id)}),
    )
    return GoalPublic.model_validate(
        await _one_or_refused(gateway, session, goal.survivor_id, rows)
    )


async def delete_goal(gateway: Gateway, session: AuthSession, *, goal: GoalPublic) -> None:
    rows = await explain_refusal(
        gateway, session, goal.survivor_id, gateway.delete(session, GOALS, eq={"id": str(goal.id)})
    )
    await _one_or_refused(gateway, session, goal.survivor_id, rows)


async def list_goals(
    gateway: Gateway, session: AuthSession, *, survivor_id: UUID
) -> list[GoalPublic]:
    rows = await gateway.select(
        session, GOALS, eq={"survivor_id": str(survivor_id)}, order_by="created_at"
    )
    return [GoalPublic.model_validate(row) for row in rows]


async def get_goal(gateway: Gateway, session: AuthSession, *, goal_id: UUID) -> GoalPublic:
    rows = await gateway.select(session, GOALS, eq={"id": str(goal_id)})
    if not rows:
        raise RelaisError(ErrorCode.NOT_FOUND, "goal")
    return GoalPublic.model_validate(rows[0])


# -- entries --------------------------------------------------------------------
def _check_entry_date(day: dt.date | None) -> None:
    if day is not None and day > today():
        raise RelaisError(ErrorCode.DATE_IN_FUTURE, str(day), field="entry_date")


async def add_entry(
    gateway: Gateway, session: AuthSession, *, survivor_id: UUID, **fields: Any
) -> EntryPublic:
    """Save an entry. Calling again with the same `id` returns the saved entry unchanged."""
    entry = validated(EntryCreate, survivor_id=survivor_id, **fields)
    _check_entry_date(entry.entry_date)
    if entry.is_empty:
        raise RelaisError(ErrorCode.EMPTY_ENTRY, field="mood")
    if (entry.gas_level is not None or entry.progress_percent is not None) and not entry.goal_id:
        raise RelaisError(ErrorCode.INVALID_INPUT, "progress needs a goal", field="goal_id")
    params = entry.model_dump(mode="json", exclude={"id", "survivor_id"})
    params.update(entry_id=str(entry.id), survivor=str(entry.survivor_id))
    row = await explain_refusal(
        gateway, session, survivor_id, gateway.rpc(session, "add_diary_entry", params)
    )
    return EntryPublic.model_validate(row)


async def update_entry(
    gateway: Gateway, session: AuthSession, *, entry: EntryPublic, **changes: Any
) -> EntryPublic:
    update = validated(EntryUpdate, **changes)
    _check_entry_date(update.entry_date)
    values = update.changes()
    if not values:
        return entry
    rows = await explain_refusal(
        gateway,
        session,
        entry.survivor_id,
        gateway.update(session, ENTRIES, values, eq={"id": str(entry.id)}),
    )
    return EntryPublic.model_validate(
        await _one_or_refused(gateway, session, entry.survivor_id, rows)
    )


async def delete_entry(gateway: Gateway, session: AuthSession, *, entry: EntryPublic) -> None:
    rows = await explain_refusal(
        gateway,
        session,
        entry.survivor_id,
        gateway.delete(session, ENTRIES, eq={"id": str(entry.id)}),
    )
    await _one_or_refused(gateway, session, entry.survivor_id, rows)


async def list_timeline(
    gateway: Gateway,
    session: AuthSession,
    *,
    survivor_id: UUID,
    filters: TimelineFilter | None = None,
    after: EntryPublic | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> list[EntryPublic]:
    """One page of the diary, newest first; pass the last entry as `after` for the next page."""
    filters = filters or TimelineFilter()
    params: dict[str, Any] = {
        "survivor": str(survivor_id),
        "goal": str(filters.goal_id) if filters.goal_id else None,
        "date_from": filters.date_from.isoformat() if filters.date_from else None,
        "date_to": filters.date_to.isoformat() if filters.date_to else None,
        "page_size": page_size,
    }
    if after is not None:
        params.update(
            after_date=after.entry_date.isoformat(),
            after_created=after.created_at.isoformat(),
            after_id=str(after.id),
        )
    rows = await gateway.rpc(session, "diary_timeline", params)
    return [EntryPublic.model_validate(row) for row in rows or []]


async def get_entry(gateway: Gateway, session: AuthSession, *, entry_id: UUID) -> EntryPublic:
    rows = await gateway.select(session, ENTRIES, eq={"id": str(entry_id)})
    if not rows:
        raise RelaisError(ErrorCode.NOT_FOUND, "entry")
    return EntryPublic.model_validate(rows[0])


async def goal_progress(
    gateway: Gateway, session: AuthSession, *, goal_id: UUID
) -> list[ProgressPoint]:
    """The goal's entries in date order: its level or percentage, mood and fatigue over time."""
    rows = await gateway.select(
        session,
        ENTRIES,
        columns=("entry_date", "gas_level", "progress_percent", "mood", "fatigue", "created_at"),
        eq={"goal_id": str(goal_id)},
        order_by="entry_date",
    )
    rows.sort(key=lambda row: (row["entry_date"], row["created_at"]))
    return [
        ProgressPoint.model_validate({k: v for k, v in row.items() if k != "created_at"})
        for row in rows
    ]


async def _one_or_refused(
    gateway: Gateway, session: AuthSession, survivor_id: UUID, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """Zero rows from an update or delete: RLS hid the row, or it is gone. Say which."""
    if rows:
        return rows[0]
    access = await sharing.my_access_to(gateway, session, survivor_id=survivor_id)
    if access is None:
        raise RelaisError(ErrorCode.DIARY_ACCESS_REVOKED, "no access")
    if access == "reader":
        raise RelaisError(ErrorCode.DIARY_READ_ONLY, "read-only access")
    raise RelaisError(ErrorCode.NOT_FOUND, "the row no longer exists")


# -- read-only sharing with the matched peer supporter (opt-in) -------------------------
PEER_SHARING = "diary_peer_sharing"


async def is_shared_with_matched_peer(gateway: Gateway, session: AuthSession) -> bool:
    rows = await gateway.select(session, PEER_SHARING, eq={"survivor_id": str(session.user_id)})
    return bool(rows)


async def share_with_matched_peer(gateway: Gateway, session: AuthSession, *, enabled: bool) -> None:
    """Let the peer of my active match read my diary (never write), or stop at once."""
    if enabled == await is_shared_with_matched_peer(gateway, session):
        return
    if enabled:
        await gateway.insert(session, PEER_SHARING, [{"survivor_id": str(session.user_id)}])
    else:
        await gateway.delete(session, PEER_SHARING, eq={"survivor_id": str(session.user_id)})


async def list_peer_shared_diaries(
    gateway: Gateway, session: AuthSession
) -> list[tuple[UUID, str]]:
    """For a peer supporter: (survivor id, name) of the matched diaries shared with them."""
    rows = await gateway.rpc(session, "list_peer_shared_diaries")
    return [(UUID(row["survivor_id"]), str(row["display_name"])) for row in rows or []]
