"""RLS on the care circle from both sides: survivor, members, revoked, stranger, coordinator."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from services.care_circle import invitations, sharing
from services.care_circle.sharing import CircleAccess
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from tests.circle_factories import join_circle
from tests.factories import make_coordinator, make_user


@dataclass
class Circle:
    survivor: AuthSession
    editor: AuthSession
    reader: AuthSession
    revoked: AuthSession
    stranger: AuthSession
    coordinator: AuthSession


@pytest.fixture
async def circle(gateway: LocalGateway, conninfo: str) -> Circle:
    survivor = await make_user(gateway, role="survivor")
    people = Circle(
        survivor=survivor,
        editor=await make_user(gateway, role="caregiver"),
        reader=await make_user(gateway, role="caregiver"),
        revoked=await make_user(gateway, role="caregiver"),
        stranger=await make_user(gateway, role="survivor"),
        coordinator=await make_coordinator(gateway, conninfo),
    )
    for member, access in (
        (people.editor, CircleAccess.EDITOR),
        (people.reader, CircleAccess.READER),
        (people.revoked, CircleAccess.EDITOR),
    ):
        await join_circle(gateway, survivor, member, access=access)
    await sharing.revoke(gateway, survivor, member_id=people.revoked.user_id)
    return people


def _circle_rows(rows: list[dict[str, object]], survivor: AuthSession) -> list[dict[str, object]]:
    return [row for row in rows if row["survivor_id"] == str(survivor.user_id)]


@pytest.mark.parametrize(
    ("who", "visible_rows"),
    [
        ("survivor", 2),
        ("editor", 1),
        ("reader", 1),
        ("revoked", 0),
        ("stranger", 0),
        ("coordinator", 0),
    ],
)
async def test_who_sees_circle_rows(
    gateway: LocalGateway, circle: Circle, who: str, visible_rows: int
) -> None:
    rows = await gateway.select(getattr(circle, who), "care_circle")
    assert len(_circle_rows(rows, circle.survivor)) == visible_rows


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("survivor", True),
        ("editor", False),
        ("reader", False),
        ("stranger", False),
        ("coordinator", False),
    ],
)
async def test_who_changes_access(
    gateway: LocalGateway, circle: Circle, who: str, allowed: bool
) -> None:
    changed = await gateway.update(
        getattr(circle, who),
        "care_circle",
        {"access": "editor"},
        eq={"survivor_id": str(circle.survivor.user_id), "member_id": str(circle.reader.user_id)},
    )
    assert bool(changed) is allowed
    access = await sharing.my_access_to(gateway, circle.reader, survivor_id=circle.survivor.user_id)
    assert access == ("editor" if allowed else "reader")


@pytest.mark.parametrize("who", ["editor", "reader"])
async def test_members_cannot_share_onward(gateway: LocalGateway, circle: Circle, who: str) -> None:
    member = getattr(circle, who)
    with pytest.raises(RelaisError) as by_code:
        await sharing.create_invite(gateway, member, access=CircleAccess.READER)
    assert by_code.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(RelaisError) as by_email:
        await invitations.invite_by_email(
            gateway, member, email=circle.stranger.email, access=CircleAccess.READER
        )
    assert by_email.value.code is ErrorCode.FORBIDDEN


async def test_a_member_cannot_promote_themselves(gateway: LocalGateway, circle: Circle) -> None:
    with pytest.raises(RelaisError):
        await sharing.change_access(
            gateway, circle.reader, member_id=circle.reader.user_id, access=CircleAccess.EDITOR
        )
    assert (
        await sharing.my_access_to(gateway, circle.reader, survivor_id=circle.survivor.user_id)
        == "reader"
    )


async def test_nobody_inserts_circle_rows_directly(gateway: LocalGateway, circle: Circle) -> None:
    with pytest.raises(RelaisError) as refused:
        await gateway.insert(
            circle.stranger,
            "care_circle",
            [
                {
                    "survivor_id": str(circle.survivor.user_id),
                    "member_id": str(circle.stranger.user_id),
                    "access": "editor",
                }
            ],
        )
    assert refused.value.code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize(
    ("who", "sees"), [("survivor", True), ("editor", False), ("stranger", False)]
)
async def test_invites_are_visible_to_their_survivor_only(
    gateway: LocalGateway, circle: Circle, who: str, sees: bool
) -> None:
    invite = await sharing.create_invite(gateway, circle.survivor, access=CircleAccess.READER)
    rows = await gateway.select(
        getattr(circle, who), "circle_invites", eq={"id": str(invite.invite_id)}
    )
    assert bool(rows) is sees
