"""Bad input to the diary: a clear message for each case, and nothing stored."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from services.care_circle import invitations, sharing
from services.care_circle.sharing import CircleAccess
from services.diary import journal as diary
from services.diary.models import GoalCategory
from services.errors import ErrorCode
from services.local.gateway import LocalGateway
from tests.diary_factories import Family, make_family, refused, stored_count
from tests.factories import make_user


@pytest.fixture
async def family(gateway: LocalGateway) -> Family:
    return await make_family(gateway)


# -- bad input: a clear message, nothing stored -----------------------------------------
@pytest.mark.parametrize("level", [-3, 3])
async def test_goal_gas_level_outside_the_scale(
    gateway: LocalGateway, conninfo: str, level: int
) -> None:
    survivor = await make_user(gateway)
    refusal = await refused(
        diary.create_goal(
            gateway,
            survivor,
            survivor_id=survivor.user_id,
            title="Walk",
            category=GoalCategory.MOBILITY,
            gas_level=level,
        )
    )
    assert (refusal.code, refusal.field) == (ErrorCode.OUT_OF_RANGE, "gas_level")
    assert stored_count(conninfo, "diary_goals", survivor) == 0


@pytest.mark.parametrize("level", [-3, 3])
async def test_entry_gas_level_outside_the_scale(
    gateway: LocalGateway, conninfo: str, level: int
) -> None:
    survivor = await make_user(gateway)
    goal = await diary.create_goal(
        gateway,
        survivor,
        survivor_id=survivor.user_id,
        title="Walk",
        category=GoalCategory.MOBILITY,
    )
    refusal = await refused(
        diary.add_entry(
            gateway, survivor, survivor_id=survivor.user_id, goal_id=goal.id, gas_level=level
        )
    )
    assert (refusal.code, refusal.field) == (ErrorCode.OUT_OF_RANGE, "gas_level")
    assert stored_count(conninfo, "diary_entries", survivor) == 0


@pytest.mark.parametrize(
    ("field", "value"), [("mood", 0), ("mood", 6), ("fatigue", 0), ("fatigue", 6)]
)
async def test_mood_or_fatigue_outside_one_to_five(
    gateway: LocalGateway, conninfo: str, field: str, value: int
) -> None:
    survivor = await make_user(gateway)
    refusal = await refused(
        diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, **{field: value})
    )
    assert (refusal.code, refusal.field) == (ErrorCode.OUT_OF_RANGE, field)
    assert stored_count(conninfo, "diary_entries", survivor) == 0


async def test_entry_dated_in_the_future(gateway: LocalGateway, conninfo: str) -> None:
    survivor = await make_user(gateway)
    refusal = await refused(
        diary.add_entry(
            gateway,
            survivor,
            survivor_id=survivor.user_id,
            mood=3,
            entry_date=dt.date.today() + dt.timedelta(days=2),
        )
    )
    assert (refusal.code, refusal.field) == (ErrorCode.DATE_IN_FUTURE, "entry_date")
    assert stored_count(conninfo, "diary_entries", survivor) == 0


async def test_an_empty_entry(gateway: LocalGateway, conninfo: str) -> None:
    survivor = await make_user(gateway)
    refusal = await refused(
        diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, body="   ")
    )
    assert refusal.code is ErrorCode.EMPTY_ENTRY
    assert stored_count(conninfo, "diary_entries", survivor) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "x" * 121),
        ("why", "x" * 1001),
        ("measure", "x" * 501),
        ("gas_plus_2", "x" * 301),
    ],
)
async def test_goal_texts_over_their_limits(
    gateway: LocalGateway, conninfo: str, field: str, value: str
) -> None:
    survivor = await make_user(gateway)
    fields = {"title": "Walk", "category": GoalCategory.MOBILITY, field: value}
    refusal = await refused(
        diary.create_goal(gateway, survivor, survivor_id=survivor.user_id, **fields)
    )
    assert (refusal.code, refusal.field) == (ErrorCode.TEXT_TOO_LONG, field)
    assert stored_count(conninfo, "diary_goals", survivor) == 0


@pytest.mark.parametrize(
    ("field", "value"), [("body", "é" * 4001), ("tags", ["x" * 41]), ("tags", ["t"] * 11)]
)
async def test_entry_texts_over_their_limits(
    gateway: LocalGateway, conninfo: str, field: str, value: object
) -> None:
    survivor = await make_user(gateway)
    refusal = await refused(
        diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, mood=3, **{field: value})
    )
    assert (refusal.code, refusal.field) == (ErrorCode.TEXT_TOO_LONG, field)
    assert stored_count(conninfo, "diary_entries", survivor) == 0


async def test_an_entry_of_exactly_4000_characters_is_fine(gateway: LocalGateway) -> None:
    survivor = await make_user(gateway)
    entry = await diary.add_entry(gateway, survivor, survivor_id=survivor.user_id, body="é" * 4000)
    assert len(entry.body) == 4000


@pytest.mark.parametrize(
    ("params", "why"),
    [
        ({"mood": 6}, "mood"),
        ({"fatigue": 0}, "fatigue"),
        ({"body": "x" * 4001}, "text"),
        ({"mood": 3, "entry_date": "2999-01-01"}, "future"),
        ({"mood": 3, "gas_level": 1}, "progress without a goal"),
        ({"body": ""}, "empty"),
    ],
)
async def test_the_database_refuses_what_slips_past_the_service(
    gateway: LocalGateway, conninfo: str, params: dict[str, Any], why: str
) -> None:
    survivor = await make_user(gateway)
    call = {"entry_id": str(uuid.uuid4()), "survivor": str(survivor.user_id), **params}
    refusal = await refused(gateway.rpc(survivor, "add_diary_entry", call))
    assert refusal.code is ErrorCode.INVALID_INPUT, why
    assert stored_count(conninfo, "diary_entries", survivor) == 0


async def test_an_editor_cannot_share_onward(
    gateway: LocalGateway, conninfo: str, family: Family
) -> None:
    outsider = await make_user(gateway, role="caregiver")
    code_refusal = await refused(
        sharing.create_invite(gateway, family.editor, access=CircleAccess.READER)
    )
    email_refusal = await refused(
        invitations.invite_by_email(
            gateway, family.editor, email=outsider.email, access=CircleAccess.EDITOR
        )
    )
    assert code_refusal.code is email_refusal.code is ErrorCode.FORBIDDEN
    access_refusal = await refused(
        sharing.change_access(
            gateway, family.editor, member_id=family.reader.user_id, access=CircleAccess.EDITOR
        )
    )
    assert access_refusal.code is ErrorCode.FORBIDDEN
    assert await sharing.list_shared_with_me(gateway, outsider) == []
    assert [m.access for m in await sharing.list_my_members(gateway, family.survivor)] == [
        CircleAccess.EDITOR,
        CircleAccess.READER,
    ]


async def test_a_reader_cannot_write(gateway: LocalGateway, conninfo: str, family: Family) -> None:
    diary_of = family.survivor.user_id
    entry = await diary.add_entry(gateway, family.survivor, survivor_id=diary_of, body="Mine")
    goal = await diary.create_goal(
        gateway, family.survivor, survivor_id=diary_of, title="Walk", category=GoalCategory.MOBILITY
    )
    attempts = [
        diary.add_entry(gateway, family.reader, survivor_id=diary_of, mood=4),
        diary.create_goal(
            gateway, family.reader, survivor_id=diary_of, title="X", category=GoalCategory.OTHER
        ),
        diary.update_entry(gateway, family.reader, entry=entry, body="Changed"),
        diary.update_goal(gateway, family.reader, goal=goal, title="Changed"),
        diary.delete_entry(gateway, family.reader, entry=entry),
    ]
    for attempt in attempts:
        assert (await refused(attempt)).code is ErrorCode.DIARY_READ_ONLY
    assert stored_count(conninfo, "diary_entries", family.survivor) == 1
    assert (await diary.get_entry(gateway, family.survivor, entry_id=entry.id)).body == "Mine"
    assert (await diary.get_goal(gateway, family.survivor, goal_id=goal.id)).title == "Walk"


async def test_a_revoked_caregivers_open_screen_cannot_save(
    gateway: LocalGateway, conninfo: str, family: Family
) -> None:
    diary_of = family.survivor.user_id
    # The editor's screen loaded the entry while they still had access…
    entry = await diary.add_entry(gateway, family.editor, survivor_id=diary_of, body="Before")
    await sharing.revoke(gateway, family.survivor, member_id=family.editor.user_id)
    # …and every save from that screen is now refused, with a reason.
    for attempt in (
        diary.add_entry(gateway, family.editor, survivor_id=diary_of, mood=3),
        diary.update_entry(gateway, family.editor, entry=entry, body="After"),
    ):
        assert (await refused(attempt)).code is ErrorCode.DIARY_ACCESS_REVOKED
    assert stored_count(conninfo, "diary_entries", family.survivor) == 1
    assert await diary.list_timeline(gateway, family.editor, survivor_id=diary_of) == []
