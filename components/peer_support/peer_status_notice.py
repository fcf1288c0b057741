"""Tells a peer supporter where their application stands; shows nothing for other roles."""

from __future__ import annotations

import flet as ft

from components.notice_area import NoticeArea
from services.models import PeerStatus


@ft.component
def PeerStatusNotice(status: PeerStatus | None, message: str | None) -> ft.Control:
    """`message`: what the view says about `status`; None (no status) shows nothing."""
    icon = ft.Icons.HOURGLASS_TOP if status is PeerStatus.APPLICANT else ft.Icons.INFO_OUTLINE
    return NoticeArea(message if status is not None else None, identifier="peer-status", icon=icon)
