"""Is a new password guessable? zxcvbn's estimate, given what it knows about the person.

The policy is 10–200 characters and not guessable, nothing else: no
required digits or symbols, which make passwords harder to remember without
making them harder to guess. zxcvbn knows the common passwords, names and
keyboard patterns attackers try first, and is handed the person's e-mail
and display name so "marie.dupont1965" is seen for what it is.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

# Score 3 ("safely unguessable": at least 10^8 guesses by zxcvbn's estimate)
# puts a password beyond reach of online guessing, which local mode slows to
# a few tries an hour per account, and costs an offline attacker years per
# password against argon2id. Score 4 (10^10) would also refuse many memorable
# sentences of three ordinary words, which is what we ask people to choose.
MIN_SCORE = 3
# zxcvbn refuses longer input (its matching slows down quadratically); a
# guessable start is a guessable password, so the first 72 characters decide.
_ZXCVBN_MAX = 72

# zxcvbn keeps the user inputs in a module-level dictionary while it scores:
# two threads scoring at once would see each other's.
_scoring = threading.Lock()
_WORD = re.compile(r"[^\W_]+")


def _inputs(user_inputs: Iterable[str | None]) -> list[str]:
    """The e-mail and name whole, and each of their words (first name, family name…)."""
    found: list[str] = []
    for text in user_inputs:
        if text:
            found.append(text)
            found.extend(word for word in _WORD.findall(text) if len(word) > 2)
    return found


def score(password: str, user_inputs: Iterable[str | None] = ()) -> int:
    from zxcvbn import zxcvbn  # imported at first use: it loads its word lists

    with _scoring:
        result: dict[str, Any] = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=_inputs(user_inputs))
    return int(result["score"])


class GuessablePassword(ValueError):
    """Raised inside pydantic validation; names the field, as a model validator cannot."""

    def __init__(self, field: str) -> None:
        super().__init__("this password is too easy to guess")
        self.field = field


def refuse_guessable(password: str, field: str, user_inputs: Iterable[str | None]) -> None:
    """Raise GuessablePassword naming `field` when the password is too easy to guess."""
    if score(password, user_inputs) < MIN_SCORE:
        raise GuessablePassword(field)
