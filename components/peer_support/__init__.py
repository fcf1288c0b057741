"""Peer support widgets."""

from components.peer_support.conversation_row import ConversationRow
from components.peer_support.crisis_banner import CrisisBanner
from components.peer_support.false_hope_reminder import false_hope_reminder
from components.peer_support.message_bubble import MessageBubble
from components.peer_support.peer_status_notice import PeerStatusNotice
from components.peer_support.proposal_card import ProposalCard
from components.peer_support.quick_replies import QuickReplies

__all__ = [
    "ConversationRow",
    "CrisisBanner",
    "MessageBubble",
    "PeerStatusNotice",
    "ProposalCard",
    "QuickReplies",
    "false_hope_reminder",
]
