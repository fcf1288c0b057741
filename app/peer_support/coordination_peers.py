"""Coordination tab (coordinators only): peer supporters and their vetting status.

Approving and suspending go through the same two functions as the applicants
screen (approve_peer with the training date, suspend_peer with a reason), so a
suspension here also ends the peer's live matches. The database checks the
caller and holds those rules; this screen only asks for the date and the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import cast
from uuid import UUID

import flet as ft

from app.i18n import error_message, peer_status_short_key
from app.peer_support.state import use_peer_support
from app.peer_support.vetting import TRAINING_DATE, training_date
from app.state import use_app_state
from components import ActionButton, BodyText, ErrorArea, Screen
from components.date_field import DateField, typed_day
from components.form_field import field_label
from components.hooks import use_action, use_latest, use_palette, use_t
from services.models import PeerStatus, Profile
from services.peer_support.models import ApplicationSummary


@ft.component
def CoordinationView() -> ft.Control:
    state = use_app_state()
    support = use_peer_support()
    t = use_t()
    palette = use_palette()
    peers, set_peers = ft.use_state(cast(list[Profile], []))
    applied, set_applied = ft.use_state(cast(dict[UUID, ApplicationSummary], {}))
    # Typed notes and dates per person; read at the tap (use_latest says why).
    notes = use_latest(cast(dict[str, str], {}))
    action = use_action()

    async def read_lists() -> None:
        set_peers(await state.list_peers())
        set_applied({a.peer_id: a for a in await support.applications()})

    async def load() -> None:
        await action.run(read_lists)

    ft.use_effect(load, [])

    def note(peer: Profile, kind: str) -> str:
        return notes.now().get(f"{kind}:{peer.id}", "")

    def typed(peer: Profile, kind: str) -> Callable[[ft.Event[ft.TextField]], None]:
        def changed(event: ft.Event[ft.TextField]) -> None:
            notes.set({**notes.now(), f"{kind}:{peer.id}": event.control.value or ""})

        return changed

    def date_typed(peer: Profile) -> Callable[[str], None]:
        def changed(text: str) -> None:
            notes.set({**notes.now(), f"date:{peer.id}": text})

        return changed

    def act(work: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            async def then_reload() -> None:
                await work()
                await read_lists()

            await action.run(then_reload)

        return run

    def trained_day(peer: Profile) -> str:
        return note(peer, "date") or typed_day(dt.date.today())

    def approve(peer: Profile) -> Callable[[], Awaitable[None]]:
        async def work() -> None:
            await support.approve(peer.id, training_date(trained_day(peer)))

        return act(work)

    def suspend(peer: Profile) -> Callable[[], Awaitable[None]]:
        async def work() -> None:
            await support.suspend(peer.id, note(peer, "suspend"))

        return act(work)

    def decisions(peer: Profile, status: PeerStatus) -> list[ft.Control]:
        if peer.id not in applied:
            # Nothing to vet yet: approval needs the application and its training date.
            return [BodyText(t("coordination.not_applied"), muted=True)]
        controls: list[ft.Control] = []
        if status is not PeerStatus.APPROVED:
            trained_on = trained_day(peer)
            controls += [
                DateField(
                    t("messaging.field.training_completed_on"),
                    trained_on,
                    date_typed(peer),
                    last=dt.date.today(),  # the database refuses a training still to come
                    error=action.field_marker(t, TRAINING_DATE),
                ),
                ActionButton(
                    t("coordination.approve", name=peer.display_name),
                    on_click=approve(peer),
                    busy=action.busy,
                    icon=ft.Icons.CHECK,
                ),
            ]
        if status is not PeerStatus.SUSPENDED:
            controls += [
                ft.TextField(
                    label=field_label(t("messaging.field.suspension_reason")),
                    value=note(peer, "suspend"),
                    on_change=typed(peer, "suspend"),
                    error=action.field_marker(t, "reason"),
                ),
                ActionButton(
                    t("coordination.suspend", name=peer.display_name),
                    on_click=suspend(peer),
                    busy=action.busy,
                    primary=False,
                    icon=ft.Icons.PAUSE,
                ),
            ]
        return controls

    def peer_card(peer: Profile) -> ft.Control:
        status = peer.peer_status or PeerStatus.APPLICANT
        return ft.Semantics(
            # One card per peer: lets a test (and a screen reader's outline) tell them apart.
            identifier=f"peer-{peer.id}",
            container=True,
            key=str(peer.id),
            content=ft.Container(
                bgcolor=palette.card,
                border_radius=16,
                padding=16,
                content=ft.Column(
                    spacing=10,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                    controls=[
                        ft.Text(peer.display_name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                        BodyText(
                            t("coordination.status", status=t(peer_status_short_key(status))),
                            muted=True,
                        ),
                        *decisions(peer, status),
                    ],
                ),
            ),
        )

    return Screen(
        title=t("coordination.title"),
        controls=[
            BodyText(t("coordination.intro"), muted=True),
            ErrorArea(error_message(t, action.failure) if action.failure else None),
            *([peer_card(peer) for peer in peers] or [BodyText(t("coordination.none"))]),
            ActionButton(
                t("coordination.refresh"),
                on_click=load,
                busy=action.busy,
                primary=False,
                icon=ft.Icons.REFRESH,
            ),
        ],
    )
