"""The notification screens, under the profile tab."""

from __future__ import annotations

import flet as ft

from app.notifications.mailbox import EmailsView
from app.notifications.routes import EMAILS, NOTIFICATIONS
from app.notifications.settings_screen import NotificationsView


def _under_home(path: str) -> str:
    return path.removeprefix("/home/")


def notifications_route_table() -> list[ft.Route]:
    return [
        ft.Route(path=_under_home(NOTIFICATIONS), component=NotificationsView),
        ft.Route(path=_under_home(EMAILS), component=EmailsView),
    ]
