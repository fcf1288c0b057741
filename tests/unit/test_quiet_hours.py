"""Quiet hours: no badge inside the window (which may run past midnight), in the person's zone."""

from __future__ import annotations

import datetime as dt

import pytest

from services.message_models import QuietHours
from services.messaging import badges_allowed

PARIS = QuietHours(starts_at=dt.time(22), ends_at=dt.time(8), time_zone="Europe/Paris")
NAP = QuietHours(starts_at=dt.time(13), ends_at=dt.time(15), time_zone="Europe/Paris")


def paris(hour: int, minute: int = 0) -> dt.datetime:
    # 29 November: Paris is UTC+1.
    return dt.datetime(2026, 11, 29, hour, minute, tzinfo=dt.UTC) - dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("window", "hour", "quiet"),
    [
        (PARIS, 23, True),
        (PARIS, 2, True),
        (PARIS, 7, True),
        (PARIS, 8, False),
        (PARIS, 21, False),
        (PARIS, 22, True),
        (NAP, 14, True),
        (NAP, 15, False),
        (NAP, 9, False),
    ],
)
def test_the_window_covers_the_right_hours(window: QuietHours, hour: int, quiet: bool) -> None:
    assert window.covers(paris(hour)) is quiet
    assert badges_allowed(window, paris(hour)) is not quiet


def test_no_quiet_hours_means_badges() -> None:
    assert badges_allowed(None, paris(3))
