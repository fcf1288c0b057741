"""Search: accents, typos and both languages, over the real content."""

from __future__ import annotations

import pytest

from services.guide.content import load_catalogue
from services.guide.search import edit_distance, normalise, search

CATALOGUE = load_catalogue()


def _top(query: str, n: int = 1) -> list[str]:
    return [hit.procedure_id for hit in search(query, CATALOGUE)[:n]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mdph", "mdph-file"),
        ("MDPH", "mdph-file"),
        ("allocation adulte handicape", "aah"),
        ("allocation adulte handicapé", "aah"),
        ("Allocation aux adultes handicapés", "aah"),
        ("permis", "driving"),
        ("tutelle", "legal-protection"),
        ("directives anticipees", "advance-directives"),
        ("arrêt maladie", "sick-leave"),
        ("retour au travail", "return-to-work-visits"),
        ("mutuelle", "css"),
        ("douche", "maprimeadapt"),
    ],
)
def test_french_queries_accent_insensitive(query: str, expected: str) -> None:
    assert _top(query) == [expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("guardianship", "legal-protection"),
        ("disabled parking", "cmi"),
        ("sick note", "sick-leave"),
        ("driving licence", "driving"),
        ("stairlift", "maprimeadapt"),
        ("trusted person", "trusted-person"),
    ],
)
def test_english_queries(query: str, expected: str) -> None:
    assert _top(query) == [expected]


def test_aidant_finds_both_caregiver_procedures_first() -> None:
    assert set(_top("aidant", 2)) == {"ajpa", "caregiver-leave"}
    assert set(_top("caregiver", 2)) == {"ajpa", "caregiver-leave"}


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("mdhp", "mdph-file"),
        ("ajap", "ajpa"),
        ("rqht", "rqth"),
        ("alocation adulte handicapé", "aah"),
        ("permi de conduir", "driving"),
        ("tutele", "legal-protection"),
        ("guardianshp", "legal-protection"),
    ],
)
def test_typos_still_find_the_procedure(typo: str, expected: str) -> None:
    assert _top(typo) == [expected]


def test_nonsense_and_empty_queries_find_nothing() -> None:
    assert search("xyzzy qwxv", CATALOGUE) == []
    assert search("", CATALOGUE) == []
    assert search("  de la  ", CATALOGUE) == []


def test_a_query_matching_every_word_beats_one_matching_a_single_word() -> None:
    hits = {hit.procedure_id: hit.score for hit in search("allocation proche aidant", CATALOGUE)}
    assert max(hits, key=lambda pid: hits[pid]) == "ajpa"
    # The autonomy allowance has "allocation" in its title, but nothing about caregivers.
    assert hits["ajpa"] > 2 * hits["apa"]


def test_normalise_and_edit_distance() -> None:
    assert normalise("Arrêt d'ÉTÉ") == "arret d ete"
    assert edit_distance("mdph", "mdhp", 2) == 1  # one swap is one typo
    assert edit_distance("permis", "permis", 1) == 0
    assert edit_distance("a", "abcdef", 2) == 3  # gives up past the limit
