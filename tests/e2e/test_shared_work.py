"""What people pass between them, in real browsers (issue 10 items 3 and 9).

- In high contrast, my own messages were black on a near-black bubble: the
  colours actually painted are read back from a screenshot.
- A survivor's invite code could only be read aloud or copied by hand: it is
  copied to the clipboard in one tap, and the link it comes with opens the app
  at "join" with the code filled in, in another person's browser; joining
  still takes their tap. The diary then speaks of its owner by name.

People and their links are made through the real services on the test
server's own database, then each person signs in as they would.
"""

from __future__ import annotations

import io
import re
import uuid
from typing import TypeVar

import pytest
from PIL import Image
from playwright.sync_api import Browser, FloatRect, expect

from components.theme import contrast_ratio
from services.accounts import auth, profiles
from services.diary import journal
from services.diary.models import GoalCategory
from services.local.gateway import LocalGateway
from services.models import Locale
from services.peer_support import messaging

from .conftest import VIEWPORT, NewPerson
from .conversation_pairs import make_matched_pair
from .flutter_page import FlutterPage
from .journeys import PASSWORD, Person, a_person, expect_home, fr, sign_in
from .server_data import run

pytestmark = pytest.mark.e2e

T = TypeVar("T")
MY_MESSAGE = "Bonjour, je vous écris en contraste élevé."
TEXT_MINIMUM = 4.5
CORNER_PX = 16  # the bubbles' border radius
OTHER_SIDE_PX = 56  # the empty side of my bubbles (components/peer_support/message_bubble.py)


@pytest.fixture
def conninfo(server_db: str) -> str:
    return server_db


async def _survivor_in_high_contrast_with_a_peer(
    conninfo: str, text_scale: int
) -> tuple[Person, Person]:
    """A survivor (high contrast on) matched with a peer, to whom they have written once."""
    pair = await make_matched_pair(conninfo, Locale.FR, text_scale)
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        asking = await auth.sign_in(gateway, email=pair.survivor.email, password=PASSWORD)
        await profiles.update_my_profile(gateway, asking, high_contrast=True)
        await messaging.send_message(
            gateway, asking, message_id=uuid.uuid4(), conversation_id=pair.conversation_id,
            body=MY_MESSAGE,
        )  # fmt: skip
        return pair.survivor, pair.peer
    finally:
        await gateway.close()


def _hex(colour: object) -> str:
    assert isinstance(colour, tuple) and len(colour) == 3
    return "#{:02X}{:02X}{:02X}".format(*colour)


def painted_contrast(screen: FlutterPage, text: str) -> tuple[float, str, str]:
    """(ratio, ink, background) of the pixels painted in my bubble holding `text`.

    The background is the commonest colour in the text's box; the ink is the
    painted colour farthest from it (edges are blended, the strokes are not).
    """
    node = screen.page.locator("flt-semantics").filter(has_text=text).last
    expect(node).to_be_visible()
    box = node.bounding_box()
    assert box is not None
    # The node is the bubble with its margin (my messages keep the left side empty):
    # stay inside the bubble and its rounded corners, where only it and the text are painted.
    left = OTHER_SIDE_PX + CORNER_PX
    clip: FloatRect = {
        "x": box["x"] + left,
        "y": box["y"] + CORNER_PX,
        "width": box["width"] - left - CORNER_PX,
        "height": box["height"] - 2 * CORNER_PX,
    }
    screen.page.wait_for_timeout(600)  # the semantics tree can run a frame ahead of the paint
    shot = Image.open(io.BytesIO(screen.page.screenshot(clip=clip))).convert("RGB")
    colours = shot.getcolors(maxcolors=shot.width * shot.height)
    assert colours
    background = _hex(max(colours)[1])
    ink = max((_hex(c) for _, c in colours), key=lambda c: contrast_ratio(c, background))
    return contrast_ratio(ink, background), ink, background


@pytest.mark.parametrize("text_scale", [100, 200])
def test_in_high_contrast_my_own_message_is_readable(
    new_person: NewPerson, conninfo: str, text_scale: int
) -> None:
    survivor, peer = run(_survivor_in_high_contrast_with_a_peer(conninfo, text_scale))
    screen = new_person().open()
    sign_in(screen, survivor)
    expect_home(screen, survivor)
    screen.tab(fr("nav.messages")).click()
    row = screen.page.get_by_role(
        "button",
        name=re.compile(
            "^" + re.escape(fr("messaging.messages.open_with", name=peer.display_name))
        ),
    )
    row.first.click()
    expect(screen.textbox(fr("messaging.chat.write"))).to_be_visible()
    ratio, ink, background = painted_contrast(screen, MY_MESSAGE)
    screen.screenshot(f"high-contrast-own-message-{text_scale}")
    assert ratio >= TEXT_MINIMUM, f"my message is {ink} on {background}: {ratio:.2f}:1"


