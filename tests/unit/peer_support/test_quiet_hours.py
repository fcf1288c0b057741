"""Quiet hours: no badge inside the window (which may run past midnight), in the person's zone."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest

from services.peer_support.message_models import ConversationSummary, QuietHours
from services.peer_support.messaging import badges_allowed, unread_badge

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


def _conversation(unread: int) -> ConversationSummary:
    return ConversationSummary(
        conversation_id=uuid.uuid4(),
        match_id=uuid.uuid4(),
        partner_id=uuid.uuid4(),
        partner_name="Partner",
        is_open=True,
        created_at=dt.datetime.now(dt.UTC),
        unread_count=unread,
    )


def _window_around_now(starts_in_hours: int) -> QuietHours:
    local = dt.datetime.now(ZoneInfo("Europe/Paris"))
    starts = (local + dt.timedelta(hours=starts_in_hours)).time().replace(second=0, microsecond=0)
    ends = (local + dt.timedelta(hours=starts_in_hours + 2)).time().replace(second=0, microsecond=0)
    return QuietHours(starts_at=starts, ends_at=ends)


@pytest.mark.parametrize(("starts_in_hours", "badge"), [(-1, 0), (3, 5), (None, 5)])
def test_the_messages_tab_badge_counts_unread_messages_outside_quiet_hours(
    starts_in_hours: int | None, badge: int
) -> None:
    quiet = None if starts_in_hours is None else _window_around_now(starts_in_hours)
    assert unread_badge([_conversation(2), _conversation(3)], quiet) == badge
