"""What every widget needs to draw itself for this person: language, colours, text size.

The shell (app/main.py) provides a `Ui` built from the person's preferences
through `UiContext`, and provides a new one when they change. Widgets read it
through components/hooks.py and never reach app state. The default (French,
the calm palette, 100 %) lets a widget render on its own, in a test or before
anyone has signed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import flet as ft

from components.i18n import DEFAULT_LOCALE, Translator, error_message, translator
from components.theme import Palette, clamp_text_scale, palette_for
from services.models import Locale

ErrorMessage = Callable[[Exception], str]


@dataclass(frozen=True)
class Ui:
    palette: Palette
    t: Translator
    text_scale: int
    locale: Locale
    # A refusal (or an unexpected failure) as one calm sentence in the person's language.
    error_message: ErrorMessage


def ui_for(*, locale: Locale, text_scale: int, high_contrast: bool) -> Ui:
    t = translator(locale)
    return Ui(
        palette=palette_for(high_contrast),
        t=t,
        text_scale=clamp_text_scale(text_scale),
        locale=locale,
        error_message=partial(error_message, t),
    )


DEFAULT_UI = ui_for(locale=DEFAULT_LOCALE, text_scale=100, high_contrast=False)

UiContext: ft.ContextProvider[Ui] = ft.create_context(DEFAULT_UI)
