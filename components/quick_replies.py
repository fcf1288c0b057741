"""One-tap answers for people with aphasia: five words, then pictograms, on one line."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_t
from services.message_models import PICTOGRAM_REPLIES, WORD_REPLIES, QuickReply

PICTOGRAMS: dict[QuickReply, ft.IconData] = {
    QuickReply.TIRED: ft.Icons.BEDTIME,
    QuickReply.PAIN: ft.Icons.HEALING,
    QuickReply.HAPPY: ft.Icons.SENTIMENT_SATISFIED_ALT,
    QuickReply.SAD: ft.Icons.SENTIMENT_DISSATISFIED,
    QuickReply.CALL_ME: ft.Icons.PHONE_IN_TALK,
    QuickReply.HELLO: ft.Icons.WAVING_HAND,
    QuickReply.GOODNIGHT: ft.Icons.NIGHTS_STAY,
}

Pick = Callable[[QuickReply], Awaitable[None]]


def quick_reply_key(reply: QuickReply) -> str:
    return f"messaging.chat.quick.{reply.value}"


@ft.component
def QuickReplies(on_pick: Pick, disabled: bool = False) -> ft.Control:
    palette = use_palette()
    t = use_t()

    def picked(reply: QuickReply) -> Callable[[], Awaitable[None]]:
        async def send() -> None:
            await on_pick(reply)

        return send

    words: list[ft.Control] = [
        ft.OutlinedButton(
            content=ft.Text(t(quick_reply_key(reply))),
            on_click=picked(reply),
            disabled=disabled,
        )
        for reply in WORD_REPLIES
    ]
    pictograms: list[ft.Control] = [
        ft.IconButton(
            icon=ft.Icon(PICTOGRAMS[reply], color=palette.primary, size=32),
            tooltip=t(quick_reply_key(reply)),
            on_click=picked(reply),
            disabled=disabled,
        )
        for reply in PICTOGRAM_REPLIES
    ]
    return ft.Semantics(
        identifier="quick-replies",
        # One line that scrolls sideways: the conversation keeps the screen.
        content=ft.Row(scroll=ft.ScrollMode.AUTO, spacing=6, controls=[*words, *pictograms]),
    )
