"""Who sees "delete this entry" on an entry's page, in a real browser: the survivor on any
entry of their diary, an editor only on the entries they wrote (the database decides the
same; tests/db/test_diary_entry_deletion.py tries each side directly)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

import pytest
from playwright.sync_api import expect

from app.diary import routes as diary_routes
from services.accounts import auth
from services.care_circle.sharing import CircleAccess
from services.diary import journal
from services.local.gateway import LocalGateway
from tests.circle_factories import join_circle

from .conftest import NewPerson
from .journeys import PASSWORD, Person, a_person, expect_home, fr, sign_in
from .server_data import run

pytestmark = pytest.mark.e2e
T = TypeVar("T")
SURVIVORS_TEXT = "Ce que la survivante a écrit"
EDITORS_TEXT = "Ce que l'aidant a écrit"


@dataclass(frozen=True)
class Diary:
    survivor: Person
    editor: Person
    survivor_id: UUID
    survivors_entry: UUID
    editors_entry: UUID


async def _make_diary(conninfo: str) -> Diary:
    """A survivor's diary with an editor, and one entry written by each."""
    survivor, editor = a_person("Survivante Suppression"), a_person("Aidant Suppression")
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        sessions = [
            await auth.sign_up(
                gateway,
                email=person.email,
                password=PASSWORD,
                display_name=person.display_name,
                role=role,
            )
            for person, role in ((survivor, "survivor"), (editor, "caregiver"))
        ]
        owner, member = sessions
        await join_circle(gateway, owner, member, access=CircleAccess.EDITOR)
        entries = [
            await journal.add_entry(gateway, author, survivor_id=owner.user_id, body=body, mood=3)
            for author, body in ((owner, SURVIVORS_TEXT), (member, EDITORS_TEXT))
        ]
        return Diary(survivor, editor, owner.user_id, entries[0].id, entries[1].id)
    finally:
        await gateway.close()


@pytest.fixture
def make_diary(server_db: str) -> Callable[[], Diary]:
    return lambda: run(_make_diary(server_db))


def test_the_delete_button_shows_for_the_survivor_and_for_the_entrys_author(
    new_person: NewPerson, make_diary: Callable[[], Diary]
) -> None:
    diary = make_diary()
    delete, edit = fr("diary.entry.delete"), fr("diary.entry.edit")

    editor_screen = new_person().open()
    sign_in(editor_screen, diary.editor)
    expect_home(editor_screen, diary.editor)
    # The survivor's entry: the editor may change it, not delete it.
    editor_screen.open(diary_routes.entry(diary.survivor_id, diary.survivors_entry))
    editor_screen.expect_text(SURVIVORS_TEXT)
    expect(editor_screen.button(edit)).to_be_visible()
    expect(editor_screen.button(delete)).to_have_count(0)
    # Their own entry: both.
    editor_screen.open(diary_routes.entry(diary.survivor_id, diary.editors_entry))
    editor_screen.expect_text(EDITORS_TEXT)
    expect(editor_screen.button(edit)).to_be_visible()
    expect(editor_screen.button(delete)).to_be_visible()

    # The survivor may delete the editor's entry too.
    survivor_screen = new_person().open()
    sign_in(survivor_screen, diary.survivor)
    expect_home(survivor_screen, diary.survivor)
    survivor_screen.open(diary_routes.entry(diary.survivor_id, diary.editors_entry))
    survivor_screen.expect_text(EDITORS_TEXT)
    expect(survivor_screen.button(delete)).to_be_visible()
