"""The Diary tab's screens in the route table; the addresses are in routes.py."""

from __future__ import annotations

import flet as ft

from app.diary.book import DiaryBookView
from app.diary.entry_editor import EntryEditorView
from app.diary.goal import GoalView
from app.diary.goal_editor import GoalEditorView
from app.diary.home import DiaryHomeView
from app.diary.sharing import SharingView
from app.diary.thread import ThreadView


def diary_route_table() -> list[ft.Route]:
    """Children of the Diary tab's route (see app/main.py)."""
    return [
        ft.Route(index=True, component=DiaryHomeView),
        ft.Route(path="sharing", component=SharingView),
        # A shared invite link: the Diary tab with the code filled in.
        ft.Route(path="join/:code", component=DiaryHomeView),
        ft.Route(path="d/:survivor", component=DiaryBookView),
        ft.Route(path="d/:survivor/new-entry", component=EntryEditorView),
        ft.Route(path="d/:survivor/new-goal", component=GoalEditorView),
        ft.Route(path="d/:survivor/goal/:goal", component=GoalView),
        ft.Route(path="d/:survivor/goal/:goal/edit", component=GoalEditorView),
        ft.Route(path="d/:survivor/entry/:entry", component=ThreadView),
        ft.Route(path="d/:survivor/entry/:entry/edit", component=EntryEditorView),
    ]
