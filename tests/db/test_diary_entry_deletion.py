"""Who may delete a diary entry: the survivor any entry of their diary, an editor only
the entries they wrote. The database decides; each side is tried directly on the table
(as PostgREST would let anyone) and through the service."""

from __future__ import annotations

import pytest

from services.care_circle import sharing
from services.care_circle.sharing import CircleAccess
from services.diary import journal as diary
from services.diary.models import EntryPublic
from services.errors import RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from tests.circle_factories import join_circle
from tests.factories import make_user


async def _circle(gateway: LocalGateway) -> tuple[AuthSession, AuthSession, AuthSession]:
    survivor = await make_user(gateway, role="survivor", display_name="Survivor")
    editor = await make_user(gateway, role="caregiver", display_name="Editor")
    other_editor = await make_user(gateway, role="caregiver", display_name="Other editor")
    for member in (editor, other_editor):
        await join_circle(gateway, survivor, member, access=CircleAccess.EDITOR)
    return survivor, editor, other_editor


async def _entry(gateway: LocalGateway, author: AuthSession, survivor: AuthSession) -> EntryPublic:
    return await diary.add_entry(
        gateway, author, survivor_id=survivor.user_id, body=f"Written by {author.email}", mood=3
    )


async def _still_there(gateway: LocalGateway, survivor: AuthSession, entry: EntryPublic) -> bool:
    return bool(await gateway.select(survivor, "diary_entries", eq={"id": str(entry.id)}))


async def test_an_editor_deletes_an_entry_they_wrote(gateway: LocalGateway) -> None:
    survivor, editor, _ = await _circle(gateway)
    mine = await _entry(gateway, editor, survivor)
    await diary.delete_entry(gateway, editor, entry=mine)
    assert not await _still_there(gateway, survivor, mine)


async def test_an_editor_cannot_delete_the_survivors_entry(gateway: LocalGateway) -> None:
    survivor, editor, _ = await _circle(gateway)
    theirs = await _entry(gateway, survivor, survivor)
    assert await gateway.delete(editor, "diary_entries", eq={"id": str(theirs.id)}) == []
    with pytest.raises(RelaisError):
        await diary.delete_entry(gateway, editor, entry=theirs)
    assert await _still_there(gateway, survivor, theirs)


async def test_an_editor_cannot_delete_another_editors_entry(gateway: LocalGateway) -> None:
    survivor, editor, other_editor = await _circle(gateway)
    theirs = await _entry(gateway, other_editor, survivor)
    assert await gateway.delete(editor, "diary_entries", eq={"id": str(theirs.id)}) == []
    assert await _still_there(gateway, survivor, theirs)


@pytest.mark.parametrize("author", ["survivor", "editor"])
async def test_the_survivor_deletes_any_entry_of_their_diary(
    gateway: LocalGateway, author: str
) -> None:
    survivor, editor, _ = await _circle(gateway)
    entry = await _entry(gateway, survivor if author == "survivor" else editor, survivor)
    await diary.delete_entry(gateway, survivor, entry=entry)
    assert not await _still_there(gateway, survivor, entry)


async def test_a_revoked_editor_cannot_delete_even_their_own_entry(gateway: LocalGateway) -> None:
    survivor, editor, _ = await _circle(gateway)
    mine = await _entry(gateway, editor, survivor)
    await sharing.revoke(gateway, survivor, member_id=editor.user_id)
    assert await gateway.delete(editor, "diary_entries", eq={"id": str(mine.id)}) == []
    assert await _still_there(gateway, survivor, mine)
