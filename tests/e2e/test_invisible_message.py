"""A message of invisible characters, in a real browser (issue 14, item 11).

Zero-width spaces were stored and shown as an empty bubble. Now the person is
told, in their language, that the message has nothing visible; what they typed
stays in the box, and nothing reaches the conversation.
"""

from __future__ import annotations

import psycopg
import pytest
from playwright.sync_api import expect

from .conversation_pairs import WRITE, MakePair, Phone, open_conversation
from .flutter_page import STEP_TIMEOUT_MS

pytestmark = pytest.mark.e2e

INVISIBLE = "\u200b\u200b\u200b"


def _stored(conninfo: str, pair_conversation: object) -> int:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "select count(*) from public.messages where conversation_id = %s",
            [pair_conversation],
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_a_message_of_zero_width_spaces_is_refused_in_words_and_kept_in_the_box(
    make_pair: MakePair, phone: Phone, server_db: str
) -> None:
    pair = make_pair()
    survivor = phone()
    open_conversation(survivor, pair, pair.survivor)
    label = pair.t(WRITE)
    box = survivor.textbox(label)
    box.click()
    survivor.page.wait_for_function(
        "label => document.activeElement"
        " && document.activeElement.getAttribute('aria-label') === label",
        arg=label,
        timeout=STEP_TIMEOUT_MS,
    )
    # Pasted, as such text usually arrives: no key of a keyboard types it.
    survivor.page.keyboard.insert_text(INVISIBLE)
    expect(box).to_have_value(INVISIBLE, timeout=STEP_TIMEOUT_MS)
    survivor.tap(pair.t("messaging.chat.send"))

    survivor.expect_text(pair.t("error.message_invisible"))
    assert pair.t("error.message_invisible") == "Ce message ne contient aucun caractère visible."
    box.click()
    expect(box).to_have_value(INVISIBLE, timeout=STEP_TIMEOUT_MS)
    assert _stored(server_db, pair.conversation_id) == 0
