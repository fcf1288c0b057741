"""The free-text rule's Python half (services/text.py) and its refusals on Supabase."""

from __future__ import annotations

import pytest
from postgrest import APIError

from services import text
from services.errors import ErrorCode
from services.supabase_errors import translate_error


def _postgrest_check_violation(constraint: str, table: str) -> APIError:
    message = f'new row for relation "{table}" violates check constraint "{constraint}"'
    return APIError({"code": "23514", "message": message, "details": None, "hint": None})


@pytest.mark.parametrize(
    ("constraint", "table", "expected"),
    [
        ("message_body_visible_text", "messages", ErrorCode.MESSAGE_INVISIBLE),
        ("message_body_clean_text", "messages", ErrorCode.TEXT_CONTROL_CHARACTERS),
        ("comment_body_visible_text", "diary_comments", ErrorCode.TEXT_INVISIBLE),
        ("entry_body_clean_text", "diary_entries", ErrorCode.TEXT_CONTROL_CHARACTERS),
        ("body_length", "messages", ErrorCode.INVALID_INPUT),
    ],
)
def test_a_postgrest_refusal_reads_like_the_services_one(
    constraint: str, table: str, expected: ErrorCode
) -> None:
    refusal = translate_error(_postgrest_check_violation(constraint, table))
    assert refusal is not None
    assert refusal.code is expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("abc\ud83dxyz", text.NOT_CLEAN),
        ("\u200b\u200b", text.NOT_VISIBLE),
        ("\ufeff", text.NOT_VISIBLE),
        ("a\u202eb", text.NOT_CLEAN),
        ("a\u2068b", text.NOT_CLEAN),
        ("a\rb", text.NOT_CLEAN),
        ("a\x00b", text.NOT_CLEAN),
        ("é 🎉 👩‍👩‍👧\n\tx", None),
        ("مرحبا\u200f", None),
    ],
)
def test_what_a_required_text_may_hold(value: str, problem: str | None) -> None:
    assert text.text_problem(value, visible=True) == problem


def test_line_endings_become_line_feeds_before_the_check() -> None:
    assert text.check_text("une\r\ndeux\rtrois", field="note") == "une\ndeux\ntrois"
