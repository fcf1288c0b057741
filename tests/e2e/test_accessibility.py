"""Every screen and every dialog or sheet, audited on a small phone (360×740).

Each screen is audited twice: at 100 % text, then at 200 % text in high
contrast, with the Tab-order walk (tests/e2e/a11y_audit.py) at 200 % only.
tests/e2e/audit_routes.py lists what is walked, per role; a unit test keeps that
list equal to the app's route table. The data is made through the services
(tests/e2e/audit_world.py) and screens are opened by address, so the audit is
quick. Screenshots: test-artifacts/a11y-<screen>-<size>.png.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, ViewportSize, expect

from .a11y_audit import audit
from .audit_routes import DIALOGS_BY_ROLE, ROUTES_BY_ROLE
from .audit_world import AuditWorld, make_world, set_display
from .conftest import NewPerson
from .flutter_page import FlutterPage
from .journeys import Person, expect_home, fr, sign_in
from .server_data import run, server_conninfo

pytestmark = pytest.mark.e2e

SMALL_PHONE: ViewportSize = {"width": 360, "height": 740}
PASSES = ((100, False), (200, True))  # (text size, high contrast)
PROCEDURE = "/home/guide/procedures/aah"


@pytest.fixture(scope="module")
def conninfo(relais_url: str, relais_data_dir: Path) -> str:
    return server_conninfo(relais_data_dir)


@pytest.fixture(scope="module")
def world(conninfo: str) -> AuditWorld:
    return run(make_world(conninfo))


@pytest.fixture
def small_phone(new_person: NewPerson) -> Callable[[], FlutterPage]:
    return lambda: new_person(viewport=SMALL_PHONE)


# Problems the audit finds that this file does not expect to see fixed here, each
# with its reason. They are printed, not hidden; remove a line once it is fixed.
NOT_FIXED_HERE = (
    # Flutter's calendar lays seven days out in its fixed 328 px dialog: 43 px per
    # day, and Flet offers no way to size its cells. Typing the date stays the
    # large way in (components/date_field.py).
    (re.compile(r"^date-picker-\d+: button .* is \d+x\d+$"), "Flutter's calendar grid"),
    (re.compile(r"^date-picker-200: Tab order "), "Flutter's calendar grid"),
    # With the crisis banner open at 200 % on a small phone, the other person's
    # message lies scrolled behind the banner: the audit reads its position as on
    # screen (Flutter's semantics give a row's place, not its clipping), while
    # Flutter keeps the list's rows together in the Tab order, after the field,
    # and scrolls the row into view when Tab reaches it. Everything is reached.
    (
        re.compile(
            r"^crisis-banner-200: (focus goes back from \"[^\"]+\" to \"Bonjour, je suis là"
            r"|Tab order \[.*'Réponses rapides', 'Bonjour, je suis là[^']*'\] differs)"
        ),
        "a message behind the open banner",
    ),
)


def assert_clean(problems: list[str]) -> None:
    left = []
    for problem in problems:
        reason = next((why for pattern, why in NOT_FIXED_HERE if pattern.search(problem)), None)
        if reason is None:
            left.append(problem)
        else:
            print(f"not fixed here ({reason}): {problem}")
    assert left == [], "\n".join(left)


def _words(screen: FlutterPage, text: str) -> Locator:
    """Where `text` is on screen: a node's name (fields, buttons) or its text."""
    pattern = re.compile(re.escape(text))
    return screen.page.get_by_label(pattern).or_(screen.page.get_by_text(pattern)).first


class Auditor:
    """One person's phone going through screens, collecting every problem found."""

    def __init__(self, screen: FlutterPage, person: Person, conninfo: str) -> None:
        self.screen, self.person, self.conninfo = screen, person, conninfo
        self.problems: list[str] = []
        self.size, self.walk = 100, False

    def sign_in(self) -> None:
        self.screen.open()
        sign_in(self.screen, self.person)
        expect_home(self.screen, self.person)

    def display(self, size: int, contrast: bool) -> None:
        """Store the person's display choices; the app applies them at the next sign-in."""
        self.size, self.walk = size, size == 200
        if size == 100 and not contrast:
            return  # as stored before the first sign-in
        run(set_display(self.conninfo, self.person, text_scale=size, contrast=contrast))
        self.screen.open("/home/profile")
        self.screen.tap(fr("profile.sign_out"))
        self.screen.expect_text(fr("welcome.title"))
        sign_in(self.screen, self.person)
        expect_home(self.screen, self.person)

    def check(self, name: str) -> None:
        self.problems += audit(self.screen, f"{name}-{self.size}", tab_walk=self.walk)

    def visit(self, path: str, name: str, ready: str | None = None) -> None:
        self.screen.open(path)
        if ready is not None:
            expect(_words(self.screen, ready)).to_be_attached()
        else:
            expect(self.screen.tab(fr("nav.profile"))).to_be_visible()
        self.check(name)

    def assert_clean(self) -> None:
        assert_clean(self.problems)


