"""The shared goal diary in a real browser, two people in two browser contexts.

1. The survivor creates a goal, adds an entry and makes an invite code.
2. A caregiver redeems the code, sees the entry and comments.
3. The survivor sees the comment without reloading.
4. The survivor revokes the caregiver.
5. The caregiver's next action is refused with a clear message.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from services.models import Locale

from .conftest import NewPerson
from .flutter_page import FlutterPage
from .journeys import a_person, en, expect_home, fr, sign_up

pytestmark = pytest.mark.e2e

GOAL = "Marcher jusqu’au parc"
ENTRY = "Première sortie seule jusqu’au banc"
COMMENT = "Bravo, on est fiers de toi !"
CORRECTED = "Première sortie seule jusqu’au parc, et retour"


def scroll_down(screen: FlutterPage, pixels: int = 500) -> None:
    """Flutter scrolls on wheel events; semantics nodes far below the fold do not exist yet.

    A negative number of pixels scrolls up."""
    screen.page.mouse.move(195, 420)
    screen.page.mouse.wheel(0, pixels)
    screen.page.wait_for_timeout(400)


def open_diary(screen: FlutterPage, lang: Locale = Locale.FR) -> None:
    screen.tab(en("nav.diary") if lang is Locale.EN else fr("nav.diary")).click()


def test_survivor_shares_caregiver_comments_then_loses_access(new_person: NewPerson) -> None:
    survivor_screen = new_person().open()
    survivor = a_person("Survivante Journal")
    sign_up(survivor_screen, survivor, "role.survivor")
    expect_home(survivor_screen, survivor)

    # 1. A goal, an entry, an invite code.
    open_diary(survivor_screen)
    survivor_screen.expect_text(fr("diary.mine"))
    survivor_screen.tap(fr("diary.new_goal"))
    survivor_screen.fill(fr("diary.goal.name"), GOAL)
    survivor_screen.tap(fr("diary.category.mobility"))
    survivor_screen.tap(fr("diary.goal.save"))
    survivor_screen.expect_text(fr("diary.chart.title"))
    survivor_screen.tap(fr("diary.back"))
    survivor_screen.tap(fr("diary.new_entry"))
    survivor_screen.tap(fr("diary.mood.4"))
    survivor_screen.fill(fr("diary.entry.text"), ENTRY)
    survivor_screen.tap(fr("diary.entry.save"))
    survivor_screen.expect_text(ENTRY)
    survivor_screen.screenshot("diary-survivor-home")
    assert survivor_screen.undersized_controls() == []
    survivor_screen.tap(fr("diary.sharing.open"))
    survivor_screen.tap(fr("diary.sharing.make_code"))
    code_node = survivor_screen.by_id("invite-code")
    expect(code_node).to_have_text(re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}"))
    code = code_node.inner_text().strip()
    survivor_screen.screenshot("diary-sharing-code")

    # The survivor keeps the entry's comments open while the caregiver joins.
    open_diary(survivor_screen)
    survivor_screen.tap(fr("diary.comments.open", count=0))
    survivor_screen.expect_text(fr("diary.comments.none"))

    # 2. The caregiver redeems the code, sees the entry and comments.
    carer_screen = new_person().open()
    carer = a_person("Aidant Journal")
    sign_up(carer_screen, carer, "role.caregiver")
    expect_home(carer_screen, carer)
    open_diary(carer_screen)
    carer_screen.fill(fr("diary.join.code"), code)
    carer_screen.tap(fr("diary.join.submit"))
    carer_screen.expect_text(fr("diary.of", name=survivor.display_name))
    carer_screen.expect_text(ENTRY)
    carer_screen.tap(fr("diary.comments.open", count=0))
    carer_screen.fill(fr("diary.comments.field"), COMMENT)
    carer_screen.tap(fr("diary.comments.send"))
    carer_screen.expect_text(COMMENT)
    carer_screen.screenshot("diary-caregiver-thread")

    # 3. The survivor sees it without reloading.
    survivor_screen.expect_text(COMMENT)
    survivor_screen.screenshot("diary-survivor-live-comment")

    # 4. The survivor revokes the caregiver, after confirming.
    open_diary(survivor_screen)
    survivor_screen.tap(fr("diary.sharing.open"))
    survivor_screen.tap(fr("diary.sharing.revoke", name=carer.display_name))
    survivor_screen.tap(fr("diary.sharing.revoke_confirm"))
    survivor_screen.expect_text(fr("diary.sharing.revoked", name=carer.display_name))

    # 5. The caregiver's open screen: the next action is refused, clearly.
    carer_screen.fill(fr("diary.comments.field"), "Encore un petit mot")
    carer_screen.tap(fr("diary.comments.send"))
    carer_screen.expect_text(fr("error.diary_access_revoked"))
    carer_screen.screenshot("diary-caregiver-revoked")
    # The revoked screen shows nothing of the diary any more.
    expect(carer_screen.page.locator("flt-semantics").filter(has_text=COMMENT)).to_have_count(0)

    # 6. The survivor corrects the entry from the timeline, then deletes it after confirming.
    open_diary(survivor_screen)
    survivor_screen.tap(fr("diary.entry.edit"))
    expect(survivor_screen.textbox(fr("diary.entry.text"))).to_be_visible()
    survivor_screen.fill(fr("diary.entry.text"), CORRECTED)
    survivor_screen.tap(fr("diary.entry.save"))
    survivor_screen.expect_text(CORRECTED)  # on the entry's page, as corrected
    survivor_screen.expect_text(COMMENT)  # its comments kept
    survivor_screen.tap(fr("diary.entry.delete"))
    survivor_screen.tap(fr("diary.cancel"))  # a second thought: nothing is deleted
    survivor_screen.expect_text(CORRECTED)
    survivor_screen.tap(fr("diary.entry.delete"))
    survivor_screen.tap(fr("diary.entry.delete_confirm"))
    survivor_screen.expect_text(fr("diary.mine"))
    expect(survivor_screen.page.locator("flt-semantics").filter(has_text=CORRECTED)).to_have_count(
        0
    )


def test_goal_progress_drafts_one_tap_mood_and_export_in_english(
    new_person: NewPerson, tmp_path: Path
) -> None:
    screen = new_person().open()
    screen.tap(en("language.en"))
    person = a_person("Progress Keeper")
    sign_up(screen, person, "role.survivor", lang=Locale.EN)
    expect_home(screen, person, lang=Locale.EN)
    open_diary(screen, Locale.EN)

    # One tap on a face is a whole entry.
    screen.tap(en("diary.mood.4"))
    screen.expect_text(en("diary.quick.saved", word=en("diary.mood.4")))

    # A goal with a scale.
    screen.tap(en("diary.new_goal"))
    screen.fill(en("diary.goal.name"), "Walking")
    screen.scroll_to(screen.textbox(en("diary.gas.level.0")))
    screen.fill(en("diary.gas.level.0"), "To the park and back")
    scroll_down(screen, -3000)
    screen.tap(en("diary.category.mobility"))
    scroll_down(screen, 3000)
    screen.tap(en("diary.goal.save"))
    screen.expect_text(en("diary.chart.title"))
    screen.tap(en("diary.back"))

    # A draft survives leaving the screen.
    screen.tap(en("diary.new_entry"))
    screen.fill(en("diary.entry.text"), "Half way, then a rest")
    screen.tap(en("diary.entry.later"))
    screen.tap(en("diary.new_entry"))
    screen.expect_text(en("diary.entry.draft_restored"))
    screen.screenshot("diary-entry-draft")
    assert screen.undersized_controls() == []
    # (Saving without retyping below shows the text was kept.)
    six_weeks_ago = dt.date.today() - dt.timedelta(weeks=6)
    screen.tap("Walking")
    scroll_down(screen)
    screen.tap("\u22121")
    screen.fill(en("diary.entry.date"), six_weeks_ago.strftime("%d/%m/%Y"))
    scroll_down(screen)
    screen.tap(en("diary.entry.save"))
    screen.expect_text("Half way, then a rest")

    screen.tap(en("diary.new_entry"))
    screen.tap(en("diary.mood.5"))
    screen.tap(en("diary.fatigue.2"))
    scroll_down(screen, 300)
    screen.tap("Walking")
    scroll_down(screen)
    screen.tap("+1")
    scroll_down(screen)
    screen.tap(en("diary.entry.save"))

    # The goal's chart, said in words.
    screen.expect_text("Half way, then a rest")
    scroll_down(screen, -3000)  # back to the top, where the goals are
    goal_card = screen.page.get_by_role("button", name=re.compile(r"^Walking .*Getting around"))
    goal_card.click()
    summary = screen.by_id("goal-summary")
    expect(summary).to_contain_text("Walking: from \u22121 to +1 in 6 weeks.")
    screen.screenshot("diary-goal-chart")
    screen.tap(en("diary.back"))

    # Taking the diary away.
    with screen.page.expect_download() as pdf_download:
        screen.tap(en("diary.export.pdf"))
    pdf_path = tmp_path / "diary.pdf"
    pdf_download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    with screen.page.expect_download() as json_download:
        screen.tap(en("diary.export.json"))
    json_path = tmp_path / "diary.json"
    json_download.value.save_as(json_path)
    exported = json.loads(json_path.read_text("utf-8"))
    assert [goal["title"] for goal in exported["goals"]] == ["Walking"]
    assert len(exported["entries"]) == 3
