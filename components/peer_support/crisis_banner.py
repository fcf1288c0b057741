"""The crisis banner: France's emergency numbers as large call and SMS buttons.

Shown when a message speaks of suicidal thoughts or of stroke warning signs
(services/peer_support/safety.py). It must never hide the conversation it
belongs to: open, it holds a short title, the four buttons and a few lines
of what to do (for the person, or for the peer supporter beside them). At
large text there is room for the four buttons only: the title is said, not
drawn, and what to do opens in a dialog from a "What to do" button under
them. (A scrolling box inside the conversation would hide part of the
numbers, and Flutter's Tab order goes astray in a nested scroll: it follows
positions that focusing itself scrolls.) Folded, it is one line that opens
it again, so the numbers stay one tap away.

Each button dials (or, for 114, which people who cannot speak reach by
text, opens the messages app) from the browser itself, inside the tap
(`action=ft.OpenUrl`): a browser opens `tel:` only while the tap is being
handled, and a round trip through the server comes too late on iOS Safari.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import flet as ft

from components.hooks import use_palette, use_t, use_text_scale
from components.icon_action import IconAction
from services.peer_support.message_models import CrisisContact

Handler = Callable[[], Awaitable[None]]
# From this text size on, the open banner holds the four buttons only and what
# to do is read in a dialog, leaving the latest message and the message field
# on screen (360×740 at 200 %).
GUIDANCE_IN_DIALOG_FROM_SCALE = 125


def contact_url(contact: CrisisContact) -> str:
    return f"{'sms' if contact.sms else 'tel'}:{contact.number}"


def _contact_button(
    contact: CrisisContact, t: Callable[..., str], colour: str, ink: str, padding: int
) -> ft.Control:
    return ft.FilledButton(
        content=ft.Row(
            tight=True,
            spacing=4,
            alignment=ft.MainAxisAlignment.CENTER,
            controls=[
                ft.Icon(ft.Icons.SMS if contact.sms else ft.Icons.PHONE, color=ink, size=28),
                ft.Text(
                    contact.number,
                    # The full sentence names the button: what the number is for.
                    semantics_label=t(
                        f"messaging.safety.contact.{contact.key}", number=contact.number
                    ),
                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                    weight=ft.FontWeight.BOLD,
                    color=ink,
                    no_wrap=True,
                ),
            ],
        ),
        expand=True,
        bgcolor=colour,
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=4, vertical=padding)),
        action=ft.OpenUrl(contact_url(contact)),
    )


def _grid(buttons: list[ft.Control]) -> ft.Control:
    """Two by two: each number stays whole at any text size on a 360 px phone."""
    rows = [buttons[start : start + 2] for start in range(0, len(buttons), 2)]
    return ft.Column(spacing=8, controls=[ft.Row(spacing=8, controls=row) for row in rows])


@ft.component
def CrisisBanner(
    shown: bool,
    expanded: bool,
    crisis_contacts: Sequence[CrisisContact],
    guidance: str,
    on_expand: Handler,
    on_fold: Handler,
) -> ft.Control:
    """`guidance`: what to do, in the words for this reader (the person, or their supporter)."""
    palette = use_palette()
    t = use_t()
    large_text = use_text_scale() > GUIDANCE_IN_DIALOG_FROM_SCALE
    ink = palette.on_notice_container
    if not shown:
        return ft.Container(visible=False)
    if not expanded:
        return ft.Semantics(
            identifier="crisis-banner-folded",
            content=ft.TextButton(
                icon=ft.Icons.HEALTH_AND_SAFETY,
                content=ft.Text(t("messaging.safety.banner_open"), color=ink),
                style=ft.ButtonStyle(
                    bgcolor=palette.notice_container,
                    icon_color=ink,
                    # 48 px high at every text size: a finger finds it at once.
                    padding=ft.Padding.symmetric(horizontal=12, vertical=14),
                ),
                on_click=on_expand,
            ),
        )
    grid = _grid(
        [
            # At large text the number alone makes a button taller than 48 px.
            _contact_button(
                contact, t, palette.primary, palette.on_primary, 4 if large_text else 10
            )
            for contact in crisis_contacts
        ]
    )
    fold = IconAction(ft.Icons.EXPAND_LESS, t("messaging.safety.banner_hide"), on_fold, color=ink)

    async def explain() -> None:
        page = ft.context.page

        async def close() -> None:
            page.pop_dialog()

        page.show_dialog(
            ft.AlertDialog(
                title=ft.Text(t("messaging.safety.what_to_do")),
                content=ft.Semantics(identifier="crisis-guidance", content=ft.Text(guidance)),
                actions=[
                    ft.FilledButton(content=ft.Text(t("messaging.chat.close")), on_click=close)
                ],
                scrollable=True,
            )
        )

    content = (
        ft.Column(
            spacing=8,
            tight=True,
            controls=[
                grid,
                ft.Row(
                    spacing=0,
                    controls=[
                        ft.Container(
                            expand=True,
                            alignment=ft.Alignment.CENTER_LEFT,
                            content=ft.TextButton(
                                icon=ft.Icons.HELP_OUTLINE,
                                content=ft.Text(t("messaging.safety.what_to_do"), color=ink),
                                style=ft.ButtonStyle(
                                    icon_color=ink, padding=ft.Padding.symmetric(horizontal=4)
                                ),
                                on_click=explain,
                            ),
                        ),
                        fold,
                    ],
                ),
            ],
        )
        if large_text
        else ft.Column(
            spacing=8,
            tight=True,
            controls=[
                ft.Row(
                    controls=[
                        ft.Icon(ft.Icons.HEALTH_AND_SAFETY, color=ink),
                        ft.Text(
                            t("messaging.safety.banner_title"),
                            theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                            color=ink,
                            expand=True,
                        ),
                        fold,
                    ]
                ),
                grid,
                ft.Text(guidance, color=ink),
            ],
        )
    )
    return ft.Semantics(
        identifier="crisis-banner",
        live_region=True,
        # Drawn at 100 %; at large text only said, so the buttons keep the room.
        label=t("messaging.safety.banner_title") if large_text else None,
        content=ft.Container(
            bgcolor=palette.notice_container,
            border=ft.Border.all(2, ink),
            border_radius=14,
            padding=ft.Padding.symmetric(horizontal=10, vertical=8),
            content=content,
        ),
    )
