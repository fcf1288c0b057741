"""The goal diary through its services: goals, entries, the timeline, editors' writes.

Bad input and refused writes are in test_diary_bad_input.py.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from services.diary import journal as diary
from services.diary.models import GoalCategory, TimelineFilter
from services.errors import ErrorCode
from services.local.gateway import LocalGateway
from tests.diary_factories import Family, make_family, refused, stored_count
from tests.factories import make_user


@pytest.fixture
async def family(gateway: LocalGateway) -> Family:
    return await make_family(gateway)


# -- what works -------------------------------------------------------------------
async def test_goal_with_gas_and_an_entry_that_moves_it(gateway: LocalGateway) -> None:
    survivor = await make_user(gateway)
    goal = await diary.create_goal(
        gateway,
        survivor,
        survivor_id=survivor.user_id,
        title="  Walk to the bakery  ",
        category=GoalCategory.MOBILITY,
        why="To buy bread on my own",
        measure="Distance walked without a rest",
        target_date=dt.date.today() + dt.timedelta(days=60),
        gas_minus_2="Cannot leave the flat",
        gas_minus_1="To the corner",
        gas_0="Half way",
        gas_plus_1="To the bakery with a rest",
        gas_plus_2="There and back without a rest",
        gas_level=-1,
    )
    assert goal.title == "Walk to the bakery" and goal.gas_level == -1 and goal.uses_gas
    await diary.add_entry(
        gateway, survivor, survivor_id=survivor.user_id, goal_id=goal.id, gas_level=1, mood=5
    )
    # A back-dated rating does not overwrite the newer one.
    await diary.add_entry(
        gateway,
        survivor,
        survivor_id=survivor.user_id,
        goal_id=goal.id,
        gas_level=-2,
        entry_date=dt.date.today() - dt.timedelta(days=20),
    )
    assert (await diary.get_goal(gateway, survivor, goal_id=goal.id)).gas_level == 1


async def test_one_tap_on_a_mood_is_a_whole_entry(gateway: LocalGateway) -> None:
    survivor = await make_user(gateway)
    entry = await diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, mood=2)
    assert (entry.mood, entry.body, entry.entry_date) == (2, "", dt.date.today())


async def test_a_retried_save_stores_one_entry(gateway: LocalGateway, conninfo: str) -> None:
    survivor = await make_user(gateway)
    entry_id = uuid.uuid4()
    first = await diary.add_entry(
        gateway, survivor, survivor_id=survivor.user_id, id=entry_id, body="Slept well"
    )
    again = await diary.add_entry(
        gateway, survivor, survivor_id=survivor.user_id, id=entry_id, body="Slept well"
    )
    assert first.id == again.id == entry_id
    assert stored_count(conninfo, "diary_entries", survivor) == 1


async def test_someone_elses_id_is_not_overwritten(gateway: LocalGateway) -> None:
    first, second = await make_user(gateway), await make_user(gateway)
    entry = await diary.add_entry(gateway, first, survivor_id=first.user_id, body="Mine")
    refusal = await refused(
        diary.add_entry(gateway, second, survivor_id=second.user_id, id=entry.id, body="Theirs")
    )
    assert refusal.code is ErrorCode.INVALID_INPUT
    assert (await diary.get_entry(gateway, first, entry_id=entry.id)).body == "Mine"


async def test_an_editor_writes_goals_and_entries(gateway: LocalGateway, family: Family) -> None:
    goal = await diary.create_goal(
        gateway,
        family.editor,
        survivor_id=family.survivor.user_id,
        title="Say the grandchildren's names",
        category=GoalCategory.SPEECH_LANGUAGE,
    )
    entry = await diary.add_entry(
        gateway,
        family.editor,
        survivor_id=family.survivor.user_id,
        goal_id=goal.id,
        progress_percent=40,
        body="Three names out of five",
    )
    edited = await diary.update_entry(gateway, family.editor, entry=entry, progress_percent=60)
    assert edited.progress_percent == 60
    [seen] = await diary.list_timeline(
        gateway, family.survivor, survivor_id=family.survivor.user_id
    )
    assert (seen.author_name, seen.goal_title) == ("Editor", goal.title)


async def test_a_whole_entry_can_be_changed_tags_included(gateway: LocalGateway) -> None:
    survivor = await make_user(gateway)
    entry = await diary.add_entry(
        gateway, survivor, survivor_id=survivor.user_id, body="First try", mood=2, tags=["walk"]
    )
    yesterday = dt.date.today() - dt.timedelta(days=1)
    changed = await diary.update_entry(
        gateway,
        survivor,
        entry=entry,
        body="Second try",
        mood=4,
        fatigue=None,
        tags=["walk", "outside"],
        entry_date=yesterday,
    )
    assert (changed.body, changed.mood, changed.tags) == ("Second try", 4, ["walk", "outside"])
    cleared = await diary.update_entry(gateway, survivor, entry=entry, tags=[])
    assert cleared.tags == [] and cleared.entry_date == yesterday


async def test_timeline_filters_by_goal_and_dates_and_pages(gateway: LocalGateway) -> None:
    survivor = await make_user(gateway)
    walk = await diary.create_goal(
        gateway,
        survivor,
        survivor_id=survivor.user_id,
        title="Walk",
        category=GoalCategory.MOBILITY,
    )
    today = dt.date.today()
    for days_ago in range(10):
        await diary.add_entry(
            gateway,
            survivor,
            survivor_id=survivor.user_id,
            entry_date=today - dt.timedelta(days=days_ago),
            mood=3,
            goal_id=walk.id if days_ago % 2 == 0 else None,
        )
    mine = survivor.user_id
    only_walk = await diary.list_timeline(
        gateway, survivor, survivor_id=mine, filters=TimelineFilter(goal_id=walk.id)
    )
    assert len(only_walk) == 5 and {e.goal_id for e in only_walk} == {walk.id}
    last_week = TimelineFilter(
        date_from=today - dt.timedelta(days=6), date_to=today - dt.timedelta(days=2)
    )
    dated = await diary.list_timeline(gateway, survivor, survivor_id=mine, filters=last_week)
    assert [e.entry_date for e in dated] == [today - dt.timedelta(days=d) for d in range(2, 7)]
    page_one = await diary.list_timeline(gateway, survivor, survivor_id=mine, page_size=4)
    page_two = await diary.list_timeline(
        gateway, survivor, survivor_id=mine, page_size=4, after=page_one[-1]
    )
    assert [e.entry_date for e in page_one + page_two] == [
        today - dt.timedelta(days=d) for d in range(8)
    ]


async def test_goal_progress_is_in_date_order(gateway: LocalGateway) -> None:
    survivor = await make_user(gateway)
    goal = await diary.create_goal(
        gateway,
        survivor,
        survivor_id=survivor.user_id,
        title="Walk",
        category=GoalCategory.MOBILITY,
    )
    today = dt.date.today()
    for days_ago, level in ((3, 0), (40, -1), (10, -1)):
        await diary.add_entry(
            gateway,
            survivor,
            survivor_id=survivor.user_id,
            goal_id=goal.id,
            gas_level=level,
            entry_date=today - dt.timedelta(days=days_ago),
            mood=3,
            fatigue=2,
        )
    points = await diary.goal_progress(gateway, survivor, goal_id=goal.id)
    assert [(p.entry_date, p.gas_level) for p in points] == [
        (today - dt.timedelta(days=40), -1),
        (today - dt.timedelta(days=10), -1),
        (today - dt.timedelta(days=3), 0),
    ]


async def test_a_goal_change_keeps_the_other_fields(gateway: LocalGateway) -> None:
    survivor = await make_user(gateway)
    goal = await diary.create_goal(
        gateway,
        survivor,
        survivor_id=survivor.user_id,
        title="Read a page",
        category=GoalCategory.MEMORY_ATTENTION,
        why="For the newspaper",
    )
    done = await diary.update_goal(gateway, survivor, goal=goal, status="achieved")
    assert (done.status, done.why, done.title) == ("achieved", "For the newspaper", "Read a page")
