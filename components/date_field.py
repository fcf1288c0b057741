"""A date people can type (JJ/MM/AAAA) or pick from a calendar.

The text field stays the source of truth: what is typed is reported as it is
typed, and a day picked in the calendar is written into the field in the same
day-first form, so the view keeps one string and parses it on save. The
calendar button is a large, named target for people who cannot type easily.

The functions at the top are pure (no Flet) so the conversions are unit-tested.
"""

from __future__ import annotations

import datetime as dt
import re

import flet as ft

from components.form_field import ChangeHandler, FormField
from components.hooks import use_t
from components.icon_action import IconAction

EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)

_DAY_FIRST = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_HALF_A_DAY = dt.timedelta(hours=12)


def parse_typed_day(text: str) -> dt.date | None:
    """'31/12/2026', '31.12.2026', '31-12-2026' or '2026-12-31'; blank is no date.

    Raises ValueError when the text is not a real calendar day.
    """
    if not text.strip():
        return None
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(f"not a date: {text!r}")
    return dt.date(year, month, day)


def typed_day(day: dt.date | None) -> str:
    """The day as it is written in the field: JJ/MM/AAAA, the French way (and the British)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def picked_day(value: dt.datetime | dt.date) -> dt.date:
    """The calendar day the person tapped, from what Flet's DatePicker reports.

    The calendar answers with midnight of the tapped day in the browser's time
    zone, and Flet's protocol carries every DateTime as UTC: a day picked in
    Paris (UTC+1) arrives as 23:00 UTC on the day before. Flet 1.0 does not tell
    the server the browser's zone, so the day is recovered without it: local
    midnight of day D is D 00:00 minus the zone's offset, and adding 12 hours
    lands inside day D (UTC) for every offset above −12 h and up to +12 h —
    mainland France, every French overseas territory (−10 h to +12 h), and
    almost every inhabited zone. Only the zones at +12:45 and beyond (Chatham,
    Tonga, Kiribati's Line Islands) would see the day after.
    A value without a zone is already the browser's wall-clock day.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.date()
        return (value.astimezone(dt.UTC) + _HALF_A_DAY).date()
    return value


def within(day: dt.date, first: dt.date, last: dt.date) -> dt.date:
    """The day, moved into the allowed span (a calendar cannot open outside it)."""
    return min(max(day, first), last)


@ft.component
def DateField(
    label: str,
    value: str,
    on_change: ChangeHandler,
    first: dt.date = EARLIEST_DAY,
    last: dt.date = LATEST_DAY,
    today: dt.date | None = None,
    helper: str | None = None,
    error: str | None = None,
    picker_title: str | None = None,
) -> ft.Control:
    """`value` is the text in the field; `on_change` gets the new text, typed or picked."""
    t = use_t()
    shown_today = today or dt.date.today()

    async def report(text: str) -> None:
        outcome = on_change(text)
        if outcome is not None:
            await outcome

    async def picked(event: ft.Event[ft.DatePicker]) -> None:
        chosen = event.control.value
        if chosen is not None:
            await report(typed_day(picked_day(chosen)))

    async def open_calendar() -> None:
        try:
            typed = parse_typed_day(value)
        except ValueError:  # half-typed: the calendar opens on today instead
            typed = None
        # Plain dates (not datetimes) cross the wire as "2026-12-04", which the
        # browser reads as its own local midnight: no zone shift on the way out.
        # The page is looked up on the tap, not while drawing: a screen can then be
        # built without a running page (tests/unit/guide/test_screens.py does).
        ft.context.page.show_dialog(
            ft.DatePicker(
                value=within(typed or shown_today, first, last),
                first_date=first,
                last_date=last,
                current_date=shown_today,
                help_text=picker_title or label,
                cancel_text=t("date.picker.cancel"),
                confirm_text=t("date.picker.confirm"),
                error_format_text=t("date.picker.error_format"),
                error_invalid_text=t("date.picker.error_range"),
                field_label_text=label,
                field_hint_text=t("date.picker.hint"),
                on_change=picked,
            )
        )

    return ft.Row(
        spacing=4,
        vertical_alignment=ft.CrossAxisAlignment.START,
        controls=[
            ft.Container(
                expand=True,
                content=FormField(
                    label,
                    value,
                    report,
                    error=error,
                    helper=helper or t("date.help"),
                    keyboard=ft.KeyboardType.DATETIME,
                ),
            ),
            ft.Container(
                padding=ft.Padding.only(top=4),
                content=IconAction(ft.Icons.CALENDAR_MONTH, t("date.pick"), open_calendar, size=32),
            ),
        ],
    )
