"""A new diary entry, or changes to one. One tap on a face is enough; the rest is optional.

What is typed is kept as a draft in this browser at every change, so leaving
the screen, reloading or losing the connection loses nothing. The draft
carries the entry's id: saving twice (a retry after a dropped connection)
stores one entry. An entry being changed keeps the goal it is about; its
draft is kept apart from the new entry's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, cast
from uuid import UUID

import flet as ft

from app.diary import routes as diary_routes
from app.diary.forms import EntryDraft
from app.diary.state import use_diary
from app.i18n import error_message
from components import ActionButton, BodyText, ErrorArea, FormField, NoticeArea, Screen
from components.date_field import DateField
from components.diary.faces import FacePicker
from components.filter_chip import FilterChip
from components.hooks import use_action, use_latest, use_t
from services.diary.models import (
    ENTRY_TEXT_MAX,
    GAS_LEVELS,
    EntryPublic,
    GoalPublic,
    signed_level,
)


@ft.component
def EntryEditorView() -> ft.Control:
    t = use_t()
    client = use_diary()
    page = ft.context.page
    survivor_id = diary_routes.route_param("survivor") or client.me
    editing_id = diary_routes.route_param("entry")  # None: a new entry
    form = use_latest(EntryDraft())
    draft = form.shown  # what is drawn; handlers read form.now()
    original, set_original = ft.use_state(cast(EntryPublic | None, None))
    restored, set_restored = ft.use_state(False)
    goals, set_goals = ft.use_state(cast(list[GoalPublic], []))
    saving = use_action()
    loading = use_action()
    # Writing in someone else's diary: the questions are about them, not "you".
    owner_name, set_owner_name = ft.use_state(cast(str | None, None))

    async def find_owner_name() -> None:
        if survivor_id == client.me:
            return
        for survivor, name, _access in await client.shared_with_me():
            if survivor == survivor_id:
                set_owner_name(name)

    ft.use_effect(find_owner_name, [survivor_id])

    async def start() -> None:
        if editing_id is not None:
            await loading.run(lambda: load_entry(editing_id))
        stored = await client.load_draft(survivor_id, editing_id)
        if stored:
            kept = EntryDraft.from_stored(stored)
            if kept.started:
                form.set(kept)
                set_restored(True)
        try:
            set_goals([g for g in await client.goals(survivor_id) if g.status == "active"])
        except Exception:  # the goals only add choices; the entry can be written without them
            set_goals([])

    async def load_entry(entry_id: UUID) -> None:
        entry = await client.entry(entry_id)
        set_original(entry)
        form.set(EntryDraft.from_entry(entry))

    ft.use_effect(start, [survivor_id, editing_id])

    async def change(**values: Any) -> None:
        updated = dataclasses.replace(form.now(), **values)
        form.set(updated)
        await client.save_draft(survivor_id, updated.stored(), editing_id)

    def where_next() -> str:
        if editing_id is not None:
            return diary_routes.entry(survivor_id, editing_id)
        return diary_routes.back_to(survivor_id, client.me)

    async def save() -> None:
        async def work() -> None:
            if original is not None:
                await client.update_entry(original, **form.now().update_fields())
            else:
                await client.add_entry(survivor_id, **form.now().entry_fields())
            await client.forget_draft(survivor_id, editing_id)
            await page.push_route(where_next())

        await saving.run(work)

    async def leave() -> None:
        await page.push_route(where_next())

    def goal_chip(goal: GoalPublic | None) -> ft.Control:
        wanted = str(goal.id) if goal else None

        async def pick() -> None:
            await change(goal_id=wanted, gas_level=None, percent="")

        return FilterChip(
            goal.title if goal else t("diary.entry.no_goal"), draft.goal_id == wanted, pick
        )

    def level_chip(level: int, goal: GoalPublic) -> ft.Control:
        description = goal.gas_descriptions().get(level)
        label = f"{signed_level(level)}  {description}" if description else signed_level(level)

        async def pick() -> None:
            await change(gas_level=None if form.now().gas_level == level else level, percent="")

        return FilterChip(label, draft.gas_level == level, pick)

    chosen_goal = next((g for g in goals if str(g.id) == draft.goal_id), None)
    progress: list[ft.Control] = []
    if chosen_goal is not None:
        if chosen_goal.uses_gas:
            progress += [
                BodyText(t("diary.entry.gas_question")),
                ft.Column(
                    spacing=6,
                    controls=[level_chip(level, chosen_goal) for level in reversed(GAS_LEVELS)],
                ),
            ]
        else:
            progress.append(
                FormField(
                    t("diary.entry.percent"),
                    draft.percent,
                    lambda value: change(percent=value),
                    error=saving.field_marker(t, "progress_percent"),
                    keyboard=ft.KeyboardType.NUMBER,
                    numbers_only=True,
                )
            )

    async def pick_mood(level: int) -> None:
        await change(mood=None if form.now().mood == level else level)

    async def pick_fatigue(level: int) -> None:
        await change(fatigue=None if form.now().fatigue == level else level)

    if editing_id is not None and original is None:
        # The entry to change is being read, or could not be.
        return Screen(
            title=t("diary.entry.edit_title"),
            controls=[
                BodyText(t("app.loading"), muted=True) if loading.busy else ft.Container(),
                ErrorArea(error_message(t, loading.failure) if loading.failure else None),
                ActionButton(t("diary.back"), leave, primary=False, icon=ft.Icons.ARROW_BACK),
            ],
        )

    def about_owner(kind: str) -> str | None:
        return t(f"diary.{kind}.question_about", name=owner_name) if owner_name else None

    return Screen(
        title=t("diary.entry.edit_title") if editing_id else t("diary.entry.title"),
        controls=[
            NoticeArea(t("diary.entry.draft_restored") if restored else None, "draft-restored"),
            FacePicker("mood", draft.mood, pick_mood, question=about_owner("mood")),
            FacePicker("fatigue", draft.fatigue, pick_fatigue, question=about_owner("fatigue")),
            FormField(
                t("diary.entry.text"),
                draft.body,
                lambda value: change(body=value),
                error=saving.field_marker(t, "body"),
                multiline=True,
                max_length=ENTRY_TEXT_MAX,
            ),
            *(
                [
                    BodyText(t("diary.entry.goal_question")),
                    ft.Row(
                        wrap=True,
                        spacing=8,
                        run_spacing=8,
                        controls=[goal_chip(None), *map(goal_chip, goals)],
                    ),
                ]
                if goals and editing_id is None
                else []
            ),
            *progress,
            DateField(
                t("diary.entry.date"),
                draft.day,
                lambda value: change(day=value),
                last=dt.date.today(),  # a diary tells what happened; a later day can be typed
                error=saving.field_marker(t, "entry_date"),
            ),
            FormField(
                t("diary.entry.tags"),
                draft.tags,
                lambda value: change(tags=value),
                error=saving.field_marker(t, "tags"),
                helper=t("diary.entry.tags_help"),
            ),
            ErrorArea(error_message(t, saving.failure) if saving.failure else None),
            ActionButton(t("diary.entry.save"), save, busy=saving.busy, icon=ft.Icons.CHECK),
            ActionButton(t("diary.entry.later"), leave, primary=False),
            BodyText(t("diary.entry.draft_note"), muted=True),
        ],
    )
