"""Pydantic models for peer support: applications, requests, matches, suggestions.

Limits mirror the constraints in supabase/migrations/2026112912*.sql so a
person gets a precise message before the database (which stays the gate)
refuses. Message models live in services/message_models.py.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from services.models import DEPARTEMENT_PATTERN, PeerStatus, Role
from services.text import NORMALIZED, VISIBLE, VISIBLE_OR_BLANK

AVAILABILITY_MAX_LENGTH = 300
ABOUT_MAX_LENGTH = 500
REASON_MAX_LENGTH = 500
DEFAULT_CAPACITY = 3
MAX_CAPACITY = 10


class SupportTopic(StrEnum):
    CARE_PATHWAY = "care_pathway"
    ADMINISTRATIVE_PROCEDURES = "administrative_procedures"
    EMOTIONAL_SUPPORT = "emotional_support"
    CAREGIVER_SUPPORT = "caregiver_support"
    RETURN_TO_WORK = "return_to_work"
    APHASIA = "aphasia"
    DRIVING = "driving"


class Gender(StrEnum):
    WOMAN = "woman"
    MAN = "man"
    ANOTHER = "another"


class RequestStatus(StrEnum):
    OPEN = "open"
    PROPOSED = "proposed"
    MATCHED = "matched"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class MatchStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    DECLINED = "declined"
    ENDED = "ended"


LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Departement = Annotated[str, StringConstraints(strip_whitespace=True, pattern=DEPARTEMENT_PATTERN)]
Reason = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=REASON_MAX_LENGTH),
    NORMALIZED,
    VISIBLE,
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Row(BaseModel):
    """A row from the database: extra columns are ignored, so a new column breaks nothing."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class PeerApplicationForm(_Strict):
    topics: Annotated[list[SupportTopic], Field(min_length=1, max_length=7)]
    languages: Annotated[list[LanguageCode], Field(min_length=1, max_length=10)]
    departement: Departement
    availability: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=AVAILABILITY_MAX_LENGTH),
        NORMALIZED,
        VISIBLE,
    ]
    accepts_charter: bool
    capacity: Annotated[int, Field(ge=1, le=MAX_CAPACITY)] = DEFAULT_CAPACITY
    stroke_year: Annotated[int, Field(ge=1930)] | None = None
    aphasia_experience: bool | None = None
    returned_to_work: bool | None = None
    drives_again: bool | None = None
    gender: Gender | None = None

    @field_validator("accepts_charter")
    @classmethod
    def _charter_accepted(cls, accepted: bool) -> bool:
        if not accepted:
            raise ValueError("the peer charter must be accepted")
        return accepted

    @field_validator("stroke_year")
    @classmethod
    def _not_in_future(cls, year: int | None) -> int | None:
        if year is not None and year > dt.date.today().year:
            raise ValueError("stroke year is in the future")
        return year

    @field_validator("topics", "languages")
    @classmethod
    def _no_repeats(cls, items: list[str]) -> list[str]:
        return list(dict.fromkeys(items))


class PeerApplication(_Row):
    peer_id: UUID
    topics: list[SupportTopic]
    languages: list[str]
    departement: str
    availability: str
    capacity: int
    charter_accepted_at: dt.datetime
    submitted_at: dt.datetime
    stroke_year: int | None = None
    aphasia_experience: bool | None = None
    returned_to_work: bool | None = None
    drives_again: bool | None = None
    gender: Gender | None = None
    training_completed_on: dt.date | None = None
    reviewed_at: dt.datetime | None = None
    declined_at: dt.datetime | None = None
    decline_reason: str | None = None
    suspension_reason: str | None = None


