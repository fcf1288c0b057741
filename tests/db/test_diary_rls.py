"""RLS on the goal diary, table × person × operation, each checked from both sides.

The person acts directly on the tables (as PostgREST would let them), then the
owner looks: an allowed change is there, a refused one left no trace.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from services.care_circle import sharing
from services.care_circle.sharing import CircleAccess
from services.diary import feedback as diary_feedback
from services.diary import journal as diary
from services.diary.models import GoalCategory, ReactionKind
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from tests.circle_factories import join_circle
from tests.factories import make_approved_peer, make_coordinator, make_user

PEOPLE = ("owner", "editor", "reader", "revoked", "stranger", "peer", "coordinator")
NOBODY_ELSE = ("revoked", "stranger", "peer", "coordinator")


@dataclass
class People:
    owner: AuthSession
    editor: AuthSession
    reader: AuthSession
    revoked: AuthSession
    stranger: AuthSession
    peer: AuthSession
    coordinator: AuthSession

    def __getitem__(self, who: str) -> AuthSession:
        session: AuthSession = getattr(self, who)
        return session


@dataclass
class Rows:
    goal_id: str
    entry_id: str
    comment_id: str  # written by the reader
    reaction_kind: str  # the reader's reaction on the entry


@pytest.fixture(scope="module")
async def people(gateway: LocalGateway, conninfo: str) -> People:
    owner = await make_user(gateway, role="survivor", display_name="Owner")
    cast = People(
        owner=owner,
        editor=await make_user(gateway, role="caregiver", display_name="Editor"),
        reader=await make_user(gateway, role="caregiver", display_name="Reader"),
        revoked=await make_user(gateway, role="caregiver"),
        stranger=await make_user(gateway, role="survivor"),
        peer=await make_approved_peer(gateway, conninfo),
        coordinator=await make_coordinator(gateway, conninfo),
    )
    for member, access in (
        (cast.editor, CircleAccess.EDITOR),
        (cast.reader, CircleAccess.READER),
        (cast.revoked, CircleAccess.EDITOR),
    ):
        await join_circle(gateway, owner, member, access=access)
    await sharing.revoke(gateway, owner, member_id=cast.revoked.user_id)
    return cast


@pytest.fixture
async def rows(gateway: LocalGateway, people: People) -> Rows:
    """Fresh rows for each case, so a permitted delete does not disturb the next one."""
    owner = people.owner
    goal = await diary.create_goal(
        gateway, owner, survivor_id=owner.user_id, title="Walk", category=GoalCategory.MOBILITY
    )
    entry = await diary.add_entry(
        gateway, owner, survivor_id=owner.user_id, body="A good day", mood=4, goal_id=goal.id
    )
    comment = await diary_feedback.add_comment(
        gateway, people.reader, survivor_id=owner.user_id, entry_id=entry.id, body="Well done"
    )
    await diary_feedback.react(
        gateway,
        people.reader,
        survivor_id=owner.user_id,
        entry_id=entry.id,
        kind=ReactionKind.HEART,
    )
    return Rows(str(goal.id), str(entry.id), str(comment.id), ReactionKind.HEART.value)


def _key(table: str, rows: Rows) -> dict[str, str]:
    return {
        "diary_goals": {"id": rows.goal_id},
        "diary_entries": {"id": rows.entry_id},
        "diary_comments": {"id": rows.comment_id},
        "diary_reactions": {"entry_id": rows.entry_id, "kind": rows.reaction_kind},
    }[table]


def _new_row(table: str, people: People, who: str, rows: Rows) -> dict[str, Any]:
    owner_id, author = str(people.owner.user_id), str(people[who].user_id)
    marker = f"new {uuid.uuid4().hex[:8]}"  # finds this very row afterwards
    return {
        "diary_goals": {
            "survivor_id": owner_id,
            "created_by": author,
            "title": marker,
            "category": "speech_language",
        },
        "diary_entries": {"survivor_id": owner_id, "author_id": author, "body": marker},
        "diary_comments": {
            "entry_id": rows.entry_id,
            "survivor_id": owner_id,
            "author_id": author,
            "body": marker,
        },
        "diary_reactions": {
            "entry_id": rows.entry_id,
            "survivor_id": owner_id,
            "author_id": author,
            "kind": "applause",
        },
    }[table]


_CHANGE = {
    "diary_goals": {"title": "Changed"},
    "diary_entries": {"body": "Changed"},
    "diary_comments": {"body": "Changed"},
    "diary_reactions": {"kind": "strength"},
}


def _allowed(table: str, operation: str, who: str) -> bool:
    if who in NOBODY_ELSE:
        return False
    if table == "diary_entries" and operation == "delete":
        return who == "owner"  # the entry is the survivor's: an editor removes only their own
    if table in ("diary_goals", "diary_entries"):
        return who in ("owner", "editor") or operation == "select"
    if operation in ("select", "insert"):
        return True
    if operation == "update":
        return False  # comments and reactions are never edited, by anyone
    # delete, of the reader's own comment or reaction: only the survivor removes others' comments.
    return (table == "diary_comments" and who == "owner") or who == "reader"


async def _attempt(
    gateway: LocalGateway,
    session: AuthSession,
    table: str,
    operation: str,
    row: dict[str, Any],
    key: dict[str, str],
) -> bool:
    try:
        if operation == "select":
            return bool(await gateway.select(session, table, eq=key))
        if operation == "insert":
            return bool(await gateway.insert(session, table, [row]))
        if operation == "update":
            return bool(await gateway.update(session, table, _CHANGE[table], eq=key))
        return bool(await gateway.delete(session, table, eq=key))
    except RelaisError as refusal:
        assert refusal.code is ErrorCode.FORBIDDEN, refusal
        return False


@pytest.mark.parametrize("operation", ["select", "insert", "update", "delete"])
@pytest.mark.parametrize(
    "table", ["diary_goals", "diary_entries", "diary_comments", "diary_reactions"]
)
@pytest.mark.parametrize("who", PEOPLE)
async def test_diary_access_matrix(
    gateway: LocalGateway, people: People, rows: Rows, who: str, table: str, operation: str
) -> None:
    key = _key(table, rows)
    new_row = _new_row(table, people, who, rows)
    expected = _allowed(table, operation, who)

    done = await _attempt(gateway, people[who], table, operation, new_row, key)
    assert done is expected

    # The other side: what the owner finds afterwards.
    owner = people.owner
    if operation == "insert":
        found = await gateway.select(
            owner,
            table,
            eq={k: v for k, v in new_row.items() if k not in ("author_id", "created_by")},
        )
        assert bool(found) is expected
    elif operation == "update":
        [after] = await gateway.select(owner, table, eq=key)
        changed = all(after[column] == value for column, value in _CHANGE[table].items())
        assert changed is expected
    elif operation == "delete":
        assert bool(await gateway.select(owner, table, eq=key)) is not expected


@pytest.mark.parametrize("who", ["editor", "reader"])
async def test_a_member_cannot_delete_the_survivors_comment(
    gateway: LocalGateway, people: People, rows: Rows, who: str
) -> None:
    own = await diary_feedback.add_comment(
        gateway,
        people.owner,
        survivor_id=people.owner.user_id,
        entry_id=uuid.UUID(rows.entry_id),
        body="Thank you all",
    )
    assert await gateway.delete(people[who], "diary_comments", eq={"id": str(own.id)}) == []
    assert await gateway.select(people.owner, "diary_comments", eq={"id": str(own.id)})


async def test_nobody_writes_into_a_diary_that_is_not_a_survivors(
    gateway: LocalGateway, people: People
) -> None:
    """A caregiver's own id is not a diary: circle access says 'owner', the survivor check no."""
    carer = people.editor
    with pytest.raises(RelaisError) as refused:
        await gateway.insert(
            carer, "diary_entries", [{"survivor_id": str(carer.user_id), "mood": 3}]
        )
    assert refused.value.code is ErrorCode.FORBIDDEN


