"""The guide's content model: what a procedure, a care role and the care pathway may contain.

Content lives in assets/guide/<lang>/*.yaml (DESIGN.md decision 7). These models
are the contract for that data: a file that breaks them stops the app at start,
so half a procedure is never shown. Limits here are editorial rules too: a
summary longer than 60 words is not a summary.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

SUMMARY_MAX_WORDS = 60
STEP_MAX = 12

# Ids travel to the database (checklist progress), so they stay small and plain.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


def _https_only(url: str) -> str:
    # An official link that silently downgrades to http is a link we cannot vouch for.
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or " " in url:
        raise ValueError(f"must be an https:// link, got {url!r}")
    return url


def _at_most_words(limit: int) -> AfterValidator:
    def check(text: str) -> str:
        count = len(re.findall(r"\S+", text))
        if count > limit:
            raise ValueError(f"has {count} words; at most {limit}")
        return text

    return AfterValidator(check)


HttpsUrl = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_https_only)]
Summary = Annotated[Text, _at_most_words(SUMMARY_MAX_WORDS)]


class Audience(StrEnum):
    SURVIVOR = "survivor"
    CAREGIVER = "caregiver"
    BOTH = "both"


class Category(StrEnum):
    HEALTH_COVERAGE = "health_coverage"
    DISABILITY_RIGHTS = "disability_rights"
    INCOME = "income"
    WORK = "work"
    DRIVING = "driving"
    CAREGIVER_RIGHTS = "caregiver_rights"
    LEGAL_PROTECTION = "legal_protection"
    HOME_AND_DAILY_LIFE = "home_and_daily_life"


class _Content(BaseModel):
    # Unknown keys are typos ("sumary:") that would otherwise vanish silently.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Content):
    title: Line
    url: HttpsUrl
    checked_on: dt.date


class Step(_Content):
    id: Id
    title: Line
    what_to_do: Text
    documents: tuple[Id, ...] = ()  # ids from the procedure's document checklist
    organisation: Line
    link: HttpsUrl | None = None
    typical_delay: Line | None = None


class Document(_Content):
    id: Id
    label: Line


class Amount(_Content):
    id: Id
    label: Line
    value_eur: Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2)]
    period: Literal["once", "day", "half_day", "month", "year"]
    valid_from: dt.date
    valid_until: dt.date | None = None
    source: Source


class Contact(_Content):
    name: Line
    what_for: Line
    url: HttpsUrl | None = None
    phone: Annotated[str, StringConstraints(pattern=r"^[0-9 +]{2,20}$")] | None = None


class Procedure(_Content):
    kind: Literal["procedure"]
    id: Id
    title: Line
    audience: Audience
    category: Category
    summary: Summary
    eligibility: Annotated[tuple[Line, ...], Field(min_length=1)]
    steps: Annotated[tuple[Step, ...], Field(min_length=1, max_length=STEP_MAX)]
    documents: Annotated[tuple[Document, ...], Field(min_length=1)]
    amounts: tuple[Amount, ...] = ()  # many procedures pay nothing themselves
    to_check: tuple[Line, ...] = ()  # facts we could not verify: "ask your social worker"
    contacts: tuple[Contact, ...] = ()
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]
    keywords: tuple[Line, ...] = ()
    last_reviewed: dt.date


class CareRole(_Content):
    id: Id
    name: Line
    what_they_do: Text
    when_to_see: Text


class CareRoles(_Content):
    kind: Literal["care_roles"]
    roles: Annotated[tuple[CareRole, ...], Field(min_length=1)]


class PathwayStage(_Content):
    id: Id
    name: Line
    when: Line
    what_happens: Text
    questions_to_ask: Annotated[tuple[Line, ...], Field(min_length=1)]


class CarePathway(_Content):
    kind: Literal["care_pathway"]
    stages: Annotated[tuple[PathwayStage, ...], Field(min_length=2)]


class GuideInfo(_Content):
    """The guide as a whole: when it was last reviewed, which the notice shows."""

    kind: Literal["guide"]
    reviewed_on: dt.date


class LanguageContent(BaseModel):
    """Everything one language holds, after validation."""

    model_config = ConfigDict(frozen=True)

    info: GuideInfo
    procedures: dict[str, Procedure]  # by id, in file-name order
    care_roles: CareRoles
    care_pathway: CarePathway


def step_ids(procedure: Procedure) -> tuple[str, ...]:
    return tuple(step.id for step in procedure.steps)


def document_ids(procedure: Procedure) -> tuple[str, ...]:
    return tuple(document.id for document in procedure.documents)
