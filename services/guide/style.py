"""Editorial rules the guide's prose must follow: short sentences, acronyms explained.

People read this after a stroke, often with aphasia or fatigue, or as a worried
relative. The rules are checked with the content at start and in the tests,
so a long sentence is caught like a missing field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from services.guide.models import CarePathway, CareRoles, Procedure
from services.guide.report import ContentReport

MAX_AVERAGE_SENTENCE_WORDS = 20

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Capitalised abbreviations (AAH, CAF, GIR); form numbers like S3138 carry digits and are names.
# French elision ("l'APA") may precede one; a letter may not (that is a word like "MaPrime").
_ACRONYM = re.compile(r"(?<!\w)([A-Z]{2,}(?:-[A-Z]{2,})*)(?!\w)")


def plain(text: str) -> str:
    """The words a reader sees: bold markers removed."""
    return text.replace("**", "")


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(plain(text)) if _WORD.search(part)]


def words(text: str) -> list[str]:
    return _WORD.findall(plain(text))


def average_sentence_words(texts: Iterable[str]) -> float:
    all_sentences = [sentence for text in texts for sentence in sentences(text)]
    if not all_sentences:
        return 0.0
    return sum(len(words(sentence)) for sentence in all_sentences) / len(all_sentences)


def procedure_prose(procedure: Procedure) -> list[tuple[str, str]]:
    """(field, text) in reading order after the title, as a screen reader would meet them."""
    prose = [("summary", procedure.summary)]
    prose += [(f"eligibility[{i}]", line) for i, line in enumerate(procedure.eligibility)]
    for i, step in enumerate(procedure.steps):
        prose += [
            (f"steps[{i}].title", step.title),
            (f"steps[{i}].what_to_do", step.what_to_do),
            (f"steps[{i}].organisation", step.organisation),
        ]
        if step.typical_delay:
            prose.append((f"steps[{i}].typical_delay", step.typical_delay))
    prose += [(f"documents[{i}].label", doc.label) for i, doc in enumerate(procedure.documents)]
    prose += [(f"amounts[{i}].label", amount.label) for i, amount in enumerate(procedure.amounts)]
    prose += [(f"to_check[{i}]", line) for i, line in enumerate(procedure.to_check)]
    for i, contact in enumerate(procedure.contacts):
        prose += [
            (f"contacts[{i}].name", contact.name),
            (f"contacts[{i}].what_for", contact.what_for),
        ]
    return prose


def unexplained_acronyms(prose: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(field, acronym) where an acronym first appears without its expansion beside it.

    Expanded means written "ACR (in full)" or "in full (ACR)" at its first use.
    """
    seen: set[str] = set()
    problems: list[tuple[str, str]] = []
    for where, text in prose:
        flat = plain(text)
        for match in _ACRONYM.finditer(flat):
            acronym = match.group(1)
            if acronym in seen:
                continue
            seen.add(acronym)
            after = flat[match.end() : match.end() + 2]
            before = flat[max(0, match.start() - 1) : match.start()]
            if not (after.startswith(" (") or before == "("):
                problems.append((where, acronym))
    return problems


def check_procedure_style(file: str, procedure: Procedure, report: ContentReport) -> None:
    _check_prose(file, procedure_prose(procedure), report)


def check_care_roles_style(file: str, roles: CareRoles, report: ContentReport) -> None:
    # One screen, read top to bottom: an acronym explained in the first role counts for all.
    prose: list[tuple[str, str]] = []
    for i, role in enumerate(roles.roles):
        prose += [
            (f"roles[{i}].name", role.name),
            (f"roles[{i}].what_they_do", role.what_they_do),
            (f"roles[{i}].when_to_see", role.when_to_see),
        ]
    _check_prose(file, prose, report)


def check_pathway_style(file: str, pathway: CarePathway, report: ContentReport) -> None:
    prose: list[tuple[str, str]] = []
    for i, stage in enumerate(pathway.stages):
        prose += [
            (f"stages[{i}].name", stage.name),
            (f"stages[{i}].when", stage.when),
            (f"stages[{i}].what_happens", stage.what_happens),
        ]
        prose += [
            (f"stages[{i}].questions_to_ask[{j}]", q) for j, q in enumerate(stage.questions_to_ask)
        ]
    _check_prose(file, prose, report)


def _check_prose(file: str, prose: list[tuple[str, str]], report: ContentReport) -> None:
    _check_sentences(file, [text for _, text in prose], report)
    for where, acronym in unexplained_acronyms(prose):
        report.error(file, where, f"acronym {acronym} is not explained at its first use")


def _check_sentences(file: str, texts: list[str], report: ContentReport) -> None:
    average = average_sentence_words(texts)
    if average > MAX_AVERAGE_SENTENCE_WORDS:
        report.error(
            file,
            "-",
            f"sentences average {average:.1f} words; keep them at most "
            f"{MAX_AVERAGE_SENTENCE_WORDS} on average",
        )
