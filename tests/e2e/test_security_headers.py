"""Hostile probes of the web layer: every response carries the security headers.

Against the real server: the app page, a path nobody serves (answered by
Flet's own fallback), the client's scripts and WebAssembly, the service
worker, the manifest and a 404 all carry them; an oversized request header
is refused and its connection closed. In Chromium, walking the app raises no
`securitypolicyviolation`: the policy allows exactly what the app runs.
"""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from .conftest import NewPerson
from .flutter_page import FlutterPage
from .journeys import a_person, expect_home, fr, open_profile, sign_up

pytestmark = pytest.mark.e2e

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own server)
            return (
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def _release_base(relais_url: str) -> str:
    _, _, page = _get(relais_url)
    found = re.search(rb'src="(/_v/[0-9a-f]+/)flutter_bootstrap\.js"', page)
    assert found is not None
    return found.group(1).decode()


def _assert_secured(headers: dict[str, str]) -> None:
    for name, value in EXPECTED.items():
        assert headers.get(name) == value, name
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "microphone=()" in headers["permissions-policy"]
    assert "access-control-allow-origin" not in headers
    # Served over plain HTTP on this machine: no HSTS (browsers ignore it there anyway).
    assert "strict-transport-security" not in headers


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("", 200),  # the app page
        ("messages", 200),  # an app route
        ("anything.php", 404),  # nobody's
        ("service_worker.js", 200),
        ("manifest.json", 200),
        ("icons/icon-192.png", 200),
        ("_v/0123456789abcdef/main.dart.js", 404),  # another release
        ("oauth_callback", None),  # Flet's own endpoint, whatever it says
    ],
)
def test_every_response_carries_the_security_headers(
    relais_url: str, path: str, status: int | None
) -> None:
    answered, headers, _ = _get(relais_url + path)
    if status is not None:
        assert answered == status
    _assert_secured(headers)


@pytest.mark.parametrize("file", ["main.dart.js", "main.dart.wasm", "flutter_bootstrap.js"])
def test_the_client_files_carry_the_security_headers(relais_url: str, file: str) -> None:
    answered, headers, _ = _get(relais_url + _release_base(relais_url).lstrip("/") + file)
    assert answered == 200
    _assert_secured(headers)


def test_an_oversized_request_header_is_refused_and_the_connection_closed(
    relais_url: str,
) -> None:
    parts = urlsplit(relais_url)
    request = (
        f"GET / HTTP/1.1\r\nHost: {parts.netloc}\r\nX-Padding: {'a' * 65536}\r\n\r\n"
    ).encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):  # ends only when the server closes
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.split()[1] in (b"400", b"431"), status_line


def test_a_normal_request_header_is_still_served(relais_url: str) -> None:
    request = urllib.request.Request(relais_url, headers={"X-Padding": "a" * 4000})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own server)
        assert response.status == 200


# Records every policy violation the page reports, from before any script runs.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + event.blockedURI + ' ' +
                           (event.sample || ''));
});
"""


def _violations(screen: FlutterPage) -> list[str]:
    found: list[str] = screen.page.evaluate("window.__violations")
    return found


def test_walking_the_app_breaks_no_policy(new_person: NewPerson) -> None:
    screen = new_person()
    screen.page.add_init_script(RECORD_VIOLATIONS)
    screen.open()
    person = a_person("Politique Test")
    sign_up(screen, person, "role.survivor")
    expect_home(screen, person)
    for tab in ("nav.diary", "nav.guide", "nav.messages"):
        screen.tab(fr(tab)).click()
        screen.page.wait_for_timeout(500)
    open_profile(screen)
    screen.page.wait_for_timeout(500)
    assert _violations(screen) == []
    # Again from a fresh load, the way a returning person opens the app.
    screen.open()
    expect_home(screen, person)
    screen.page.wait_for_timeout(1_000)
    assert _violations(screen) == []
