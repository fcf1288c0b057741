"""Hooks shared by views and components: translation, colours, and running an action.

Language, colours and text size come from the `Ui` the shell provides
(components/ui.py), so a widget never reaches app state and renders on its
own with the default.

`use_action` is how every button that calls the server behaves: it disables
itself while the call runs (no double submit) and keeps the refusal so the
view can show it calmly. Field values live in the view's own state, so
nothing the person typed is lost when a refusal shows.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

import flet as ft

from components.i18n import Translator
from components.theme import Palette
from components.ui import ErrorMessage, Ui, UiContext
from services.errors import RelaisError
from services.models import Locale

logger = logging.getLogger(__name__)

Work = Callable[[], Awaitable[object]]
T = TypeVar("T")


def use_ui() -> Ui:
    return ft.use_context(UiContext)


def use_t() -> Translator:
    return use_ui().t


def use_palette() -> Palette:
    return use_ui().palette


def use_text_scale() -> int:
    return use_ui().text_scale


def use_locale() -> Locale:
    return use_ui().locale


def use_error_message() -> ErrorMessage:
    """Turns a refusal into the calm sentence to show, in the person's language."""
    return use_ui().error_message


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


@dataclass(frozen=True)
class Latest(Generic[T]):
    """A form's value: `shown` for drawing, `now()` for handlers, `set` for both.

    A handler is the closure of the render that drew its control. When a tap
    arrives before the render that follows a keystroke (a busy server, a slow
    draft save), `shown` in that closure is one change behind and a save would
    store the form without its last field. `now()` reads a ref that `set`
    updates at once, so every handler sees every change made before it ran.
    """

    shown: T
    now: Callable[[], T]
    set: Callable[[T], None]


def use_latest(initial: T) -> Latest[T]:
    shown, set_shown = ft.use_state(initial)
    ref = ft.use_ref(initial)

    def now() -> T:
        return cast(T, ref.current)

    def set_both(value: T) -> None:
        ref.current = value
        set_shown(value)

    return Latest(shown=shown, now=now, set=set_both)
