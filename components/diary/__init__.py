"""Diary widgets."""

from components.diary.entry_card import EntryCard
from components.diary.export_buttons import ExportButtons
from components.diary.faces import FacePicker
from components.diary.goal_card import GoalCard
from components.diary.progress_chart import ProgressCharts
from components.diary.shared_list import SharedDiaries
from components.diary.timeline import DiaryTimeline

__all__ = [
    "DiaryTimeline",
    "EntryCard",
    "ExportButtons",
    "FacePicker",
    "GoalCard",
    "ProgressCharts",
    "SharedDiaries",
]
