"""The guided finder: the right procedures, in a sensible order, each with its reason."""

from __future__ import annotations

from services.guide.content import load_catalogue
from services.guide.finder import QUESTIONS, RULES, FinderAnswers, Suggestion, suggest

CATALOGUE = load_catalogue()


def _ids(suggestions: list[Suggestion]) -> list[str]:
    return [s.procedure_id for s in suggestions]


def _reasons(suggestions: list[Suggestion], procedure_id: str) -> tuple[str, ...]:
    return next(s.reasons for s in suggestions if s.procedure_id == procedure_id)


def test_there_are_four_to_six_plain_questions() -> None:
    assert 4 <= len(QUESTIONS) <= 6


def test_every_rule_points_at_a_procedure_in_the_content() -> None:
    for rule in RULES:
        assert rule.procedure_id in CATALOGUE.procedure_ids, rule


def test_with_no_answer_only_what_applies_to_everyone_is_suggested() -> None:
    ids = _ids(suggest(FinderAnswers(), CATALOGUE))
    assert ids[0] == "ald"
    assert set(ids) == {"ald", "mdph-file", "cmi", "trusted-person", "advance-directives"}


def test_working_before_the_stroke_brings_work_procedures_with_that_reason() -> None:
    suggestions = suggest(FinderAnswers(working_before_stroke=True), CATALOGUE)
    ids = _ids(suggestions)
    for work in ("sick-leave", "return-to-work-visits", "rqth", "therapeutic-part-time"):
        assert work in ids
        assert _reasons(suggestions, work) == ("working",)
    # Sick leave pays now; the later return-to-work steps come after it.
    assert ids.index("sick-leave") < ids.index("therapeutic-part-time")


def test_not_working_brings_no_work_procedure() -> None:
    ids = _ids(suggest(FinderAnswers(working_before_stroke=False), CATALOGUE))
    assert not {"sick-leave", "rqth", "therapeutic-part-time", "invalidity-pension"} & set(ids)


def test_age_decides_between_apa_and_pch() -> None:
    older = _ids(suggest(FinderAnswers(age_60_or_over=True), CATALOGUE))
    younger = _ids(suggest(FinderAnswers(age_60_or_over=False), CATALOGUE))
    assert "apa" in older and "pch" not in older
    assert "pch" in younger and "apa" not in younger and "aah" in younger


def test_a_driver_gets_the_driving_procedure_early() -> None:
    suggestions = suggest(FinderAnswers(drove_before_stroke=True), CATALOGUE)
    ids = _ids(suggestions)
    assert ids.index("driving") < ids.index("mdph-file")
    assert _reasons(suggestions, "driving") == ("drove",)


def test_a_working_caregiver_gets_caregiver_rights() -> None:
    suggestions = suggest(FinderAnswers(working_caregiver=True), CATALOGUE)
    assert {"ajpa", "caregiver-leave"} <= set(_ids(suggestions))
    assert _reasons(suggestions, "ajpa") == ("working_caregiver",)


def test_living_alone_adds_home_help_and_planning() -> None:
    suggestions = suggest(FinderAnswers(lives_alone=True), CATALOGUE)
    ids = _ids(suggestions)
    assert {"medical-transport", "maprimeadapt", "future-protection-mandate"} <= set(ids)
    # Both reasons for the trusted person are kept, the more specific first.
    assert _reasons(suggestions, "trusted-person") == ("lives_alone_trusted", "everyone_trusted")


def test_modest_income_puts_health_cover_near_the_top() -> None:
    ids = _ids(suggest(FinderAnswers(modest_income=True, age_60_or_over=False), CATALOGUE))
    assert ids[:3] == ["ald", "css", "mdph-file"]
    assert "aah" in ids


def test_each_procedure_appears_once_in_priority_order() -> None:
    everything = FinderAnswers(
        age_60_or_over=False,
        working_before_stroke=True,
        drove_before_stroke=True,
        working_caregiver=True,
        lives_alone=True,
        modest_income=True,
    )
    suggestions = suggest(everything, CATALOGUE)
    ids = _ids(suggestions)
    assert len(ids) == len(set(ids))
    priorities = [s.priority for s in suggestions]
    assert priorities == sorted(priorities)
