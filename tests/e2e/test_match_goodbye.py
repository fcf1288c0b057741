"""Ending a match with a goodbye, in real browsers, one context per person (issue 13, item 3).

The goodbye is kept only as the conversation's last message (the match row
keeps no copy a coordinator could read): both people still read it there.
"""

from __future__ import annotations

import uuid

import pytest

from .conversation_pairs import (
    LIVE_TIMEOUT_MS,
    MakePair,
    Phone,
    bubbles,
    conversation_row,
    expect_message,
    open_conversation,
)

pytestmark = pytest.mark.e2e


def test_both_people_read_the_goodbye_in_the_closed_conversation(
    make_pair: MakePair, phone: Phone
) -> None:
    pair = make_pair()
    survivor, peer = phone(), phone()
    open_conversation(survivor, pair, pair.survivor)
    open_conversation(peer, pair, pair.peer)
    farewell = f"Prenez soin de vous {uuid.uuid4().hex[:4]}"

    peer.tap(pair.t("messaging.chat.options"))
    peer.fill(pair.t("messaging.chat.goodbye"), farewell)
    peer.tap(pair.t("messaging.chat.end"))

    # The survivor, still in the conversation, reads it as it closes.
    shown = f"{pair.t('messaging.chat.goodbye_label')} — {farewell}"
    expect_message(survivor, shown)
    expect_message(survivor, pair.t("messaging.chat.closed"))
    # The peer, back on the Messages tab, finds it in the conversation too.
    row = conversation_row(peer, pair, pair.peer)
    row.first.wait_for(timeout=LIVE_TIMEOUT_MS)
    row.first.click()
    expect_message(peer, shown)
    assert bubbles(peer, shown).count() <= 1
