"""What Supabase says, turned into the refusals the UI knows how to word.

GoTrue reports errors as `AuthError`s whose `code` is its `error_code`
(supabase_auth/helpers.py `handle_exception`), PostgREST as `APIError`s whose
`code` is the SQLSTATE or a `PGRSTxxx` code, and a network failure surfaces as
an httpx `TransportError` (wrapped in `AuthRetryableError` by GoTrue's client).

An error this module does not recognise maps to None and the caller re-raises
the original: a bug (unknown column, missing function, a 500 from GoTrue) must
fail loudly rather than be worded as the user's fault.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import httpx
from postgrest import APIError
from supabase_auth.errors import (
    AuthApiError,
    AuthError,
    AuthInvalidCredentialsError,
    AuthInvalidJwtError,
    AuthRetryableError,
    AuthSessionMissingError,
    AuthWeakPasswordError,
)

from services.errors import ErrorCode, RelaisError
from services.text import refusal_for_constraint

_RATE_LIMITED = frozenset(
    {"over_request_rate_limit", "over_email_send_rate_limit", "over_sms_send_rate_limit"}
)
_EMAIL_TAKEN = frozenset({"user_already_exists", "email_exists"})
_INVALID_EMAIL = frozenset({"email_address_invalid", "email_address_not_authorized"})
# The refresh token or the session behind it is gone: the person signs in again.
_SESSION_GONE = frozenset(
    {
        "refresh_token_not_found",
        "refresh_token_already_used",
        "session_not_found",
        "session_expired",
        "bad_jwt",
        "invalid_jwt",
        "no_authorization",
        "user_not_found",
    }
)
_AUTH_FORBIDDEN = frozenset(
    {
        "signup_disabled",
        "email_provider_disabled",
        "user_banned",
        "not_admin",
        "insufficient_aal",
        "reauthentication_needed",
    }
)
# GoTrue wraps a failing `auth.users` insert trigger in this 500. Our trigger
# (handle_new_user) only raises on bad sign-up metadata, so it is the input.
_SIGN_UP_TRIGGER_REFUSED = "Database error saving new user"

# PostgREST codes for a connection it could not make or keep to the database.
_DATABASE_UNAVAILABLE = frozenset({"PGRST000", "PGRST001", "PGRST002", "PGRST003", "57014"})
_NOT_FOUND = frozenset({"P0002", "PGRST116"})
# SQLSTATEs our own functions raise (supabase/migrations).
_OUR_SQLSTATES = {
    "PT429": ErrorCode.TOO_MANY_ATTEMPTS,
    "RLCLS": ErrorCode.CONVERSATION_CLOSED,
    "RLCAP": ErrorCode.PEER_AT_CAPACITY,
}


def translate_error(error: BaseException) -> RelaisError | None:
    """The refusal `error` stands for, or None when it is not one we can word.

    A wrong password names no field: on a sign-in form, saying which half was
    wrong would tell a stranger which e-mails have accounts.
    """
    if isinstance(error, RelaisError):
        return error
    if isinstance(error, httpx.TransportError):
        return RelaisError(ErrorCode.UNREACHABLE, type(error).__name__)
    if isinstance(error, AuthError):
        return _from_auth(error)
    if isinstance(error, APIError):
        return _from_postgrest(error)
    return None


def _from_auth(error: AuthError) -> RelaisError | None:
    code = error.code
    message = error.message
    status = getattr(error, "status", None)
    if isinstance(error, AuthRetryableError):
        return RelaisError(ErrorCode.UNREACHABLE, message)
    if isinstance(error, AuthWeakPasswordError) or code == "weak_password":
        return RelaisError(ErrorCode.WEAK_PASSWORD, message, field="password")
    if code == "same_password":
        return RelaisError(ErrorCode.WEAK_PASSWORD, "same_password", field="password")
    if status == 429 or code in _RATE_LIMITED:
        return RelaisError(ErrorCode.TOO_MANY_ATTEMPTS, message)
    if (
        code == "invalid_credentials"
        or isinstance(error, AuthInvalidCredentialsError)
        # GoTrue before error codes answered `{"error": "invalid_grant", ...}`.
        or (code is None and message == "Invalid login credentials")
    ):
        return RelaisError(ErrorCode.INVALID_CREDENTIALS, message)
    if code in _EMAIL_TAKEN:
        return RelaisError(ErrorCode.EMAIL_TAKEN, message, field="email")
    if code in _INVALID_EMAIL or (code == "validation_failed" and "email" in message.lower()):
        return RelaisError(ErrorCode.INVALID_EMAIL, message, field="email")
    if (
        code in _SESSION_GONE
        or isinstance(error, (AuthSessionMissingError, AuthInvalidJwtError))
        or (code is None and message.startswith("Invalid Refresh Token"))
    ):
        return RelaisError(ErrorCode.SESSION_EXPIRED, message)
    if code == "email_not_confirmed":
        # No dedicated code yet; the detail lets the UI tell it apart.
        return RelaisError(ErrorCode.INVALID_INPUT, "email_not_confirmed", field="email")
    if code in _AUTH_FORBIDDEN:
        return RelaisError(ErrorCode.FORBIDDEN, message)
    if code in ("validation_failed", "bad_json") or message == _SIGN_UP_TRIGGER_REFUSED:
        return RelaisError(ErrorCode.INVALID_INPUT, message)
    if isinstance(error, AuthApiError) and error.status == 401:
        return RelaisError(ErrorCode.SESSION_EXPIRED, message)
    return None


def _from_postgrest(error: APIError) -> RelaisError | None:
    code = error.code or ""
    message = error.message or ""
    if code == "42501":
        return RelaisError(ErrorCode.FORBIDDEN, message)
    if code in _NOT_FOUND:
        return RelaisError(ErrorCode.NOT_FOUND, message)
    if code in _OUR_SQLSTATES:
        return RelaisError(_OUR_SQLSTATES[code], message)
    # SQLSTATE class 22 is "data exception", 23 "integrity constraint violation":
    # the values sent were refused (check constraints, bad uuid, missing column value).
    if len(code) == 5 and code[:2] in ("22", "23"):
        # PostgREST passes on PostgreSQL's sentence, which quotes the constraint.
        text_refusal = refusal_for_constraint(None, message) if code == "23514" else None
        return RelaisError(text_refusal or ErrorCode.INVALID_INPUT, message)
    if code.startswith("PGRST30"):  # the JWT is expired, malformed or missing
        return RelaisError(ErrorCode.SESSION_EXPIRED, message)
    if code in _DATABASE_UNAVAILABLE:
        return RelaisError(ErrorCode.UNREACHABLE, message)
    # postgrest-py falls back to the HTTP status when the body is not PostgREST's
    # JSON (a proxy or gateway page): only the status says what happened.
    # (SQLSTATEs can be all digits too, hence the length check.)
    if len(code) == 3 and code.isdigit():
        return _from_http_status(int(code), message)
    return None


def _from_http_status(status: int, message: str) -> RelaisError | None:
    if status == 401:
        return RelaisError(ErrorCode.SESSION_EXPIRED, message)
    if status == 403:
        return RelaisError(ErrorCode.FORBIDDEN, message)
    if status == 429:
        return RelaisError(ErrorCode.TOO_MANY_ATTEMPTS, message)
    if status >= 500:
        return RelaisError(ErrorCode.UNREACHABLE, message)
    return None


@contextmanager
def relais_errors(fields: Mapping[ErrorCode, str] | None = None) -> Iterator[None]:
    """Re-raise what Supabase refused as a RelaisError; let anything else through.

    `fields` points a refusal at the input it concerns on the current form
    (a weak password is `new_password` when changing it, for instance).
    """
    try:
        yield
    except Exception as error:
        refusal = translate_error(error)
        if refusal is None or refusal is error:
            raise
        field = (fields or {}).get(refusal.code, refusal.field)
        raise RelaisError(refusal.code, refusal.detail, field=field) from error
