"""Server memory per connected browser session, measured on the real app.

`python -m app` runs on a fresh data directory; headless Chromium opens
SESSIONS tabs, each a different signed-in person with their conversation
open. The figure is the growth of the server process's resident memory
divided by the number of tabs. The baseline is the same number of tabs on
the welcome screen (a Flet session with a small page), in the same run.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import psycopg
from playwright.sync_api import Browser, BrowserContext, sync_playwright

from benchmarks._harness import REPO_ROOT, free_port, wait_for_http_200
from benchmarks._web_probe import CHROMIUM_ARGS
from services.local.gateway import LocalGateway
from services.local.server import EmbeddedServer
from tests.e2e.flutter_page import FlutterPage
from tests.e2e.journeys import fr
from tests.e2e.session_probe import held_counts
from tests.factories import PASSWORD, make_coordinator
from tests.peer_factories import Pair, make_pair

SESSIONS = int(os.environ.get("RELAIS_BENCH_SESSIONS", "8"))
SETTLE_SECONDS = 3.0


def resident_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS line")


@contextmanager
def app_server(
    data_dir: Path, extra_env: Mapping[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    """`python -m app` on `data_dir`, its URL and pid; stopped with Ctrl-C afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "RELAIS_DATA_DIR": str(data_dir),
        "RELAIS_PORT": str(port),
        **(extra_env or {}),
    }
    for name in ("SUPABASE_URL", "SUPABASE_ANON_KEY"):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "app"],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not wait_for_http_200(f"http://127.0.0.1:{port}/", 120):
            raise RuntimeError("the app did not start")
        yield f"http://127.0.0.1:{port}/", process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


async def make_pairs(data_dir: Path, count: int) -> list[Pair]:
    # The embedded server started by the app is shared: this attaches to it,
    # and letting go (stop) leaves it running for the app, which holds it too.
    server = EmbeddedServer(data_dir).start()
    conninfo = server.conninfo()
    try:
        gateway = await LocalGateway.open(conninfo, pool_size=2)
        try:
            coordinator = await make_coordinator(gateway, conninfo)
            pairs = [await make_pair(gateway, coordinator) for _ in range(count)]
        finally:
            await gateway.close()
        _fill_first_pages(conninfo, pairs)
    finally:
        server.stop()
    return pairs


def _fill_first_pages(conninfo: str, pairs: list[Pair]) -> None:
    # A full first page on every screen: 50 messages, stored as the app stores them.
    with psycopg.connect(conninfo) as conn:
        conn.execute("set local session_replication_role = replica")
        for pair in pairs:
            conn.execute(
                "insert into public.messages"
                " (id, conversation_id, sender_id, seq, body, created_at)"
                " select gen_random_uuid(), %s, case when n %% 2 = 0 then %s else %s end, n,"
                " 'Message ' || n || ' : comment se passe la rééducation cette semaine ?',"
                " now() - interval '1 hour' + n * interval '1 minute'"
                " from generate_series(1, 50) as n",
                [pair.conversation_id, pair.peer.user_id, pair.requester.user_id],
            )


def open_tabs(browser: Browser, url: str, count: int) -> list[BrowserContext]:
    contexts = []
    for _ in range(count):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
        FlutterPage(context.new_page(), url).open("/")
        contexts.append(context)
    return contexts


def open_conversations(browser: Browser, url: str, pairs: list[Pair]) -> list[BrowserContext]:
    contexts = []
    for pair in pairs:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
        screen = FlutterPage(context.new_page(), url).open("/")
        screen.tap(fr("welcome.sign_in"))
        screen.fill(fr("field.email"), pair.requester.email)
        screen.fill(fr("field.password"), PASSWORD)
        screen.button(fr("sign_in.submit")).click()
        # The tab's name starts with the unread count when there is one.
        messages_tab = re.compile(re.escape(fr("nav.messages")) + "$")
        screen.page.get_by_role("tab", name=messages_tab).wait_for(timeout=30_000)
        screen.open(f"/home/messages/{pair.conversation_id}")
        screen.textbox(fr("messaging.chat.write")).wait_for(timeout=30_000)
        contexts.append(context)
    return contexts


def close_all(contexts: list[BrowserContext]) -> None:
    for context in contexts:
        context.close()


def per_session_kb(data_dir: Path) -> tuple[float, float]:
    """(conversation screen, welcome screen) server memory per session, in KB."""
    chromium = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    with app_server(data_dir) as (url, pid):
        pairs = asyncio.run(make_pairs(data_dir, SESSIONS + 1))
        return _measure(chromium, url, pid, pairs)


def _measure(chromium: str, url: str, pid: int, pairs: list[Pair]) -> tuple[float, float]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            # Warm-up: what the first sessions load once is not a per-session cost.
            close_all(open_tabs(browser, url, 2))
            close_all(open_conversations(browser, url, pairs[:1]))
            time.sleep(SETTLE_SECONDS)
            idle = resident_kb(pid)
            welcome = open_tabs(browser, url, SESSIONS)
            time.sleep(SETTLE_SECONDS)
            welcome_kb = (resident_kb(pid) - idle) / SESSIONS
            close_all(welcome)
            time.sleep(SETTLE_SECONDS)
            before = resident_kb(pid)
            conversations = open_conversations(browser, url, pairs[1:])
            time.sleep(SETTLE_SECONDS)
            conversation_kb = (resident_kb(pid) - before) / SESSIONS
            close_all(conversations)
        finally:
            browser.close()
    return conversation_kb, welcome_kb


def held(url: str) -> int:
    """What the server still holds for tabs (RELAIS_EXPOSE_SESSION_COUNTS=1)."""
    counts = held_counts(url)
    return sum(counts[name] for name in ("flet_sessions", "sockets", "hub_topics", "tab_parts"))


def wait_until_let_go(url: str, limit_s: float) -> float:
    """Seconds until the server holds nothing for any tab (at most `limit_s`)."""
    started = time.monotonic()
    while held(url) and time.monotonic() - started < limit_s:
        time.sleep(1)
    return time.monotonic() - started


def mib(kb: int) -> float:
    return round(kb / 1024, 1)
