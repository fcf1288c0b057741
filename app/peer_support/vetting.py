"""What both vetting screens (applicants, peers) ask a coordinator for an approval."""

from __future__ import annotations

import datetime as dt

from components.date_field import parse_typed_day
from services.errors import ErrorCode, RelaisError

# The approval's field that a refusal of the date names.
TRAINING_DATE = "training_completed_on"


def training_date(typed: str) -> dt.date:
    """The training date as typed or picked (31/12/2026); a malformed or empty one is refused.

    A date still to come is refused by the database, which holds that rule.
    """
    try:
        day = parse_typed_day(typed)
    except ValueError:
        day = None
    if day is None:
        raise RelaisError(ErrorCode.INVALID_INPUT, "training date", field=TRAINING_DATE)
    return day
