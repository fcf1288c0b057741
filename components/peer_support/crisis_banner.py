"""The calm crisis banner: France's emergency numbers, shown to both people in a conversation.

Shown when a message speaks of suicidal thoughts or of stroke warning signs
(services/safety.py). Each number is a link that opens the phone's dialler,
or its messages app for 114, which people who cannot speak reach by SMS.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import flet as ft

from components.hooks import use_palette, use_t
from components.icon_action import IconAction
from services.peer_support.message_models import CrisisContact


@ft.component
def CrisisBanner(
    visible: bool,
    crisis_contacts: Sequence[CrisisContact],
    on_dismiss: Callable[[], Awaitable[None]] | None = None,
) -> ft.Control:
    palette = use_palette()
    t = use_t()
    contacts = [
        ft.TextButton(
            content=ft.Text(
                t(f"messaging.safety.contact.{contact.key}", number=contact.number),
                theme_style=ft.TextThemeStyle.BODY_LARGE,
                weight=ft.FontWeight.BOLD,
                color=palette.on_notice_container,
            ),
            url=f"{'sms' if contact.sms else 'tel'}:{contact.number}",
        )
        for contact in crisis_contacts
    ]
    return ft.Semantics(
        identifier="crisis-banner",
        live_region=True,
        visible=visible,
        content=ft.Container(
            bgcolor=palette.notice_container,
            border=ft.Border.all(2, palette.on_notice_container),
            border_radius=14,
            padding=16,
            content=ft.Column(
                spacing=6,
                controls=[
                    ft.Row(
                        controls=[
                            ft.Icon(ft.Icons.HEALTH_AND_SAFETY, color=palette.on_notice_container),
                            ft.Text(
                                t("messaging.safety.banner_title"),
                                expand=True,
                                theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                color=palette.on_notice_container,
                            ),
                            IconAction(
                                ft.Icons.CLOSE,
                                t("messaging.safety.banner_hide"),
                                on_dismiss,
                                visible=on_dismiss is not None,
                                color=palette.on_notice_container,
                            ),
                        ]
                    ),
                    ft.Text(t("messaging.safety.banner_body"), color=palette.on_notice_container),
                    *contacts,
                ],
            ),
        ),
    )
