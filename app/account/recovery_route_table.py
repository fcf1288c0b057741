"""Routes of the devices and recovery-code screens, under the signed-in home."""

from __future__ import annotations

import flet as ft

from app.account.recovery_codes import RecoveryCodesView
from app.account.recovery_routes import RECOVERY_CODES, SESSIONS
from app.account.sessions import SessionsView


def _under_home(path: str) -> str:
    return path.removeprefix("/home/")


def account_home_route_table() -> list[ft.Route]:
    return [
        ft.Route(path=_under_home(SESSIONS), component=SessionsView),
        ft.Route(path=_under_home(RECOVERY_CODES), component=RecoveryCodesView),
    ]