async def test_an_entry_cannot_point_at_another_diarys_goal(
    gateway: LocalGateway, people: People, rows: Rows
) -> None:
    other = people.stranger
    with pytest.raises(RelaisError) as refused:
        await gateway.insert(
            other,
            "diary_entries",
            [
                {
                    "survivor_id": str(other.user_id),
                    "author_id": str(other.user_id),
                    "mood": 2,
                    "goal_id": rows.goal_id,
                }
            ],
        )
    assert refused.value.code is ErrorCode.INVALID_INPUT


async def test_nobody_moves_a_row_to_another_diary(
    gateway: LocalGateway, people: People, rows: Rows
) -> None:
    with pytest.raises(RelaisError) as refused:
        await gateway.update(
            people.owner,
            "diary_entries",
            {"survivor_id": str(people.stranger.user_id)},
            eq={"id": rows.entry_id},
        )
    assert refused.value.code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize("who", PEOPLE)
async def test_who_can_read_the_timeline_and_comments(
    gateway: LocalGateway, people: People, rows: Rows, who: str
) -> None:
    can_read = who in ("owner", "editor", "reader")
    timeline = await diary.list_timeline(gateway, people[who], survivor_id=people.owner.user_id)
    assert (rows.entry_id in {str(e.id) for e in timeline}) is can_read
    comments = await diary_feedback.list_comments(
        gateway, people[who], entry_id=uuid.UUID(rows.entry_id)
    )
    assert bool(comments) is can_read
    if can_read:
        assert comments[0].author_name == "Reader"
