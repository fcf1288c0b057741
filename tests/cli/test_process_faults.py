"""Faults of the processes themselves: kill -9, two apps, a stale pid file, a busy port.

Real `python -m app` processes on one data folder (created once for the
module: later starts skip initdb and migrations), killed and restarted.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.cli._app_process import (
    alive,
    postgres_processes,
    postmaster_pid,
    ready_postmaster,
    run_app,
    start_app,
    wait_until,
)

# Measured: about 3 s from the kill to a ready server (1 s to notice, the rest
# waiting for pid 1 to reap the dead postmaster, then crash recovery).
RESTARTED_WITHIN_S = 10


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    data_dir = tmp_path_factory.mktemp("faults") / "data"
    done = run_app(data_dir, "migrate")
    assert done.returncode == 0, done.stderr
    yield data_dir
    for pid in postgres_processes(data_dir):  # only if a test failed half-way
        os.kill(pid, signal.SIGKILL)


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def test_a_killed_database_is_restarted_while_the_app_serves(
    data_dir: Path, tmp_path: Path
) -> None:
    app = start_app(data_dir, tmp_path)
    try:
        app.wait_ready()
        first = postmaster_pid(data_dir)
        assert first is not None
        os.kill(first, signal.SIGKILL)
        took = wait_until(lambda: ready_postmaster(data_dir) not in (None, first), 30)
        assert took is not None and took < RESTARTED_WITHIN_S, (took, app.stderr)
        # It answers, with the data of before the crash (crash recovery).
        conninfo = f"postgresql://postgres:@/relais?host={data_dir.resolve() / 'pgdata'}"
        with psycopg.connect(conninfo) as conn:
            assert conn.execute("select count(*) from public.profiles").fetchone() is not None
        assert wait_until(lambda: "the embedded database is running again" in app.stderr, 10)
    finally:
        code = app.stop()
    assert code == 0, app.stderr
    assert "the database was shut down cleanly" in app.stdout
    assert postgres_processes(data_dir) == []


def test_after_the_app_is_killed_the_next_start_takes_the_database_back(
    data_dir: Path, tmp_path: Path
) -> None:
    killed = start_app(data_dir, tmp_path)
    killed.wait_ready()
    orphan = postmaster_pid(data_dir)
    killed.process.kill()
    killed.wait_exit()
    assert orphan is not None and alive(orphan)  # postgres outlives its app

    app = start_app(data_dir, tmp_path)
    try:
        app.wait_ready()
        assert not alive(orphan)
        assert "stopping the database left running by a Relais that did not stop" in app.stderr
    finally:
        code = app.stop()
    # The clean line is printed only when the database did stop.
    assert code == 0, app.stderr
    assert "the database was shut down cleanly" in app.stdout
    assert postgres_processes(data_dir) == []
    assert not (data_dir / "pgdata" / "postmaster.pid").exists()


def test_a_stale_pid_file_naming_another_program_is_explained_in_one_line(
    data_dir: Path,
) -> None:
    # Say the machine restarted and the old postmaster's pid now names a shell.
    other = subprocess.Popen(["sleep", "60"])
    pid_file = data_dir / "pgdata" / "postmaster.pid"
    try:
        pid_file.write_text(f"{other.pid}\n{data_dir}\n0\n5432\n{data_dir}\n\n0 0\nready\n")
        result = run_app(data_dir)
        assert result.returncode == 1
        line = one_line(result.stderr)
        assert f"names process {other.pid} (sleep), which is not this database" in line
        assert str(pid_file) in line and "delete that file" in line
        assert alive(other.pid)  # nobody else's process is touched
    finally:
        other.kill()
        other.wait()
        pid_file.unlink(missing_ok=True)


def test_two_apps_on_one_empty_folder_one_serves_the_other_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    apps = [start_app(empty, tmp_path / "a"), start_app(empty, tmp_path / "b")]
    try:
        # Whichever is refused exits at once; the other becomes ready.
        deadline = time.monotonic() + 120
        while all(app.process.poll() is None for app in apps) and time.monotonic() < deadline:
            time.sleep(0.1)
        refused = next(app for app in apps if app.process.poll() is not None)
        serving = next(app for app in apps if app is not refused)
        serving.wait_ready()
        assert refused.process.returncode == 1, refused.stderr
        assert one_line(refused.stderr) == (
            f"Relais cannot start: the data folder {empty.resolve()} is in use by another"
            f" Relais (process {serving.process.pid}): stop it first, or set RELAIS_DATA_DIR"
            " to another folder"
        )
        # A third, started while the first serves, is refused the same way.
        third = run_app(empty)
        assert third.returncode == 1 and f"(process {serving.process.pid})" in third.stderr
        # and the database was untouched by both refusals.
        assert ready_postmaster(empty) is not None
    finally:
        codes = [app.stop() for app in apps]
    assert 0 in codes
    assert "shut down cleanly" in serving.stdout
    assert postgres_processes(empty) == []


def test_a_port_in_use_is_named_and_no_database_is_left_running(data_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_app(data_dir, port=port)
    assert result.returncode == 1
    assert one_line(result.stderr) == f"port {port} is in use; set RELAIS_PORT to another port"
    assert postgres_processes(data_dir) == []
