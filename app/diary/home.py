"""The Diary tab: my own diary (for survivors) and the diaries shared with me."""

from __future__ import annotations

import flet as ft

from app.diary.book import DiaryBook
from app.diary.state import use_diary
from components import Screen
from components.diary.shared_list import SharedDiaries
from components.hooks import use_t


@ft.component
def DiaryHomeView() -> ft.Control:
    t = use_t()
    client = use_diary()
    if client.keeps_a_diary:
        return DiaryBook(client.me, t("diary.mine"), extra=[SharedDiaries()])
    return Screen(title=t("diary.shared.screen_title"), controls=[SharedDiaries()])
