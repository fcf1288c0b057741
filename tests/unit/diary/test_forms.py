"""Diary forms as data: dates people type, drafts kept in the browser, fields sent."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from app.diary.forms import EntryDraft, GoalForm, parse_day, split_tags
from services.diary.models import EntryPublic
from services.errors import ErrorCode, RelaisError


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("31/12/2026", dt.date(2026, 12, 31)),
        ("1.2.2026", dt.date(2026, 2, 1)),
        ("2026-03-04", dt.date(2026, 3, 4)),
        ("  ", None),
    ],
)
def test_dates_as_people_type_them(typed: str, day: dt.date | None) -> None:
    assert parse_day(typed, "entry_date") == day


@pytest.mark.parametrize("typed", ["31/02/2026", "tomorrow", "2026/13/01"])
def test_a_date_that_does_not_exist_names_its_field(typed: str) -> None:
    with pytest.raises(RelaisError) as refused:
        parse_day(typed, "target_date")
    assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID_INPUT, "target_date")


def test_tags_are_split_on_commas() -> None:
    assert split_tags(" walk, , physio ,") == ["walk", "physio"]


def test_a_draft_survives_being_stored_and_keeps_its_id() -> None:
    draft = EntryDraft(body="Slept badly", mood=2, tags="night")
    again = EntryDraft.from_stored(draft.stored())
    assert again == draft and again.started
    fields = again.entry_fields()
    assert fields["id"] == uuid.UUID(draft.id) and fields["tags"] == ["night"]


def test_a_damaged_draft_keeps_what_is_sound() -> None:
    kept = EntryDraft.from_stored(
        {"body": 3, "unknown": True, "mood": "x", "fatigue": 2, "id": "?"}
    )
    assert (kept.body, kept.mood, kept.fatigue) == ("", None, 2)
    uuid.UUID(kept.id)  # a fresh id replaced the damaged one


def test_progress_goes_with_the_chosen_goal_only() -> None:
    goal_id = str(uuid.uuid4())
    without_goal = EntryDraft(mood=3, gas_level=1).entry_fields()
    assert "gas_level" not in without_goal
    with_goal = EntryDraft(mood=3, goal_id=goal_id, percent="40").entry_fields()
    assert (with_goal["goal_id"], with_goal["progress_percent"]) == (uuid.UUID(goal_id), 40)


def test_goal_form_sends_every_field() -> None:
    form = GoalForm(title="Walk", target="01/06/2027", gas_0="To the park", gas_level=-1)
    fields = form.goal_fields()
    assert fields["target_date"] == dt.date(2027, 6, 1)
    assert (fields["gas_0"], fields["gas_level"], fields["category"]) == (
        "To the park",
        -1,
        "mobility",
    )


def _saved_entry(**values: object) -> EntryPublic:
    now = dt.datetime.now(dt.UTC)
    fields: dict[str, object] = {
        "id": uuid.uuid4(),
        "survivor_id": uuid.uuid4(),
        "entry_date": dt.date(2026, 11, 20),
        "body": "Walked to the bakery",
        "mood": 4,
        "created_at": now,
        "updated_at": now,
    }
    return EntryPublic.model_validate({**fields, **values})


def test_an_entry_being_changed_starts_as_it_was_saved() -> None:
    goal = uuid.uuid4()
    entry = _saved_entry(goal_id=goal, progress_percent=40, tags=["walk", "outside"])
    draft = EntryDraft.from_entry(entry)
    assert (draft.id, draft.day, draft.body, draft.mood) == (
        str(entry.id),
        "20/11/2026",
        "Walked to the bakery",
        4,
    )
    assert (draft.goal_id, draft.percent, draft.tags) == (str(goal), "40", "walk, outside")
    fields = draft.update_fields()
    assert fields["entry_date"] == dt.date(2026, 11, 20) and fields["progress_percent"] == 40
    assert "goal_id" not in fields and "id" not in fields  # the entry keeps its goal


def test_clearing_a_field_clears_it_in_the_entry() -> None:
    draft = EntryDraft.from_entry(_saved_entry(goal_id=uuid.uuid4(), gas_level=1))
    draft.body, draft.gas_level = "", None
    fields = draft.update_fields()
    assert fields["body"] == "" and fields["gas_level"] is None and fields["mood"] == 4


def test_an_entry_changed_to_nothing_is_refused() -> None:
    draft = EntryDraft.from_entry(_saved_entry())
    draft.body, draft.mood = "  ", None
    with pytest.raises(RelaisError) as refused:
        draft.update_fields()
    assert refused.value.code is ErrorCode.EMPTY_ENTRY
