"""Browser-side measuring for web benchmarks: bytes on the wire and time to a usable screen.

Bytes are counted by a TCP proxy between Chromium and the server, so the
figure includes everything the server sent: every HTTP response (the page's,
and the service worker's own fetches, which the page's CDP session never
sees) and the websocket frames that draw the first screen.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future

from playwright.sync_api import BrowserContext, Page

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# 9 Mbit/s down, 1.5 Mbit/s up, 170 ms round trip: a middling 4G connection.
MOBILE_4G = {
    "offline": False,
    "latency": 170,
    "downloadThroughput": 9_000_000 / 8,
    "uploadThroughput": 1_500_000 / 8,
}
SEMANTICS_TIMEOUT_MS = 60_000


class CountingProxy:
    """Forwards 127.0.0.1:<port> to the server and counts the bytes that come back."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self.downstream = 0
        self._loop = asyncio.new_event_loop()
        self._started: Future[int] = Future()
        threading.Thread(target=self._run, name="counting-proxy", daemon=True).start()
        self.port = self._started.result(timeout=10)

    def reset(self) -> int:
        """Bytes counted since the last reset."""
        counted, self.downstream = self.downstream, 0
        return counted

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._connection, "127.0.0.1", 0)
        )
        self._started.set_result(server.sockets[0].getsockname()[1])
        self._loop.run_forever()

    async def _connection(
        self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter
    ) -> None:
        server_r, server_w = await asyncio.open_connection("127.0.0.1", self.target_port)

        def count(size: int) -> None:
            self.downstream += size

        await asyncio.gather(
            _pipe(client_r, server_w, None),
            _pipe(server_r, client_w, count),
            return_exceptions=True,
        )


async def _pipe(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, count: Callable[[int], None] | None
) -> None:
    try:
        while chunk := await reader.read(65536):
            if count is not None:
                count(len(chunk))
            writer.write(chunk)
            await writer.drain()
    finally:
        writer.close()


def seconds_to_button(page: Page, url: str, button_name: str) -> float:
    """From navigation start to `button_name` being reachable in Flutter's semantics tree."""
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    placeholder = page.locator("flt-semantics-placeholder")
    placeholder.wait_for(state="attached", timeout=SEMANTICS_TIMEOUT_MS)
    placeholder.dispatch_event("click")
    page.get_by_role("button", name=button_name, exact=True).wait_for(
        state="attached", timeout=SEMANTICS_TIMEOUT_MS
    )
    return time.perf_counter() - started


def emulate_network(context: BrowserContext, page: Page, conditions: Mapping[str, object]) -> None:
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", dict(conditions))


def wait_for_service_worker_to_settle(page: Page, limit_s: float = 20) -> None:
    """Until the worker controls the page and has stored the engine, or `limit_s` passes.

    Returns at once for a site that registers no worker (stock Flet's stub
    unregisters itself).
    """
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        state = page.evaluate(
            """async () => {
                if (!navigator.serviceWorker) return "none";
                if (!(await navigator.serviceWorker.getRegistration())) return "none";
                if (!navigator.serviceWorker.controller) return "waiting";
                for (const name of await caches.keys()) {
                    const cache = await caches.open(name);
                    const keys = (await cache.keys()).map((request) => request.url);
                    if (keys.some((url) => url.endsWith('.wasm') || url.endsWith('main.dart.js')))
                        return "stored";
                }
                return "waiting";
            }"""
        )
        if state == "stored" or (state == "none" and time.monotonic() > deadline - limit_s + 3):
            return
        time.sleep(0.2)


def quiet_period(proxy: CountingProxy, seconds: float = 1.0) -> None:
    """Lets trailing responses (and the worker's fetches) finish before the count is read."""
    last = -1
    while proxy.downstream != last:
        last = proxy.downstream
        time.sleep(seconds)
