"""One-tap answers for people with aphasia: five words, then pictograms with their words.

The answers wrap onto as many lines as the text size needs, so none is ever
cut off at the side of a small phone. A button beside "send" folds them away
and opens them again; they stay open after a pick, which keeps every
following answer to a single tap. At large text sizes there is no room for
them below the conversation: the same button opens them in a sheet over the
screen, which closes once an answer is sent so the person sees it go.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_t, use_text_scale
from components.i18n import Translator
from components.icon_action import IconAction
from components.theme import Palette
from services.peer_support.message_models import PICTOGRAM_REPLIES, WORD_REPLIES, QuickReply

PICTOGRAMS: dict[QuickReply, ft.IconData] = {
    # Not a moon: "good night" has the moon, and the two must not be taken for each other.
    QuickReply.TIRED: ft.Icons.BATTERY_1_BAR,
    QuickReply.PAIN: ft.Icons.HEALING,
    QuickReply.HAPPY: ft.Icons.SENTIMENT_SATISFIED_ALT,
    QuickReply.SAD: ft.Icons.SENTIMENT_DISSATISFIED,
    QuickReply.CALL_ME: ft.Icons.PHONE_IN_TALK,
    QuickReply.HELLO: ft.Icons.WAVING_HAND,
    QuickReply.GOODNIGHT: ft.Icons.NIGHTS_STAY,
}
# Up to this text size the answers fit below the conversation.
INLINE_UP_TO_SCALE = 125

Pick = Callable[[QuickReply], Awaitable[None]]
Action = Callable[[], Awaitable[None]]


def quick_reply_key(reply: QuickReply) -> str:
    return f"messaging.chat.quick.{reply.value}"


def use_large_text() -> bool:
    return use_text_scale() > INLINE_UP_TO_SCALE


def use_quick_replies_open() -> tuple[bool, Action]:
    """Whether the answers show below the conversation, and the button that folds them."""
    shown, set_shown = ft.use_state(True)

    async def toggle() -> None:
        set_shown(lambda current: not current)

    return shown, toggle


def _answers(t: Translator, palette: Palette, pick: Pick, disabled: bool) -> list[ft.Control]:
    def picked(reply: QuickReply) -> Action:
        async def send() -> None:
            await pick(reply)

        return send

    words: list[ft.Control] = [
        ft.OutlinedButton(
            content=ft.Text(t(quick_reply_key(reply))), on_click=picked(reply), disabled=disabled
        )
        for reply in WORD_REPLIES
    ]
    # Each pictogram carries its word under it: a picture alone is read in more than one way.
    pictograms: list[ft.Control] = [
        ft.TextButton(
            content=ft.Column(
                tight=True,
                spacing=2,
                horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                controls=[
                    ft.Icon(PICTOGRAMS[reply], color=palette.primary, size=32),
                    ft.Text(
                        t(quick_reply_key(reply)),
                        color=palette.primary,
                        text_align=ft.TextAlign.CENTER,
                    ),
                ],
            ),
            on_click=picked(reply),
            disabled=disabled,
            style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=8, vertical=6)),
        )
        for reply in PICTOGRAM_REPLIES
    ]
    return [
        ft.Row(wrap=True, spacing=6, run_spacing=6, controls=words),
        ft.Row(wrap=True, spacing=4, run_spacing=4, controls=pictograms),
    ]


@ft.component
def QuickRepliesToggle(shown: bool, on_toggle: Action, on_pick: Pick) -> ft.Control:
    t = use_t()
    palette = use_palette()
    large_text = use_large_text()
    sheet_open, set_sheet_open = ft.use_state(False)

    async def open_sheet() -> None:
        set_sheet_open(True)

    async def close() -> None:
        set_sheet_open(False)

    async def pick_and_close(reply: QuickReply) -> None:
        set_sheet_open(False)
        await on_pick(reply)

    sheet = ft.BottomSheet(
        on_dismiss=close,
        # As tall as the answers need (up to the whole screen), not half of it.
        scrollable=True,
        bgcolor=palette.background,
        content=ft.Container(
            # No padding below: the answers scroll to the sheet's very edge, so the
            # last one on screen is cut by the screen, never by a margin.
            padding=ft.Padding.only(left=16, top=16, right=16),
            bgcolor=palette.background,
            content=ft.Column(
                tight=True,
                scroll=ft.ScrollMode.AUTO,
                spacing=12,
                controls=[
                    # "Close" first: at large text the answers run past the screen.
                    ft.Row(
                        wrap=True,
                        controls=[
                            ft.Text(
                                t("messaging.chat.quick_show"),
                                theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                color=palette.text,
                            ),
                            ft.TextButton(
                                content=t("messaging.chat.quick_close"),
                                icon=ft.Icons.CLOSE,
                                on_click=close,
                            ),
                        ],
                    ),
                    *_answers(t, palette, pick_and_close, disabled=False),
                    ft.Container(height=16),
                ],
            ),
        ),
    )
    ft.use_dialog(sheet if large_text and sheet_open else None)
    folds = shown and not large_text
    return IconAction(
        ft.Icons.EXPAND_MORE if folds else ft.Icons.QUICKREPLY_OUTLINED,
        t("messaging.chat.quick_hide" if folds else "messaging.chat.quick_show"),
        open_sheet if large_text else on_toggle,
        color=palette.primary,
    )


@ft.component
def QuickReplies(on_pick: Pick, shown: bool, disabled: bool = False) -> ft.Control:
    t = use_t()
    palette = use_palette()
    # Hidden on the Semantics itself: a Semantics with nothing visible inside is
    # an error in the Flet client.
    return ft.Semantics(
        identifier="quick-replies",
        visible=shown and not use_large_text(),
        content=ft.Column(spacing=6, controls=_answers(t, palette, on_pick, disabled)),
    )
