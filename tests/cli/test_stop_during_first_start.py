"""A stop during the very first start, while the web files are still being compressed.

A new machine compresses the Flutter client (about 10 MB of JavaScript) in the
background after its first start. Ctrl-C then must not wait for that work: the
copies are made aside and renamed, so one cut short is simply made again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from benchmarks._harness import REPO_ROOT, free_port, wait_for_http_200

# Stopping takes about a second; the largest brotli job alone takes far longer.
STOP_WITHIN_S = 15


def test_ctrl_c_during_the_first_compression_stops_at_once(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "RELAIS_DATA_DIR": str(tmp_path / "data"),
        "RELAIS_CACHE_DIR": str(tmp_path / "cache"),  # nothing compressed yet
        "RELAIS_PORT": str(port),
    }
    for name in ("SUPABASE_URL", "SUPABASE_ANON_KEY"):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "app"], cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert wait_for_http_200(f"http://127.0.0.1:{port}/", 60)
    finally:
        process.send_signal(signal.SIGINT)
        stopped_at = time.monotonic()
        try:
            output, _ = process.communicate(timeout=120)
        finally:
            process.kill()
    took = time.monotonic() - stopped_at
    assert process.returncode == 0
    assert "stopped" in output
    assert took < STOP_WITHIN_S, f"Ctrl-C took {took:.1f} s: the exit waited for compression"
