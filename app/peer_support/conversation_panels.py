"""Panels that open inside a conversation: ending the match (or blocking), reporting a message."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast
from uuid import UUID

import flet as ft

from app.i18n import error_message
from app.peer_support import routes as peer_routes
from app.peer_support.state import use_peer_support
from components import ErrorArea, OneOf
from components.form_field import field_label
from components.hooks import use_action, use_latest, use_palette, use_t
from services.peer_support.message_models import Message, ReportReason

Done = Callable[[], Awaitable[None]]


def _card(palette_card: str, controls: list[ft.Control], identifier: str) -> ft.Control:
    return ft.Semantics(
        identifier=identifier,
        content=ft.Container(
            bgcolor=palette_card,
            border_radius=14,
            padding=16,
            content=ft.Column(spacing=10, controls=controls),
        ),
    )


@ft.component
def EndPanel(visible: bool, match_id: UUID | None, on_done: Done) -> ft.Control:
    support = use_peer_support()
    t = use_t()
    palette = use_palette()
    page = ft.context.page
    goodbye = use_latest("")  # handlers read goodbye.now() (use_latest says why)
    action = use_action()
    if not visible or match_id is None:
        return ft.Container(visible=False)

    async def end() -> None:
        async def work() -> None:
            await support.end_match(match_id, goodbye.now())
            await page.push_route(peer_routes.MESSAGES)

        await action.run(work)

    async def block() -> None:
        async def work() -> None:
            await support.block(match_id)
            await page.push_route(peer_routes.MESSAGES)

        await action.run(work)

    return _card(
        palette.card,
        [
            ft.Text(t("messaging.chat.end_intro"), color=palette.text),
            ft.TextField(
                label=field_label(t("messaging.chat.goodbye")),
                value=goodbye.shown,
                on_change=lambda e: goodbye.set(e.control.value or ""),
                multiline=True,
                max_length=500,
            ),
            ErrorArea(error_message(t, action.failure) if action.failure else None),
            ft.Row(
                wrap=True,
                controls=[
                    ft.FilledButton(content=ft.Text(t("messaging.chat.end")), on_click=end),
                    ft.OutlinedButton(content=ft.Text(t("messaging.chat.block")), on_click=block),
                    ft.TextButton(content=ft.Text(t("messaging.chat.cancel")), on_click=on_done),
                ],
            ),
        ],
        "end-panel",
    )


@ft.component
def ReportPanel(message: Message | None, on_done: Done) -> ft.Control:
    support = use_peer_support()
    t = use_t()
    palette = use_palette()
    # What is drawn, and what send reads at the tap (use_latest says why).
    reason = use_latest(cast(str | None, None))
    details = use_latest("")
    sent, set_sent = ft.use_state(False)
    action = use_action()
    if message is None:
        return ft.Container(visible=False)

    async def send() -> None:
        async def work() -> None:
            await support.report(
                message.id, ReportReason(reason.now() or ReportReason.OTHER), details.now()
            )
            set_sent(True)

        await action.run(work)

    if sent:
        return _card(
            palette.card,
            [
                ft.Text(t("messaging.chat.report_sent"), color=palette.text),
                ft.TextButton(content=ft.Text(t("messaging.chat.close")), on_click=on_done),
            ],
            "report-panel",
        )
    return _card(
        palette.card,
        [
            ft.Text(t("messaging.chat.report_intro"), color=palette.text),
            ft.Text(f"« {message.body} »", italic=True, color=palette.muted_text),
            OneOf(
                t("messaging.chat.reason_title"),
                [(r.value, t(f"messaging.chat.reason.{r.value}")) for r in ReportReason],
                reason.shown,
                reason.set,
            ),
            ft.TextField(
                label=field_label(t("messaging.chat.report_details")),
                value=details.shown,
                on_change=lambda e: details.set(e.control.value or ""),
                multiline=True,
                max_length=500,
            ),
            ErrorArea(error_message(t, action.failure) if action.failure else None),
            ft.Row(
                wrap=True,
                controls=[
                    ft.FilledButton(
                        content=ft.Text(t("messaging.chat.report_send")),
                        on_click=send,
                        disabled=not reason,
                    ),
                    ft.TextButton(content=ft.Text(t("messaging.chat.cancel")), on_click=on_done),
                ],
            ),
        ],
        "report-panel",
    )
