"""A labelled text field whose value lives in the view's state.

The value is passed in and every change reported, so a refusal that
re-renders the screen never wipes what the person typed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.hooks import use_palette, use_t, use_text_scale
from components.icon_action import IconAction
from components.theme import scaled

DIGITS_ONLY = ft.InputFilter(regex_string=r"^[0-9]*$", allow=True)

ChangeHandler = Callable[[str], Awaitable[None] | None]
# Material's room above and below the typed line at 100 %. It grows with the text
# size, so the typed line keeps clear of the label floating on the border.
CONTENT_PADDING_VERTICAL = 16
CONTENT_PADDING_HORIZONTAL = 12
# Helpers and errors wrap onto this many lines before Flutter cuts them short.
MESSAGE_MAX_LINES = 4


def field_label(text: str) -> ft.Text:
    """A text field's label on one line, always.

    Flet's label wraps at large text, and a floating label of two lines covers
    what the person typed. A label too long for the line ends in an ellipsis.
    """
    return ft.Text(text, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS)


@ft.component
def FormField(
    label: str,
    value: str,
    on_change: ChangeHandler,
    error: str | None = None,
    helper: str | None = None,
    password: bool = False,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
    autofill: ft.AutofillHint | None = None,
    multiline: bool = False,
    max_length: int | None = None,
    numbers_only: bool = False,
) -> ft.Control:
    palette = use_palette()
    t = use_t()
    text_scale = use_text_scale()
    revealed, set_revealed = ft.use_state(False)

    async def changed(event: ft.Event[ft.TextField]) -> None:
        outcome = on_change(event.control.value)
        if outcome is not None:
            await outcome

    async def toggle_reveal() -> None:
        set_revealed(not revealed)

    # Flet's own reveal button has no accessible name, so we draw ours: the icon's
    # label names the button for screen readers, the tooltip shows it on hover.
    reveal_label = t("field.hide_password") if revealed else t("field.show_password")
    reveal_button = (
        IconAction(
            ft.Icons.VISIBILITY_OFF if revealed else ft.Icons.VISIBILITY,
            reveal_label,
            toggle_reveal,
            color=palette.text,
        )
        if password
        else None
    )
    return ft.TextField(
        label=field_label(label),
        content_padding=ft.Padding.symmetric(
            horizontal=CONTENT_PADDING_HORIZONTAL,
            vertical=scaled(CONTENT_PADDING_VERTICAL, text_scale),
        ),
        helper_max_lines=MESSAGE_MAX_LINES,
        error_max_lines=MESSAGE_MAX_LINES,
        value=value,
        on_change=changed,
        error=error,
        helper=helper,
        password=password and not revealed,
        suffix_icon=reveal_button,
        keyboard_type=keyboard,
        autofill_hints=autofill,
        multiline=multiline,
        min_lines=3 if multiline else None,
        max_lines=6 if multiline else 1,
        max_length=max_length,
        input_filter=DIGITS_ONLY if numbers_only else None,
        border_color=palette.outline,
        focused_border_color=palette.primary,
        focused_border_width=3,
        border_width=2,
        bgcolor=palette.surface,
        filled=True,
        color=palette.text,
        autocorrect=not password,
        enable_suggestions=not password,
    )
