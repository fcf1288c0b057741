"""Asking before a destructive action: a question, "cancel", and a plainly named "yes"."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft


def confirm_then(
    page: ft.Page,
    *,
    title: str,
    question: str,
    cancel: str,
    confirm: str,
    then: Callable[[], Awaitable[None]],
) -> None:
    """Show the question; `then` runs only after the person says yes."""

    async def confirmed() -> None:
        page.pop_dialog()
        await then()

    async def cancelled() -> None:
        page.pop_dialog()

    page.show_dialog(
        ft.AlertDialog(
            modal=True,
            title=ft.Text(title),
            content=ft.Text(question),
            actions=[
                ft.TextButton(content=ft.Text(cancel), on_click=cancelled),
                ft.FilledButton(content=ft.Text(confirm), on_click=confirmed),
            ],
        )
    )
