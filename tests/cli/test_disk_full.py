"""A really full disk: a small tmpfs under the data folder, filled to the last page.

Mounting needs root (CI's container runs as root); elsewhere these tests skip
and say why. The mapping of the database's "cannot write" errors alone is also
tested without root (tests/services/test_database_supervision.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.local.migrations import apply_migrations
from services.local.server import EmbeddedServer
from tests.cli._app_process import postgres_processes, run_app, start_app
from tests.factories import make_user

# The cluster and its migrations take about 45 MB; the rest is filled.
DISK_SIZE = "160m"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE}", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"a small tmpfs cannot be mounted here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        for pid in postgres_processes(disk / "data"):
            os.kill(pid, signal.SIGKILL)
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path) -> Path:
    """Write until the disk refuses, then page by page until not one more fits."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:
        for chunk in (1 << 20, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    out.write(b"\0" * chunk)
    return filler


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


async def test_writes_on_a_full_disk_say_so_and_the_log_names_the_folder(
    small_disk: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = small_disk / "data"
    server = EmbeddedServer(data_dir).start()
    try:
        apply_migrations(server.conninfo())
        # A fresh WAL segment: writes then fail on the tables' files (an error,
        # 53100) rather than on the log's next segment (a PANIC, a lost connection).
        with psycopg.connect(server.conninfo(), autocommit=True) as conn:
            conn.execute("checkpoint")
            conn.execute("select pg_switch_wal()")
        gateway = await LocalGateway.open(server.conninfo(), pool_size=2, data_dir=data_dir)
        try:
            await make_user(gateway)
            fill(small_disk)
            caplog.set_level(logging.WARNING, logger="services.local.gateway")
            with pytest.raises(RelaisError) as refused:
                for _ in range(500):
                    await make_user(gateway, display_name="Une personne " + "x" * 60)
            assert refused.value.code is ErrorCode.DISK_FULL
            assert refused.value.message_key == "error.disk_full"
            logged = [r.getMessage() for r in caplog.records if "cannot write" in r.getMessage()]
            assert logged and f"{data_dir} has " in logged[0] and " MB free" in logged[0]
        finally:
            await gateway.close()
    finally:
        (small_disk / "filler").unlink(missing_ok=True)
        server.stop()


def test_a_full_disk_at_stop_and_at_start_is_said_in_one_line(
    small_disk: Path, tmp_path: Path
) -> None:
    data_dir = small_disk / "data"
    assert run_app(data_dir, "migrate").returncode == 0
    app = start_app(data_dir, tmp_path / "logs")
    app.wait_ready()
    filler = fill(small_disk)
    # The shutdown checkpoint cannot be written: postgres PANICs as it stops.
    assert app.stop() == 1
    stopped = app.stdout.splitlines()[-1]
    assert "the database stopped without its final save" in stopped, app.stdout
    assert f"{data_dir} has " in stopped and "it recovers on the next start" in stopped
    assert "cleanly" not in app.stdout

    full = run_app(data_dir)
    assert full.returncode == 1
    line = one_line(full.stderr)
    assert line.startswith("Relais cannot start:") and "No space left on device" in line
    assert " MB free" in line

    filler.unlink()  # space freed: the next start recovers and serves
    app = start_app(data_dir, tmp_path / "logs")
    app.wait_ready()
    assert app.stop() == 0
    assert "the database was shut down cleanly" in app.stdout
