"""One diary: what its reader may do, its goals, and its timeline, kept live.

Used for the survivor's own diary (on the Diary tab) and for a diary shared
with the viewer (/home/diary/d/<survivor>). The screen listens to the diary's
topic and to the viewer's circle topic: a new comment or reaction, or a
change of access (revoked, made editor), is re-read under the viewer's own
session, in the viewer's own Flet session (page.run_task).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, cast
from uuid import UUID

import flet as ft

from app.diary import routes as diary_routes
from app.diary.state import use_diary
from app.i18n import error_message
from components import ActionButton, BodyText, ErrorArea, Heading, NoticeArea, Screen
from components.diary.export_buttons import ExportButtons
from components.diary.faces import FacePicker, face_word_key
from components.diary.goal_card import GoalCard
from components.diary.timeline import DiaryTimeline
from components.hooks import use_action, use_t
from components.lifetime import use_lifetime
from services.diary.export import export_file_name
from services.diary.models import EntryPublic, GoalPublic, TimelineFilter
from services.gateway import Subscription

WRITERS = ("owner", "editor")
COMMENTERS = ("owner", "editor", "reader")


def use_live_version(survivor_id: UUID) -> int:
    """A number that grows each time this diary, or my access to it, changes."""
    client = use_diary()
    page = ft.context.page
    version, set_version = ft.use_state(0)
    counter = ft.use_ref(0)
    subscriptions = ft.use_ref(cast(list[Subscription], []))
    lifetime = use_lifetime()

    async def bump() -> None:
        counter.current = (counter.current or 0) + 1
        set_version(counter.current)

    async def heard(_payload: Mapping[str, Any]) -> None:
        # Called from the process-wide listener: hand the update to this tab's session.
        page.run_task(bump)

    async def start() -> None:
        # Flet cancels an async cleanup when the survivor changes under an open
        # screen: the previous diary's subscriptions are ended here instead.
        await stop()
        opened = await client.follow(survivor_id, heard)
        for subscription in opened:
            await lifetime.keep(subscription.unsubscribe)
        subscriptions.current = [] if lifetime.ended else opened

    async def stop() -> None:
        for subscription in subscriptions.current or []:
            await subscription.unsubscribe()
        subscriptions.current = []

    ft.use_effect(start, [survivor_id], cleanup=stop)
    return version


@ft.component
def DiaryBook(
    survivor_id: UUID,
    title: str,
    extra: list[ft.Control] | None = None,
    owner_name: str | None = None,
) -> ft.Control:
    """`owner_name`: whose diary it is, when it is not the viewer's own ("" until known)."""
    t = use_t()
    client = use_diary()
    page = ft.context.page
    version = use_live_version(survivor_id)
    access, set_access = ft.use_state(cast(str | None, None))
    loaded, set_loaded = ft.use_state(False)
    goals, set_goals = ft.use_state(cast(list[GoalPublic], []))
    saved_mood, set_saved_mood = ft.use_state(cast(int | None, None))
    failure, set_failure = ft.use_state(cast(Exception | None, None))
    quick = use_action()

    async def load() -> None:
        try:
            now = await client.access_to(survivor_id)
            set_access(now)
            set_goals(await client.goals(survivor_id) if now else [])
            set_failure(None)
        except Exception as error:
            set_failure(error)
        finally:
            set_loaded(True)

    ft.use_effect(load, [survivor_id, version])

    async def go(path: str) -> None:
        await page.push_route(path)

    async def quick_mood(level: int) -> None:
        async def work() -> None:
            await client.add_entry(survivor_id, mood=level)
            set_saved_mood(level)
            await load()

        await quick.run(work)

    def opener(goal_id: UUID) -> Callable[[], Awaitable[None]]:
        async def open_goal() -> None:
            await go(diary_routes.goal(survivor_id, goal_id))

        return open_goal

    async def open_entry(entry: EntryPublic) -> None:
        await go(diary_routes.entry(survivor_id, entry.id))

    async def edit_entry(entry: EntryPublic) -> None:
        await go(diary_routes.edit_entry(survivor_id, entry.id))

    async def timeline_page(
        filters: TimelineFilter, after: EntryPublic | None
    ) -> list[EntryPublic]:
        return await client.timeline(survivor_id, filters, after=after)

    # Someone else's diary speaks about them: "Marie's goals", not "My goals".
    goals_title, mood_question = t("diary.goals.title"), None
    if owner_name is not None:
        goals_title = (
            t("diary.goals.title_of", name=owner_name) if owner_name else t("diary.goals.shared")
        )
        mood_question = (
            t("diary.mood.question_about", name=owner_name)
            if owner_name
            else t("diary.mood.question_shared")
        )
    controls: list[ft.Control] = []
    if loaded and access is None:
        controls.append(NoticeArea(t("error.diary_access_revoked"), identifier="diary-no-access"))
        return Screen(title=title, controls=controls)
    if access == "reader":
        controls.append(BodyText(t("diary.access.reader"), muted=True))
    elif access == "peer":
        controls.append(BodyText(t("diary.access.peer"), muted=True))
    elif access == "editor":
        controls.append(BodyText(t("diary.access.editor"), muted=True))

    if access in WRITERS:
        controls += [
            FacePicker("mood", saved_mood, quick_mood, disabled=quick.busy, question=mood_question),
            NoticeArea(
                t("diary.quick.saved", word=t(face_word_key("mood", saved_mood)))
                if saved_mood
                else None,
                identifier="quick-mood-saved",
                icon=ft.Icons.CHECK_CIRCLE_OUTLINE,
            ),
            ErrorArea(error_message(t, quick.failure) if quick.failure else None, "quick-error"),
            ft.Row(
                wrap=True,
                spacing=10,
                run_spacing=10,
                controls=[
                    ActionButton(
                        t("diary.new_entry"),
                        lambda: go(diary_routes.new_entry(survivor_id)),
                        icon=ft.Icons.EDIT,
                    ),
                    ActionButton(
                        t("diary.new_goal"),
                        lambda: go(diary_routes.new_goal(survivor_id)),
                        primary=False,
                        icon=ft.Icons.FLAG_OUTLINED,
                    ),
                ],
            ),
        ]
    if access == "owner":
        controls.append(
            ft.Row(
                wrap=True,
                spacing=10,
                run_spacing=10,
                controls=[
                    ActionButton(
                        t("diary.sharing.open"),
                        lambda: go(diary_routes.SHARING),
                        primary=False,
                        icon=ft.Icons.GROUP_ADD_OUTLINED,
                    ),
                ],
            )
        )
    controls.append(ErrorArea(error_message(t, failure) if failure else None, "diary-error"))
    if goals:
        controls.append(Heading(goals_title, level=2))
        controls += [GoalCard(goal, opener(goal.id)) for goal in goals]
    if access:
        controls.append(
            DiaryTimeline(
                survivor_id,
                goals,
                version,
                timeline_page,
                client.toggle_reaction if access in COMMENTERS else None,
                open_entry,
                edit_entry if access in WRITERS else None,
            )
        )
    if access == "owner":
        controls += [
            Heading(t("diary.export.title"), level=2),
            ExportButtons(client.export_pdf, client.export_json, export_file_name),
        ]
    return Screen(title=title, controls=[*controls, *(extra or [])])


@ft.component
def DiaryBookView() -> ft.Control:
    """A diary shared with me, by address."""
    t = use_t()
    client = use_diary()
    survivor_id = diary_routes.route_param("survivor")
    name, set_name = ft.use_state("")

    async def find_name() -> None:
        if survivor_id is None:
            return
        for survivor, display_name, _access in await client.shared_with_me():
            if survivor == survivor_id:
                set_name(display_name)

    ft.use_effect(find_name, [survivor_id])
    if survivor_id is None:
        return Screen(title=t("diary.title"), controls=[BodyText(t("diary.not_found"))])
    if survivor_id == client.me:
        return DiaryBook(survivor_id, t("diary.mine"))
    return DiaryBook(
        survivor_id, t("diary.of", name=name) if name else t("diary.title"), owner_name=name
    )
