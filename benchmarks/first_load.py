"""First and repeat visits of the web client, in headless Chromium, against stock Flet.

Measures, for Relais and, in the same run, a stock Flet app of the same
version served with no_cdn (one "Sign in" button):
- bytes the server sent for a first visit (the page, the service worker's
  fetches, the websocket frames of the first screen), and for a repeat visit
  in a new tab of the same browser profile;
- seconds from navigation to the sign-in button being reachable in the
  semantics tree: repeat visit on loopback, and first visit on emulated 4G
  (9 Mbit/s down, 1.5 Mbit/s up, 170 ms round trip; CDP network emulation).
Times are medians of RUNS fresh browser profiles. The compressed copies are
made (or found in the cache directory) before anything is timed.

Run: python benchmarks/first_load.py
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Browser, sync_playwright

from app.i18n import DEFAULT_LOCALE, translate
from app.web.compression import CompressedCopies
from app.web.release import prepare_release
from app.web.shell import page_settings_from_manifest
from benchmarks._harness import REPO_ROOT, free_port, report, wait_for_http_200
from benchmarks._web_probe import (
    CHROMIUM_ARGS,
    MOBILE_4G,
    CountingProxy,
    emulate_network,
    quiet_period,
    seconds_to_button,
    wait_for_service_worker_to_settle,
)

RUNS = 3
TARGETS = {
    "first_visit_bytes": 4_000_000,
    "repeat_visit_bytes": 150_000,
    "repeat_visit_to_sign_in_s": 1.5,
    "first_visit_4g_to_sign_in_s": 6.0,
}
STOCK_BUTTON = "Sign in"
STOCK_FLET_APP = f"""
import os, sys
os.environ["FLET_WEB_NO_CDN"] = "1"
import flet as ft, flet_web.fastapi as ff, uvicorn
async def main(page: ft.Page):
    page.add(ft.Button("{STOCK_BUTTON}"))
uvicorn.run(ff.app(main, no_cdn=True), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


@dataclass
class Visits:
    first_bytes: list[int]
    repeat_bytes: list[int]
    repeat_s: list[float]
    first_4g_s: list[float]


@contextmanager
def serving(command: list[str], env: dict[str, str], port: int) -> Iterator[str]:
    process = subprocess.Popen(
        command, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        if not wait_for_http_200(f"http://127.0.0.1:{port}/", 120):
            raise RuntimeError(f"no HTTP 200 from {' '.join(command)}")
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def measure_once(browser: Browser, proxy: CountingProxy, button: str, visits: Visits) -> None:
    url = f"http://127.0.0.1:{proxy.port}/"
    context = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740})
    first = context.new_page()
    proxy.reset()
    seconds_to_button(first, url, button)
    wait_for_service_worker_to_settle(first, limit_s=10)
    quiet_period(proxy)
    first.close()
    visits.first_bytes.append(proxy.reset())
    # A repeat visit is another day: a new tab, same profile (cache, worker, storage).
    repeat = context.new_page()
    visits.repeat_s.append(seconds_to_button(repeat, url, button))
    quiet_period(proxy)
    visits.repeat_bytes.append(proxy.reset())
    context.close()

    context = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740})
    mobile = context.new_page()
    emulate_network(context, mobile, MOBILE_4G)
    visits.first_4g_s.append(seconds_to_button(mobile, url, button))
    context.close()


def summary(visits: Visits) -> dict[str, float]:
    return {
        "first_visit_bytes": statistics.median(visits.first_bytes),
        "repeat_visit_bytes": statistics.median(visits.repeat_bytes),
        "repeat_visit_to_sign_in_s": round(statistics.median(visits.repeat_s), 2),
        "first_visit_4g_to_sign_in_s": round(statistics.median(visits.first_4g_s), 2),
    }


def main() -> None:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    release = prepare_release(page_settings_from_manifest())
    copies = CompressedCopies(release.cache_dir / "compressed")
    copies.start(release.files.values())
    print(f"Preparing compressed copies of release {release.id} (minutes on a cold cache) …")
    copies.wait()

    relais_port, stock_port = free_port(), free_port()
    with tempfile.TemporaryDirectory(prefix="relais-bench-") as data_dir:
        relais_env = {**os.environ, "RELAIS_DATA_DIR": data_dir, "RELAIS_PORT": str(relais_port)}
        for name in ("SUPABASE_URL", "SUPABASE_ANON_KEY"):
            relais_env.pop(name, None)
        relais_button = translate(DEFAULT_LOCALE, "welcome.sign_in")
        with (
            serving([sys.executable, "-m", "app"], relais_env, relais_port),
            serving(
                [sys.executable, "-c", STOCK_FLET_APP, str(stock_port)], {**os.environ}, stock_port
            ),
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            relais_proxy, stock_proxy = CountingProxy(relais_port), CountingProxy(stock_port)
            relais, stock = Visits([], [], [], []), Visits([], [], [], [])
            try:
                # Interleaved, so a busy moment on the machine does not favour one side.
                for _ in range(RUNS):
                    measure_once(browser, relais_proxy, relais_button, relais)
                    measure_once(browser, stock_proxy, STOCK_BUTTON, stock)
            finally:
                browser.close()

    figures, baselines = summary(relais), summary(stock)
    for label, numbers in (("Relais", figures), ("stock Flet", baselines)):
        print(
            f"{label:>10}: first visit {numbers['first_visit_bytes'] / 1e6:.2f} MB, "
            f"repeat {numbers['repeat_visit_bytes'] / 1e3:.1f} kB; sign-in button after "
            f"{numbers['repeat_visit_to_sign_in_s']} s (repeat, loopback), "
            f"{numbers['first_visit_4g_to_sign_in_s']} s (first, 4G)"
        )
    ok = all(figures[name] <= target for name, target in TARGETS.items())
    report("first_load", figures, baselines, TARGETS, ok)


if __name__ == "__main__":
    main()
