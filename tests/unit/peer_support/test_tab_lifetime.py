"""A tab's peer-support state and live source go with the tab.

Both are kept in module-level tables keyed by the tab's AppState. If they held
the AppState strongly, the table would keep every tab that was ever opened
alive (and, through it, the tab's page): the server would grow with every
visit, long after the browser left.
"""

from __future__ import annotations

import gc
from typing import cast

import flet as ft

from app.device_store import DeviceStore
from app.notifications import state as notifications_state
from app.peer_support import live, state
from app.state import AppState
from services.gateway import Gateway


class Page:
    """Stands for the tab's page: only held, never called here."""


def a_tab() -> AppState:
    return AppState(gateway=cast(Gateway, object()), device=cast(DeviceStore, object()))


def test_a_tabs_peer_support_state_goes_with_the_tab() -> None:
    app = a_tab()
    key = id(app)
    state.peer_support_for(app)
    assert key in state._by_tab
    del app
    gc.collect()
    assert key not in state._by_tab


def test_a_tabs_notification_state_goes_with_the_tab() -> None:
    app = a_tab()
    key = id(app)
    notifications_state.notifications_for(app)
    assert key in notifications_state._by_tab
    del app
    gc.collect()
    assert key not in notifications_state._by_tab


def test_a_tabs_live_source_goes_with_the_tab() -> None:
    app = a_tab()
    key = id(app)
    page = cast(ft.Page, Page())
    live.live_for(app, state.peer_support_for(app), page)
    assert key in live._by_tab
    del app
    gc.collect()
    assert key not in live._by_tab
    assert key not in state._by_tab
