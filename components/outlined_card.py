"""A plain outlined card: one thing of a list (a device, an e-mail), read as one group."""

from __future__ import annotations

import flet as ft

from components.hooks import use_palette


@ft.component
def OutlinedCard(controls: list[ft.Control], identifier: str | None = None) -> ft.Control:
    palette = use_palette()
    return ft.Semantics(
        identifier=identifier,
        container=True,
        content=ft.Container(
            border=ft.Border.all(1, palette.outline),
            border_radius=14,
            padding=16,
            content=ft.Column(spacing=8, controls=controls),
        ),
    )