class ApplicationSummary(_Row):
    """One line of the coordinator's list of peer supporters and applicants."""

    peer_id: UUID
    display_name: str
    peer_status: PeerStatus
    topics: list[SupportTopic]
    languages: list[str]
    departement: str
    availability: str
    capacity: int
    submitted_at: dt.datetime
    stroke_year: int | None = None
    aphasia_experience: bool | None = None
    returned_to_work: bool | None = None
    drives_again: bool | None = None
    declined_at: dt.datetime | None = None
    decline_reason: str | None = None
    training_completed_on: dt.date | None = None
    live_matches: int = 0

    @property
    def pending(self) -> bool:
        return self.peer_status is PeerStatus.APPLICANT and self.declined_at is None


class SupportRequestForm(_Strict):
    topics: Annotated[list[SupportTopic], Field(min_length=1, max_length=7)]
    language: LanguageCode = "fr"
    departement: Departement | None = None
    wants_nearby: bool = False
    wants_aphasia_experience: bool = False
    wants_returned_to_work: bool = False
    wants_same_gender: bool = False
    requester_gender: Gender | None = None
    about: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, max_length=ABOUT_MAX_LENGTH),
            NORMALIZED,
            VISIBLE_OR_BLANK,
        ]
        | None
    ) = None

    @field_validator("topics")
    @classmethod
    def _no_repeats(cls, items: list[SupportTopic]) -> list[SupportTopic]:
        return list(dict.fromkeys(items))

    @model_validator(mode="after")
    def _preferences_have_what_they_need(self) -> SupportRequestForm:
        if self.wants_nearby and self.departement is None:
            raise ValueError("a département is needed to find someone nearby")
        if self.wants_same_gender and self.requester_gender is None:
            raise ValueError("a gender is needed to find someone of the same gender")
        return self


class SupportRequest(_Row):
    id: UUID
    requester_id: UUID
    topics: list[SupportTopic]
    language: str
    departement: str | None = None
    wants_nearby: bool = False
    wants_aphasia_experience: bool = False
    wants_returned_to_work: bool = False
    wants_same_gender: bool = False
    requester_gender: Gender | None = None
    about: str | None = None
    status: RequestStatus
    created_at: dt.datetime


class RequestSummary(SupportRequest):
    """A request as the coordinator sees it, with who asked."""

    id: UUID = Field(validation_alias="request_id")
    requester_name: str
    requester_role: Role


class Match(_Row):
    id: UUID
    request_id: UUID
    requester_id: UUID
    peer_id: UUID
    status: MatchStatus
    requester_accepted_at: dt.datetime | None = None
    peer_accepted_at: dt.datetime | None = None
    end_reason: str | None = None
    created_at: dt.datetime
    ended_at: dt.datetime | None = None


class MyMatch(_Row):
    """A match seen from one side: of the other person, only what they may know."""

    match_id: UUID
    status: MatchStatus
    my_side: str
    partner_id: UUID
    partner_name: str
    partner_departement: str | None = None
    topics: list[SupportTopic] = []
    conversation_id: UUID | None = None
    i_accepted: bool
    partner_accepted: bool
    created_at: dt.datetime
    ended_at: dt.datetime | None = None
    end_reason: str | None = None
    # The conversation's goodbye message: the match itself keeps no copy.
    goodbye: str | None = None
    ended_by_me: bool | None = None

    @property
    def awaiting_my_answer(self) -> bool:
        return self.status is MatchStatus.PROPOSED and not self.i_accepted

    @property
    def live(self) -> bool:
        return self.status in (MatchStatus.PROPOSED, MatchStatus.ACTIVE)


class PeerCandidate(_Row):
    """What the matching score reads about one peer supporter (coordinators only)."""

    peer_id: UUID
    display_name: str
    peer_status: PeerStatus
    topics: list[SupportTopic]
    languages: list[str]
    departement: str
    capacity: int
    live_matches: int
    blocked: bool = False
    stroke_year: int | None = None
    stroke_date: dt.date | None = None
    aphasia_experience: bool | None = None
    returned_to_work: bool | None = None
    drives_again: bool | None = None
    gender: Gender | None = None
    training_completed_on: dt.date | None = None

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.live_matches, 0)
