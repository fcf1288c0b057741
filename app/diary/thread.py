"""An entry with its comments and reactions. New comments appear without reloading.

The survivor may delete any comment on their diary (after a confirmation);
an author may delete their own. A comment is sent with an id made here, so a
retry after a dropped connection does not post it twice.
"""

from __future__ import annotations

import uuid
from typing import cast

import flet as ft

from app.diary import routes as diary_routes
from app.diary.book import use_live_version
from app.diary.state import use_diary
from app.i18n import error_message
from components import ActionButton, ErrorArea, FormField, Heading, NoticeArea, Screen
from components.confirm_dialog import confirm_then
from components.diary.entry_card import EntryCard
from components.hooks import use_action, use_latest, use_palette, use_t
from components.icon_action import IconAction
from services.diary.models import COMMENT_MAX, CommentPublic, EntryPublic, ReactionKind


@ft.component
def ThreadView() -> ft.Control:
    t = use_t()
    palette = use_palette()
    client = use_diary()
    page = ft.context.page
    survivor_id = diary_routes.route_param("survivor") or client.me
    entry_id = diary_routes.route_param("entry")
    version = use_live_version(survivor_id)
    entry, set_entry = ft.use_state(cast(EntryPublic | None, None))
    comments, set_comments = ft.use_state(cast(list[CommentPublic], []))
    access, set_access = ft.use_state(cast(str | None, "reader"))
    typed = use_latest("")
    text = typed.shown  # what is drawn; send reads typed.now()
    pending_id = ft.use_ref(uuid.uuid4())
    failure, set_failure = ft.use_state(cast(Exception | None, None))
    sending = use_action()

    async def load() -> None:
        if entry_id is None:
            return
        try:
            now = await client.access_to(survivor_id)
            set_access(now)
            if now is None:
                # Revoked while the screen was open: show nothing more of the diary.
                set_entry(None)
                set_comments([])
                return
            set_entry(await client.entry(entry_id))
            set_comments(await client.comments(entry_id))
            set_failure(None)
        except Exception as error:
            set_failure(error)

    ft.use_effect(load, [entry_id, version])

    async def send() -> None:
        async def work() -> None:
            if entry_id is None:
                return
            await client.comment(
                survivor_id, entry_id, typed.now(), pending_id.current or uuid.uuid4()
            )
            pending_id.current = uuid.uuid4()
            typed.set("")
            await load()

        await sending.run(work)

    async def react(shown: EntryPublic, kind: ReactionKind) -> None:
        async def work() -> None:
            await client.toggle_reaction(shown, kind)
            await load()

        await sending.run(work)

    def ask_to_delete(comment: CommentPublic) -> ft.Control:
        async def delete() -> None:
            async def work() -> None:
                await client.delete_comment(comment)
                await load()

            await sending.run(work)

        async def ask() -> None:
            confirm_then(
                page,
                title=t("diary.comments.delete_title"),
                question=t("diary.comments.delete_question"),
                cancel=t("diary.cancel"),
                confirm=t("diary.comments.delete"),
                then=delete,
            )

        return IconAction(ft.Icons.DELETE_OUTLINE, t("diary.comments.delete"), ask)

    def comment_card(comment: CommentPublic) -> ft.Control:
        removable = access == "owner" or comment.author_id == client.me
        return ft.Container(
            bgcolor=palette.surface,
            border=ft.Border.all(1, palette.outline),
            border_radius=14,
            padding=12,
            content=ft.Row(
                vertical_alignment=ft.CrossAxisAlignment.START,
                controls=[
                    ft.Column(
                        expand=True,
                        spacing=4,
                        controls=[
                            ft.Text(
                                comment.author_name or t("diary.someone"),
                                weight=ft.FontWeight.W_600,
                            ),
                            ft.Text(comment.body, theme_style=ft.TextThemeStyle.BODY_LARGE),
                        ],
                    ),
                    *([ask_to_delete(comment)] if removable else []),
                ],
            ),
        )

    async def back() -> None:
        await page.push_route(diary_routes.back_to(survivor_id, client.me))

    async def edit() -> None:
        if entry is not None:
            await page.push_route(diary_routes.edit_entry(survivor_id, entry.id))

    async def ask_to_delete_entry() -> None:
        async def delete() -> None:
            async def work() -> None:
                if entry is not None:
                    await client.delete_entry(entry)
                    await back()

            await sending.run(work)

        confirm_then(
            page,
            title=t("diary.entry.delete_title"),
            question=t("diary.entry.delete_question"),
            cancel=t("diary.cancel"),
            confirm=t("diary.entry.delete_confirm"),
            then=delete,
        )

    # The survivor and the editors they chose may change an entry; the survivor may
    # remove any, an editor only one they wrote (RLS decides; this only mirrors it).
    can_edit = entry is not None and access in ("owner", "editor")
    wrote_it = entry is not None and entry.author_id == client.me
    removable = can_edit and (access == "owner" or wrote_it)
    entry_actions: list[ft.Control] = []
    if can_edit:
        entry_actions.append(
            ActionButton(t("diary.entry.edit"), edit, primary=False, icon=ft.Icons.EDIT)
        )
    if removable:
        entry_actions.append(
            ActionButton(
                t("diary.entry.delete"),
                ask_to_delete_entry,
                primary=False,
                icon=ft.Icons.DELETE_OUTLINE,
                busy=sending.busy,
            )
        )

    can_comment = access in ("owner", "editor", "reader")
    return Screen(
        title=t("diary.comments.title"),
        controls=[
            NoticeArea(
                t("error.diary_access_revoked") if access is None else None, "thread-no-access"
            ),
            *(
                [EntryCard(entry, client.state.locale, react if can_comment else None, None)]
                if entry
                else []
            ),
            *entry_actions,
            Heading(t("diary.comments.heading"), level=2),
            *(
                [comment_card(c) for c in comments]
                or [ft.Text(t("diary.comments.none"), color=palette.muted_text)]
            ),
            ErrorArea(error_message(t, failure) if failure else None, "thread-load-error"),
            *(
                [
                    FormField(
                        t("diary.comments.field"),
                        text,
                        typed.set,
                        multiline=True,
                        max_length=COMMENT_MAX,
                        error=sending.field_marker(t, "body"),
                    ),
                    ErrorArea(error_message(t, sending.failure) if sending.failure else None),
                    ActionButton(
                        t("diary.comments.send"), send, busy=sending.busy, disabled=not text.strip()
                    ),
                ]
                if access != "peer"
                else []
            ),
            ActionButton(t("diary.back"), back, primary=False, icon=ft.Icons.ARROW_BACK),
        ],
    )
