"""Personal checklists for the guide's procedures, shared with the survivor's care circle.

Who may read or tick whose checklist is decided by the database (RLS on
guide_progress, reusing the care circle's can_read_circle / can_edit_circle).
Here we only pre-check ids against the content so a slip gets a friendly
message; the database refuses unknown ids on its own too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from services.care_circle import sharing
from services.care_circle.sharing import CircleAccess, CircleMembership
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway, Subscription
from services.guide.content import GuideCatalogue, current_catalogue
from services.guide.models import Procedure, Step, document_ids, step_ids
from services.models import AuthSession, Role
from services.text import NORMALIZED, VISIBLE_OR_BLANK, refusal_code

NOTE_MAX_LENGTH = 2000


class ChecklistProgress(BaseModel):
    model_config = ConfigDict(frozen=True)

    owner_id: UUID
    procedure_id: str
    done_steps: tuple[str, ...] = ()
    gathered_documents: tuple[str, ...] = ()
    note: str | None = None
    remind_on: dt.date | None = None
    updated_at: dt.datetime | None = None
    updated_by: UUID | None = None


class ChecklistDetails(BaseModel):
    """What a person types: checked here first, then by the database's constraints."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    note: Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=NOTE_MAX_LENGTH),
        NORMALIZED,
        VISIBLE_OR_BLANK,
    ] = ""
    remind_on: Annotated[dt.date, Field(ge=dt.date(2000, 1, 1))] | None = None


@dataclass(frozen=True)
class StartedProcedure:
    """One line of "My procedures": how far along, and what to do next."""

    procedure: Procedure
    progress: ChecklistProgress
    next_step: Step | None  # None when every step is ticked
    done_count: int

    @property
    def total(self) -> int:
        return len(self.procedure.steps)


@dataclass(frozen=True)
class ChecklistOwner:
    """Whose checklist a screen shows: mine, or a survivor's who shares with me."""

    owner_id: UUID
    display_name: str | None  # None for my own checklist
    access: str  # "owner", "editor" or "reader", as the database saw it when listed

    @property
    def can_edit(self) -> bool:
        return self.access in ("owner", CircleAccess.EDITOR.value)


async def checklist_owners(gateway: Gateway, session: AuthSession) -> list[ChecklistOwner]:
    mine = ChecklistOwner(session.user_id, None, "owner")
    shared = [
        ChecklistOwner(m.survivor_id, m.display_name, m.access.value)
        for m in await sharing.list_shared_with_me(gateway, session)
    ]
    return [mine, *shared]


def default_owner(owners: list[ChecklistOwner], role: Role | None) -> ChecklistOwner:
    """A caregiver usually does the paperwork for the survivor: open the survivor's list."""
    if role is Role.CAREGIVER:
        shared = [owner for owner in owners if owner.display_name is not None]
        editable = [owner for owner in shared if owner.can_edit]
        if editable or shared:
            return (editable or shared)[0]
    return owners[0]


def _procedure(catalogue: GuideCatalogue, procedure_id: str) -> Procedure:
    procedure = catalogue.procedure("fr", procedure_id)
    if procedure is None:
        raise RelaisError(ErrorCode.NOT_FOUND, f"no procedure {procedure_id!r}", field="procedure")
    return procedure


def _progress(row: Any) -> ChecklistProgress:
    return ChecklistProgress.model_validate(row[0] if isinstance(row, list) else row)


async def get_progress(
    gateway: Gateway, session: AuthSession, *, owner_id: UUID, procedure_id: str
) -> ChecklistProgress | None:
    """The checklist as the caller may see it; None if not started or not visible to them."""
    rows = await gateway.select(
        session,
        "guide_progress",
        eq={"owner_id": str(owner_id), "procedure_id": procedure_id},
    )
    return _progress(rows[0]) if rows else None


async def list_progress(
    gateway: Gateway, session: AuthSession, *, owner_id: UUID
) -> list[ChecklistProgress]:
    rows = await gateway.select(
        session,
        "guide_progress",
        eq={"owner_id": str(owner_id)},
        order_by="updated_at",
        descending=True,
    )
    return [_progress(row) for row in rows]