# -- 9. passing on an invite code -----------------------------------------------------
GOAL = "Marcher jusqu’au marché"
CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")


async def _survivor_with_a_goal_and_a_caregiver(conninfo: str) -> tuple[Person, Person]:
    tag = uuid.uuid4().hex[:4]
    survivor, caregiver = a_person(f"Marie {tag}"), a_person(f"Aidant {tag}")
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        for person, role in ((survivor, "survivor"), (caregiver, "caregiver")):
            session = await auth.sign_up(
                gateway, email=person.email, password=PASSWORD,
                display_name=person.display_name, role=role, locale="fr",
            )  # fmt: skip
            if person is survivor:
                await journal.create_goal(
                    gateway, session, survivor_id=session.user_id, title=GOAL,
                    category=GoalCategory.MOBILITY,
                )  # fmt: skip
        return survivor, caregiver
    finally:
        await gateway.close()


def test_an_invite_code_is_copied_and_its_link_fills_the_join_field(
    browser: Browser, relais_url: str, conninfo: str, request: pytest.FixtureRequest
) -> None:
    survivor, caregiver = run(_survivor_with_a_goal_and_a_caregiver(conninfo))
    contexts = [
        browser.new_context(
            viewport=VIEWPORT, locale="fr-FR", permissions=["clipboard-read", "clipboard-write"]
        )
        for _ in range(2)
    ]
    own, helper = (FlutterPage(context.new_page(), relais_url) for context in contexts)
    try:
        # The survivor makes an editor's code and copies it in one tap.
        own.open()
        sign_in(own, survivor)
        expect_home(own, survivor)
        own.tab(fr("nav.diary")).click()
        own.tap(fr("diary.sharing.open"))
        own.page.get_by_role("button", name=fr("diary.access.choose.editor")).click()
        own.tap(fr("diary.sharing.make_code"))
        code_node = own.by_id("invite-code")
        expect(code_node).to_have_text(CODE)
        code = code_node.inner_text().strip()
        own.tap(fr("diary.sharing.copy"))
        own.expect_text(fr("diary.sharing.copied"))
        assert own.page.evaluate("navigator.clipboard.readText()") == code
        expect(own.button(fr("diary.sharing.share"))).to_be_visible()
        expect(own.button(fr("diary.sharing.sms"))).to_be_visible()
        # The link is built on the public address and leads to "join" with the code.
        link_text = own.by_id("invite-link").inner_text()
        found = re.search(r"https?://\S+/home/diary/join/(\S+)", link_text)
        assert found is not None and found.group(1) == code, link_text
        path = "/home/diary/join/" + found.group(1)

        # The caregiver opens the link on their own phone, not signed in yet: the app
        # asks them to sign in, then takes them to "join" with the code filled in, and
        # nothing is joined until they tap.
        helper.open(path)
        helper.expect_text(fr("welcome.title"))
        sign_in(helper, caregiver)
        # Flutter copies a field's text into its <input> once the field has the focus.
        field = helper.textbox(fr("diary.join.code"))
        field.click()
        expect(field).to_have_value(code)
        helper.expect_text(fr("diary.shared.none"))
        helper.tap(fr("diary.join.submit"))

        # Marie's diary speaks about Marie to the caregiver (issue 10 item 11).
        helper.expect_text(fr("diary.of", name=survivor.display_name))
        name = survivor.display_name
        expect(
            helper.page.get_by_role("heading", name=fr("diary.goals.title_of", name=name))
        ).to_be_visible()
        helper.expect_text(fr("diary.mood.question_about", name=name))
        helper.screenshot("invite-link-joined")
        helper.tap(fr("diary.new_entry"))
        helper.expect_text(fr("diary.fatigue.question_about", name=name))
        helper.expect_text(fr("diary.mood.question_about", name=name))
    except BaseException:
        # What each person's screen showed, as the new_person fixture does.
        for number, screen in enumerate((own, helper), start=1):
            print(f"person {number}: {screen.describe(f'failed-{request.node.name}-{number}')}")
        raise
    finally:
        for context in contexts:
            context.close()
