"""Generic widgets, one per module; feature widgets live in components/<feature>/."""

from components.action_button import ActionButton
from components.body_text import BodyText
from components.bottom_nav import BottomNav
from components.choice_card import ChoiceCard
from components.choice_list import ChoiceList
from components.coming_soon import ComingSoon
from components.display_settings import DisplaySettings
from components.error_area import ErrorArea
from components.filter_chip import FilterChip
from components.form_field import FormField
from components.heading import Heading
from components.icon_action import IconAction
from components.language_switch import LanguageSwitch
from components.notice_area import NoticeArea
from components.one_of import OneOf
from components.screen import Screen
from components.splash import Splash

__all__ = [
    "ActionButton",
    "BodyText",
    "BottomNav",
    "ChoiceCard",
    "ChoiceList",
    "ComingSoon",
    "DisplaySettings",
    "ErrorArea",
    "FilterChip",
    "FormField",
    "Heading",
    "IconAction",
    "LanguageSwitch",
    "NoticeArea",
    "OneOf",
    "Screen",
    "Splash",
]
