"""Addresses inside the Diary tab; the route is the single source of truth for navigation.

/home/diary                          my diary (survivors) and the diaries shared with me
/home/diary/sharing                  who reads my diary, invite codes
/home/diary/join/<code>              the Diary tab with an invite code filled in (a shared link)
/home/diary/d/<survivor>             one diary
/home/diary/d/<survivor>/new-entry   a new entry
/home/diary/d/<survivor>/new-goal    a new goal
/home/diary/d/<survivor>/goal/<id>   a goal, its chart and summary; /edit to change it
/home/diary/d/<survivor>/entry/<id>  an entry with its comments and reactions; /edit to change it
"""

from __future__ import annotations

from uuid import UUID

import flet as ft

from app import routes


def diary_of(survivor_id: UUID) -> str:
    return f"{routes.DIARY}/d/{survivor_id}"


def back_to(survivor_id: UUID, me: UUID) -> str:
    """Where "back to the diary" leads: my own diary lives on the tab itself."""
    return routes.DIARY if survivor_id == me else diary_of(survivor_id)


def new_entry(survivor_id: UUID) -> str:
    return f"{diary_of(survivor_id)}/new-entry"


def new_goal(survivor_id: UUID) -> str:
    return f"{diary_of(survivor_id)}/new-goal"


def goal(survivor_id: UUID, goal_id: UUID) -> str:
    return f"{diary_of(survivor_id)}/goal/{goal_id}"


def edit_goal(survivor_id: UUID, goal_id: UUID) -> str:
    return f"{goal(survivor_id, goal_id)}/edit"


def entry(survivor_id: UUID, entry_id: UUID) -> str:
    return f"{diary_of(survivor_id)}/entry/{entry_id}"


def edit_entry(survivor_id: UUID, entry_id: UUID) -> str:
    return f"{entry(survivor_id, entry_id)}/edit"


SHARING = f"{routes.DIARY}/sharing"
JOIN = f"{routes.DIARY}/join"


def join(code: str) -> str:
    """Opens the Diary tab with `code` in the "join" field; joining still takes a tap."""
    return f"{JOIN}/{code}"


def join_link(public_url: str, code: str) -> str:
    """The address to send someone: RELAIS_PUBLIC_URL's origin, then the join screen."""
    return public_url.rstrip("/") + join(code)


def route_param(name: str) -> UUID | None:
    """A uuid from the address, or None when it is missing or malformed."""
    value = ft.use_route_params().get(name)
    try:
        return UUID(value) if value else None
    except ValueError:
        return None
