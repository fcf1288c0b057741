"""Drive the Flutter web client through its accessibility tree.

Flutter draws on a canvas; with semantics enabled it mirrors every control
as DOM nodes with roles and names (Button → role "button", TextField(label) →
an <input> named by its label, ft.Semantics(identifier=x) →
[flt-semantics-identifier="x"]). Tests find things the way a screen reader
would, which also checks that every control has a name.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

_PAST_RIGHT_EDGE = """() => {
  const problems = [];
  for (const node of document.querySelectorAll('flt-semantics')) {
    const box = node.getBoundingClientRect();
    if (box.width === 0 || box.bottom < 0 || box.top > window.innerHeight) continue;
    if (box.left < -0.5 || box.right > window.innerWidth + 0.5)
      problems.push((node.textContent || node.getAttribute('aria-label') || '?').slice(0, 40)
        + ' spans ' + Math.round(box.left) + '..' + Math.round(box.right));
  }
  return problems;
}"""
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
LOAD_TIMEOUT_MS = 30_000
STEP_TIMEOUT_MS = 15_000
MIN_TAP_TARGET_PX = 48
# Half a pixel of slack: Flutter positions nodes on fractional pixels. Nodes cut by
# the edge of the scrolling area (the window top, the bottom bar) report only
# their visible part, so they are left for a check after scrolling.
_UNDERSIZED_OR_UNNAMED = """(minimum) => {
  const interactive = document.querySelectorAll(
    'flt-semantics[role="button"], flt-semantics[role="tab"], flt-semantics[role="switch"],'
    + ' flt-semantics[role="checkbox"], flt-semantics[role="radio"], input, textarea');
  const bar = document.querySelector('flt-semantics[role="tablist"]');
  const problems = [];
  for (const node of interactive) {
    const box = node.getBoundingClientRect();
    const inBar = bar !== null && bar.contains(node);
    const scrollBottom = bar ? bar.getBoundingClientRect().top : window.innerHeight;
    if (box.width === 0) continue;
    if (!inBar && (box.top <= 1 || box.bottom >= scrollBottom - 1)) continue;
    const name = (node.getAttribute('aria-label') || node.textContent || '').trim();
    const what = (node.getAttribute('role') || node.tagName) + ' "' + name + '"';
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5)
      problems.push(what + ' is ' + Math.round(box.width) + 'x' + Math.round(box.height));
    if (!name) problems.push(what + ' has no accessible name');
  }
  return problems;
}"""


_LABELS_ON_SCREEN = """() => [...document.querySelectorAll('flt-semantics')]
  .filter((node) => node.getBoundingClientRect().width > 0)
  .map((node) => ((node.getAttribute('role') || '') + ':' + (node.getAttribute('aria-label')
    || [...node.childNodes].filter((c) => c.nodeType === 3).map((c) => c.textContent).join('')
    || '')).trim())
  .filter((label) => !label.endsWith(':'))"""


class FlutterPage:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self, path: str = "/") -> FlutterPage:
        self.page.goto(self.base_url.rstrip("/") + path)
        self.enable_semantics()
        return self

    def enable_semantics(self) -> None:
        placeholder = self.page.locator("flt-semantics-placeholder")
        placeholder.wait_for(state="attached", timeout=LOAD_TIMEOUT_MS)
        # The placeholder sits off-screen on purpose; a DOM click is what a screen reader sends.
        placeholder.dispatch_event("click")
        self.page.locator("flt-semantics").first.wait_for(state="attached", timeout=LOAD_TIMEOUT_MS)

    # -- finding ---------------------------------------------------------------
    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def textbox(self, label: str) -> Locator:
        return self.page.get_by_role("textbox", name=label, exact=True)

    def tab(self, name: str) -> Locator:
        return self.page.get_by_role("tab", name=name, exact=True)

    def by_id(self, identifier: str) -> Locator:
        return self.page.locator(f'[flt-semantics-identifier="{identifier}"]')

    # -- acting ---------------------------------------------------------------
    def tap(self, name: str) -> None:
        button = self.button(name)
        expect(button).to_be_visible(timeout=STEP_TIMEOUT_MS)
        expect(button).to_be_enabled(timeout=STEP_TIMEOUT_MS)
        button.click()

    def scroll_to(self, target: Locator, steps: int = 20) -> None:
        """Wheel the screen, as a person does, until `target` sits in the upper half.

        A click on a field half under the fold makes Flutter scroll while the
        tap lands, and the tap can then focus the field above it.
        """
        expect(target).to_be_attached()
        viewport = self.page.viewport_size or {"width": 390, "height": 844}
        for _ in range(steps):
            box = target.bounding_box()
            if box is not None and 0 <= box["y"] < viewport["height"] / 2:
                break
            self.page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
            going_down = box is None or box["y"] >= viewport["height"] / 2
            self.page.mouse.wheel(0, (1 if going_down else -1) * viewport["height"] / 4)
            self.page.wait_for_timeout(300)
        self.page.wait_for_timeout(300)

    def fill(self, label: str, value: str) -> None:
        """Type like a person; Flutter creates the real <input> on focus, so wait for it."""
        box = self.textbox(label)
        for _ in range(3):
            box.click()
            try:
                self.page.wait_for_function(
                    "label => document.activeElement"
                    " && document.activeElement.getAttribute('aria-label') === label",
                    arg=label,
                    timeout=STEP_TIMEOUT_MS,
                )
            except PlaywrightTimeoutError:
                # A click that landed while the screen was still settling (a busy
                # machine) focuses nothing: tap the field again, as a person would.
                continue
            self.page.keyboard.press("ControlOrMeta+A")
            self.page.keyboard.press("Backspace")
            self.page.keyboard.type(value, delay=15)
            if box.input_value() == value:
                return
        expect(box).to_have_value(value)

    def expect_text(self, text: str | re.Pattern[str]) -> None:
        expect(self.page.locator("flt-semantics").filter(has_text=text).last).to_be_visible(
            timeout=STEP_TIMEOUT_MS
        )

    def undersized_controls(self) -> list[str]:
        """Buttons, tabs and fields on screen smaller than 48×48 px, or without a name."""
        problems: list[str] = self.page.evaluate(_UNDERSIZED_OR_UNNAMED, MIN_TAP_TARGET_PX)
        return problems

    def cut_off_on_the_side(self) -> list[str]:
        """Texts and controls reaching past the right edge (the screen is too narrow for them)."""
        problems: list[str] = self.page.evaluate(_PAST_RIGHT_EDGE)
        return problems

    def describe(self, name: str) -> str:
        """For a failed test: the address and every label on screen, and a screenshot."""
        try:
            self.screenshot(name)
            labels: list[str] = self.page.evaluate(_LABELS_ON_SCREEN)
        except Exception as error:  # a closed or crashed page says so
            return f"{self.page.url}: cannot be read ({error})"
        return f"{self.page.url}: " + " | ".join(labels)

    def screenshot(self, name: str) -> None:
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        # The semantics tree can run a frame ahead of the canvas; let the paint land.
        self.page.wait_for_timeout(400)
        self.page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"))
