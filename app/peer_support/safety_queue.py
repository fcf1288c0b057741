"""Reports and crisis alerts waiting for the coordinator, oldest first.

A report shows only the reported message and the few around it (the excerpt
stored with the report), never the conversation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

from app.i18n import error_message
from app.peer_support.format import age
from app.peer_support.state import use_peer_support
from components import BodyText, ErrorArea, Screen
from components.hooks import use_action, use_palette, use_t
from services.peer_support.message_models import SafetyItem


@ft.component
def SafetyQueueView() -> ft.Control:
    support = use_peer_support()
    t = use_t()
    palette = use_palette()
    items, set_items = ft.use_state(cast(list[SafetyItem], []))
    action = use_action()

    async def load() -> None:
        async def work() -> None:
            set_items(await support.safety_queue())

        await action.run(work)

    ft.use_effect(load, [])

    def done(item: SafetyItem) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            async def work() -> None:
                await support.resolve(item)
                set_items(await support.safety_queue())

            await action.run(work)

        return run

    def excerpt(item: SafetyItem) -> list[ft.Control]:
        if isinstance(item.excerpt, str):
            return [BodyText(f"« {item.excerpt} »")]
        lines: list[ft.Control] = []
        for entry in item.excerpt or []:
            key = (
                "messaging.safety.from_reporter"
                if entry.get("from_reporter")
                else "messaging.safety.from_other"
            )
            who = t(key)
            # A person who deleted their account leaves no words in the excerpt.
            words = entry["body"] if "body" in entry else t("messaging.chat.message_erased")
            text = f"{who} : {words}"
            lines.append(
                ft.Text(
                    text,
                    weight=ft.FontWeight.BOLD if entry.get("reported") else None,
                    color=palette.text,
                )
            )
        return lines

    def people(item: SafetyItem) -> str:
        gone = t("messaging.chat.deleted_account")  # no name: they deleted their account
        # Nobody reported an alert: the app found crisis words in someone's message.
        # "Reported by Marie, about Marie" read as if Marie had reported herself.
        if item.item_type == "alert":
            return t("messaging.safety.detected_in", name=item.concerned_name or gone)
        return t(
            "messaging.safety.people",
            reporter=item.reporter_name or gone,
            concerned=item.concerned_name or gone,
        )

    def card(item: SafetyItem) -> ft.Control:
        kind = "alert" if item.item_type == "alert" else "report"
        return ft.Semantics(
            identifier=f"safety-{item.item_id}",
            content=ft.Container(
                bgcolor=palette.card,
                border_radius=16,
                padding=16,
                key=str(item.item_id),
                content=ft.Column(
                    spacing=6,
                    controls=[
                        ft.Text(
                            t(
                                f"messaging.safety.{kind}_title",
                                category=t(f"messaging.safety.{kind}.{item.category}"),
                                age=age(t, item.created_at),
                            ),
                            theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                            color=palette.text,
                        ),
                        BodyText(people(item), muted=True),
                        BodyText(item.details or "", muted=True)
                        if item.details
                        else ft.Container(),
                        *excerpt(item),
                        ft.FilledButton(
                            content=ft.Text(t(f"messaging.safety.{kind}_done")),
                            on_click=done(item),
                            disabled=action.busy,
                        ),
                    ],
                ),
            ),
        )

    return Screen(
        title=t("messaging.coord.safety"),
        controls=[
            ErrorArea(error_message(t, action.failure) if action.failure else None),
            *(
                [card(i) for i in items]
                or [BodyText(t("messaging.safety.queue_empty"), muted=True)]
            ),
        ],
    )
