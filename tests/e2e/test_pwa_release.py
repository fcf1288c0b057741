"""A new release replaces the stored app cleanly; the stored app starts with the server down.

Uses a one-button Flet app behind Relais's web delivery (release_server.py),
started twice on the same port with different content, as two releases of
the same site would be.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from .conftest import REPO_ROOT, VIEWPORT, _answers, _free_port
from .flutter_page import LOAD_TIMEOUT_MS, FlutterPage
from .pwa_checks import (
    CACHE_PREFIX,
    cache_names,
    cached_urls,
    release_of,
    wait_for_service_worker,
)
from .release_server import BUTTON

pytestmark = pytest.mark.e2e


@contextmanager
def serving(port: int, cache_dir: Path, description: str) -> Iterator[str]:
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "tests.e2e.release_server", str(port), str(cache_dir)]
    process = subprocess.Popen(
        [*command, description], cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"release server did not start: {process.stderr.read()!r}")  # type: ignore[union-attr]
            time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_new_release_replaces_the_cache_and_the_open_tab(
    browser: Browser, tmp_path: Path
) -> None:
    port = _free_port()
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    with serving(port, tmp_path, "The first release") as url:
        first = release_of(url)
        tab = FlutterPage(context.new_page(), url).open()
        expect(tab.button(BUTTON)).to_be_visible()
        wait_for_service_worker(tab.page)
        assert cache_names(tab.page) == [CACHE_PREFIX + first]

    # Server down (a tunnel, a dead zone): the stored app still starts.
    offline = FlutterPage(context.new_page(), url)
    offline.page.goto(url)
    offline.page.locator("flt-semantics-placeholder").wait_for(state="attached")
    offline.page.close()

    with serving(port, tmp_path, "The second release"):
        second = release_of(url)
        assert second != first
        # What the open tab does when the person comes back to it: look for an update.
        tab.page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        # The new worker takes over and the tab reloads itself into the new release.
        tab.page.wait_for_function(
            "release => document.querySelector('script[src$=\"flutter_bootstrap.js\"]')"
            ".src.includes('/_v/' + release + '/')",
            arg=second,
            timeout=LOAD_TIMEOUT_MS,
        )
        tab.enable_semantics()
        expect(tab.button(BUTTON)).to_be_visible()
        wait_for_service_worker(tab.page)
        deadline = time.monotonic() + 15
        while cache_names(tab.page) != [CACHE_PREFIX + second] and time.monotonic() < deadline:
            tab.page.wait_for_timeout(250)
        assert cache_names(tab.page) == [CACHE_PREFIX + second], "the old release's cache stayed"
        stored = cached_urls(tab.page, CACHE_PREFIX + second)
        assert not [u for u in stored if "/_v/" in u and f"/_v/{second}/" not in u]
    context.close()
