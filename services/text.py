"""One rule for everything a person types: what a free text may hold.

The database is the gate (`private.is_clean_text` and
`private.has_visible_character` in
supabase/migrations/20261208140000_free_text_rule.sql, used by a check
constraint on every free-text column). This module is the same rule in Python,
so the person is told in their language before the database refuses, and so a
lone surrogate (which psycopg cannot even encode) never reaches a driver.

The two character sets below are written out in the SQL too; a database test
compares both on every code point they name.

Bidi embeddings, overrides and isolates are refused rather than stripped:
they can make a text read differently from what is stored ("Trojan source"),
and silently removing what someone typed would also change what they wrote.
A refusal keeps Python and SQL one rule. The marks LRM, RLM and ALM stay
allowed: Arabic and Hebrew writers need them and they cannot reorder a text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from services.errors import ErrorCode, RelaisError

# Never accepted: C0 controls but tab and line feed (a carriage return is turned
# into a line feed first), DEL, C1 controls, bidi embeddings/overrides/isolates,
# and surrogates, which only a broken client can send alone.
FORBIDDEN_RANGES = (
    (0x00, 0x08),
    (0x0B, 0x1F),
    (0x7F, 0x9F),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
    (0xD800, 0xDFFF),
)
# Accepted, but not enough on their own: a text made only of these shows nothing
# (spaces, zero-width characters, marks, fillers, variation selectors, tags).
INVISIBLE_RANGES = (
    (0x09, 0x0A),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0xAD, 0xAD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x1680, 0x1680),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x206F),
    (0x2800, 0x2800),
    (0x3000, 0x3000),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF9, 0xFFFB),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

# What an optional text may be made of and still count as left empty.
BLANK = " \t\n"

# What is wrong with a text, mapped to refusal codes by `refusal_code`.
NOT_CLEAN = "text_control_characters"
NOT_VISIBLE = "text_invisible"


class TextRefused(ValueError):
    """Raised in a pydantic validator; pydantic keeps it in the error's `ctx`."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _character_class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
        for low, high in ranges
    )


_FORBIDDEN = re.compile(f"[{_character_class(FORBIDDEN_RANGES)}]")
_VISIBLE = re.compile(f"[^{_character_class(FORBIDDEN_RANGES + INVISIBLE_RANGES)}]")
_LINE_ENDINGS = re.compile("\r\n?")


def normalized(text: str) -> str:
    """Windows and old Mac line endings become line feeds, the only one stored."""
    return _LINE_ENDINGS.sub("\n", text)


def is_clean(text: str) -> bool:
    return _FORBIDDEN.search(text) is None


def has_visible_character(text: str) -> bool:
    return _VISIBLE.search(text) is not None


def text_problem(text: str, *, visible: bool) -> str | None:
    """NOT_CLEAN, NOT_VISIBLE (when `visible` is required) or None."""
    if not is_clean(text):
        return NOT_CLEAN
    if visible and not has_visible_character(text):
        return NOT_VISIBLE
    return None


def _checked(text: str, *, visible: bool) -> str:
    problem = text_problem(text, visible=visible)
    if problem is not None:
        raise TextRefused(problem)
    return text


def _clean(text: str) -> str:
    return _checked(text, visible=False)


def _visible(text: str) -> str:
    return _checked(text, visible=True)


def _visible_or_blank(text: str) -> str:
    # Optional texts: nothing (or spaces) is fine, invisible characters alone are not.
    return _checked(text, visible=bool(text.strip(BLANK)))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _normalized(value: object) -> object:
    if not isinstance(value, str):
        return value
    # Before pydantic's own str checks, which call a lone surrogate "not a string".
    if _SURROGATE.search(value):
        raise TextRefused(NOT_CLEAN)
    return normalized(value)


# Use as `Annotated[str, StringConstraints(...), NORMALIZED, VISIBLE]`: the line
# endings are normalized before the constraints strip and count, and the rule
# is checked on what will be stored.
NORMALIZED = BeforeValidator(_normalized)
CLEAN = AfterValidator(_clean)
VISIBLE = AfterValidator(_visible)
VISIBLE_OR_BLANK = AfterValidator(_visible_or_blank)
CleanText = Annotated[str, NORMALIZED, CLEAN]
VisibleText = Annotated[str, NORMALIZED, VISIBLE]
OptionalText = Annotated[str, NORMALIZED, VISIBLE_OR_BLANK]

_REFUSALS = {NOT_CLEAN: ErrorCode.TEXT_CONTROL_CHARACTERS, NOT_VISIBLE: ErrorCode.TEXT_INVISIBLE}


def refusal_code(error: Mapping[str, object]) -> ErrorCode | None:
    """The refusal for one of pydantic's `errors()` raised above, None for any other."""
    context = error.get("ctx")
    refused = context.get("error") if isinstance(context, dict) else None
    return _REFUSALS[refused.problem] if isinstance(refused, TextRefused) else None


def check_text(text: str, *, field: str, visible: bool = False) -> str:
    """`text` normalized, or the refusal; for inputs that are not pydantic fields."""
    text = normalized(text)
    problem = text_problem(text, visible=visible)
    if problem is not None:
        raise RelaisError(_REFUSALS[problem], problem, field=field)
    return text


# Constraint names in supabase/migrations/20261208140000_free_text_rule.sql end
# with these, so a refusal by the database reads like the one above, whichever
# way (service, PostgREST) the text came in.
_CONSTRAINT_SUFFIXES = {
    "_clean_text": ErrorCode.TEXT_CONTROL_CHARACTERS,
    "_visible_text": ErrorCode.TEXT_INVISIBLE,
}
MESSAGE_VISIBLE_CONSTRAINT = "message_body_visible_text"
_CONSTRAINT_IN_MESSAGE = re.compile(r'violates check constraint "([^"]+)"')


def refusal_for_constraint(constraint: str | None, message: str | None = None) -> ErrorCode | None:
    """The refusal a check constraint of the free-text rule stands for, else None.

    `message` is PostgreSQL's sentence, for clients (PostgREST) that pass on
    only that: the constraint's name is quoted in it.
    """
    if constraint is None and message:
        found = _CONSTRAINT_IN_MESSAGE.search(message)
        constraint = found.group(1) if found else None
    if constraint == MESSAGE_VISIBLE_CONSTRAINT:
        return ErrorCode.MESSAGE_INVISIBLE
    for suffix, code in _CONSTRAINT_SUFFIXES.items():
        if constraint and constraint.endswith(suffix):
            return code
    return None
