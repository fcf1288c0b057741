"""Download my whole diary as a PDF to read or print, or as JSON to keep or move elsewhere.

The file is made under the survivor's own session and handed to the browser
by the file picker's save (a download on the web): no link that someone else
could open, no file left on the server.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components.action_button import ActionButton
from components.error_area import ErrorArea
from components.hooks import use_action, use_error_message, use_t

MakeFile = Callable[[], Awaitable[bytes]]


@ft.component
def ExportButtons(
    make_pdf: MakeFile, make_json: MakeFile, file_name: Callable[[str], str]
) -> ft.Control:
    """`file_name("pdf")` names the saved file; each `make_*` reads the diary and builds it."""
    t = use_t()
    error_message = use_error_message()
    pdf = use_action()
    json_file = use_action()

    async def save(kind: str, content: bytes) -> None:
        # A service registers with the page when built inside a handler.
        picker = ft.FilePicker()
        await picker.save_file(file_name=file_name(kind), src_bytes=content)

    async def download_pdf() -> None:
        async def work() -> None:
            await save("pdf", await make_pdf())

        await pdf.run(work)

    async def download_json() -> None:
        async def work() -> None:
            await save("json", await make_json())

        await json_file.run(work)

    failure = pdf.failure or json_file.failure
    return ft.Column(
        spacing=10,
        controls=[
            ft.Text(t("diary.export.intro")),
            ft.Row(
                wrap=True,
                spacing=10,
                run_spacing=10,
                controls=[
                    ActionButton(
                        t("diary.export.pdf"),
                        download_pdf,
                        busy=pdf.busy,
                        primary=False,
                        icon=ft.Icons.PICTURE_AS_PDF_OUTLINED,
                    ),
                    ActionButton(
                        t("diary.export.json"),
                        download_json,
                        busy=json_file.busy,
                        primary=False,
                        icon=ft.Icons.DATA_OBJECT,
                    ),
                ],
            ),
            ErrorArea(error_message(failure) if failure else None, "export-error"),
        ],
    )
