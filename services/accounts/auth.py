"""Account actions: sign up, sign in, restore, sign out, change password.

Input is validated here with pydantic so the user gets a precise message
(which field, why); the backend validates again and stays the gate.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import (
    AuthSession,
    Credentials,
    NewPassword,
    SignInOrigin,
    SignUpForm,
)
from services.passwords import GuessablePassword
from services.text import refusal_code


def refusal_from_validation(error: ValidationError) -> RelaisError:
    """Turn pydantic's first complaint into a refusal naming the field."""
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else None
    guessable = (first.get("ctx") or {}).get("error")
    if isinstance(guessable, GuessablePassword):
        # Raised by a model validator, so the field is named by the error itself.
        return RelaisError(ErrorCode.GUESSABLE_PASSWORD, str(guessable), field=guessable.field)
    text_refusal = refusal_code(first)
    if text_refusal is not None:
        return RelaisError(text_refusal, first["msg"], field=field)
    if field == "email":
        return RelaisError(ErrorCode.INVALID_EMAIL, first["msg"], field=field)
    if field in ("password", "new_password"):
        return RelaisError(ErrorCode.WEAK_PASSWORD, first["msg"], field=field)
    return RelaisError(ErrorCode.INVALID_INPUT, first["msg"], field=field)


def _validated(model: type[SignUpForm] | type[Credentials], **fields: Any) -> Any:
    try:
        return model(**fields)
    except ValidationError as error:
        raise refusal_from_validation(error) from None


async def sign_up(
    gateway: Gateway,
    *,
    email: str,
    password: str,
    display_name: str,
    role: str,
    locale: str = "fr",
    origin: SignInOrigin | None = None,
) -> AuthSession:
    form: SignUpForm = _validated(
        SignUpForm,
        email=email.strip(),
        password=password,
        display_name=display_name,
        role=role,
        locale=locale,
    )
    return await gateway.sign_up(form, origin=origin)


async def sign_in(
    gateway: Gateway, *, email: str, password: str, origin: SignInOrigin | None = None
) -> AuthSession:
    """`origin` says where the attempt comes from: local mode throttles by it."""
    credentials: Credentials = _validated(Credentials, email=email.strip(), password=password)
    return await gateway.sign_in(credentials, origin=origin)


async def restore_session(gateway: Gateway, *, refresh_token: str) -> AuthSession:
    # A token is URL-safe base64 of a fixed size; anything else is forged or corrupted.
    if not refresh_token or len(refresh_token) > 512 or not refresh_token.isascii():
        raise RelaisError(ErrorCode.SESSION_EXPIRED, "malformed refresh token")
    return await gateway.restore(refresh_token)


async def sign_out(gateway: Gateway, session: AuthSession) -> None:
    await gateway.sign_out(session)


async def change_password(
    gateway: Gateway,
    session: AuthSession,
    *,
    current_password: str,
    new_password: str,
    display_name: str | None = None,
) -> None:
    """`display_name` helps tell a guessable password (one built on the person's name)."""
    try:
        NewPassword(new_password=new_password, email=session.email, display_name=display_name)
    except ValidationError as error:
        raise refusal_from_validation(error) from None
    await gateway.change_password(
        session, current_password=current_password, new_password=new_password
    )
