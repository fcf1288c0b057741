"""Deleting one's account, in real browsers: the survivor leaves, the peer sees it.

A matched survivor and peer (tests/e2e/conversation_pairs.py) write to each
other; the survivor deletes their account from the profile (password, typed
word, final "yes"); their tab says goodbye on the welcome screen, their old
password no longer signs in, and the peer's conversation shows "Compte
supprimé" with the survivor's words erased and the peer's own still there.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from services.models import Locale

from .a11y_audit import audit
from .conversation_pairs import (
    LIVE_TIMEOUT_MS,
    WRITE,
    MakePair,
    Pair,
    Phone,
    expect_message,
    open_conversation,
)
from .flutter_page import STEP_TIMEOUT_MS, FlutterPage
from .journeys import expect_home, sign_in

pytestmark = pytest.mark.e2e


def _send(screen: FlutterPage, pair: Pair, text: str) -> None:
    screen.fill(pair.t(WRITE), text)
    screen.tap(pair.t("messaging.chat.send"))
    expect_message(screen, text)


def _open_deletion(screen: FlutterPage, pair: Pair) -> None:
    screen.tab(pair.t("nav.profile")).click()
    button = screen.button(pair.t("account_deletion.profile_button"))
    screen.scroll_to(button)
    button.click()
    screen.expect_text(pair.t("account_deletion.kept_heading"))
    # The export is offered before anything is asked.
    expect(screen.button(pair.t("account_deletion.export_button"))).to_be_visible()


def _fill(screen: FlutterPage, label: str, value: str) -> None:
    screen.scroll_to(screen.textbox(label))
    screen.fill(label, value)


def _expect_kept(screen: FlutterPage, label: str, value: str) -> None:
    # Tapped first: Flutter writes a field's text into the page only while it has focus.
    field = screen.textbox(label)
    screen.scroll_to(field)
    field.click()
    expect(field).to_have_value(value, timeout=STEP_TIMEOUT_MS)


def test_the_survivor_deletes_their_account_and_the_peer_sees_it(
    make_pair: MakePair, phone: Phone
) -> None:
    pair = make_pair(Locale.FR)
    survivor, peer = phone(), phone()
    open_conversation(survivor, pair, pair.survivor)
    open_conversation(peer, pair, pair.peer)
    _send(survivor, pair, "Merci pour tout")
    expect_message(peer, "Merci pour tout")
    _send(peer, pair, "Avec plaisir")

    _open_deletion(survivor, pair)
    # The accessibility audit's own checks (48 px, reading and Tab order, all the way down).
    assert audit(survivor, "delete-account") == []
    password = pair.t("account_deletion.password")
    word = pair.t("account_deletion.type_word", word=pair.t("account_deletion.word"))
    submit = survivor.button(pair.t("account_deletion.submit"))

    # A wrong word is refused before the final question, and what was typed stays.
    _fill(survivor, password, pair.survivor.password)
    _fill(survivor, word, "supprimer")
    survivor.scroll_to(submit)
    submit.click()
    expect(survivor.by_id("delete-account-error")).to_contain_text(
        pair.t("account_deletion.word_mismatch", word=pair.t("account_deletion.word")),
        timeout=STEP_TIMEOUT_MS,
    )
    _expect_kept(survivor, password, pair.survivor.password)
    expect(survivor.button(pair.t("account_deletion.confirm_yes"))).to_have_count(0)

    # A wrong password reaches the server and is refused; nothing is deleted.
    _fill(survivor, password, "not my password")
    _fill(survivor, word, "SUPPRIMER")
    survivor.scroll_to(submit)
    submit.click()
    survivor.tap(pair.t("account_deletion.confirm_yes"))
    expect(survivor.by_id("delete-account-error")).to_contain_text(
        pair.t("account_deletion.wrong_password"), timeout=STEP_TIMEOUT_MS
    )
    _expect_kept(survivor, word, "SUPPRIMER")

    # The right password, the word, then "yes": the tab says goodbye.
    _fill(survivor, password, pair.survivor.password)
    survivor.scroll_to(submit)
    submit.click()
    survivor.tap(pair.t("account_deletion.confirm_yes"))
    expect(survivor.by_id("account-deleted")).to_contain_text(
        pair.t("account_deletion.goodbye"), timeout=LIVE_TIMEOUT_MS
    )
    survivor.screenshot("account-deleted-goodbye")

    # The old password no longer opens anything.
    sign_in(survivor, pair.survivor)
    expect(survivor.by_id("form-error")).to_contain_text(
        pair.t("error.invalid_credentials"), timeout=STEP_TIMEOUT_MS
    )

    # The peer opens the conversation again: the author is gone, their words erased.
    peer.open()
    expect_home(peer, pair.peer)
    # The tab's name may carry an unread count before "Messages".
    peer.page.get_by_role("tab", name=re.compile(re.escape(pair.t("nav.messages")))).click()
    gone = pair.t("messaging.chat.deleted_account")
    row = peer.page.get_by_role(
        "button",
        name=re.compile("^" + re.escape(pair.t("messaging.messages.open_with", name=gone))),
    )
    expect(row.first).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    row.first.click()
    expect_message(peer, pair.t("messaging.chat.message_erased"))
    expect_message(peer, "Avec plaisir")
    expect(peer.page.get_by_text("Merci pour tout")).to_have_count(0)
    expect(peer.textbox(pair.t(WRITE))).to_have_count(0)
    peer.screenshot("conversation-with-a-deleted-account")
