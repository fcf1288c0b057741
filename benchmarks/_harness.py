"""Shared pieces for benchmark scripts: free ports, waiting for HTTP 200, percentiles, JSON."""

from __future__ import annotations

import json
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_http_200(url: str, deadline_seconds: float) -> bool:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.02)
    return False


def time_to_first_200(
    command: Sequence[str], env: Mapping[str, str], port: int, limit: float = 60
) -> float:
    """Seconds from spawning `command` to the first HTTP 200 on `port`; then stop it cleanly."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=dict(env), cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        if not wait_for_http_200(f"http://127.0.0.1:{port}/", limit):
            raise RuntimeError(f"no HTTP 200 within {limit}s: {' '.join(command)}")
        return time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def milliseconds(values: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values) * 1000, 1),
        "p95_ms": round(percentile(values, 0.95) * 1000, 1),
    }


def report(
    name: str,
    figures: Mapping[str, float],
    baselines: Mapping[str, float],
    targets: Mapping[str, float],
    ok: bool,
) -> None:
    """The last line of every benchmark: one JSON object (DESIGN.md §Testing)."""
    print(
        json.dumps(
            {
                "benchmark": name,
                "figures": dict(figures),
                "baselines": dict(baselines),
                "targets": dict(targets),
                "ok": ok,
            }
        )
    )
    sys.stdout.flush()
