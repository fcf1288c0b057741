"""Reusable widgets, one per module."""

from components.action_button import ActionButton
from components.body_text import BodyText
from components.bottom_nav import BottomNav
from components.choice_card import ChoiceCard
from components.choice_list import ChoiceList
from components.coming_soon import ComingSoon
from components.conversation_row import ConversationRow
from components.crisis_banner import CrisisBanner
from components.diary_entry_card import EntryCard
from components.diary_export_buttons import ExportButtons
from components.diary_faces import FacePicker
from components.diary_goal_card import GoalCard
from components.diary_progress_chart import ProgressCharts
from components.diary_shared_list import SharedDiaries
from components.diary_timeline import DiaryTimeline
from components.display_settings import DisplaySettings
from components.error_area import ErrorArea
from components.false_hope_reminder import FalseHopeReminder
from components.filter_chip import FilterChip
from components.form_field import FormField
from components.guide_notice import GuideNotice
from components.heading import Heading
from components.icon_action import IconAction
from components.language_switch import LanguageSwitch
from components.message_bubble import MessageBubble
from components.notice_area import NoticeArea
from components.peer_status_notice import PeerStatusNotice
from components.procedure_card import ProcedureCard
from components.proposal_card import ProposalCard
from components.quick_replies import QuickReplies
from components.rich_text import RichText
from components.screen import Screen
from components.splash import Splash

__all__ = [
    "ActionButton",
    "BodyText",
    "BottomNav",
    "ChoiceCard",
    "ChoiceList",
    "ComingSoon",
    "ConversationRow",
    "CrisisBanner",
    "DiaryTimeline",
    "DisplaySettings",
    "EntryCard",
    "ErrorArea",
    "ExportButtons",
    "FacePicker",
    "FalseHopeReminder",
    "FilterChip",
    "FormField",
    "GoalCard",
    "GuideNotice",
    "Heading",
    "IconAction",
    "LanguageSwitch",
    "MessageBubble",
    "NoticeArea",
    "PeerStatusNotice",
    "ProcedureCard",
    "ProgressCharts",
    "ProposalCard",
    "QuickReplies",
    "RichText",
    "Screen",
    "SharedDiaries",
    "Splash",
]
