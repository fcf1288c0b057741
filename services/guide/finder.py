"""The guided finder: a few plain questions give procedures in priority order, with reasons.

Rules are a table, not branching code, so a social worker reviewing them can
read one line per rule: which procedure, how urgent (lower first), why, and
when it applies. An unanswered question ("I don't know") never excludes a
procedure that applies to everyone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from services.guide.content import GuideCatalogue


class FinderAnswers(BaseModel):
    """Yes, no or not answered (None) to each question, about the person who had the stroke."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    age_60_or_over: bool | None = None
    working_before_stroke: bool | None = None
    drove_before_stroke: bool | None = None
    working_caregiver: bool | None = None
    lives_alone: bool | None = None
    modest_income: bool | None = None


# The order the questions are asked in; each has a catalogue key guide.finder.q.<name>.
QUESTIONS: tuple[str, ...] = tuple(FinderAnswers.model_fields)


@dataclass(frozen=True)
class Rule:
    procedure_id: str
    priority: int  # lower comes first
    reason: str  # catalogue key guide.reason.<reason>
    applies: Callable[[FinderAnswers], bool]


@dataclass(frozen=True)
class Suggestion:
    procedure_id: str
    priority: int
    reasons: tuple[str, ...]  # every rule that suggested it, most urgent first


def _always(_: FinderAnswers) -> bool:
    return True


def _over_60(a: FinderAnswers) -> bool:
    return a.age_60_or_over is True


def _under_60(a: FinderAnswers) -> bool:
    return a.age_60_or_over is False


def _working(a: FinderAnswers) -> bool:
    return a.working_before_stroke is True


RULES: tuple[Rule, ...] = (
    Rule("ald", 10, "everyone_ald", _always),
    Rule("sick-leave", 12, "working", _working),
    Rule("driving", 14, "drove", lambda a: a.drove_before_stroke is True),
    Rule("css", 16, "modest_income", lambda a: a.modest_income is True),
    Rule("mdph-file", 20, "under_60_mdph", _under_60),
    Rule("apa", 20, "over_60_apa", _over_60),
    Rule("ajpa", 22, "working_caregiver", lambda a: a.working_caregiver is True),
    Rule("caregiver-leave", 24, "working_caregiver", lambda a: a.working_caregiver is True),
    Rule("return-to-work-visits", 25, "working", _working),
    Rule("aah", 28, "modest_income_under_60", lambda a: a.modest_income is True and _under_60(a)),
    Rule("mdph-file", 30, "everyone_mdph", _always),
    Rule("rqth", 30, "working", _working),
    Rule("therapeutic-part-time", 32, "working", _working),
    Rule("pch", 35, "under_60_help", _under_60),
    Rule("medical-transport", 40, "lives_alone_transport", lambda a: a.lives_alone is True),
    Rule("medical-transport", 42, "no_driving_transport", lambda a: a.drove_before_stroke is False),
    Rule("aah", 45, "under_60_income", _under_60),
    Rule("maprimeadapt", 45, "lives_alone_home", lambda a: a.lives_alone is True),
    Rule("maprimeadapt", 50, "over_60_home", _over_60),
    Rule("invalidity-pension", 50, "working", _working),
    Rule("cmi", 55, "everyone_cmi", _always),
    Rule("trusted-person", 60, "lives_alone_trusted", lambda a: a.lives_alone is True),
    Rule("trusted-person", 65, "everyone_trusted", _always),
    Rule("future-protection-mandate", 70, "lives_alone_plan", lambda a: a.lives_alone is True),
    Rule("advance-directives", 80, "everyone_directives", _always),
)


def suggest(answers: FinderAnswers, catalogue: GuideCatalogue | None = None) -> list[Suggestion]:
    """Procedures for these answers, most urgent first, each with all its reasons."""
    found: dict[str, list[tuple[int, str]]] = {}
    for rule in RULES:
        if rule.applies(answers):
            found.setdefault(rule.procedure_id, []).append((rule.priority, rule.reason))
    suggestions = []
    for procedure_id, matches in found.items():
        if catalogue is not None and procedure_id not in catalogue.procedure_ids:
            continue  # a procedure retired from the content is never suggested
        ordered = sorted(matches)
        reasons = tuple(dict.fromkeys(reason for _, reason in ordered))
        suggestions.append(Suggestion(procedure_id, ordered[0][0], reasons))
    return sorted(suggestions, key=lambda s: (s.priority, s.procedure_id))


def reason_keys() -> set[str]:
    return {rule.reason for rule in RULES}
