"""Text at 200 % in a real browser, on the phones people use (390×844 and 360×740).

What people met at the largest text size (issue 10): a floating label
covered what they typed, the "High contrast" label was drawn stretched,
long words were cut in two, and the guide's notice filled the first screen.

Flutter draws on a canvas, so these checks read what it tells the browser:
- a field's label and typed text are told apart by their colours in the
  field's own screenshot (focused, the label is drawn in the primary colour
  and the text in the text colour): the label's rows must end a few rows
  above the typed text's first one;
- a stretched control is one Flutter scales unevenly: its semantics node
  carries a transform whose horizontal and vertical scales differ;
- a chip must be taller than its line of text (a fixed 48 px chip cut the
  words in half);
- a word cut in two takes two lines: a message of one long word must make a
  bubble no taller than a message of one short word.
"""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import FloatRect, Locator, ViewportSize, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from components.theme import BASE_TEXT_SIZES, CALM, scaled
from services.models import Locale

from .conftest import NewPerson
from .conversation_pairs import (
    SMALL_PHONE,
    WRITE,
    MakePair,
    Phone,
    expect_message,
    open_conversation,
)
from .flutter_page import STEP_TIMEOUT_MS, FlutterPage
from .journeys import a_person, expect_home, fr, make_text_larger, open_profile, sign_up

pytestmark = pytest.mark.e2e

LARGEST = 200
# The guide's notice may take at most this share of the screen's height.
NOTICE_SHARE_MAX = 0.2
# One long word: whole, it fits the line of a message on a 360 px phone at 200 %.
LONG_WORD = "complètement"
# Less than one more line of text at 200 % (54 px): rounding, not a line.
LINE_SLACK_PX = 10
# A chip's text needs at least this much padding above and below it, together.
CHIP_PADDING_MIN_PX = 16
# Between the floating label and the typed text, at least this many pixel rows.
LABEL_GAP_PX = 8
PHONES: tuple[ViewportSize, ...] = ({"width": 390, "height": 844}, SMALL_PHONE)

_INK_ROWS = """async ({png, label, text}) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + png;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  const near = (at, [r, g, b]) =>
    Math.abs(pixels[at] - r) + Math.abs(pixels[at + 1] - g) + Math.abs(pixels[at + 2] - b) < 40;
  // Leave out the side borders; a row that is mostly label colour is the top or
  // bottom border. The caret (2 px wide, with its blurred edges) is too thin to count.
  const margin = 8, inner = image.width - 2 * margin, labelRows = [], textRows = [];
  for (let y = 0; y < image.height; y++) {
    let labelInk = 0, textInk = 0;
    for (let x = margin; x < image.width - margin; x++) {
      const at = (y * image.width + x) * 4;
      if (near(at, label)) labelInk++;
      else if (near(at, text)) textInk++;
    }
    if (labelInk >= 6 && labelInk < inner / 2) labelRows.push(y);
    if (textInk >= 6) textRows.push(y);
  }
  return {labelRows, textRows};
}"""

_UNEVENLY_SCALED = """() => [...document.querySelectorAll('flt-semantics')]
  .filter((node) => node.getBoundingClientRect().width > 0)
  .map((node) => [node, new DOMMatrix(getComputedStyle(node).transform)])
  .filter(([, m]) => Math.abs(Math.hypot(m.a, m.b) - Math.hypot(m.c, m.d)) > 0.005)
  .map(([node, m]) => (node.getAttribute('aria-label') || node.textContent || '?').slice(0, 40)
    + ' scaled ' + Math.hypot(m.a, m.b).toFixed(3) + ' x ' + Math.hypot(m.c, m.d).toFixed(3))"""


def _rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]


def _at_200_percent(screen: FlutterPage, name: str) -> None:
    """Sign up and set the text size to 200 % from the profile, as a person does."""
    person = a_person(name)
    sign_up(screen, person, "role.survivor")
    expect_home(screen, person)
    open_profile(screen)
    make_text_larger(screen, to_percent=LARGEST)


def _box(locator: Locator) -> FloatRect:
    box = locator.bounding_box()
    assert box is not None, "not on screen"
    return box


def _scroll_to(screen: FlutterPage, target: Locator) -> None:
    """Scroll with the wheel, as a person would, until `target` is in the upper half."""
    expect(target).to_be_attached()
    for _ in range(20):
        if 0 <= _box(target)["y"] < SMALL_PHONE["height"] / 2:
            break
        screen.page.mouse.move(SMALL_PHONE["width"] / 2, SMALL_PHONE["height"] / 2)
        screen.page.mouse.wheel(0, SMALL_PHONE["height"] / 4)
        screen.page.wait_for_timeout(300)
    screen.page.wait_for_timeout(400)


def _type_into(screen: FlutterPage, field: Locator, label: str, text: str) -> None:
    """Tap the field's top line, where the text goes, and type.

    The field's node also covers its helper below, which wraps onto several
    lines at 200 % and takes the middle of the node (where Playwright clicks).
    """
    for _ in range(3):
        field.click(position={"x": _box(field)["width"] / 2, "y": 24})
        try:
            screen.page.wait_for_function(
                "label => document.activeElement?.getAttribute('aria-label') === label",
                arg=label,
                timeout=STEP_TIMEOUT_MS,
            )
        except PlaywrightTimeoutError:
            continue  # a tap while the screen settles focuses nothing: tap again
        screen.page.keyboard.press("ControlOrMeta+A")
        screen.page.keyboard.press("Backspace")
        screen.page.keyboard.type(text, delay=15)
        if field.input_value() == text:
            break
    expect(field).to_have_value(text)
    screen.page.wait_for_timeout(400)


