"""Taking the diary away (JSON and PDF) and the spoken summary of a goal's progress."""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid

import pytest
from pypdf import PdfReader

from services.care_circle.sharing import CircleAccess
from services.diary import export as diary_export
from services.diary import feedback as diary_feedback
from services.diary import journal as diary
from services.diary.models import GoalCategory, GoalPublic, ProgressPoint
from services.diary.text import progress_summary
from services.local.gateway import LocalGateway
from services.models import AuthSession, Locale
from tests.circle_factories import join_circle
from tests.factories import make_user


async def _a_lived_in_diary(gateway: LocalGateway) -> tuple[AuthSession, AuthSession]:
    survivor = await make_user(gateway, role="survivor", display_name="Hélène")
    carer = await make_user(gateway, role="caregiver", display_name="Benoît")
    await join_circle(gateway, survivor, carer, access=CircleAccess.READER)
    goal = await diary.create_goal(
        gateway,
        survivor,
        survivor_id=survivor.user_id,
        title="Marcher jusqu’à la boulangerie",
        category=GoalCategory.MOBILITY,
        why="Être autonome",
        gas_minus_1="Jusqu’au coin de la rue",
        gas_plus_1="Jusqu’à la boulangerie avec une pause",
    )
    start = dt.date.today() - dt.timedelta(weeks=6)
    await diary.add_entry(
        gateway,
        survivor,
        survivor_id=survivor.user_id,
        goal_id=goal.id,
        gas_level=-1,
        entry_date=start,
        mood=2,
        fatigue=4,
        body="Difficile aujourd’hui, très fatiguée.",
    )
    entry = await diary.add_entry(
        gateway,
        survivor,
        survivor_id=survivor.user_id,
        goal_id=goal.id,
        gas_level=1,
        mood=4,
        fatigue=2,
        body="Arrivée à la boulangerie ! Un café en terrasse.",
        tags=["sortie"],
    )
    await diary_feedback.add_comment(
        gateway, carer, survivor_id=survivor.user_id, entry_id=entry.id, body="Génial, maman !"
    )
    return survivor, carer


async def test_json_export_holds_goals_entries_and_comments(gateway: LocalGateway) -> None:
    survivor, carer = await _a_lived_in_diary(gateway)
    document = json.loads(await diary_export.export_json(gateway, survivor))
    assert document["format"] == "relais-diary/1"
    assert document["survivor"]["display_name"] == "Hélène"
    assert [g["title"] for g in document["goals"]] == ["Marcher jusqu’à la boulangerie"]
    assert [e["gas_level"] for e in document["entries"]] == [-1, 1]
    [comment] = document["entries"][1]["comments"]
    assert (comment["body"], comment["author_name"]) == ("Génial, maman !", "Benoît")
    # A caregiver's export is their own (empty) diary, never the survivor's.
    theirs = json.loads(await diary_export.export_json(gateway, carer))
    assert theirs["goals"] == [] and theirs["entries"] == []


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            Locale.FR,
            [
                "Journal de Hélène",
                "Marcher jusqu’à la boulangerie",
                "de \u22121 à +1",
                "Génial, maman !",
                "Difficile aujourd’hui, très fatiguée.",
                # The screens' words, not the export's own: the card says "Humeur : Bien".
                "Humeur : Bien",
                "Se déplacer",
            ],
        ),
        (
            Locale.EN,
            [
                "Diary of Hélène",
                "from \u22121 to +1 in 6 weeks",
                "Génial, maman !",
                "Mood: Good",
                "Getting around",
            ],
        ),
    ],
)
async def test_pdf_export_is_readable(
    gateway: LocalGateway, locale: Locale, expected: list[str]
) -> None:
    survivor, _ = await _a_lived_in_diary(gateway)
    pdf = await diary_export.export_pdf(gateway, survivor, locale=locale)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for words in expected:
        assert " ".join(words.split()) in flat, words
    assert b"DejaVuSans" in pdf  # the embedded font, not a network or system one


def test_an_empty_diary_still_exports() -> None:
    pdf = diary_export.render_pdf({"survivor": {"display_name": "A"}}, Locale.EN)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "No goals yet." in text and "No entries yet." in text


# -- the sentence a screen reader says instead of the chart -----------------------------
def _goal(title: str) -> GoalPublic:
    now = dt.datetime.now(dt.UTC)
    return GoalPublic(
        id=uuid.uuid4(),
        survivor_id=uuid.uuid4(),
        title=title,
        category=GoalCategory.MOBILITY,
        created_at=now,
        updated_at=now,
    )


def _points(*values: tuple[int, int | None, int | None]) -> list[ProgressPoint]:
    start = dt.date(2026, 3, 2)
    return [
        ProgressPoint(
            entry_date=start + dt.timedelta(days=day), gas_level=gas, progress_percent=pct
        )
        for day, gas, pct in values
    ]


@pytest.mark.parametrize(
    ("locale", "points", "expected"),
    [
        (
            Locale.EN,
            _points((0, -1, None), (20, 0, None), (42, 1, None)),
            "Walking: from \u22121 to +1 in 6 weeks.",
        ),
        (
            Locale.FR,
            _points((0, -1, None), (42, 1, None)),
            "Walking\u00a0: de \u22121 à +1 en 6 semaines.",
        ),
        (Locale.EN, _points((0, None, 20), (9, None, 60)), "Walking: from 20% to 60% in 9 days."),
        (
            Locale.FR,
            _points((0, None, 20), (120, None, 60)),
            "Walking\u00a0: de 20\u202f% à 60\u202f% en 4 mois.",
        ),
        (Locale.EN, _points((3, 2, None)), "Walking: +2 so far, one entry."),
        (Locale.FR, [], "Walking\u00a0: aucun progrès noté pour l’instant."),
    ],
)
def test_progress_summary(locale: Locale, points: list[ProgressPoint], expected: str) -> None:
    assert progress_summary(_goal("Walking"), points, locale) == expected


def test_summary_mentions_mood_and_fatigue_when_known() -> None:
    points = [
        ProgressPoint(entry_date=dt.date(2026, 1, 1), gas_level=-1, mood=2, fatigue=4),
        ProgressPoint(entry_date=dt.date(2026, 1, 15), gas_level=0, mood=4, fatigue=3),
    ]
    assert progress_summary(_goal("Marcher"), points, Locale.FR) == (
        "Marcher\u00a0: de \u22121 à 0 en 2 semaines."
        " Sur 2 entrées, humeur 3,0 sur 5 et fatigue 3,5 sur 5 en moyenne."
    )
