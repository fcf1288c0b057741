"""Turning guide content into what a screen shows: bold spans, dates, euros, typed dates.

Pure functions, no Flet: the screens stay thin and these are unit-tested.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from app.i18n import Translator
from services.models import Locale

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_TYPED_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def rich_parts(text: str) -> list[tuple[str, bool]]:
    """'A **key** word' -> [('A ', False), ('key', True), (' word', False)]."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in _BOLD.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], False))
        parts.append((match.group(1), True))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], False))
    return parts


def lines(text: str) -> list[str]:
    """One idea per line, as the content is written."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def format_date(day: dt.date, t: Translator) -> str:
    month = t("guide.months").split(",")[day.month - 1]
    # French writes the first of the month "1er".
    key = "guide.date_first" if day.day == 1 else "guide.date"
    return t(key, day=day.day, month=month, year=day.year)


def format_euros(value: Decimal, locale: Locale) -> str:
    whole = value == value.to_integral_value()
    number = f"{value:,.0f}" if whole else f"{value:,.2f}"
    if locale is Locale.FR:
        # French groups thousands with a narrow no-break space and writes the comma for decimals.
        return number.replace(",", "\u202f").replace(".", ",") + "\u00a0€"
    return "€" + number


def parse_typed_date(text: str) -> dt.date | None:
    """A reminder date as people type it (31/12/2026, 31.12.2026 or 2026-12-31); '' is none.

    Raises ValueError when the text is not a real date.
    """
    if not text.strip():
        return None
    iso = _ISO_DATE.match(text)
    if iso:
        return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    typed = _TYPED_DATE.match(text)
    if not typed:
        raise ValueError(f"not a date: {text!r}")
    return dt.date(int(typed.group(3)), int(typed.group(2)), int(typed.group(1)))


def typed_date(day: dt.date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""
