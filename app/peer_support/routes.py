"""Addresses of the peer-support screens (under the signed-in home)."""

from __future__ import annotations

from app import routes

MESSAGES = "/home/messages"
APPLY = "/home/messages/apply"
ASK = "/home/messages/ask"
QUIET_HOURS = routes.QUIET_HOURS
CONVERSATION = "/home/messages/{conversation_id}"
COORDINATION = "/home/coordination"
APPLICANTS = "/home/coordination/applicants"
SAFETY_QUEUE = "/home/coordination/safety"
PEERS = "/home/coordination/peers"
REQUEST = "/home/coordination/requests/{request_id}"


def conversation(conversation_id: object) -> str:
    return CONVERSATION.format(conversation_id=conversation_id)


def request(request_id: object) -> str:
    return REQUEST.format(request_id=request_id)
