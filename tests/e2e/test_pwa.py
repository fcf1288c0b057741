"""Relais as a phone app: installable, compressed, served from the device on repeat visits.

Runs against the real server (conftest's `relais_url`). Screens are
photographed into test-artifacts/ after the icon fonts were cut down.
"""

from __future__ import annotations

import tempfile
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Response, Route, expect

from app.routes import tabs_for

from .conftest import CHROMIUM_ARGS, VIEWPORT, _chromium_path
from .flutter_page import FlutterPage
from .journeys import a_person, expect_home, fr, sign_up
from .pwa_checks import (
    ResponseLog,
    encoding_of,
    wait_for_brotli,
    wait_for_ink,
    wait_for_service_worker,
)

pytestmark = pytest.mark.e2e


def _open_welcome(screen: FlutterPage) -> None:
    screen.open()
    expect(screen.button(fr("welcome.sign_in"))).to_be_visible()


def test_chromium_finds_nothing_missing_to_install_relais(
    browser: Browser, relais_url: str
) -> None:
    # Installing is not offered in incognito windows, and every Playwright
    # context is one: this test needs a real profile. It is launched from the
    # session's Playwright (a second sync_playwright in one thread is refused).
    executable = _chromium_path()
    assert executable is not None

    with tempfile.TemporaryDirectory(prefix="relais-profile-") as profile:
        context = browser.browser_type.launch_persistent_context(
            profile, executable_path=executable, args=CHROMIUM_ARGS, viewport=VIEWPORT
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            _open_welcome(FlutterPage(page, relais_url))
            session = context.new_cdp_session(page)
            manifest = session.send("Page.getAppManifest")
            assert manifest["errors"] == []
            assert '"name": "Relais"' in manifest["data"]
            assert session.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        finally:
            context.close()


def test_static_files_travel_compressed_as_the_browser_asks(
    browser: Browser, relais_url: str
) -> None:
    origin = relais_url.rstrip("/")
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    page = context.new_page()
    log = ResponseLog(context.new_cdp_session(page))
    _open_welcome(FlutterPage(page, relais_url))
    # A server on a fresh cache is still making its brotli copies: wait for those
    # this page needs (it serves gzip meanwhile).
    wait_for_brotli([response["url"] for response in log.static_files(origin)])
    context.close()

    for accepted, expected in ((None, "br"), ("gzip", "gzip"), ("identity", None)):
        headers = {"Accept-Encoding": accepted} if accepted else {}
        context = browser.new_context(viewport=VIEWPORT, locale="fr-FR", extra_http_headers=headers)
        page = context.new_page()
        log = ResponseLog(context.new_cdp_session(page))
        _open_welcome(FlutterPage(page, relais_url))
        files = log.static_files(origin)
        assert any(response["url"].endswith("main.dart.wasm") for response in files)
        wrong = {r["url"]: encoding_of(r) for r in files if encoding_of(r) != expected}
        assert wrong == {}, f"expected {expected} for every static file"
        context.close()


def test_the_renderer_runs_on_the_page_thread(browser: Browser, relais_url: str) -> None:
    # The multi-threaded renderer locked pages up after text-size changes;
    # boot.js asks Flutter for the single-threaded one, which starts no worker.
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    page = context.new_page()
    _open_welcome(FlutterPage(page, relais_url))
    assert page.evaluate("crossOriginIsolated"), "the multi-threaded renderer would be possible"
    assert page.workers == []
    context.close()


def test_a_repeat_visit_comes_from_the_service_worker(browser: Browser, relais_url: str) -> None:
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    first = FlutterPage(context.new_page(), relais_url)
    _open_welcome(first)
    wait_for_service_worker(first.page)
    first.page.close()

    # Another day, another tab: same browser profile, so same worker and cache.
    tab = context.new_page()
    responses: list[Response] = []
    tab.on("response", lambda response: responses.append(response))
    log = ResponseLog(context.new_cdp_session(tab))
    _open_welcome(FlutterPage(tab, relais_url))
    ours = [r for r in responses if r.url.startswith(relais_url)]
    assert any(r.url.endswith(".wasm") for r in ours), "the engine was not requested at all"
    from_network = [r.url for r in ours if not r.from_service_worker]
    assert from_network == [], "these skipped the service worker's cache"
    reported = [r for r in log.responses if r["url"].startswith(relais_url)]
    assert all(response["fromServiceWorker"] for response in reported)
    context.close()


def test_every_screen_renders_with_the_cut_down_fonts_and_nothing_leaves(
    browser: Browser, relais_url: str
) -> None:
    own_host = urlparse(relais_url).netloc
    foreign: list[str] = []

    def only_our_host(route: Route) -> None:
        if urlparse(route.request.url).netloc == own_host:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    def note(url: str) -> None:
        parsed = urlparse(url)
        if parsed.scheme not in ("data", "blob") and parsed.netloc != own_host:
            foreign.append(url)

    # The worker is blocked here so that every request meets the interceptor.
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR", service_workers="block")
    context.set_default_timeout(15_000)
    context.route("**/*", only_our_host)
    context.on("request", lambda request: note(request.url))
    page = context.new_page()
    page.on("websocket", lambda socket: note(socket.url))

    screen = FlutterPage(page, relais_url)
    _open_welcome(screen)
    assert wait_for_ink(screen.button(fr("welcome.sign_in"))) > 0.02, "the welcome never painted"
    screen.screenshot("pwa-welcome")

    screen.tap(fr("welcome.sign_in"))
    reveal = screen.button(fr("field.show_password"))
    expect(reveal).to_be_visible()
    # The eye is a Material icon glyph: with a font cut too far it draws nothing.
    assert wait_for_ink(reveal) > 0.02, "the show-password icon is blank"
    screen.screenshot("pwa-sign-in")

    page.go_back()
    person = a_person("Essai Installation")
    sign_up(screen, person, "role.survivor")
    expect_home(screen, person)
    for tab in tabs_for(is_coordinator=False):
        screen.tab(fr(tab.label_key)).click()
        page.wait_for_url(f"**{tab.path}")
        screen.screenshot(f"pwa-{tab.path.strip('/').replace('/', '-')}")

    assert foreign == [], "requests to another host"
    context.close()
