"""One message: plain text (never HTML or Markdown), its time, and "seen" for my own.

Kept to a handful of controls, since a conversation screen holds fifty or
more of them in server memory: tapping the other person's message selects
it, and only the selected message shows its "report" button.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_t, use_text_scale
from components.peer_support.quick_replies import PICTOGRAMS, quick_reply_key
from services.peer_support.message_models import Message, MessageKind

Handler = Callable[[Message], Awaitable[None]]
# The empty side of a bubble, so mine sit on the right and theirs on the left.
_OTHER_SIDE = 56
# Past this text size a long word ("complètement" at 200 %) no longer fits the
# narrower bubble on a 360 px phone and would be cut in two: the side shrinks.
_NARROW_SIDE_FROM_SCALE = 150
_OTHER_SIDE_LARGE_TEXT = 16


@ft.component
def MessageBubble(
    message: Message,
    mine: bool,
    seen: bool,
    selected: bool = False,
    on_select: Handler | None = None,
    on_report: Handler | None = None,
) -> ft.Control:
    palette = use_palette()
    t = use_t()
    other_side = (
        _OTHER_SIDE_LARGE_TEXT if use_text_scale() >= _NARROW_SIDE_FROM_SCALE else _OTHER_SIDE
    )
    # A quick reply reads in the reader's own language, whatever the sender's was.
    text = t(quick_reply_key(message.quick_reply)) if message.quick_reply else message.body
    if message.kind is MessageKind.GOODBYE:
        text = f"{t('messaging.chat.goodbye_label')} — {text}"
    if message.kind is MessageKind.ERASED:
        # Its author deleted their account: the words are gone, the place stays.
        text = t("messaging.chat.message_erased")
    footer = message.created_at.astimezone().strftime("%H:%M")
    if mine and seen:
        footer = f"{footer} · {t('messaging.chat.seen')}"
    controls: list[ft.Control] = []
    if message.quick_reply in PICTOGRAMS:
        # My bubble is filled with primary_container: its own on-colour, in both themes.
        colour = palette.on_primary_container if mine else palette.primary
        controls.append(ft.Icon(PICTOGRAMS[message.quick_reply], size=40, color=colour))
    controls += [
        ft.Text(
            text,
            theme_style=ft.TextThemeStyle.BODY_LARGE,
            color=palette.on_primary_container if mine else palette.text,
        ),
        ft.Text(footer, color=palette.on_primary_container if mine else palette.muted_text),
    ]
    if selected and on_report is not None:

        async def report() -> None:
            await on_report(message)

        controls.append(
            ft.TextButton(
                icon=ft.Icons.FLAG_OUTLINED,
                content=ft.Text(t("messaging.chat.report")),
                on_click=report,
            )
        )

    async def select() -> None:
        if on_select is not None:
            await on_select(message)

    return ft.Container(
        margin=ft.Margin.only(left=other_side) if mine else ft.Margin.only(right=other_side),
        bgcolor=palette.primary_container if mine else palette.card,
        border=ft.Border.all(2, palette.primary) if selected else None,
        border_radius=16,
        padding=12,
        on_click=None if mine or on_select is None else select,
        # An ink well takes keyboard focus: Tab reaches the message to report it.
        ink=not mine and on_select is not None,
        content=ft.Column(spacing=4, controls=controls),
    )
