"""Hooks shared by views and components: translation, colours, and running an action.

`use_action` is how every button that calls the server behaves: it disables
itself while the call runs (no double submit) and keeps the refusal so the
view can show it calmly. Field values live in the view's own state, so
nothing the person typed is lost when a refusal shows.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

import flet as ft

from app.i18n import Translator, translator
from app.state import use_app_state
from app.theme import Palette, palette_for
from services.errors import RelaisError

logger = logging.getLogger(__name__)

Work = Callable[[], Awaitable[object]]


def use_t() -> Translator:
    return translator(use_app_state().locale)


def use_palette() -> Palette:
    return palette_for(use_app_state().high_contrast)


def use_text_scale() -> int:
    return use_app_state().text_scale


@dataclass(frozen=True)
class Action:
    busy: bool
    failure: Exception | None
    run: Callable[[Work], Awaitable[bool]]

    def failed_on(self, field: str) -> bool:
        return isinstance(self.failure, RelaisError) and self.failure.field == field

    def field_marker(self, t: Translator, field: str) -> str | None:
        """The "check this" note under the field the last refusal named; nothing elsewhere."""
        return t("field.check") if self.failed_on(field) else None


def use_action() -> Action:
    busy, set_busy = ft.use_state(False)
    failure, set_failure = ft.use_state(cast(Exception | None, None))
    # A ref, not state: a second tap arriving before the re-render must see it.
    in_flight = ft.use_ref(False)

    async def run(work: Work) -> bool:
        if in_flight.current:
            return False
        in_flight.current = True
        set_busy(True)
        set_failure(None)
        try:
            await work()
            return True
        except RelaisError as error:
            set_failure(error)
            return False
        except Exception as error:  # shown as a calm message instead of a dead screen
            logger.exception("action failed unexpectedly")
            set_failure(error)
            return False
        finally:
            in_flight.current = False
            set_busy(False)

    return Action(busy=busy, failure=failure, run=run)