def _label_and_typed_rows(screen: FlutterPage, field: Locator) -> tuple[list[int], list[int]]:
    png = base64.b64encode(screen.page.screenshot(clip=_box(field))).decode()
    rows: dict[str, list[int]] = screen.page.evaluate(
        _INK_ROWS, {"png": png, "label": _rgb(CALM.primary), "text": _rgb(CALM.text)}
    )
    return rows["labelRows"], rows["textRows"]


@pytest.mark.parametrize(
    ("tab", "label", "typed"),
    [
        ("nav.guide", "guide.search.label", "allocation adulte"),
        ("nav.profile", "field.birth_year", "1958"),
    ],
    ids=["guide-search", "birth-year"],
)
def test_the_floating_label_stays_above_the_typed_text(
    new_person: NewPerson, tab: str, label: str, typed: str
) -> None:
    screen = new_person().open()
    _at_200_percent(screen, "Grand Champ")
    screen.page.set_viewport_size(SMALL_PHONE)
    screen.tab(fr(tab)).click()
    field = screen.textbox(fr(label))
    field.scroll_into_view_if_needed()
    _type_into(screen, field, fr(label), typed)
    screen.screenshot(f"large-text-field-{label}")

    label_rows, typed_rows = _label_and_typed_rows(screen, field)
    assert label_rows, "the floating label is not drawn in the field"
    assert typed_rows, "the typed text is not drawn in the field"
    assert max(label_rows) + LABEL_GAP_PX <= min(typed_rows), (
        f"the label reaches row {max(label_rows)}, the typed text starts at row {min(typed_rows)}"
    )


def test_the_high_contrast_switch_is_drawn_unstretched(new_person: NewPerson) -> None:
    screen = new_person().open()
    person = a_person("Contraste")
    sign_up(screen, person, "role.survivor")
    expect_home(screen, person)
    open_profile(screen)
    switch = screen.page.get_by_role("switch", name=fr("profile.high_contrast"))
    expect(switch).to_be_visible()
    assert screen.page.evaluate(_UNEVENLY_SCALED) == [], "at 100 %"

    make_text_larger(screen, to_percent=LARGEST)
    for viewport in PHONES:
        screen.page.set_viewport_size(viewport)
        switch.scroll_into_view_if_needed()
        screen.page.wait_for_timeout(500)
        screen.screenshot(f"large-text-switch-{viewport['width']}")
        assert screen.page.evaluate(_UNEVENLY_SCALED) == [], f"at 200 %, {viewport}"
        assert screen.cut_off_on_the_side() == []
        assert _box(switch)["height"] >= 48


def test_a_long_word_in_a_message_stays_whole(
    make_pair: MakePair,
    phone: Phone,
) -> None:
    pair = make_pair(Locale.FR, text_scale=LARGEST)
    survivor = phone(SMALL_PHONE)
    open_conversation(survivor, pair, pair.survivor)
    heights = {}
    for message in ("Oui", LONG_WORD):
        survivor.fill(pair.t(WRITE), message)
        survivor.tap(pair.t("messaging.chat.send"))
        expect_message(survivor, message)
        heights[message] = _box(_bubble(survivor, message))["height"]
    survivor.screenshot("large-text-message")

    # A word that fits its line takes one line, as "Oui" does; cut in two, it takes two.
    assert heights[LONG_WORD] < heights["Oui"] + LINE_SLACK_PX, (
        f'"{LONG_WORD}" makes a bubble {heights[LONG_WORD]:.0f} px high, "Oui" one of '
        f"{heights['Oui']:.0f} px: the word is cut onto a second line"
    )


def _bubble(screen: FlutterPage, text: str) -> Locator:
    """My message reading exactly `text`, then its time: one node."""
    innermost = screen.page.locator("flt-semantics:not(:has(flt-semantics))")
    return innermost.filter(has_text=re.compile("^" + re.escape(text) + r"\s+\d\d:\d\d")).last


def test_the_guide_notice_leaves_the_first_screen_to_the_guide(new_person: NewPerson) -> None:
    screen = new_person().open()
    _at_200_percent(screen, "Guide Grand")
    full_notice = fr("guide.notice", date="29 novembre 2026")
    for viewport in PHONES:
        screen.page.set_viewport_size(viewport)
        screen.tab(fr("nav.guide")).click()
        notice = screen.by_id("guide-notice")
        expect(notice).to_be_visible()
        screen.page.wait_for_timeout(500)
        screen.screenshot(f"large-text-guide-{viewport['width']}")
        height = _box(notice)["height"]
        assert height < NOTICE_SHARE_MAX * viewport["height"], (
            f"the notice is {height:.0f} px high on a {viewport['height']} px screen"
        )
        # Still there, and the whole text is one tap away.
        expect(notice).to_contain_text(fr("guide.notice_short"))
        notice.click()
        screen.expect_text(full_notice)
        notice.click()
        expect(notice).to_contain_text(fr("guide.notice_short"))


def test_filter_chips_grow_with_their_words(new_person: NewPerson) -> None:
    screen = new_person().open()
    _at_200_percent(screen, "Journal Grand")
    screen.page.set_viewport_size(SMALL_PHONE)
    screen.tab(fr("nav.diary")).click()
    chip = screen.button(fr("diary.filter.month"))
    _scroll_to(screen, chip)
    screen.screenshot("large-text-chips")
    # One line of chip text at 200 % (body size, 1.35 line height) and some padding.
    line = scaled(BASE_TEXT_SIZES["body_medium"], LARGEST) * 1.35
    height = _box(chip)["height"]
    assert height >= line + CHIP_PADDING_MIN_PX, (
        f"the chip is {height:.0f} px high; its line of text needs {line:.0f} px"
    )
