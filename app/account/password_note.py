"""Where a refused new password says why: under the field itself.

The sentence ("too easy to guess, try a sentence of several words") is
advice about what to type there, so it sits where the person types; the
screen's general error area then stays empty rather than saying it twice.
"""

from __future__ import annotations

from app.i18n import error_message
from components.hooks import Action
from components.i18n import Translator
from services.errors import ErrorCode, RelaisError

_ABOUT_THE_PASSWORD = (ErrorCode.WEAK_PASSWORD, ErrorCode.GUESSABLE_PASSWORD)


def _about_password(action: Action, field: str) -> RelaisError | None:
    failure = action.failure
    if (
        isinstance(failure, RelaisError)
        and failure.field == field
        and failure.code in _ABOUT_THE_PASSWORD
    ):
        return failure
    return None


def password_note(t: Translator, action: Action, field: str) -> str | None:
    """What goes under the new-password field: the reason, or the usual "check this"."""
    failure = _about_password(action, field)
    return error_message(t, failure) if failure else action.field_marker(t, field)


def other_error(t: Translator, action: Action, field: str) -> str | None:
    """What goes in the screen's error area: any refusal the note did not already give."""
    if action.failure is None or _about_password(action, field):
        return None
    return error_message(t, action.failure)
