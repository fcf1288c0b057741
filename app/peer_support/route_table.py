"""Routes of the peer-support screens, wired under the signed-in home by app/main.py."""

from __future__ import annotations

import flet as ft

from app.peer_support import routes as peer_routes
from app.peer_support.applicants import ApplicantsView
from app.peer_support.application import PeerApplicationView
from app.peer_support.ask import AskForPeerView
from app.peer_support.conversation import ConversationView
from app.peer_support.coordination_home import CoordinationHomeView
from app.peer_support.coordination_peers import CoordinationView
from app.peer_support.messages import MessagesView
from app.peer_support.quiet_hours import QuietHoursView
from app.peer_support.request_suggestions import RequestSuggestionsView
from app.peer_support.safety_queue import SafetyQueueView


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