async def set_step(
    gateway: Gateway,
    session: AuthSession,
    *,
    owner_id: UUID,
    procedure_id: str,
    step_id: str,
    done: bool,
    catalogue: GuideCatalogue | None = None,
) -> ChecklistProgress:
    procedure = _procedure(catalogue or current_catalogue(), procedure_id)
    if step_id not in step_ids(procedure):
        raise RelaisError(ErrorCode.INVALID_INPUT, f"no step {step_id!r}", field="step")
    row = await gateway.rpc(
        session,
        "set_guide_step",
        {
            "checklist_owner": str(owner_id),
            "for_procedure": procedure_id,
            "step_id": step_id,
            "done": done,
        },
    )
    return _progress(row)


async def set_document(
    gateway: Gateway,
    session: AuthSession,
    *,
    owner_id: UUID,
    procedure_id: str,
    document_id: str,
    gathered: bool,
    catalogue: GuideCatalogue | None = None,
) -> ChecklistProgress:
    procedure = _procedure(catalogue or current_catalogue(), procedure_id)
    if document_id not in document_ids(procedure):
        raise RelaisError(ErrorCode.INVALID_INPUT, f"no document {document_id!r}", field="document")
    row = await gateway.rpc(
        session,
        "set_guide_document",
        {
            "checklist_owner": str(owner_id),
            "for_procedure": procedure_id,
            "document_id": document_id,
            "gathered": gathered,
        },
    )
    return _progress(row)


async def save_details(
    gateway: Gateway,
    session: AuthSession,
    *,
    owner_id: UUID,
    procedure_id: str,
    note: str,
    remind_on: dt.date | None,
    catalogue: GuideCatalogue | None = None,
) -> ChecklistProgress:
    _procedure(catalogue or current_catalogue(), procedure_id)
    try:
        details = ChecklistDetails(note=note, remind_on=remind_on)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "note"
        code = refusal_code(first) or ErrorCode.INVALID_INPUT
        raise RelaisError(code, str(error), field=field) from None
    row = await gateway.rpc(
        session,
        "set_guide_details",
        {
            "checklist_owner": str(owner_id),
            "for_procedure": procedure_id,
            "new_note": details.note,
            "new_remind_on": details.remind_on.isoformat() if details.remind_on else None,
        },
    )
    return _progress(row)


async def clear(gateway: Gateway, session: AuthSession, *, procedure_id: str) -> None:
    """Start a procedure's checklist again; only its owner may."""
    rows = await gateway.delete(
        session,
        "guide_progress",
        eq={"owner_id": str(session.user_id), "procedure_id": procedure_id},
    )
    if not rows:
        raise RelaisError(ErrorCode.NOT_FOUND, "no such checklist of yours")


def started_procedures(
    catalogue: GuideCatalogue, lang: str, progress: list[ChecklistProgress]
) -> list[StartedProcedure]:
    """ "My procedures": started ones, in the order they were last touched, with the next step."""
    started: list[StartedProcedure] = []
    for item in progress:
        procedure = catalogue.procedure(lang, item.procedure_id)
        if procedure is None:  # retired from the content: nothing left to guide
            continue
        done = set(item.done_steps)
        next_step = next((step for step in procedure.steps if step.id not in done), None)
        done_count = sum(1 for step in procedure.steps if step.id in done)
        started.append(StartedProcedure(procedure, item, next_step, done_count))
    return started


def guide_topic(owner_id: UUID) -> str:
    """The realtime topic of one person's checklists (same name as private.guide_topic in SQL)."""
    return "guide_" + owner_id.hex


async def follow_checklists(
    gateway: Gateway,
    *,
    owner_id: UUID,
    on_change: Callable[[str], Awaitable[None]],
) -> Subscription:
    """Hear which of a person's checklists changed, while a screen shows it.

    The event names only the procedure: the handler re-reads it under the
    viewer's own session, so a viewer whose access ended learns nothing new.
    """

    async def deliver(_topic: str, payload: Mapping[str, Any]) -> None:
        await on_change(str(payload.get("procedure_id", "")))

    return await gateway.subscribe(guide_topic(owner_id), deliver)


async def list_shared_checklists(
    gateway: Gateway, session: AuthSession
) -> list[tuple[CircleMembership, list[ChecklistProgress]]]:
    """The checklists of the survivors whose circle I am in, as my access allows."""
    shared = []
    for membership in await sharing.list_shared_with_me(gateway, session):
        progress = await list_progress(gateway, session, owner_id=membership.survivor_id)
        shared.append((membership, progress))
    return shared
