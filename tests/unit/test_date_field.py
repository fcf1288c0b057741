"""The date field's conversions: the day a calendar reports, and dates as people type them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from components.date_field import parse_typed_day, picked_day, typed_day, within

TAPPED = dt.date(2026, 12, 15)


def as_flet_sends_it(day: dt.date, zone: str) -> dt.datetime:
    """Midnight of the tapped day in the browser's zone, carried as UTC (Flet's protocol)."""
    local_midnight = dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    return local_midnight.astimezone(dt.UTC)


def test_a_day_picked_in_paris_is_that_day_not_the_day_before() -> None:
    sent = as_flet_sends_it(TAPPED, "Europe/Paris")
    assert sent.date() == dt.date(2026, 12, 14)  # the shift this guards against
    assert picked_day(sent) == TAPPED


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/Paris",
        "America/Guadeloupe",  # -4
        "America/Cayenne",  # -3
        "Indian/Reunion",  # +4
        "Indian/Mayotte",  # +3
        "Pacific/Noumea",  # +11
        "Pacific/Wallis",  # +12
        "Pacific/Tahiti",  # -10
        "Pacific/Marquesas",  # -9:30
        "America/New_York",
        "Asia/Kolkata",  # +5:30
        "UTC",
    ],
)
def test_the_tapped_day_survives_the_trip_from_every_french_zone(zone: str) -> None:
    for day in (TAPPED, dt.date(2026, 7, 1), dt.date(2027, 3, 28), dt.date(2028, 2, 29)):
        assert picked_day(as_flet_sends_it(day, zone)) == day, zone


def test_a_day_without_a_zone_is_taken_as_it_is() -> None:
    assert picked_day(dt.datetime(2026, 12, 15, 0, 0)) == TAPPED
    assert picked_day(TAPPED) == TAPPED


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("15/12/2026", TAPPED),
        ("15.12.2026", TAPPED),
        ("15-12-2026", TAPPED),
        (" 5 / 1 / 2027 ", dt.date(2027, 1, 5)),
        ("2026-12-15", TAPPED),
        ("", None),
        ("   ", None),
    ],
)
def test_dates_typed_the_french_way_or_iso(typed: str, day: dt.date | None) -> None:
    assert parse_typed_day(typed) == day


@pytest.mark.parametrize("typed", ["31/02/2026", "15/13/2026", "demain", "12/2026", "2026/12/15"])
def test_what_is_not_a_day_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_typed_day(typed)


def test_a_day_is_written_day_first_and_reads_back() -> None:
    assert typed_day(dt.date(2026, 1, 4)) == "04/01/2026"
    assert typed_day(None) == ""
    assert parse_typed_day(typed_day(TAPPED)) == TAPPED


def test_the_calendar_opens_inside_the_allowed_span() -> None:
    first, last = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert within(dt.date(2025, 6, 1), first, last) == first
    assert within(dt.date(2027, 6, 1), first, last) == last
    assert within(TAPPED, first, last) == TAPPED
