"""Routes of the peer-support screens, wired under the signed-in home by app/main.py."""

from __future__ import annotations

import flet as ft

from app import peer_routes
from app.views.ask_for_peer import AskForPeerView
from app.views.conversation import ConversationView
from app.views.coordination import CoordinationView
from app.views.coordination_applicants import ApplicantsView
from app.views.coordination_home import CoordinationHomeView
from app.views.coordination_request import RequestSuggestionsView
from app.views.coordination_safety import SafetyQueueView
from app.views.messages import MessagesView
from app.views.peer_application import PeerApplicationView
from app.views.quiet_hours import QuietHoursView


def _under_home(path: str) -> str:
    return path.removeprefix("/home/").replace("{", ":").replace("}", "")


def messaging_route_table() -> list[ft.Route]:
    # Fixed paths before the one with a parameter.
    return [
        ft.Route(path=_under_home(peer_routes.MESSAGES), component=MessagesView),
        ft.Route(path=_under_home(peer_routes.APPLY), component=PeerApplicationView),
        ft.Route(path=_under_home(peer_routes.ASK), component=AskForPeerView),
        ft.Route(path=_under_home(peer_routes.QUIET_HOURS), component=QuietHoursView),
        ft.Route(path=_under_home(peer_routes.CONVERSATION), component=ConversationView),
    ]


def coordination_route_table() -> list[ft.Route]:
    return [
        ft.Route(path=_under_home(peer_routes.COORDINATION), component=CoordinationHomeView),
        ft.Route(path=_under_home(peer_routes.PEERS), component=CoordinationView),
        ft.Route(path=_under_home(peer_routes.APPLICANTS), component=ApplicantsView),
        ft.Route(path=_under_home(peer_routes.SAFETY_QUEUE), component=SafetyQueueView),
        ft.Route(path=_under_home(peer_routes.REQUEST), component=RequestSuggestionsView),
    ]
