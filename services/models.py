"""Pydantic models shared by the services, the gateways and the UI.

Limits here mirror the database constraints in supabase/migrations so users
get a friendly message before the database (which stays the gate) refuses.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from services.passwords import refuse_guessable
from services.text import NORMALIZED, VISIBLE, VISIBLE_OR_BLANK

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 200
DISPLAY_NAME_MAX_LENGTH = 80
BIO_MAX_LENGTH = 500

# A French département code: 01–95 (with Corsica as 2A/2B) or an overseas 971–976.
DEPARTEMENT_PATTERN = r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$"


class Role(StrEnum):
    SURVIVOR = "survivor"
    CAREGIVER = "caregiver"
    PEER = "peer"
    COORDINATOR = "coordinator"


# Roles a person may pick at sign-up; coordinators are appointed, never self-declared.
SELF_SERVICE_ROLES = (Role.SURVIVOR, Role.CAREGIVER, Role.PEER)


class PeerStatus(StrEnum):
    APPLICANT = "applicant"
    APPROVED = "approved"
    SUSPENDED = "suspended"


class Locale(StrEnum):
    FR = "fr"
    EN = "en"


# French sets ? ! : ; % and » apart from the word before them, and « from the word
# after it, with a space that never breaks: "Que faire ?" must not leave its "?"
# alone on the next line at large text. Writers type a plain space; screens and
# printed diaries get this one.
NO_BREAK_SPACE = "\u00a0"
_BEFORE_FRENCH_MARK = re.compile(r" ([?!:;»%])")
_AFTER_FRENCH_QUOTE = re.compile(r"« ")


def typeset(locale: Locale, text: str) -> str:
    """The text with the language's spacing rules applied (French only, for now)."""
    if locale is not Locale.FR:
        return text
    text = _BEFORE_FRENCH_MARK.sub(NO_BREAK_SPACE + r"\1", text)
    return _AFTER_FRENCH_QUOTE.sub("«" + NO_BREAK_SPACE, text)


DisplayName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=DISPLAY_NAME_MAX_LENGTH),
    NORMALIZED,
    VISIBLE,
]
Password = Annotated[
    str, StringConstraints(min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH)
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SignUpForm(_Strict):
    email: EmailStr
    password: Password
    display_name: DisplayName
    role: Role
    locale: Locale = Locale.FR

    @field_validator("role")
    @classmethod
    def _self_service_role(cls, role: Role) -> Role:
        if role not in SELF_SERVICE_ROLES:
            raise ValueError("this role cannot be chosen at sign-up")
        return role

    @model_validator(mode="after")
    def _not_guessable(self) -> SignUpForm:
        refuse_guessable(self.password, "password", [self.email, self.display_name])
        return self


class NewPassword(_Strict):
    """A password someone chooses to replace theirs: the same policy as at sign-up."""

    new_password: Password
    email: str = ""
    display_name: str | None = None

    @model_validator(mode="after")
    def _not_guessable(self) -> NewPassword:
        refuse_guessable(self.new_password, "new_password", [self.email, self.display_name])
        return self


class Credentials(_Strict):
    email: EmailStr
    password: Annotated[str, StringConstraints(min_length=1, max_length=PASSWORD_MAX_LENGTH)]


class SignInOrigin(_Strict):
    """Where an attempt comes from; local mode throttles by it (GoTrue sees its own)."""

    # The browser's address as the web server saw it (a trusted proxy's header).
    address: Annotated[str, StringConstraints(max_length=100)] | None = None
    # A random token this browser keeps: a browser that signed in before is
    # counted apart from strangers guessing the same e-mail.
    device_token: Annotated[str, StringConstraints(min_length=16, max_length=100)] | None = None


class AuthSession(_Strict):
    """Who is signed in. Lives on the server only; the browser keeps the refresh token."""

    user_id: UUID
    email: str
    access_token: str
    refresh_token: str
    expires_at: dt.datetime | None = None


class Profile(_Strict):
    id: UUID
    display_name: str
    role: Role
    peer_status: PeerStatus | None = None
    locale: Locale = Locale.FR
    departement: str | None = None
    birth_year: int | None = None
    stroke_date: dt.date | None = None
    bio: str | None = None
    text_scale: int = 100
    high_contrast: bool = False
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


def _current_year() -> int:
    return dt.date.today().year


class ProfileUpdate(_Strict):
    """The fields a person may change on their own profile; role and peer status are not here."""

    display_name: DisplayName | None = None
    locale: Locale | None = None
    departement: Annotated[str, StringConstraints(pattern=DEPARTEMENT_PATTERN)] | None = None
    birth_year: Annotated[int, Field(ge=1900)] | None = None
    stroke_date: dt.date | None = None
    bio: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, max_length=BIO_MAX_LENGTH),
            NORMALIZED,
            VISIBLE_OR_BLANK,
        ]
        | None
    ) = None
    text_scale: Annotated[int, Field(ge=100, le=200)] | None = None
    high_contrast: bool | None = None

    @field_validator("birth_year")
    @classmethod
    def _not_in_future(cls, year: int | None) -> int | None:
        if year is not None and year > _current_year():
            raise ValueError("birth year is in the future")
        return year

    @field_validator("stroke_date")
    @classmethod
    def _stroke_not_in_future(cls, day: dt.date | None) -> dt.date | None:
        if day is not None and day > dt.date.today():
            raise ValueError("stroke date is in the future")
        return day

    def changes(self) -> dict[str, object]:
        """Only the fields the caller set, JSON-ready, so an update never blanks others."""
        return self.model_dump(mode="json", exclude_unset=True)
