"""The Ui a widget reads: French, calm and 100 % by default; the person's own when provided."""

from __future__ import annotations

from components.i18n import load_catalogue
from components.theme import CALM, HIGH_CONTRAST, TEXT_SCALE_MAX
from components.ui import DEFAULT_UI, UiContext, ui_for
from services.errors import ErrorCode, RelaisError
from services.models import Locale


def test_a_widget_outside_the_shell_draws_in_french_calm_colours_at_100_percent() -> None:
    assert UiContext.default_value is DEFAULT_UI
    assert DEFAULT_UI.locale is Locale.FR
    assert DEFAULT_UI.palette == CALM
    assert DEFAULT_UI.text_scale == 100
    assert DEFAULT_UI.t("error.unexpected") == load_catalogue(Locale.FR)["error.unexpected"]


def test_the_ui_follows_the_persons_preferences() -> None:
    ui = ui_for(locale=Locale.EN, text_scale=260, high_contrast=True)
    assert ui.palette == HIGH_CONTRAST
    assert ui.text_scale == TEXT_SCALE_MAX
    english = load_catalogue(Locale.EN)
    assert ui.t("error.unexpected") == english["error.unexpected"]
    # Refusals reach the person in their language; anything else is the calm fallback.
    refusal = RelaisError(ErrorCode.INVALID_INPUT, "bad")
    assert ui.error_message(refusal) == english["error.invalid_input"]
    assert ui.error_message(ValueError("boom")) == english["error.unexpected"]
