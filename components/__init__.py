"""Reusable widgets, one per module."""

from components.action_button import ActionButton
from components.body_text import BodyText
from components.bottom_nav import BottomNav
from components.choice_card import ChoiceCard
from components.coming_soon import ComingSoon
from components.display_settings import DisplaySettings
from components.error_area import ErrorArea
from components.form_field import FormField
from components.heading import Heading
from components.language_switch import LanguageSwitch
from components.notice_area import NoticeArea
from components.peer_status_notice import PeerStatusNotice
from components.screen import Screen
from components.splash import Splash

__all__ = [
    "ActionButton",
    "BodyText",
    "BottomNav",
    "ChoiceCard",
    "ComingSoon",
    "DisplaySettings",
    "ErrorArea",
    "FormField",
    "Heading",
    "LanguageSwitch",
    "NoticeArea",
    "PeerStatusNotice",
    "Screen",
    "Splash",
]
