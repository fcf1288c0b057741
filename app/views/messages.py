"""Messages tab: greets the person; conversations with a peer supporter come later."""

from __future__ import annotations

import flet as ft

from app.state import use_app_state
from components import BodyText, ComingSoon, PeerStatusNotice, Screen
from components.hooks import use_t


@ft.component
def MessagesView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    name = state.profile.display_name if state.profile else ""
    return Screen(
        title=t("messages.title"),
        controls=[
            BodyText(t("home.hello", name=name), identifier="greeting"),
            PeerStatusNotice(),
            ComingSoon(t("messages.soon"), ft.Icons.CHAT_BUBBLE_OUTLINE),
        ],
    )