def _auditor(
    phone: Callable[[], FlutterPage], world: AuditWorld, key: str, conninfo: str
) -> Auditor:
    auditor = Auditor(phone(), world.people[key], conninfo)
    run(set_display(conninfo, auditor.person, text_scale=100, contrast=False))
    auditor.sign_in()
    return auditor


def test_signed_out_screens(
    small_phone: Callable[[], FlutterPage], world: AuditWorld, conninfo: str
) -> None:
    screen = small_phone()
    problems: list[str] = []
    for size in (100, 200):
        if size == 200:
            # The text size chosen while signed in stays with the browser tab.
            person = world.people["waiting"]
            run(set_display(conninfo, person, text_scale=200, contrast=True))
            screen.open()
            sign_in(screen, person)
            expect_home(screen, person)
            screen.tab(fr("nav.profile")).click()
            screen.tap(fr("profile.sign_out"))
        for path, name in zip(
            ROUTES_BY_ROLE["signed-out"],
            ("welcome", "sign-up", "sign-in", "forgot-password"),
            strict=True,
        ):
            screen.open(path)
            expect(screen.page.locator("flt-semantics").first).to_be_attached()
            screen.page.wait_for_timeout(500)
            problems += audit(screen, f"{name}-{size}", tab_walk=size == 200)
    assert_clean(problems)


def test_survivor_messages_and_conversation(
    small_phone: Callable[[], FlutterPage], world: AuditWorld, conninfo: str
) -> None:
    survivor = _auditor(small_phone, world, "survivor", conninfo)
    for size, contrast in PASSES:
        survivor.display(size, contrast)
        survivor.visit("/home", "home")
        survivor.visit("/home/messages", "messages")
        survivor.visit("/home/messages/ask", "ask")
        survivor.visit("/home/messages/quiet-hours", "quiet-hours", fr("messaging.quiet.title"))
        survivor.visit(world.addresses["conversation"], "conversation", fr("messaging.chat.write"))
        screen = survivor.screen
        # The crisis banner, opened.
        folded = screen.by_id("crisis-banner-folded")
        if folded.count():
            screen.tap(fr("messaging.safety.banner_open"))
        expect(screen.by_id("crisis-banner")).to_be_visible()
        survivor.check("crisis-banner")
        if size == 200:  # at large text what to do opens in a dialog
            screen.tap(fr("messaging.safety.what_to_do"))
            expect(screen.by_id("crisis-guidance")).to_be_visible()
            survivor.check("crisis-guidance")
            screen.tap(fr("messaging.chat.close"))
            expect(screen.by_id("crisis-guidance")).to_have_count(0)
        # Reporting the peer's message: with the banner open a small phone has no room
        # left for the messages, so it is folded first.
        screen.tap(fr("messaging.safety.banner_hide"))
        _words(screen, "Bonjour, je suis là").dispatch_event("click")
        # The bubble's button can sit under the folded banner: clicked as a screen reader does.
        screen.button(fr("messaging.chat.report")).dispatch_event("click")
        expect(screen.by_id("report-panel")).to_be_visible()
        survivor.check("report")
        # The panel's buttons are below the bottom bar on a small phone (reported):
        # leaving the conversation closes it.
        survivor.visit("/home/messages", "messages-again")
        survivor.visit(world.addresses["conversation"], "end", fr("messaging.chat.write"))
        screen.tap(fr("messaging.chat.options"))
        expect(screen.by_id("end-panel")).to_be_visible()
        survivor.check("end-or-block")
        survivor.visit("/home/messages", "messages-again")
        if size == 200:
            survivor.visit(world.addresses["conversation"], "quick", fr("messaging.chat.write"))
            screen.tap(fr("messaging.chat.quick_show"))
            expect(screen.button(fr("messaging.chat.quick.yes"))).to_be_visible()
            survivor.check("quick-replies")
    survivor.assert_clean()


