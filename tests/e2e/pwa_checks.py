"""Browser-side checks shared by the PWA tests: the service worker, its caches, encodings."""

from __future__ import annotations

import io
import time
import urllib.request
from typing import Any

from PIL import Image
from playwright.sync_api import CDPSession, Locator, Page

CACHE_PREFIX = "relais-shell-"
SETTLE_TIMEOUT_S = 30
# Images and woff2 fonts are compressed already; everything else must not travel raw.
INCOMPRESSIBLE_TYPES = ("image/", "font/woff2")

_ENGINE_STORED = """async () => {
  if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return false;
  for (const name of await caches.keys()) {
    const urls = (await (await caches.open(name)).keys()).map((request) => request.url);
    if (urls.some((url) => url.endsWith('main.dart.wasm') || url.endsWith('main.dart.js')))
      return true;
  }
  return false;
}"""


def wait_for_service_worker(page: Page, timeout_s: float = SETTLE_TIMEOUT_S) -> None:
    """Until the worker controls the page and has stored the engine it loaded."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(_ENGINE_STORED):
        if time.monotonic() > deadline:
            raise AssertionError("the service worker never took over and stored the app shell")
        page.wait_for_timeout(250)


def cache_names(page: Page) -> list[str]:
    names: list[str] = page.evaluate("async () => await caches.keys()")
    return sorted(name for name in names if name.startswith(CACHE_PREFIX))


def cached_urls(page: Page, cache_name: str) -> list[str]:
    urls: list[str] = page.evaluate(
        "async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)", cache_name
    )
    return urls


def release_of(base_url: str) -> str:
    with urllib.request.urlopen(base_url, timeout=10) as response:  # noqa: S310 (our server)
        return str(response.headers["X-Relais-Release"])


def encoding_served(url: str, accept: str) -> str | None:
    request = urllib.request.Request(url, method="HEAD", headers={"Accept-Encoding": accept})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (our server)
        encoding = response.headers.get("Content-Encoding")
        return str(encoding) if encoding else None


def wait_for_brotli(urls: list[str], timeout_s: float = 300) -> None:
    """The server compresses in the background after a first start; wait for these copies."""
    deadline = time.monotonic() + timeout_s
    pending = list(urls)
    while pending:
        pending = [url for url in pending if encoding_served(url, "br, gzip") != "br"]
        if pending and time.monotonic() > deadline:
            raise AssertionError(f"no brotli copy after {timeout_s}s for {pending}")
        time.sleep(1)


class ResponseLog:
    """Every HTTP response the page receives, as CDP reports it (with its real headers)."""

    def __init__(self, session: CDPSession) -> None:
        self.responses: list[dict[str, Any]] = []
        session.send("Network.enable")
        session.on(
            "Network.responseReceived", lambda event: self.responses.append(event["response"])
        )

    def static_files(self, origin: str) -> list[dict[str, Any]]:
        return [
            response
            for response in self.responses
            if response["url"].startswith(origin)
            and response["status"] == 200
            and not response["mimeType"].startswith(INCOMPRESSIBLE_TYPES)
        ]


def encoding_of(response: dict[str, Any]) -> str | None:
    headers = {name.lower(): value for name, value in response["headers"].items()}
    encoding = headers.get("content-encoding")
    return str(encoding) if encoding else None


def ink_fraction(locator: Locator) -> float:
    """Share of the element's pixels that differ from its background colour.

    An icon whose glyph is missing from the font draws nothing: its button is
    all background.
    """
    shot = Image.open(io.BytesIO(locator.screenshot())).convert("RGB")
    area = shot.width * shot.height
    colours = shot.getcolors(maxcolors=area) or []
    background = max(count for count, _ in colours)
    return 1 - background / area


def wait_for_ink(locator: Locator, minimum: float = 0.02, timeout_s: float = 10) -> float:
    """Until the element is painted: Flutter's semantics tree can run ahead of the canvas,
    and until the first frame the page's loading screen covers it."""
    locator.page.locator("#loading").wait_for(state="detached", timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    while (ink := ink_fraction(locator)) < minimum and time.monotonic() < deadline:
        time.sleep(0.2)
    return ink
