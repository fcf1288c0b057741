"""Errors the services raise, each carrying a catalogue key the UI translates.

Every refusal must reach the user as a clear sentence in their language, so a
service never raises a bare driver exception: gateways translate what the
database or Supabase said into one of these codes.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    INVALID_CREDENTIALS = "invalid_credentials"
    EMAIL_TAKEN = "email_taken"
    WEAK_PASSWORD = "weak_password"  # noqa: S105 (an error code, not a password)
    INVALID_EMAIL = "invalid_email"
    INVALID_INPUT = "invalid_input"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    SESSION_EXPIRED = "session_expired"
    # The password is long enough but on the lists attackers try first.
    GUESSABLE_PASSWORD = "guessable_password"  # noqa: S105 (an error code, not a password)
    # A call ran past its statement or lock timeout and was stopped.
    TIMED_OUT = "timed_out"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    UNREACHABLE = "unreachable"
    # The embedded database died and could not be restarted (supervisor.py).
    DATABASE_LOST = "database_lost"
    # The database cannot write: its disk is full (or failing).
    DISK_FULL = "disk_full"
    INVITE_INVALID = "invite_invalid"
    INVITE_USED = "invite_used"
    INVITE_EXPIRED = "invite_expired"
    INVITE_LIMIT = "invite_limit"  # a survivor's invitations per day
    # Password recovery
    RECOVERY_CODE_INVALID = "recovery_code_invalid"
    RECOVERY_CODE_EXPIRED = "recovery_code_expired"
    # The goal diary
    DIARY_READ_ONLY = "diary_read_only"
    DIARY_ACCESS_REVOKED = "diary_access_revoked"
    DATE_IN_FUTURE = "date_in_future"
    TEXT_TOO_LONG = "text_too_long"
    # Free text (services/text.py): nothing visible, or characters never accepted.
    TEXT_INVISIBLE = "text_invisible"
    MESSAGE_INVISIBLE = "message_invisible"
    TEXT_CONTROL_CHARACTERS = "text_control_characters"
    OUT_OF_RANGE = "out_of_range"
    EMPTY_ENTRY = "empty_entry"
    # Peer support and messaging
    CONVERSATION_CLOSED = "conversation_closed"
    PEER_AT_CAPACITY = "peer_at_capacity"


class RelaisError(Exception):
    """A refusal the user can understand: `code` names the message, `field` the input."""

    def __init__(self, code: ErrorCode, detail: str = "", *, field: str | None = None) -> None:
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.detail = detail
        self.field = field

    @property
    def message_key(self) -> str:
        return f"error.{self.code.value}"
