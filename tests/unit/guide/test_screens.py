"""The guide's screens, built from every procedure in both languages, without a browser.

Walks the control tree the procedure screen is made of: every step is a
checkbox named by its title, every source is a link, and no text shows a raw
translation key or a bold marker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from uuid import uuid4

import flet as ft
import pytest

from app.guide.format import format_date, format_euros, parse_typed_date, rich_parts, typed_date
from app.guide.sections import procedure_controls
from app.i18n import translator
from services.guide.content import load_catalogue
from services.guide.finder import QUESTIONS, reason_keys
from services.guide.models import Audience, Category
from services.guide.progress import ChecklistProgress
from services.models import Locale

CATALOGUE = load_catalogue()
LOCALES = (Locale.FR, Locale.EN)

# Source links open from the tap itself (a client-side action), which needs a page.
pytestmark = pytest.mark.usefixtures("flet_page")


def walk(control: object) -> Iterator[object]:
    yield control
    for name in ("content", "label"):
        child = getattr(control, name, None)
        if isinstance(child, ft.Control):
            yield from walk(child)
    for name in ("controls", "spans"):
        for child in getattr(control, name, None) or []:
            yield from walk(child)


def checkbox_name(box: ft.Checkbox) -> str | None:
    """What a screen reader calls the checkbox: its semantics label, else its label's words."""
    if box.semantics_label:
        return box.semantics_label
    if isinstance(box.label, str):
        return box.label
    words = [n.value for n in walk(box.label) if isinstance(n, ft.Text) and n.value]
    return " ".join(str(w) for w in words) or None


def texts(controls: list[ft.Control]) -> list[str]:
    found = []
    for control in controls:
        for node in walk(control):
            if isinstance(node, ft.Text) and isinstance(node.value, str):
                found.append(node.value)
            if isinstance(node, ft.TextSpan) and node.text:
                found.append(node.text)
            if isinstance(node, ft.Checkbox) and (name := checkbox_name(node)):
                found.append(name)
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_every_procedure_screen_builds_with_named_checkboxes(locale: Locale) -> None:
    for procedure in CATALOGUE.procedures(locale.value):
        progress = ChecklistProgress(
            owner_id=uuid4(), procedure_id=procedure.id, done_steps=(procedure.steps[0].id,)
        )
        controls = procedure_controls(procedure, progress, locale)
        boxes = [n for c in controls for n in walk(c) if isinstance(n, ft.Checkbox)]
        step_boxes = boxes[: len(procedure.steps)]
        assert [box.value for box in step_boxes] == [True] + [False] * (len(step_boxes) - 1)
        for box, step in zip(step_boxes, procedure.steps, strict=True):
            name = checkbox_name(box)
            assert name and step.title in name
        assert len(boxes) == len(procedure.steps) + len(procedure.documents)
        shown = texts(controls)
        actions = [getattr(node, "action", None) for c in controls for node in walk(c)]
        opened = {action.url for action in actions if isinstance(action, ft.OpenUrl)}
        for source in procedure.sources:
            assert source.title in shown
            assert source.url in opened, f"{source.url} does not open from the tap"
        for text in shown:
            assert "**" not in text and "guide." not in text, (procedure.id, text)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_key_the_guide_builds_from_data_is_translated(locale: Locale) -> None:
    t = translator(locale)
    keys = [f"guide.category.{c.value}" for c in Category]
    keys += [f"guide.audience.{a.value}" for a in Audience]
    keys += [f"guide.finder.q.{q}" for q in QUESTIONS]
    keys += [f"guide.finder.hint.{q}" for q in QUESTIONS]
    keys += [f"guide.reason.{r}" for r in reason_keys()]
    keys += [f"guide.period.{p}" for p in ("once", "day", "half_day", "month", "year")]
    for key in keys:
        assert t(key, value="x") != key, key


def test_rich_parts_splits_bold_words() -> None:
    assert rich_parts("A **key** word") == [("A ", False), ("key", True), (" word", False)]
    assert rich_parts("plain") == [("plain", False)]


def test_euros_follow_each_language() -> None:
    assert format_euros(Decimal(22000), Locale.FR) == "22\u202f000\u00a0€"
    assert format_euros(Decimal("32.9"), Locale.EN) == "€32.90"


def test_typed_dates() -> None:
    assert parse_typed_date("31/12/2026") == dt.date(2026, 12, 31)
    assert parse_typed_date("2026-12-31") == dt.date(2026, 12, 31)
    assert parse_typed_date("  ") is None
    with pytest.raises(ValueError):
        parse_typed_date("31/02/2026")
    with pytest.raises(ValueError):
        parse_typed_date("tomorrow")
    assert typed_date(dt.date(2027, 1, 5)) == "05/01/2027"


def test_dates_read_naturally_in_each_language() -> None:
    assert format_date(dt.date(2025, 4, 1), translator(Locale.FR)) == "1er avril 2025"
    assert format_date(dt.date(2026, 11, 29), translator(Locale.FR)) == "29 novembre 2026"
    assert format_date(dt.date(2025, 4, 1), translator(Locale.EN)) == "1 April 2025"


@pytest.mark.parametrize("locale", LOCALES)
def test_an_ended_amount_is_shown_as_a_former_amount(locale: Locale) -> None:
    """No newer official ceiling for the solidarity health cover is on file: the guide must
    say the figures it shows are former ones rather than present them as in force."""
    css = CATALOGUE.content(locale.value).procedures["css"]
    ended = [a for a in css.amounts if a.valid_until and a.valid_until < dt.date.today()]
    shown = " ".join(texts(procedure_controls(css, None, locale)))
    former = "Ancien montant" if locale is Locale.FR else "Former amount"
    assert shown.count(former) == len(ended), shown