def test_survivor_diary_and_dialogs(
    small_phone: Callable[[], FlutterPage], world: AuditWorld, conninfo: str
) -> None:
    survivor = _auditor(small_phone, world, "survivor", conninfo)
    caregiver = _auditor(small_phone, world, "caregiver", conninfo)
    book, goal, entry = (world.addresses[k] for k in ("book", "goal", "entry"))
    for size, contrast in PASSES:
        survivor.display(size, contrast)
        caregiver.display(size, contrast)
        screen = survivor.screen
        survivor.visit("/home/diary", "diary")
        survivor.visit(book, "book")
        survivor.visit(f"{book}/new-goal", "goal-new")
        survivor.visit(goal, "goal", fr("diary.chart.title"))
        survivor.visit(f"{goal}/edit", "goal-edit")
        survivor.visit(f"{entry}/edit", "entry-edit")
        survivor.visit(f"{book}/new-entry", "entry-new")
        screen.tap(fr("date.pick"))
        expect(screen.button(fr("date.picker.confirm"))).to_be_visible()
        survivor.check("date-picker")
        screen.tap(fr("date.picker.cancel"))
        expect(screen.button(fr("date.picker.confirm"))).to_have_count(0)
        survivor.visit(entry, "entry", "Bravo, continue")
        screen.tap(fr("diary.comments.delete"))
        survivor.check("delete-comment")
        screen.tap(fr("messaging.chat.cancel"))
        screen.tap(fr("diary.entry.delete"))
        survivor.check("delete-entry")
        screen.tap(fr("messaging.chat.cancel"))
        survivor.visit("/home/diary/sharing", "sharing")
        screen.tap(fr("diary.sharing.revoke", name=world.names["caregiver"]))
        survivor.check("remove-member")
        screen.tap(fr("messaging.chat.cancel"))
        caregiver.visit(world.addresses["join"], "join")
    survivor.assert_clean()
    caregiver.assert_clean()


def test_survivor_guide_and_profile(
    small_phone: Callable[[], FlutterPage], world: AuditWorld, conninfo: str
) -> None:
    survivor = _auditor(small_phone, world, "survivor", conninfo)
    for size, contrast in PASSES:
        survivor.display(size, contrast)
        for path in ("/home/guide", "/home/guide/finder", "/home/guide/mine"):
            survivor.visit(path, path.strip("/").replace("/", "-"))
        survivor.visit("/home/guide/who-is-who", "guide-who-is-who")
        survivor.visit("/home/guide/pathway", "guide-pathway")
        survivor.visit(PROCEDURE, "procedure")
        survivor.visit("/home/profile", "profile")
        survivor.visit("/home/profile/sessions", "profile-sessions")
        survivor.visit("/home/profile/notifications", "notifications", fr("notifications.kinds"))
        survivor.visit("/home/profile/emails", "emails", fr("notifications.emails.intro"))
        survivor.visit("/home/profile/export", "export", fr("export.intro"))
        survivor.visit("/home/profile/delete", "delete-account")
    survivor.assert_clean()


def test_peer_screens_and_charter_reminder(
    small_phone: Callable[[], FlutterPage], world: AuditWorld, conninfo: str
) -> None:
    newcomer = _auditor(small_phone, world, "new_peer", conninfo)
    peer = _auditor(small_phone, world, "peer", conninfo)
    for size, contrast in PASSES:
        newcomer.display(size, contrast)
        peer.display(size, contrast)
        newcomer.visit("/home/messages/apply", "apply", fr("messaging.field.accepts_charter"))
        peer.visit(world.addresses["conversation"], "conversation-peer", fr("messaging.chat.write"))
        peer.screen.fill(fr("messaging.chat.write"), "Tu vas guérir complètement")
        peer.screen.page.wait_for_timeout(1_500)
        peer.screen.tap(fr("messaging.chat.send"))
        expect(peer.screen.by_id("false-hope-reminder")).to_be_visible()
        peer.check("charter-reminder")
        peer.screen.tap(fr("messaging.chat.edit"))
        expect(peer.screen.by_id("false-hope-reminder")).to_have_count(0)
    newcomer.assert_clean()
    peer.assert_clean()


def test_coordination_screens(
    small_phone: Callable[[], FlutterPage], world: AuditWorld, conninfo: str
) -> None:
    coordinator = _auditor(small_phone, world, "coordinator", conninfo)
    for size, contrast in PASSES:
        coordinator.display(size, contrast)
        for path in ROUTES_BY_ROLE["coordinator"]:
            if ":" in path:
                path = world.addresses["request"]
            name = "coordination-" + path.rsplit("/", 1)[-1][:12]
            coordinator.visit(path, name)
    coordinator.assert_clean()


def test_the_audit_opens_every_listed_dialog() -> None:
    """Each dialog tests/e2e/audit_routes.py names is audited above, under its screen name."""
    source = Path(__file__).read_text(encoding="utf-8")
    listed = {name for dialogs in DIALOGS_BY_ROLE.values() for name, _route in dialogs}
    assert listed == set(AUDITED_DIALOGS)
    for name, screen_name in AUDITED_DIALOGS.items():
        assert f'check("{screen_name}")' in source, f"{name} is not audited"


# Dialog or sheet → the name its audit and screenshot carry.
AUDITED_DIALOGS = {
    "quick-replies sheet": "quick-replies", "crisis banner, expanded": "crisis-banner",
    "what to do, from the crisis banner": "crisis-guidance",
    "report a message": "report", "end the match or block": "end-or-block",
    "delete a comment": "delete-comment", "delete an entry": "delete-entry",
    "remove a member": "remove-member", "date picker": "date-picker",
    "charter reminder": "charter-reminder",
}  # fmt: skip
