"""A match proposal waiting for this person's answer: accept or decline, no reason asked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_t
from services.peer_support.models import MyMatch

Answer = Callable[[bool], Awaitable[None]]


@ft.component
def ProposalCard(match: MyMatch, on_answer: Answer, busy: bool = False) -> ft.Control:
    palette = use_palette()
    t = use_t()
    topics = ", ".join(t(f"messaging.topic.{topic.value}") for topic in match.topics)
    intro_key = (
        "messaging.peer.proposal_for_peer"
        if match.my_side == "peer"
        else "messaging.peer.proposal_for_you"
    )

    async def accept() -> None:
        await on_answer(True)

    async def decline() -> None:
        await on_answer(False)

    waiting = match.i_accepted and not match.partner_accepted
    return ft.Semantics(
        identifier=f"proposal-{match.match_id}",
        content=ft.Container(
            bgcolor=palette.card,
            border_radius=16,
            padding=16,
            content=ft.Column(
                spacing=8,
                controls=[
                    ft.Text(
                        t(intro_key, name=match.partner_name),
                        theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                        color=palette.text,
                    ),
                    ft.Text(
                        t(
                            "messaging.peer.where_and_topics",
                            departement=match.partner_departement or "—",
                            topics=topics,
                        ),
                        color=palette.muted_text,
                    ),
                    ft.Text(t("messaging.peer.waiting_other"), color=palette.text, visible=waiting),
                    ft.Row(
                        wrap=True,
                        visible=not match.i_accepted,
                        controls=[
                            ft.FilledButton(
                                content=ft.Text(t("messaging.peer.accept")),
                                on_click=accept,
                                disabled=busy,
                            ),
                            ft.OutlinedButton(
                                content=ft.Text(t("messaging.peer.decline")),
                                on_click=decline,
                                disabled=busy,
                            ),
                        ],
                    ),
                ],
            ),
        ),
    )
