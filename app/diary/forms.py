"""The diary's forms as plain data: what a person typed, kept as a draft, turned into fields.

Kept apart from the screens so drafts can be stored (as JSON in the browser)
and checked in unit tests without a browser.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from components.date_field import parse_typed_day, typed_day
from services.diary.models import EntryPublic
from services.errors import ErrorCode, RelaisError


def parse_day(text: str, field_name: str) -> dt.date | None:
    """'31/12/2026', '31.12.2026' or '2026-12-31'; empty means no date.

    The same reading as the date field's, so a picked day always parses.
    """
    try:
        return parse_typed_day(text)
    except ValueError:
        raise RelaisError(ErrorCode.INVALID_INPUT, "date", field=field_name) from None


def show_day(day: dt.date | None) -> str:
    return typed_day(day)


def split_tags(text: str) -> list[str]:
    return [tag.strip() for tag in text.split(",") if tag.strip()]


@dataclass
class EntryDraft:
    """An entry being written. `id` is fixed at the start so a retried save stores it once."""

    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    day: str = ""  # empty: today
    body: str = ""
    mood: int | None = None
    fatigue: int | None = None
    goal_id: str | None = None
    gas_level: int | None = None
    percent: str = ""
    tags: str = ""

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> EntryDraft:
        """Whatever this browser kept, even from an older version: bad values are dropped."""
        kept: dict[str, Any] = {}
        for name in ("id", "day", "body", "percent", "tags"):
            if isinstance(stored.get(name), str):
                kept[name] = stored[name]
        for name in ("mood", "fatigue", "gas_level"):
            value = stored.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                kept[name] = value
        if isinstance(stored.get("goal_id"), str):
            kept["goal_id"] = stored["goal_id"]
        try:
            uuid.UUID(kept.get("id", ""))
        except ValueError:
            kept.pop("id", None)
        return cls(**kept)

    @classmethod
    def from_entry(cls, entry: EntryPublic) -> EntryDraft:
        """An entry already saved, ready to be changed."""
        return cls(
            id=str(entry.id),
            day=show_day(entry.entry_date),
            body=entry.body,
            mood=entry.mood,
            fatigue=entry.fatigue,
            goal_id=str(entry.goal_id) if entry.goal_id else None,
            gas_level=entry.gas_level,
            percent="" if entry.progress_percent is None else str(entry.progress_percent),
            tags=", ".join(entry.tags),
        )

    def stored(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def started(self) -> bool:
        return any(
            (self.body.strip(), self.mood, self.fatigue, self.goal_id, self.percent, self.tags)
        )

    def update_fields(self) -> dict[str, Any]:
        """Keyword arguments for services.diary.update_entry: the whole form, as it now is.

        The goal an entry is about stays as it is; only the progress on it changes.
        """
        if not self.started:
            raise RelaisError(ErrorCode.EMPTY_ENTRY, "nothing left in the entry", field="mood")
        fields = self.entry_fields()
        del fields["id"]
        fields.pop("goal_id", None)
        fields["entry_date"] = fields.get("entry_date") or dt.date.today()
        if self.goal_id:  # progress cleared in the form is cleared in the entry
            fields.setdefault("gas_level", None)
            fields.setdefault("progress_percent", None)
        return fields

    def entry_fields(self) -> dict[str, Any]:
        """Keyword arguments for services.diary.add_entry."""
        chosen: dict[str, Any] = {
            "id": uuid.UUID(self.id),
            "body": self.body,
            "mood": self.mood,
            "fatigue": self.fatigue,
            "tags": split_tags(self.tags),
        }
        day = parse_day(self.day, "entry_date")
        if day is not None:
            chosen["entry_date"] = day
        if self.goal_id:
            chosen["goal_id"] = uuid.UUID(self.goal_id)
            if self.gas_level is not None:
                chosen["gas_level"] = self.gas_level
            elif self.percent.strip():
                if not self.percent.strip().isdigit():
                    raise RelaisError(ErrorCode.OUT_OF_RANGE, "percent", field="progress_percent")
                chosen["progress_percent"] = int(self.percent)
        return chosen


GOAL_TEXT_FIELDS = (
    "title", "why", "measure", "gas_minus_2", "gas_minus_1", "gas_0", "gas_plus_1", "gas_plus_2",
)  # fmt: skip


@dataclass
class GoalForm:
    title: str = ""
    category: str = "mobility"
    why: str = ""
    measure: str = ""
    target: str = ""
    status: str = "active"
    gas_minus_2: str = ""
    gas_minus_1: str = ""
    gas_0: str = ""
    gas_plus_1: str = ""
    gas_plus_2: str = ""
    gas_level: int | None = None

    @classmethod
    def from_goal(cls, goal: Any) -> GoalForm:
        form = cls(
            category=goal.category, status=goal.status, gas_level=goal.gas_level,
            target=show_day(goal.target_date),
        )  # fmt: skip
        for name in GOAL_TEXT_FIELDS:
            setattr(form, name, getattr(goal, name) or "")
        return form

    def goal_fields(self) -> dict[str, Any]:
        chosen: dict[str, Any] = {name: getattr(self, name) for name in GOAL_TEXT_FIELDS}
        chosen.update(
            category=self.category,
            status=self.status,
            gas_level=self.gas_level,
            target_date=parse_day(self.target, "target_date"),
        )
        return chosen
