"""One-tap answers for people with aphasia: five words, then pictograms.

The answers wrap onto as many lines as the text size needs, so none is ever
cut off at the side of a small phone. A button folds them away and opens them
again; at large text sizes they start folded, as they would otherwise push the
conversation itself off the screen. They stay open after a pick, which keeps
every following answer to a single tap.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_t, use_text_scale
from components.icon_action import IconAction
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

UNFOLDED_UP_TO_SCALE = 125

Pick = Callable[[QuickReply], Awaitable[None]]


def quick_reply_key(reply: QuickReply) -> str:
    return f"messaging.chat.quick.{reply.value}"


@ft.component
def QuickReplies(on_pick: Pick, disabled: bool = False) -> ft.Control:
    palette = use_palette()
    t = use_t()
    # Open from the start at the usual sizes; folded at large sizes, where the
    # answers would push the conversation itself off a small screen.
    shown, set_shown = ft.use_state(use_text_scale() <= UNFOLDED_UP_TO_SCALE)

    def picked(reply: QuickReply) -> Callable[[], Awaitable[None]]:
        async def send() -> None:
            await on_pick(reply)

        return send

    async def fold() -> None:
        set_shown(not shown)

    words: list[ft.Control] = [
        ft.OutlinedButton(
            content=ft.Text(t(quick_reply_key(reply))),
            on_click=picked(reply),
            disabled=disabled,
        )
        for reply in WORD_REPLIES
    ]
    pictograms: list[ft.Control] = [
        IconAction(
            PICTOGRAMS[reply],
            t(quick_reply_key(reply)),
            picked(reply),
            disabled=disabled,
            color=palette.primary,
            size=32,
        )
        for reply in PICTOGRAM_REPLIES
    ]
    toggle = ft.TextButton(
        content=t("messaging.chat.quick_hide" if shown else "messaging.chat.quick_show"),
        icon=ft.Icons.EXPAND_MORE if shown else ft.Icons.EXPAND_LESS,
        on_click=fold,
    )
    return ft.Semantics(
        identifier="quick-replies",
        content=ft.Column(
            spacing=4,
            controls=[
                toggle,
                ft.Row(wrap=True, spacing=6, run_spacing=6, controls=words, visible=shown),
                ft.Row(wrap=True, spacing=2, run_spacing=2, controls=pictograms, visible=shown),
            ],
        ),
    )
