"""Search the guide: accent-insensitive, typo-tolerant, in French and English at once.

People type on a phone, often after a stroke: "allocation adulte handicape",
"mdhp", "permi". So both languages' words for a procedure go into one index;
a query word matches a content word exactly, as a prefix, or within one or two
typos (optimal string alignment distance). Pure Python over a small catalogue:
no external service sees what anyone searches for.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from services.guide.content import GuideCatalogue, current_catalogue
from services.guide.models import Procedure

# Words that say nothing about a procedure, in both languages.
STOPWORDS = frozenset(
    (
        *("a", "au", "aux", "avec", "ce", "d", "de", "des", "du", "en", "et", "l", "la", "le"),
        *("les", "ou", "par", "pour", "sa", "se", "son", "sur", "un", "une", "vos", "votre"),
        *("vous", "y", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in"),
        *("is", "it", "its", "of", "on", "or", "the", "to", "with", "you", "your"),
    )
)
# Where a word appears says how much it counts: a title beats a passing mention.
FIELD_WEIGHTS = {"title": 4.0, "keywords": 3.0, "summary": 2.0, "body": 1.0}
MIN_PREFIX = 3


def normalise(text: str) -> str:
    """Lower case, accents removed, apostrophes and punctuation to spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch if ch.isalnum() else " " for ch in stripped)


def tokens(text: str) -> list[str]:
    return [word for word in normalise(text).split() if word not in STOPWORDS]


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters is one typo); stops past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _allowed_typos(word: str) -> int:
    # Short words are mostly acronyms: one slip ("mdhp") at most, none below four letters.
    if len(word) < 4:
        return 0
    return 1 if len(word) < 9 else 2


def _similarity(query: str, word: str) -> float:
    if query == word:
        return 1.0
    if len(query) >= MIN_PREFIX and word.startswith(query):
        return 0.9
    allowed = _allowed_typos(query)
    if allowed:
        distance = edit_distance(query, word, allowed)
        if distance <= allowed:
            return 0.85 - 0.1 * distance
        # A typo inside a word typed only in part: "handicpe" for "handicapes".
        if len(word) > len(query) and edit_distance(query, word[: len(query)], 1) <= 1:
            return 0.6
    return 0.0


@dataclass(frozen=True)
class SearchHit:
    procedure_id: str
    score: float


def _procedure_fields(procedure: Procedure) -> dict[str, str]:
    body = [*procedure.eligibility, *procedure.to_check]
    for step in procedure.steps:
        body += [step.title, step.what_to_do, step.organisation]
    body += [document.label for document in procedure.documents]
    return {
        "title": procedure.title,
        "keywords": " ".join(procedure.keywords),
        "summary": procedure.summary,
        "body": " ".join(body),
    }


class GuideSearchIndex:
    def __init__(self, catalogue: GuideCatalogue) -> None:
        # word -> {procedure id: weight of the best field it appears in}
        self._postings: dict[str, dict[str, float]] = defaultdict(dict)
        self._by_trigram: dict[str, set[str]] = defaultdict(set)
        self._match_cache: dict[str, list[tuple[str, float]]] = {}
        for lang in catalogue.languages:
            for procedure in catalogue.procedures(lang):
                for field, text in _procedure_fields(procedure).items():
                    for word in tokens(text):
                        postings = self._postings[word]
                        postings[procedure.id] = max(
                            postings.get(procedure.id, 0.0), FIELD_WEIGHTS[field]
                        )
        for word in self._postings:
            for gram in _trigrams(word):
                self._by_trigram[gram].add(word)

    def _candidates(self, query_word: str) -> set[str]:
        """Words sharing enough trigrams to be within reach (the q-gram lemma), cheap to count."""
        shared: dict[str, int] = defaultdict(int)
        for gram in _trigrams(query_word):
            for word in self._by_trigram.get(gram, ()):
                shared[word] += 1
        # Each typo spoils at most three trigrams; a prefix loses only the closing one.
        needed = max(1, len(query_word) + 1 - 3 * max(1, _allowed_typos(query_word)))
        return {word for word, count in shared.items() if count >= needed}

    def _matches(self, query_word: str) -> list[tuple[str, float]]:
        if query_word not in self._match_cache:
            found = [
                (w, s) for w in self._candidates(query_word) if (s := _similarity(query_word, w))
            ]
            if len(self._match_cache) > 2048:  # people type endlessly varied words
                self._match_cache.clear()
            self._match_cache[query_word] = found
        return self._match_cache[query_word]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        query_words = list(dict.fromkeys(tokens(query)))
        if not query_words:
            return []
        scores: dict[str, float] = defaultdict(float)
        matched: dict[str, int] = defaultdict(int)
        for query_word in query_words:
            best: dict[str, float] = {}
            for word, similarity in self._matches(query_word):
                for procedure_id, weight in self._postings[word].items():
                    best[procedure_id] = max(best.get(procedure_id, 0.0), similarity * weight)
            for procedure_id, value in best.items():
                scores[procedure_id] += value
                matched[procedure_id] += 1
        # A procedure matching every word of the query beats one matching a single word often.
        hits = [
            SearchHit(pid, round(score * (matched[pid] / len(query_words)) ** 2, 4))
            for pid, score in scores.items()
        ]
        hits.sort(key=lambda hit: (-hit.score, hit.procedure_id))
        return hits[:limit]


@lru_cache(maxsize=4)
def index_for(catalogue: GuideCatalogue) -> GuideSearchIndex:
    return GuideSearchIndex(catalogue)


def search(query: str, catalogue: GuideCatalogue | None = None, limit: int = 20) -> list[SearchHit]:
    return index_for(catalogue or current_catalogue()).search(query, limit)
