"""The refusals peer support adds are worded the same on Supabase as locally.

Locally they are exercised end to end (tests/services); here PostgREST's
answer for each SQLSTATE our functions raise is translated offline.
"""

from __future__ import annotations

import pytest
from postgrest import APIError

from services.errors import ErrorCode
from services.supabase_errors import translate_error


@pytest.mark.parametrize(
    ("sqlstate", "code"),
    [
        ("PT429", ErrorCode.TOO_MANY_ATTEMPTS),  # more than 30 messages a minute
        ("RLCLS", ErrorCode.CONVERSATION_CLOSED),  # writing after the match ended
        ("RLCAP", ErrorCode.PEER_AT_CAPACITY),  # proposing a peer with no free place
        ("42501", ErrorCode.FORBIDDEN),  # someone else's conversation
        ("23514", ErrorCode.INVALID_INPUT),  # an empty or too long message
    ],
)
def test_postgrest_answers_become_the_same_refusals(sqlstate: str, code: ErrorCode) -> None:
    error = APIError({"code": sqlstate, "message": "refused", "details": None, "hint": None})
    refusal = translate_error(error)
    assert refusal is not None and refusal.code is code
