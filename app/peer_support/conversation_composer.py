"""Writing in a conversation: the field, Send (or Enter), quick replies, the charter reminder.

What is typed is a `MessageDraft`, kept on the device at every change with
the id it will be sent under. Send and Enter read the draft from a ref, not
from the render they were drawn by, so the handler always sees the text the
person last typed, however fast they tap. A peer supporter's draft that
promises recovery or gives medical advice first shows the charter reminder
(edit, or send anyway); it never blocks. It is a dialog, not a box above the
field: on a small phone at large text, with the crisis banner open, a box
there was pushed under the bottom bar and never seen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from uuid import UUID

import flet as ft

from app.i18n import error_message
from app.peer_support.state import MessageDraft, use_peer_support
from components import ErrorArea
from components.form_field import field_label
from components.hooks import use_action, use_latest, use_palette, use_t
from components.icon_action import IconAction
from components.peer_support.false_hope_reminder import false_hope_reminder
from components.peer_support.quick_replies import (
    QuickReplies,
    QuickRepliesToggle,
    quick_reply_key,
    use_large_text,
    use_quick_replies_open,
)
from services.errors import ErrorCode, RelaisError
from services.peer_support import safety
from services.peer_support.message_models import MESSAGE_MAX_LENGTH, QuickReply

COUNT_SHOWN_FROM = MESSAGE_MAX_LENGTH - 200
# Sends one message: its text, its quick reply (if it is one), the id to store it under.
Send = Callable[[str, QuickReply | None, UUID | None], Awaitable[None]]


@ft.component
def Composer(conversation_id: UUID, is_peer: bool, on_send: Send) -> ft.Control:
    support = use_peer_support()
    t = use_t()
    palette = use_palette()
    latest = use_latest(MessageDraft())
    draft = latest.shown
    quick_open, toggle_quick = use_quick_replies_open()
    action = use_action()
    large_text = use_large_text()

    now, show = latest.now, latest.set

    async def load() -> None:
        show(await support.load_draft(conversation_id))

    ft.use_effect(load, [conversation_id])

    async def keep(text: str) -> None:
        if text == now().text:
            return
        show(dataclasses.replace(now(), text=text))
        await support.keep_draft(conversation_id, now())

    async def typed(event: ft.Event[ft.TextField]) -> None:
        await keep(event.control.value or "")

    async def deliver(check_charter: bool) -> None:
        current = now()
        if not current.text.strip():
            return
        if check_charter and is_peer and safety.false_hope_phrases(current.text):
            ft.context.page.show_dialog(
                false_hope_reminder(t, on_edit=keep_editing, on_send_anyway=send_anyway)
            )
            return

        async def work() -> None:
            await on_send(current.text, None, current.id)
            # Confirmed: only now does the next draft get a new id.
            show(MessageDraft())
            await support.keep_draft(conversation_id, now())

        await action.run(work)

    async def send() -> None:
        await deliver(check_charter=True)

    async def submitted(event: ft.Event[ft.TextField]) -> None:
        # Enter: the field's own value is the freshest copy of what was typed.
        await keep(event.control.value or "")
        await deliver(check_charter=True)

    async def send_anyway() -> None:
        ft.context.page.pop_dialog()
        await deliver(check_charter=False)

    async def keep_editing() -> None:
        ft.context.page.pop_dialog()

    async def quick(reply: QuickReply) -> None:
        await action.run(lambda: on_send(t(quick_reply_key(reply)), reply, None))

    failure = action.failure
    refusal = None
    if failure is not None:
        slow = isinstance(failure, RelaisError) and failure.code is ErrorCode.TOO_MANY_ATTEMPTS
        refusal = t("messaging.chat.slow_down") if slow else error_message(t, failure)
    field = ft.TextField(
        label=field_label(t("messaging.chat.write")),
        value=draft.text,
        on_change=typed,
        on_submit=submitted,
        # Enter sends, as in every messaging app; Shift+Enter starts a new line.
        shift_enter=True,
        multiline=True,
        min_lines=1,
        max_lines=5,
        max_length=MESSAGE_MAX_LENGTH,
        # The count shows only near the limit: on a small phone at large text
        # its line is the room of a message.
        counter=None if len(draft.text) > COUNT_SHOWN_FROM else "",
        expand=not large_text,
        bgcolor=palette.surface,
        filled=True,
        color=palette.text,
    )
    buttons: list[ft.Control] = [
        QuickRepliesToggle(quick_open, toggle_quick, on_pick=quick),
        IconAction(
            ft.Icons.SEND,
            t("messaging.chat.send"),
            send,
            disabled=action.busy or not draft.text.strip(),
            color=palette.primary,
        ),
    ]
    # Large text needs the whole width for the message: the buttons go below it.
    writing: ft.Control = (
        ft.Column(
            spacing=4,
            controls=[field, ft.Row(alignment=ft.MainAxisAlignment.END, controls=buttons)],
        )
        if large_text
        else ft.Row(vertical_alignment=ft.CrossAxisAlignment.END, controls=[field, *buttons])
    )
    return ft.Column(
        spacing=8,
        controls=[
            ErrorArea(refusal, identifier="send-error"),
            writing,
            QuickReplies(on_pick=quick, shown=quick_open, disabled=action.busy),
        ],
    )
