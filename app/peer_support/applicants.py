"""The coordinator reviews peer supporters: approve with the training date, decline with a
reason, suspend later. The database checks the caller (approve_peer, decline_peer_application,
suspend_peer); nobody can approve themselves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

from app.i18n import error_message
from app.peer_support.format import age, topics
from app.peer_support.state import PeerSupport, use_peer_support
from app.peer_support.vetting import TRAINING_DATE, training_date
from components import BodyText, ErrorArea, Screen
from components.date_field import DateField, typed_day
from components.form_field import field_label
from components.hooks import use_action, use_latest, use_palette, use_t
from services.models import PeerStatus
from services.peer_support.models import ApplicationSummary


@ft.component
def ApplicantsView() -> ft.Control:
    support = use_peer_support()
    t = use_t()
    palette = use_palette()
    applications, set_applications = ft.use_state(cast(list[ApplicationSummary], []))
    # Typed notes and dates per person; read at the tap (use_latest says why).
    notes = use_latest(cast(dict[str, str], {}))
    action = use_action()

    async def load() -> None:
        await action.run(lambda: _load_into(support, set_applications))

    ft.use_effect(load, [])

    def note(a: ApplicationSummary, kind: str) -> str:
        return notes.now().get(f"{kind}:{a.peer_id}", "")

    def typed(a: ApplicationSummary, kind: str) -> Callable[[ft.Event[ft.TextField]], None]:
        def changed(event: ft.Event[ft.TextField]) -> None:
            notes.set({**notes.now(), f"{kind}:{a.peer_id}": event.control.value or ""})

        return changed

    def trained_day(a: ApplicationSummary) -> str:
        return note(a, "date") or typed_day(dt.date.today())

    def date_typed(a: ApplicationSummary) -> Callable[[str], None]:
        def changed(text: str) -> None:
            notes.set({**notes.now(), f"date:{a.peer_id}": text})

        return changed

    def act(work: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            async def then_reload() -> None:
                await work()
                await _load_into(support, set_applications)

            await action.run(then_reload)

        return run

    def card(a: ApplicationSummary) -> ft.Control:
        experience = [
            t(key)
            for key, known in (
                ("messaging.field.aphasia_experience", a.aphasia_experience),
                ("messaging.field.returned_to_work", a.returned_to_work),
                ("messaging.field.drives_again", a.drives_again),
            )
            if known
        ]
        trained_on = trained_day(a)
        controls: list[ft.Control] = [
            ft.Text(a.display_name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, color=palette.text),
            BodyText(t(f"peer_status.short.{a.peer_status.value}"), muted=True),
            BodyText(
                t(
                    "messaging.coord.application_summary",
                    topics=topics(t, a.topics),
                    languages=", ".join(a.languages),
                    departement=a.departement,
                    capacity=a.capacity,
                    age=age(t, a.submitted_at),
                )
            ),
            BodyText(t("messaging.coord.stroke_year", year=a.stroke_year or "—")),
            BodyText(", ".join(experience), muted=True) if experience else ft.Container(),
            BodyText(t("messaging.coord.availability", text=a.availability), muted=True),
        ]
        if a.pending:
            controls += [
                DateField(
                    t("messaging.field.training_completed_on"),
                    trained_on,
                    date_typed(a),
                    last=dt.date.today(),  # the database refuses a training still to come
                    error=action.field_marker(t, TRAINING_DATE),
                ),
                ft.FilledButton(
                    content=ft.Text(t("messaging.coord.approve_named", name=a.display_name)),
                    on_click=act(lambda: support.approve(a.peer_id, training_date(trained_day(a)))),
                    disabled=action.busy,
                ),
                ft.TextField(
                    label=field_label(t("messaging.field.decline_reason")),
                    value=note(a, "decline"),
                    on_change=typed(a, "decline"),
                ),
                ft.OutlinedButton(
                    content=ft.Text(t("messaging.coord.decline_named", name=a.display_name)),
                    on_click=act(lambda: support.decline(a.peer_id, note(a, "decline"))),
                    disabled=action.busy,
                ),
            ]
        elif a.peer_status is PeerStatus.APPROVED:
            controls += [
                ft.TextField(
                    label=field_label(t("messaging.field.suspension_reason")),
                    value=note(a, "suspend"),
                    on_change=typed(a, "suspend"),
                ),
                ft.OutlinedButton(
                    content=ft.Text(t("messaging.coord.suspend_named", name=a.display_name)),
                    on_click=act(lambda: support.suspend(a.peer_id, note(a, "suspend"))),
                    disabled=action.busy,
                ),
            ]
        elif a.declined_at is not None:
            controls.append(
                BodyText(t("messaging.coord.declined_because", reason=a.decline_reason or ""))
            )
        return ft.Semantics(
            # One card per applicant, as on the Peers screen: a screen reader's outline
            # (and a test) can tell cards with the same fields apart.
            identifier=f"applicant-{a.peer_id}",
            container=True,
            key=str(a.peer_id),
            content=ft.Container(
                bgcolor=palette.card,
                border_radius=16,
                padding=16,
                content=ft.Column(spacing=8, controls=controls),
            ),
        )

    ordered = sorted(applications, key=lambda a: (not a.pending, a.submitted_at))
    return Screen(
        title=t("messaging.coord.applicants"),
        controls=[
            ErrorArea(error_message(t, action.failure) if action.failure else None),
            *(
                [card(a) for a in ordered]
                or [BodyText(t("messaging.coord.no_applicants"), muted=True)]
            ),
        ],
    )


async def _load_into(
    support: PeerSupport, setter: Callable[[list[ApplicationSummary]], None]
) -> None:
    setter(await support.applications())
