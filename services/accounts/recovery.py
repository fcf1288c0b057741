"""A way back in after a forgotten password (issue 12 §1).

Local mode: a coordinator, having checked who the person is, issues a
one-time code (`issue_recovery_code` in SQL). Supabase mode: the person asks
for an e-mail carrying a 6-digit code. Either way the person then types the
code and a new password; the backend checks the code and ends every other
session. Input is checked here only so the message names the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    StringConstraints,
    ValidationError,
    model_validator,
)

from services.accounts.auth import refusal_from_validation
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import AuthSession, Password
from services.passwords import refuse_guessable

# Longer than any code either mode hands out (8 signs, or 6 digits), with room
# for the spaces and dashes people type between groups.
CODE_MAX_LENGTH = 20
AUDIT_LIMIT = 50


class _ResetForm(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    email: EmailStr
    code: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=CODE_MAX_LENGTH)
    ]
    new_password: Password

    @model_validator(mode="after")
    def _not_guessable(self) -> _ResetForm:
        # The same policy as at sign-up (services/passwords.py).
        refuse_guessable(self.new_password, "new_password", [self.email])
        return self


class _EmailOnly(BaseModel):
    email: EmailStr


class IssuedCode(BaseModel):
    """Shown once to the coordinator; only its hash is kept."""

    model_config = ConfigDict(frozen=True)

    code: str
    expires_at: dt.datetime

    @property
    def readable(self) -> str:
        """In two groups of four, easier to read aloud over the phone."""
        return f"{self.code[:4]}-{self.code[4:]}" if len(self.code) == 8 else self.code


class RecoveryAudit(BaseModel):
    """Who issued a code, for whom, when, and what became of it."""

    model_config = ConfigDict(frozen=True)

    id: UUID
    person_id: UUID
    issued_by: UUID | None
    created_at: dt.datetime
    expires_at: dt.datetime
    failed_attempts: int
    used_at: dt.datetime | None
    voided_at: dt.datetime | None

    def status(self, now: dt.datetime) -> str:
        if self.used_at is not None:
            return "used"
        if self.voided_at is not None:
            return "void"
        return "expired" if self.expires_at <= now else "waiting"


def _form(email: str, code: str, new_password: str) -> _ResetForm:
    try:
        return _ResetForm(email=email.strip(), code=code, new_password=new_password)
    except ValidationError as error:
        refusal = refusal_from_validation(error)
        if refusal.field == "code":
            raise RelaisError(
                ErrorCode.RECOVERY_CODE_INVALID, "empty or long", field="code"
            ) from None
        raise refusal from None


async def request_password_reset(gateway: Gateway, *, email: str) -> None:
    """Ask for a code by e-mail (Supabase); the answer never tells whether the account exists."""
    try:
        checked = _EmailOnly(email=email.strip())
    except ValidationError as error:
        raise refusal_from_validation(error) from None
    await gateway.request_password_reset(str(checked.email))


async def reset_password(
    gateway: Gateway, *, email: str, code: str, new_password: str
) -> AuthSession:
    """Set a new password with a recovery code; returns the person's new session."""
    form = _form(email, code, new_password)
    return await gateway.reset_password(
        email=str(form.email), code=form.code, new_password=form.new_password
    )


async def issue_recovery_code(
    gateway: Gateway, session: AuthSession, *, person_id: UUID
) -> IssuedCode:
    """A coordinator's code for `person_id`; the database refuses anyone else."""
    row = await gateway.rpc(session, "issue_recovery_code", {"p_person": str(person_id)})
    if not row:
        raise RelaisError(ErrorCode.NOT_FOUND, "no code came back")
    return IssuedCode.model_validate(row)


async def list_recovery_audit(gateway: Gateway, session: AuthSession) -> list[RecoveryAudit]:
    """The latest codes issued (coordinators only; RLS gives others nothing)."""
    rows = await gateway.select(
        session,
        "recovery_codes",
        columns=tuple(RecoveryAudit.model_fields),
        order_by="created_at",
        descending=True,
        limit=AUDIT_LIMIT,
    )
    return [RecoveryAudit.model_validate(row) for row in rows]
