"""Pydantic models of the goal diary, with the limits of supabase/migrations/*_diary.sql.

The limits are checked here so a person gets a precise message before the
database, which stays the gate, refuses the same input.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from services.models import Locale
from services.text import CLEAN, NORMALIZED, VISIBLE, VISIBLE_OR_BLANK

GOAL_TITLE_MAX = 120
GOAL_WHY_MAX = 1000
GOAL_MEASURE_MAX = 500
GAS_DESCRIPTION_MAX = 300
ENTRY_TEXT_MAX = 4000
COMMENT_MAX = 1000
TAG_MAX = 40
TAGS_MAX = 10
GAS_LEVELS = (-2, -1, 0, 1, 2)
SCALE_LEVELS = (1, 2, 3, 4, 5)


class GoalCategory(StrEnum):
    MOBILITY = "mobility"
    SPEECH_LANGUAGE = "speech_language"
    DAILY_LIVING = "daily_living"
    MEMORY_ATTENTION = "memory_attention"
    MOOD = "mood"
    SOCIAL_LIFE = "social_life"
    WORK = "work"
    OTHER = "other"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    PAUSED = "paused"
    DROPPED = "dropped"


class ReactionKind(StrEnum):
    HEART = "heart"
    APPLAUSE = "applause"
    STRENGTH = "strength"


GasLevel = Annotated[int, Field(ge=-2, le=2)]
Scale = Annotated[int, Field(ge=1, le=5)]
Percent = Annotated[int, Field(ge=0, le=100)]
# Free text follows services/text.py: what SQL's *_clean_text and *_visible_text
# constraints refuse is refused here first, in words.
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=GOAL_TITLE_MAX),
    NORMALIZED,
    VISIBLE,
]
OptionalText = Annotated[
    str, StringConstraints(strip_whitespace=True), NORMALIZED, VISIBLE_OR_BLANK
]
Tag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TAG_MAX),
    NORMALIZED,
    CLEAN,
]
EntryText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=ENTRY_TEXT_MAX),
    NORMALIZED,
    VISIBLE_OR_BLANK,
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _blank_to_none(value: str | None) -> str | None:
    return value if value else None


class GoalBase(_Strict):
    title: Title
    category: GoalCategory
    why: Annotated[OptionalText, Field(max_length=GOAL_WHY_MAX)] | None = None
    measure: Annotated[OptionalText, Field(max_length=GOAL_MEASURE_MAX)] | None = None
    target_date: dt.date | None = None
    status: GoalStatus = GoalStatus.ACTIVE
    # Goal Attainment Scaling: what −2, −1, 0, +1 and +2 look like for this goal.
    gas_minus_2: Annotated[OptionalText, Field(max_length=GAS_DESCRIPTION_MAX)] | None = None
    gas_minus_1: Annotated[OptionalText, Field(max_length=GAS_DESCRIPTION_MAX)] | None = None
    gas_0: Annotated[OptionalText, Field(max_length=GAS_DESCRIPTION_MAX)] | None = None
    gas_plus_1: Annotated[OptionalText, Field(max_length=GAS_DESCRIPTION_MAX)] | None = None
    gas_plus_2: Annotated[OptionalText, Field(max_length=GAS_DESCRIPTION_MAX)] | None = None
    gas_level: GasLevel | None = None

    @field_validator(
        "why", "measure", "gas_minus_2", "gas_minus_1", "gas_0", "gas_plus_1", "gas_plus_2"
    )
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return _blank_to_none(value)

    def gas_descriptions(self) -> dict[int, str | None]:
        return {
            -2: self.gas_minus_2,
            -1: self.gas_minus_1,
            0: self.gas_0,
            1: self.gas_plus_1,
            2: self.gas_plus_2,
        }

    @property
    def uses_gas(self) -> bool:
        return self.gas_level is not None or any(self.gas_descriptions().values())


class GoalCreate(GoalBase):
    # Generated on the phone so a retried save never makes a second goal.
    id: UUID = Field(default_factory=uuid4)
    survivor_id: UUID


class GoalPublic(GoalBase):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: UUID
    survivor_id: UUID
    created_by: UUID | None = None
    created_at: dt.datetime
    updated_at: dt.datetime


class EntryBase(_Strict):
    entry_date: dt.date = Field(default_factory=dt.date.today)
    body: EntryText = ""
    mood: Scale | None = None
    fatigue: Scale | None = None
    goal_id: UUID | None = None
    gas_level: GasLevel | None = None
    progress_percent: Percent | None = None
    tags: Annotated[list[Tag], Field(max_length=TAGS_MAX)] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.body and all(
            value is None
            for value in (self.mood, self.fatigue, self.gas_level, self.progress_percent)
        )


class EntryCreate(EntryBase):
    id: UUID = Field(default_factory=uuid4)
    survivor_id: UUID

    @field_validator("tags")
    @classmethod
    def _distinct_tags(cls, tags: list[str]) -> list[str]:
        return list(dict.fromkeys(tags))


class EntryUpdate(_Strict):
    """Fields an editor may change on an entry; unset fields stay as they are."""

    entry_date: dt.date | None = None
    body: EntryText = ""
    mood: Scale | None = None
    fatigue: Scale | None = None
    gas_level: GasLevel | None = None
    progress_percent: Percent | None = None
    tags: Annotated[list[Tag], Field(max_length=TAGS_MAX)] | None = None

    def changes(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True)


class EntryPublic(EntryBase):
    """One timeline row: the entry with its author, goal title and feedback counts."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: UUID
    survivor_id: UUID
    author_id: UUID | None = None
    author_name: str | None = None
    goal_title: str | None = None
    created_at: dt.datetime
    updated_at: dt.datetime
    comment_count: int = 0
    # {"heart": {"count": 2, "mine": true}}
    reactions: dict[ReactionKind, dict[str, Any]] = Field(default_factory=dict)

    def reaction_count(self, kind: ReactionKind) -> int:
        return int(self.reactions.get(kind, {}).get("count", 0))

    def reacted(self, kind: ReactionKind) -> bool:
        return bool(self.reactions.get(kind, {}).get("mine", False))


class CommentCreate(_Strict):
    id: UUID = Field(default_factory=uuid4)
    entry_id: UUID
    body: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=COMMENT_MAX),
        NORMALIZED,
        VISIBLE,
    ]


class CommentPublic(_Strict):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: UUID
    entry_id: UUID
    survivor_id: UUID
    author_id: UUID
    author_name: str | None = None
    body: str
    created_at: dt.datetime


class TimelineFilter(_Strict):
    goal_id: UUID | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class ProgressPoint(_Strict):
    """One entry's values on a goal's chart."""

    entry_date: dt.date
    gas_level: int | None = None
    progress_percent: int | None = None
    mood: int | None = None
    fatigue: int | None = None


# How people write these values, on screen and in an export: one spelling everywhere.


def signed_level(level: int) -> str:
    """GAS levels as people write them: −2, −1, 0, +1, +2 (a true minus sign)."""
    if level > 0:
        return f"+{level}"
    if level < 0:
        return f"\u2212{-level}"
    return "0"


def percent(value: int, locale: Locale) -> str:
    # French puts a (narrow no-break) space before %.
    return f"{value}\u202f%" if locale is Locale.FR else f"{value}%"


_FRENCH_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def long_date(day: dt.date, locale: Locale) -> str:
    if locale is Locale.FR:
        return f"{day.day} {_FRENCH_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {day:%B} {day.year}"
