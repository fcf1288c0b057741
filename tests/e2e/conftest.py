"""One real Relais server for the whole e2e session, and one Chromium.

The server is the real thing: `python -m app` on a fresh data directory (its
own embedded PostgreSQL) and a free port. Each test gets fresh browser
contexts, which are separate people with separate storage. Set
RELAIS_E2E_URL to test an already running server instead.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import warnings
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Playwright,
    ViewportSize,
    sync_playwright,
)

from tests.push_service import LocalPushService

from .conversation_pairs import make_pair, phone  # noqa: F401 (fixtures for every test here)
from .flutter_page import STEP_TIMEOUT_MS, FlutterPage
from .journeys import Person
from .server_data import server_conninfo

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT_S = 120
SERVER_STOP_TIMEOUT_S = 20
VIEWPORT: ViewportSize = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
URL_LINE = re.compile(r"https?://[^\s/]+:\d+/")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own server)
            return bool(response.status == 200)
    except OSError:
        return False


class _OutputWatcher(threading.Thread):
    """Reads the server's output so its pipe never fills, noting the URL line."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        super().__init__(daemon=True)
        self.process = process
        self.lines: list[str] = []
        self.url_seen = threading.Event()

    def run(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())
            if URL_LINE.search(line):
                self.url_seen.set()


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=SERVER_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        warnings.warn(
            f"Relais did not stop within {SERVER_STOP_TIMEOUT_S} s of SIGINT; killed it",
            stacklevel=2,
        )
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def relais_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test server's RELAIS_DATA_DIR, for tests that prepare data through the services."""
    return tmp_path_factory.mktemp("relais-data")


@pytest.fixture(scope="session")
def push_service() -> Iterator[LocalPushService]:
    """The push service the test server's sender may call (its only allowed one here)."""
    with LocalPushService() as service:
        yield service


@pytest.fixture(scope="session")
def relais_url(relais_data_dir: Path, push_service: LocalPushService) -> Iterator[str]:
    existing = os.environ.get("RELAIS_E2E_URL")
    if existing:
        yield existing
        return
    with running_relais(relais_data_dir, RELAIS_PUSH_SERVICES=push_service.origin) as url:
        yield url


@contextlib.contextmanager
def running_relais(data_dir: Path, **env: str) -> Iterator[str]:
    """A Relais server of its own (`python -m app`), with extra settings; yields its URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen(
        [sys.executable, "-m", "app"],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "RELAIS_DATA_DIR": str(data_dir),
            "RELAIS_PORT": str(port),
            "RELAIS_HOST": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    watcher = _OutputWatcher(process)
    watcher.start()
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not (watcher.url_seen.is_set() and _answers(url)):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"Relais did not start on {url}:\n" + "\n".join(watcher.lines[-40:])
                )
            time.sleep(0.3)
        yield url
    finally:
        _stop(process)
        # Kept beside the data for a failed run (pytest prints the temp folder).
        (data_dir / "server.log").write_text("\n".join(watcher.lines), encoding="utf-8")


def _chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if Path(candidate).is_file():
        return candidate
    return shutil.which(candidate)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = _chromium_path()
    if executable is None:
        reason = "no Chromium found (set $CHROMIUM or install /usr/bin/chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    playwright: Playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
    finally:
        playwright.stop()


@pytest.fixture
def server_db(relais_url: str, relais_data_dir: Path) -> str:
    """The e2e server's own database, to prepare a screen's data through the services."""
    return server_conninfo(relais_data_dir)


NewPerson = Callable[..., FlutterPage]
Appoint = Callable[[Person], None]


@pytest.fixture
def appoint_coordinator(relais_url: str, relais_data_dir: Path) -> Appoint:
    """Make a coordinator the way an administrator does: `python -m app create-coordinator`."""
    data_dir = os.environ.get("RELAIS_E2E_DATA_DIR")
    if data_dir is None:
        if os.environ.get("RELAIS_E2E_URL"):
            pytest.skip("the e2e server's data directory is unknown (set RELAIS_E2E_DATA_DIR)")
        data_dir = str(relais_data_dir)

    def appoint(person: Person) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "app", "create-coordinator", person.email],
            cwd=REPO_ROOT,
            env={**os.environ, "RELAIS_DATA_DIR": data_dir},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr

    return appoint


CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture
def new_person(
    relais_url: str, browser: Browser, request: pytest.FixtureRequest
) -> Iterator[NewPerson]:
    """Each call is another person: a fresh browser context (own storage) with one tab.

    A phone of another size, or a browser clock in another time zone, is asked for by argument.
    """
    contexts: list[BrowserContext] = []
    screens: list[FlutterPage] = []

    def make(viewport: ViewportSize = VIEWPORT, timezone_id: str | None = None) -> FlutterPage:
        context = browser.new_context(viewport=viewport, locale="fr-FR", timezone_id=timezone_id)
        context.set_default_timeout(STEP_TIMEOUT_MS)
        contexts.append(context)
        screens.append(FlutterPage(context.new_page(), relais_url))
        return screens[-1]

    yield make
    if request.node.stash.get(CALL_FAILED, False):
        # What each person's screen showed when the test failed: in the output
        # (all a CI log keeps) and as screenshots in test-artifacts/.
        for number, screen in enumerate(screens, start=1):
            print(f"person {number}: {screen.describe(f'failed-{request.node.name}-{number}')}")
    for context in contexts:
        context.close()
