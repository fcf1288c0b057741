"""Télécharger toutes mes données: what the archive holds, then one button that makes it.

The archive is built under the person's own session (services/export) and
handed to the browser the way the diary export is: the file picker's save,
which is a download on the web. No link that someone else could open, no file
left on the server.
"""

from __future__ import annotations

import flet as ft

from app import routes
from app.i18n import error_message
from app.state import use_app_state
from components import ActionButton, BodyText, ErrorArea, Heading, NoticeArea, Screen
from components.hooks import use_action, use_t
from services.errors import ErrorCode, RelaisError
from services.export.archive import archive_file_name, export_archive

# Other screens (account deletion offers the export first) link here by this path.
EXPORT = "/home/profile/export"


@ft.component
def ExportView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    page = ft.context.page
    preparing = use_action()
    done, set_done = ft.use_state(False)

    async def download() -> None:
        async def work() -> None:
            set_done(False)
            if state.session is None:
                raise RelaisError(ErrorCode.SESSION_EXPIRED, "not signed in")
            archive = await export_archive(state.gateway, state.session, locale=state.locale)
            # A service registers with the page when built inside a handler.
            picker = ft.FilePicker()
            await picker.save_file(file_name=archive_file_name(), src_bytes=archive)
            set_done(True)

        await preparing.run(work)

    async def back() -> None:
        await page.push_route(routes.PROFILE)

    contents = [
        "export.contains.pdf",
        "export.contains.profile",
        "export.contains.peer",
        "export.contains.diary",
        "export.contains.emails",
    ]
    return Screen(
        title=t("export.title"),
        controls=[
            BodyText(t("export.intro")),
            BodyText(t("export.private")),
            ActionButton(
                t("export.download"),
                on_click=download,
                busy=preparing.busy,
                icon=ft.Icons.DOWNLOAD,
                identifier="export-download",
            ),
            NoticeArea(
                t("export.preparing") if preparing.busy else None,
                identifier="export-preparing",
                icon=ft.Icons.HOURGLASS_TOP,
            ),
            ErrorArea(
                error_message(t, preparing.failure) if preparing.failure else None,
                identifier="export-error",
            ),
            NoticeArea(
                t("export.done") if done and not preparing.busy else None,
                identifier="export-done",
                icon=ft.Icons.CHECK_CIRCLE_OUTLINE,
            ),
            Heading(t("export.contains"), level=2),
            *[BodyText(f"• {t(key)}") for key in contents],
            BodyText(t("export.contains.json"), muted=True),
            BodyText(t("export.not_contains"), muted=True),
            ActionButton(t("export.back"), on_click=back, primary=False, icon=ft.Icons.ARROW_BACK),
        ],
    )


def export_route() -> ft.Route:
    return ft.Route(path=EXPORT.removeprefix("/home/"), component=ExportView)
