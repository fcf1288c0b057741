"""Frame of the signed-in home: the current tab above the bottom bar.

The bar's Messages tab carries the number of unread messages (none during
quiet hours), kept current from any tab.

People who are not signed in are sent to the welcome screen.
"""

from __future__ import annotations

import flet as ft

from app import routes
from app.peer_support.live import TabLive, use_tab_live_source
from app.state import use_app_state
from app.tab_bar import TabBar
from components import Splash


@ft.component
def HomeLayout() -> ft.Control:
    state = use_app_state()
    outlet = ft.use_route_outlet()
    page = ft.context.page

    async def leave_if_signed_out() -> None:
        if not state.restoring and not state.signed_in:
            state.remember_destination(page.route)
            # Ended from another device: straight to sign-in, which says why.
            await page.push_route(routes.SIGN_IN if state.session_ended else routes.WELCOME)

    ft.use_effect(leave_if_signed_out, [state.restoring, state.signed_in])

    if state.restoring or not state.signed_in:
        return Splash()
    return SignedInFrame(outlet)


@ft.component
def SignedInFrame(outlet: ft.Control) -> ft.Control:
    # The tab's one live source (matches, conversations, quiet hours, a peer
    # supporter's status), kept current while any tab is open; the screens
    # find it with use_live(). The frame itself does not re-render when it
    # changes: only the bottom bar and the screens that read it do.
    live = use_tab_live_source()
    return ft.Column(
        expand=True,
        spacing=0,
        controls=[
            # One semantics container for the tab's content, so a screen reader
            # reads the whole screen before it reaches the bottom bar.
            ft.Semantics(
                container=True, expand=True, content=ft.Container(expand=True, content=outlet)
            ),
            LiveBottomNav(live),
        ],
    )


@ft.component
def LiveBottomNav(live: TabLive) -> ft.Control:
    # An observable argument: this re-renders when the live source changes.
    return TabBar(unread_messages=live.unread_shown())
