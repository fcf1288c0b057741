"""Server memory after a flood of websocket sessions opened and dropped.

The real app (`python -m app`, fresh data directory) with a short
FLET_SESSION_TIMEOUT; FLOOD sessions are opened with a raw websocket speaking
Flet's protocol (tests/e2e/session_probe.py), half dropped while the server
sends their first screen, half just after, all without a closing handshake
(a phone losing its network). Figures: the server's resident memory before,
at the end of the flood and once the sessions have expired, and what Flet's
session map and the realtime hub still hold then. Baseline: the memory
before the flood. Before the fix, 1000 sessions took the server from 155 to
301 MiB for good, and Flet never evicted a session dropped mid-send. The
bound per address is raised for the flood (otherwise the flood itself is
slowed, which is the point of the bound, and the run would take minutes);
the seconds 8 sessions past the default bound wait are reported too.
Resident memory does not shrink back once freed (Python's allocator keeps
its arenas), so two more floods of the same size show whether that memory is
reused (no leak: the third adds nothing to the second) or grows with every flood.

Run: python benchmarks/ws_flood.py   (RELAIS_BENCH_FLOOD=1000 by default)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager as ContextManager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.settings import Settings
from benchmarks import _session_memory
from benchmarks._harness import report
from benchmarks._session_memory import held, mib, resident_kb, wait_until_let_go
from tests.e2e.session_probe import drop, open_session

FLOOD = int(os.environ.get("RELAIS_BENCH_FLOOD", "1000"))
SESSION_TIMEOUT_S = 5
DEFAULT_BOUND: int = Settings.model_fields["sessions_per_address"].default
PAST_BOUND = 8
WORKERS = 16
TARGETS = {"repeat_flood_growth_mib": 8.0, "held_after_timeout": 0.0}


def app_server(data_dir: Path, per_address: int) -> ContextManager[tuple[str, int]]:
    """The app with a short session timeout, its held-session counts exposed."""
    return _session_memory.app_server(
        data_dir,
        {
            "FLET_SESSION_TIMEOUT": str(SESSION_TIMEOUT_S),
            "RELAIS_EXPOSE_SESSION_COUNTS": "1",
            "RELAIS_SESSIONS_PER_ADDRESS": str(per_address),
        },
    )


def one_dropped_session(url: str, number: int) -> None:
    connection = open_session(url)
    if number % 2:
        connection.recv(timeout=60)  # the first screen arrived: dropped after it
    drop(connection)


def flood(url: str) -> float:
    started = time.monotonic()
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda n: one_dropped_session(url, n), range(FLOOD)))
    return time.monotonic() - started


def flood_figures(data_dir: Path) -> dict[str, float]:
    with app_server(data_dir, per_address=FLOOD * 2) as (url, pid):
        one_dropped_session(url, 1)  # the first session loads what every session uses
        wait_until_let_go(url, 60)
        time.sleep(2)
        before = resident_kb(pid)
        flood_s = flood(url)
        peak = resident_kb(pid)
        let_go_s = wait_until_let_go(url, SESSION_TIMEOUT_S + 60)
        time.sleep(3)
        after = resident_kb(pid)
        # More floods: memory the first one freed is used again, so what stays
        # from it is the allocator's high-water mark, not a leak; a leak would
        # grow with every flood.
        after_each = []
        for _ in range(2):
            flood(url)
            wait_until_let_go(url, SESSION_TIMEOUT_S + 60)
            time.sleep(3)
            after_each.append(resident_kb(pid))
        return {
            "flood_seconds": round(flood_s, 1),
            "rss_before_mib": mib(before),
            "rss_after_flood_mib": mib(peak),
            "rss_after_timeout_mib": mib(after),
            "retained_mib": mib(after - before),
            "repeat_flood_growth_mib": mib(after_each[1] - after_each[0]),
            "let_go_seconds": round(let_go_s, 1),
            "held_after_timeout": float(held(url)),
        }


def slowing_figures(data_dir: Path) -> dict[str, float]:
    with app_server(data_dir, per_address=DEFAULT_BOUND) as (url, _pid):
        within = [open_session(url, register=False) for _ in range(DEFAULT_BOUND)]
        started = time.monotonic()
        past = [open_session(url, register=False, timeout=120) for _ in range(PAST_BOUND)]
        waited = time.monotonic() - started
        for connection in within + past:
            drop(connection)
        return {"past_bound_wait_seconds": round(waited, 1)}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="relais-bench-flood-") as scratch:
        figures = flood_figures(Path(scratch) / "data")
        figures |= slowing_figures(Path(scratch) / "data")
    baselines = {"rss_before_mib": figures["rss_before_mib"]}
    print(f"{FLOOD} sessions opened and dropped in {figures['flood_seconds']} s")
    print(
        f"resident memory: {figures['rss_before_mib']} MiB before, "
        f"{figures['rss_after_flood_mib']} MiB after the flood, "
        f"{figures['rss_after_timeout_mib']} MiB once the sessions expired "
        f"(retained {figures['retained_mib']} MiB; let go in {figures['let_go_seconds']} s)"
    )
    print(
        f"the third flood grew it by {figures['repeat_flood_growth_mib']} MiB over the second; "
        f"sessions, sockets, topics and tab parts still held: {figures['held_after_timeout']:.0f}"
    )
    print(
        f"{PAST_BOUND} sessions past the bound of {DEFAULT_BOUND} per address "
        f"waited {figures['past_bound_wait_seconds']} s in all (none refused)"
    )
    ok = all(figures[name] <= target for name, target in TARGETS.items())
    report("ws_flood", figures, baselines, TARGETS, ok)


if __name__ == "__main__":
    main()
