"""Deleting one's own account (GDPR art. 17).

The database does the deletion in one transaction (public.delete_my_account,
supabase/migrations/20261207130000_account_deletion.sql); the gateway proves the
password first. The checks here only give the person a precise message before
anything is sent; the database checks the confirmation word again.
"""

from __future__ import annotations

from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import AuthSession

# Either language's word works, whatever the person's language: a French
# speaker using the English screen must not be stuck (the SQL accepts both).
CONFIRMATION_WORDS = frozenset({"SUPPRIMER", "DELETE"})


def confirmation_matches(typed: str) -> bool:
    return typed.strip() in CONFIRMATION_WORDS


async def delete_my_account(
    gateway: Gateway, session: AuthSession | None, *, password: str, confirmation: str
) -> None:
    """Delete the signed-in person's account and everything that is theirs.

    Refusals (no session, wrong word, wrong password) change nothing.
    """
    if session is None:
        raise RelaisError(ErrorCode.SESSION_EXPIRED, "sign in first")
    if not confirmation_matches(confirmation):
        raise RelaisError(ErrorCode.INVALID_INPUT, "confirmation word", field="confirmation")
    if not password:
        raise RelaisError(ErrorCode.INVALID_CREDENTIALS, "no password", field="password")
    await gateway.delete_account(session, password=password, confirmation=confirmation.strip())
