"""One screen's accessibility audit, as a list of problems a person would meet.

- every button, tab, switch, box and field has an accessible name and is at
  least 48×48 CSS px (FlutterPage.undersized_controls);
- nothing reaches past the right edge (FlutterPage.cut_off_on_the_side);
- the keyboard goes through the controls in reading order: top to bottom,
  left to right within a row, and Tab follows that same order, through the
  screen's content and through the bottom bar. (Flutter's reading-order
  traversal can visit the bar before a control that is half hidden under it,
  and Flet 1.0 offers no focus-traversal group to stop that: the bar's place
  among the content is not judged, only each one's own order.)
- all of it, not only the first screenful: the screen is scrolled down a
  screenful at a time and measured again at each stop;
- a screenshot of the screen is kept in test-artifacts/.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .flutter_page import FlutterPage

MAX_TAB_PRESSES = 120
MAX_SCROLLS = 10
SCROLL_SETTLE_MS = 350
# Where the semantics nodes are: it stops changing when the screen can scroll no further.
_LAYOUT_SIGNATURE = """() => [...document.querySelectorAll('flt-semantics')].slice(0, 60)
  .map((node) => Math.round(node.getBoundingClientRect().top)).join(',')"""
FOCUSABLE = (
    'flt-semantics[role="button"], flt-semantics[role="tab"], flt-semantics[role="switch"],'
    ' flt-semantics[role="checkbox"], flt-semantics[role="radio"], flt-semantics[role="link"],'
    " input, textarea"
)
# Content slides under the bottom bar: a control partly behind it is not on screen.
_VISIBLE_FOCUSABLE = """(selector) => {
  const bar = document.querySelector('flt-semantics[role="tablist"]');
  const limit = bar ? bar.getBoundingClientRect().top : window.innerHeight;
  return [...document.querySelectorAll(selector)]
  .map((node) => ({node, box: node.getBoundingClientRect()}))
  .filter(({node, box}) => box.width > 0 && box.height > 0 && box.top >= 0
    && (box.bottom <= limit + 0.5 || (bar && bar.contains(node))))
  .filter(({node}) => node.getAttribute('aria-disabled') !== 'true' && !node.disabled)
  .map(({node, box}) => ({
    name: (node.getAttribute('aria-label') || node.textContent || '').trim().slice(0, 50),
    top: box.top, bottom: box.bottom, left: box.left,
    in_bar: !!(bar && bar.contains(node))}));
}"""
_MARK_FOCUS = "() => { window.__auditFocus = document.activeElement; }"
_FOCUS_MOVED = """() => document.activeElement !== window.__auditFocus
  && document.activeElement !== document.body"""
_FOCUS_LEFT_PAGE = "() => !document.activeElement || document.activeElement === document.body"
_FOCUSED = """() => {
  const node = document.activeElement;
  return node ? (node.getAttribute('aria-label') || node.textContent || '').trim().slice(0, 50)
    : '';
}"""


@dataclass(frozen=True)
class Control:
    name: str
    top: float
    bottom: float
    left: float
    in_bar: bool

    def same_row_as(self, other: Control) -> bool:
        overlap = min(self.bottom, other.bottom) - max(self.top, other.top)
        return overlap > 0.5 * min(self.bottom - self.top, other.bottom - other.top)


def reading_order_problems(controls: list[Control]) -> list[str]:
    """Pairs of controls, in keyboard order, where the second one comes earlier on screen."""
    problems = []
    for before, after in pairwise(controls):
        if before.same_row_as(after):
            backwards = after.left < before.left - 1
        else:
            backwards = after.top < before.top - 1
        if backwards:
            problems.append(f'focus goes back from "{before.name}" to "{after.name}"')
    return problems


def visible_controls(screen: FlutterPage) -> list[Control]:
    found: list[dict[str, Any]] = screen.page.evaluate(_VISIBLE_FOCUSABLE, FOCUSABLE)
    return [Control(**item) for item in found]


def _first_occurrences(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _focus_moved(screen: FlutterPage) -> bool:
    try:
        screen.page.wait_for_function(_FOCUS_MOVED, timeout=2_000)
    except PlaywrightTimeoutError:
        return False
    return True


def tab_order_problems(screen: FlutterPage, controls: list[Control]) -> list[str]:
    """Tab must meet the visible controls in the order they are drawn.

    Tab goes round the screen and back to its start, from wherever focus was:
    the walk goes round once and is read from the first control on screen.
    """
    expected = _first_occurrences([control.name for control in controls])
    if not expected:
        return []
    met: list[str] = []
    left_page = False
    for _ in range(MAX_TAB_PRESSES):
        screen.page.evaluate(_MARK_FOCUS)
        screen.page.keyboard.press("Tab")
        if not _focus_moved(screen):
            # Past the last control focus leaves the page (the walk may start
            # mid-screen, in a field being typed in): one more Tab brings it
            # back at the top.
            if left_page or not screen.page.evaluate(_FOCUS_LEFT_PAGE):
                break  # nothing more takes focus
            left_page = True
            screen.page.evaluate(_MARK_FOCUS)
            screen.page.keyboard.press("Tab")
            if not _focus_moved(screen):
                break
        met.append(screen.page.evaluate(_FOCUSED))
        if expected[0] in met and set(expected) <= set(met):
            break  # round once: every visible control met
    if expected[0] not in met:
        return [f'Tab never reaches "{expected[0]}"']
    start = met.index(expected[0])
    going_round = _first_occurrences([name for name in met[start:] + met[:start]])
    problems = []
    for part in (
        [control.name for control in controls if not control.in_bar],
        [control.name for control in controls if control.in_bar],
    ):
        wanted = _first_occurrences(part)
        order = [name for name in going_round if name in wanted]
        if order != wanted:
            problems.append(f"Tab order {order} differs from the reading order {wanted}")
    return problems


def _measured(screen: FlutterPage) -> list[str]:
    return screen.undersized_controls() + screen.cut_off_on_the_side()


def _below_the_fold(screen: FlutterPage) -> list[str]:
    """Size and edge problems further down, scrolling a screenful at a time; then back up."""
    viewport = screen.page.viewport_size
    assert viewport is not None
    screen.page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
    found: list[str] = []
    moved = False
    for _ in range(MAX_SCROLLS):
        before = screen.page.evaluate(_LAYOUT_SIGNATURE)
        screen.page.mouse.wheel(0, viewport["height"] * 0.6)
        screen.page.wait_for_timeout(SCROLL_SETTLE_MS)
        if screen.page.evaluate(_LAYOUT_SIGNATURE) == before:
            break
        moved = True
        found += _measured(screen)
    if moved:
        screen.page.mouse.wheel(0, -100 * viewport["height"])
        screen.page.wait_for_timeout(SCROLL_SETTLE_MS)
    return found


def audit(screen: FlutterPage, name: str, *, tab_walk: bool = True) -> list[str]:
    """Everything wrong with the screen now on display; also photographs it.

    The Tab walk presses Tab up to MAX_TAB_PRESSES times, the slow part: callers
    auditing the same screen at several sizes walk it at one of them.
    """
    screen.screenshot(f"a11y-{name}")
    controls = visible_controls(screen)
    measured = _measured(screen) + _below_the_fold(screen)
    problems = [f"{name}: {problem}" for problem in dict.fromkeys(measured)]
    problems += [f"{name}: {problem}" for problem in reading_order_problems(controls)]
    if tab_walk:
        problems += [f"{name}: {problem}" for problem in tab_order_problems(screen, controls)]
    return problems
