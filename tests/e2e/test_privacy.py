"""Nothing leaves for a third party: no CDN, no tracker, no font service.

People's health situation is sensitive; even a font request tells a third
party who opened a stroke-support app, and when.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Request

from .conftest import NewPerson
from .journeys import a_person, expect_home, sign_up

pytestmark = pytest.mark.e2e

# A request the browser refused under our Content-Security-Policy never left.
BLOCKED_BY_POLICY = "csp"


def test_no_request_leaves_for_a_third_party(new_person: NewPerson) -> None:
    screen = new_person()
    own_host = urlparse(screen.base_url).netloc
    escaped: list[str] = []

    def note(request: Request) -> None:
        if urlparse(request.url).scheme in ("data", "blob"):
            return
        if urlparse(request.url).netloc != own_host:
            escaped.append(request.url)

    def forgive_blocked(request: Request) -> None:
        if request.failure == BLOCKED_BY_POLICY and request.url in escaped:
            escaped.remove(request.url)

    screen.page.on("request", note)
    screen.page.on("requestfailed", forgive_blocked)
    screen.open()
    person = a_person("Discrétion Test")
    sign_up(screen, person, "role.survivor")
    expect_home(screen, person)
    screen.page.wait_for_timeout(1_000)

    assert escaped == []
