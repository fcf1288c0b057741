"""One procedure: what it is, who can get it, the steps to tick, documents, amounts, sources.

The checklist shown is the person's own, or, for a caregiver, the survivor's
they help (chosen at the top). Ticking writes straight to the database under
the person's identity; the database decides whether they may.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

import flet as ft

from app.guide import routes as guide_routes
from app.guide.catalogue_widgets import CatalogueNotice
from app.guide.format import parse_typed_date, typed_date
from app.guide.live import use_checklists_version
from app.guide.sections import SectionContext, heading, procedure_sections
from app.i18n import error_message
from app.state import use_app_state
from components import ActionButton, ChoiceCard, ErrorArea, FormField, NoticeArea, Screen
from components.date_field import DateField
from components.hooks import use_action, use_latest, use_palette, use_t
from services.errors import ErrorCode, RelaisError
from services.guide import progress as guide_progress
from services.guide.content import current_catalogue
from services.guide.progress import NOTE_MAX_LENGTH, ChecklistOwner, ChecklistProgress

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TickQueue:
    failure: Exception | None
    run: Callable[[Callable[[], Awaitable[None]]], Awaitable[None]]


def use_tick_queue() -> TickQueue:
    """Ticks run one after another, none dropped: quick taps on two boxes both count.

    (use_action would refuse the second tap while the first is in flight, and
    concurrent answers could arrive out of order and show an older list.)
    """
    lock = ft.use_ref(cast(asyncio.Lock | None, None))
    failure, set_failure = ft.use_state(cast(Exception | None, None))

    async def run(work: Callable[[], Awaitable[None]]) -> None:
        if lock.current is None:
            lock.current = asyncio.Lock()
        async with lock.current:
            try:
                await work()
                set_failure(None)
            except RelaisError as error:
                set_failure(error)
            except Exception as error:  # a calm message instead of a dead screen
                logger.exception("ticking failed unexpectedly")
                set_failure(error)

    return TickQueue(failure, run)


@ft.component
def ProcedureView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    palette = use_palette()
    page = ft.context.page
    procedure_id = ft.use_route_params().get("procedure_id", "")
    procedure = current_catalogue().procedure(state.locale.value, procedure_id)
    owners, set_owners = ft.use_state(cast(list[ChecklistOwner], []))
    owner, set_owner = ft.use_state(cast(ChecklistOwner | None, None))
    progress, set_progress = ft.use_state(cast(ChecklistProgress | None, None))
    # What is drawn, and what save_details reads at the tap (use_latest says why).
    typed_note = use_latest("")
    typed_reminder = use_latest("")
    note, reminder = typed_note.shown, typed_reminder.shown
    saved, set_saved = ft.use_state(False)
    load_failure, set_load_failure = ft.use_state(cast(Exception | None, None))
    ticks = use_tick_queue()
    # A note being typed is not replaced by a re-read that someone else's tick caused.
    editing = ft.use_ref(False)
    saving = use_action()
    session = state.session

    def show(row: ChecklistProgress | None) -> None:
        set_progress(row)
        typed_note.set(row.note or "" if row else "")
        typed_reminder.set(typed_date(row.remind_on) if row else "")

    async def load_owners() -> None:
        if session is None or procedure is None:
            return
        try:
            found = await guide_progress.checklist_owners(state.gateway, session)
        except RelaisError as error:  # the guide still reads; only the checklist waits
            set_load_failure(error)
            return
        role = state.profile.role if state.profile else None
        set_owners(found)
        set_owner(guide_progress.default_owner(found, role))

    async def load_progress() -> None:
        if session is None or owner is None or procedure is None:
            return
        try:
            row = await guide_progress.get_progress(
                state.gateway, session, owner_id=owner.owner_id, procedure_id=procedure.id
            )
        except RelaisError as error:
            set_load_failure(error)
            return
        set_load_failure(None)
        if editing.current:
            set_progress(row)
        else:
            show(row)

    # Ticks made elsewhere (the other person, another tab) arrive while the page is open.
    changes = use_checklists_version((owner.owner_id,) if owner else (), procedure_id)
    ft.use_effect(load_owners, [procedure_id, session])
    ft.use_effect(load_progress, [owner, changes])

    async def back() -> None:
        await page.push_route(guide_routes.GUIDE)

    if procedure is None:
        return Screen(
            title=t("guide.not_found"),
            controls=[ActionButton(t("guide.back"), on_click=back, primary=False)],
        )

    async def on_step(step_id: str, done: bool) -> None:
        async def work() -> None:
            assert session is not None and owner is not None
            set_progress(
                await guide_progress.set_step(
                    state.gateway,
                    session,
                    owner_id=owner.owner_id,
                    procedure_id=procedure.id,
                    step_id=step_id,
                    done=done,
                )
            )

        await ticks.run(work)

    async def on_document(document_id: str, gathered: bool) -> None:
        async def work() -> None:
            assert session is not None and owner is not None
            set_progress(
                await guide_progress.set_document(
                    state.gateway,
                    session,
                    owner_id=owner.owner_id,
                    procedure_id=procedure.id,
                    document_id=document_id,
                    gathered=gathered,
                )
            )

        await ticks.run(work)

    async def save_details() -> None:
        async def work() -> None:
            assert session is not None and owner is not None
            try:
                remind_on = parse_typed_date(typed_reminder.now())
            except ValueError:
                raise RelaisError(ErrorCode.INVALID_INPUT, "date", field="remind_on") from None
            show(
                await guide_progress.save_details(
                    state.gateway,
                    session,
                    owner_id=owner.owner_id,
                    procedure_id=procedure.id,
                    note=typed_note.now(),
                    remind_on=remind_on,
                )
            )
            editing.current = False
            set_saved(True)

        await saving.run(work)

    def choose(chosen: ChecklistOwner) -> ft.Control:
        async def select() -> None:
            editing.current = False
            set_owner(chosen)

        label = (
            t("guide.checklist.mine")
            if chosen.display_name is None
            else t("guide.checklist.of", name=chosen.display_name)
        )
        return ChoiceCard(label, owner == chosen, select)

    can_edit = owner.can_edit if owner else False
    ctx = SectionContext(
        t=t,
        palette=palette,
        locale=state.locale,
        can_edit=can_edit,
        on_step=on_step,
        on_document=on_document,
    )
    whose: list[ft.Control] = []
    if len(owners) > 1:
        whose = [heading(t("guide.checklist.whose")), *[choose(o) for o in owners]]
    if owner is not None and not can_edit:
        whose.append(NoticeArea(t("guide.checklist.read_only"), identifier="guide-read-only"))

    def edit_note(value: str) -> None:
        editing.current = True
        typed_note.set(value)
        set_saved(False)

    def edit_reminder(value: str) -> None:
        editing.current = True
        typed_reminder.set(value)
        set_saved(False)

    details: list[ft.Control] = [
        heading(t("guide.section.note")),
        ft.Text(t("guide.note.who_sees"), color=palette.muted_text),
        FormField(
            t("guide.field.note"), note, edit_note, multiline=True, max_length=NOTE_MAX_LENGTH
        ),
        DateField(
            t("guide.field.remind_on"),
            reminder,
            edit_reminder,
            first=dt.date.today(),
            last=dt.date.today() + dt.timedelta(days=10 * 366),
            helper=t("guide.field.remind_on_help"),
            error=saving.field_marker(t, "remind_on"),
        ),
        ErrorArea(error_message(t, saving.failure) if saving.failure else None),
        NoticeArea(t("guide.note.saved") if saved else None, identifier="guide-note-saved"),
        ActionButton(
            t("guide.note.save"), on_click=save_details, busy=saving.busy, disabled=not can_edit
        ),
    ]
    summary, *sections = procedure_sections(procedure, progress, ctx)
    return Screen(
        title=procedure.title,
        controls=[
            ActionButton(t("guide.back"), on_click=back, primary=False, icon=ft.Icons.ARROW_BACK),
            ft.Text(
                t(
                    "guide.procedure.meta",
                    audience=t(f"guide.audience.{procedure.audience.value}"),
                    category=t(f"guide.category.{procedure.category.value}"),
                ),
                color=palette.muted_text,
            ),
            CatalogueNotice(),
            summary,
            *whose,
            ErrorArea(
                error_message(t, failure) if (failure := ticks.failure or load_failure) else None,
                identifier="guide-tick-error",
            ),
            *sections,
            *details,
        ],
    )
