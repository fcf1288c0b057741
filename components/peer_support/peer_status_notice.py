"""Tells a peer supporter where their application stands; shows nothing for other roles."""

from __future__ import annotations

import flet as ft

from app.i18n import peer_status_key
from app.state import use_app_state
from components.hooks import use_t
from components.notice_area import NoticeArea
from services.models import PeerStatus


@ft.component
def PeerStatusNotice() -> ft.Control:
    state = use_app_state()
    t = use_t()
    status = state.peer_status
    icon = ft.Icons.HOURGLASS_TOP if status is PeerStatus.APPLICANT else ft.Icons.INFO_OUTLINE
    return NoticeArea(
        t(peer_status_key(status)) if status is not None else None,
        identifier="peer-status",
        icon=icon,
    )
