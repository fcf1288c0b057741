"""A one-time invite code, and the ways to pass it on: copy it, share a link, send it by SMS.

Browsers let a page write to the clipboard, open the share sheet or hand a
link to the SMS app only while the tap is still being handled, so each button
carries a client-side action (ft.CopyToClipboard, ft.ShareText, ft.OpenUrl)
that runs in the browser inside the tap (DESIGN.md decision 11); the server
only hears the tap afterwards, to say what was done. Where a browser has no
share sheet, Flutter's share falls back to an e-mail (`mailto:`); the SMS
button works on every phone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

import flet as ft

from components.body_text import BodyText
from components.hooks import use_palette, use_t
from components.notice_area import NoticeArea


def sms_url(text: str) -> str:
    # "sms:?&body=" is read by both Android and iOS messaging apps.
    return "sms:?&body=" + quote(text, safe="")


def _button(
    label: str, icon: ft.IconData, action: ft.ClientAction, on_click: Callable[[], Awaitable[None]]
) -> ft.Control:
    return ft.OutlinedButton(
        content=ft.Row(
            alignment=ft.MainAxisAlignment.CENTER,
            wrap=True,
            controls=[ft.Icon(icon), ft.Text(label, text_align=ft.TextAlign.CENTER)],
        ),
        action=action,
        on_click=on_click,
    )


@ft.component
def InviteCode(code: str, link: str, message: str, subject: str) -> ft.Control:
    """`link` opens the app at "join" with the code filled in; `message` says what to do."""
    t = use_t()
    palette = use_palette()
    done, set_done = ft.use_state("")

    async def copied() -> None:
        set_done(t("diary.sharing.copied"))

    async def shared() -> None:
        set_done(t("diary.sharing.shared"))

    return ft.Column(
        spacing=10,
        controls=[
            ft.Semantics(
                identifier="invite-code",
                content=ft.Text(code, size=32, weight=ft.FontWeight.W_700),
            ),
            BodyText(t("diary.sharing.code_help"), muted=True),
            _button(
                t("diary.sharing.copy"), ft.Icons.CONTENT_COPY, ft.CopyToClipboard(code), copied
            ),
            _button(
                t("diary.sharing.share"),
                ft.Icons.SHARE,
                ft.ShareText(message, subject=subject, title=subject),
                shared,
            ),
            _button(
                t("diary.sharing.sms"), ft.Icons.SMS_OUTLINED, ft.OpenUrl(sms_url(message)), shared
            ),
            ft.Semantics(
                identifier="invite-link",
                content=ft.Text(t("diary.sharing.link", link=link), color=palette.muted_text),
            ),
            NoticeArea(done or None, "invite-passed-on", icon=ft.Icons.CHECK_CIRCLE_OUTLINE),
        ],
    )
