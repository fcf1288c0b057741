"""Words for what the diary produces outside the screens: progress summaries and exports.

A screen reader reads the summary in place of a chart ("Walking: from −1 to
+1 in 6 weeks"), and an export must read well once printed, so both speak
the person's language. Screens translate through assets/locales instead.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from statistics import fmean

from services.diary.models import (
    GoalCategory,
    GoalPublic,
    GoalStatus,
    ProgressPoint,
    percent,
    signed_level,
)
from services.models import Locale, typeset

_WORDS: dict[Locale, dict[str, str]] = {
    Locale.EN: {
        "from_to": "{title}: from {start} to {end} in {span}.",
        "same_day": "{title}: from {start} to {end} on the same day.",
        "single": "{title}: {value} so far, one entry.",
        "nothing": "{title}: no progress recorded yet.",
        "wellbeing": "Over {count} entries, mood {mood} out of 5 and fatigue {fatigue} out of 5"
        " on average.",
        "wellbeing_one": "In {count} entry, mood {mood} out of 5 and fatigue {fatigue} out of 5.",
        "days": "{n} days",
        "day": "1 day",
        "weeks": "{n} weeks",
        "week": "1 week",
        "months": "{n} months",
        "month": "1 month",
        "level": "level {level}",
        "diary_of": "Diary of {name}",
        "exported_on": "Exported on {date}",
        "goals": "Goals",
        "entries": "Entries",
        "no_goals": "No goals yet.",
        "no_entries": "No entries yet.",
        "why": "Why it matters",
        "measure": "How progress is measured",
        "target": "Target date",
        "status": "Status",
        "current_level": "Current level",
        "scale": "Goal Attainment Scale",
        "progress": "Progress",
        "tags": "Tags",
        "by": "by {name}",
        "comments": "Comments",
        "someone": "someone",
    },
    Locale.FR: {
        "from_to": "{title} : de {start} à {end} en {span}.",
        "same_day": "{title} : de {start} à {end} le même jour.",
        "single": "{title} : {value} pour l’instant, une seule entrée.",
        "nothing": "{title} : aucun progrès noté pour l’instant.",
        "wellbeing": "Sur {count} entrées, humeur {mood} sur 5 et fatigue {fatigue} sur 5"
        " en moyenne.",
        "wellbeing_one": "Sur {count} entrée, humeur {mood} sur 5 et fatigue {fatigue} sur 5.",
        "days": "{n} jours",
        "day": "1 jour",
        "weeks": "{n} semaines",
        "week": "1 semaine",
        "months": "{n} mois",
        "month": "1 mois",
        "level": "niveau {level}",
        "diary_of": "Journal de {name}",
        "exported_on": "Exporté le {date}",
        "goals": "Objectifs",
        "entries": "Entrées",
        "no_goals": "Pas encore d’objectif.",
        "no_entries": "Pas encore d’entrée.",
        "why": "Pourquoi c’est important",
        "measure": "Comment mesurer les progrès",
        "target": "Date visée",
        "status": "Statut",
        "current_level": "Niveau actuel",
        "scale": "Échelle d’atteinte des objectifs",
        "progress": "Progrès",
        "tags": "Étiquettes",
        "by": "par {name}",
        "comments": "Commentaires",
        "someone": "quelqu’un",
    },
}

# The names of categories, statuses and faces are the screens' own
# (assets/locales/<lang>/diary.json): a printed diary that says "Mobilité" where
# the app says "Se déplacer" reads as two different things.
_SCREEN_WORDS = Path(__file__).resolve().parents[2] / "assets" / "locales"


@cache
def _screen_words(locale: Locale) -> dict[str, str]:
    path = _SCREEN_WORDS / locale.value / "diary.json"
    words: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return {key: typeset(locale, text) for key, text in words.items()}


def category_name(locale: Locale, category: GoalCategory) -> str:
    return _screen_words(locale)[f"diary.category.{category.value}"]


def status_name(locale: Locale, status: GoalStatus) -> str:
    return _screen_words(locale)[f"diary.status.{status.value}"]


def face_fact(locale: Locale, kind: str, level: int) -> str:
    """ "Humeur : Bien", as the entry's card says it; `kind` is "mood" or "fatigue"."""
    words = _screen_words(locale)
    return words[f"diary.{kind}.short"].format(word=words[f"diary.{kind}.{level}"])


def word(locale: Locale, key: str, **values: object) -> str:
    return typeset(locale, _WORDS[locale][key]).format(**values)


def labelled(locale: Locale, key: str, value: str) -> str:
    """ "Mood: good" / "Humeur : bon" (French puts a space before the colon)."""
    colon = " : " if locale is Locale.FR else ": "
    return f"{word(locale, key)}{typeset(locale, colon)}{value}"


def span_words(days: int, locale: Locale) -> str:
    if days < 14:
        return word(locale, "day") if days == 1 else word(locale, "days", n=days)
    if days < 63:
        weeks = round(days / 7)
        return word(locale, "weeks", n=weeks)
    months = round(days / 30.44)
    return word(locale, "month") if months == 1 else word(locale, "months", n=months)


def _wellbeing(points: Sequence[ProgressPoint], locale: Locale) -> str:
    moods = [p.mood for p in points if p.mood is not None]
    fatigues = [p.fatigue for p in points if p.fatigue is not None]
    if not moods or not fatigues:
        return ""
    decimal = "," if locale is Locale.FR else "."
    return " " + word(
        locale,
        "wellbeing_one" if len(points) == 1 else "wellbeing",
        count=len(points),
        mood=f"{fmean(moods):.1f}".replace(".", decimal),
        fatigue=f"{fmean(fatigues):.1f}".replace(".", decimal),
    )


def progress_summary(goal: GoalPublic, points: Sequence[ProgressPoint], locale: Locale) -> str:
    """One or two sentences saying what the goal's chart shows."""
    rated = [(p.entry_date, signed_level(p.gas_level)) for p in points if p.gas_level is not None]
    if not rated:
        rated = [
            (p.entry_date, percent(p.progress_percent, locale))
            for p in points
            if p.progress_percent is not None
        ]
    if not rated:
        return word(locale, "nothing", title=goal.title) + _wellbeing(points, locale)
    (first_day, start), (last_day, end) = rated[0], rated[-1]
    if len(rated) == 1:
        sentence = word(locale, "single", title=goal.title, value=start)
    elif first_day == last_day:
        sentence = word(locale, "same_day", title=goal.title, start=start, end=end)
    else:
        span = span_words((last_day - first_day).days, locale)
        sentence = word(locale, "from_to", title=goal.title, start=start, end=end, span=span)
    return sentence + _wellbeing(points, locale)
