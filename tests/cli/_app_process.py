"""`python -m app` as a real process whose output can be read while it runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil

from benchmarks._harness import REPO_ROOT, free_port


def app_env(data_dir: Path, port: int) -> dict[str, str]:
    env = {**os.environ, "RELAIS_DATA_DIR": str(data_dir), "RELAIS_PORT": str(port)}
    for name in ("SUPABASE_URL", "SUPABASE_ANON_KEY"):
        env.pop(name, None)
    return env


@dataclass
class AppProcess:
    process: subprocess.Popen[bytes]
    out: Path
    err: Path
    port: int

    @property
    def stdout(self) -> str:
        return self.out.read_text()

    @property
    def stderr(self) -> str:
        return self.err.read_text()

    def wait_ready(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while "Relais is ready" not in self.stdout:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"not ready:\n{self.stdout}\n{self.stderr}")
            time.sleep(0.1)

    def wait_exit(self, seconds: float = 90) -> int:
        try:
            return self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def stop(self, seconds: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.wait_exit(seconds)


def start_app(data_dir: Path, logs: Path, port: int | None = None) -> AppProcess:
    port = port or free_port()
    logs.mkdir(parents=True, exist_ok=True)
    out, err = logs / f"out-{port}.txt", logs / f"err-{port}.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "app"],
            cwd=REPO_ROOT,
            env=app_env(data_dir, port),
            stdout=stdout,
            stderr=stderr,
        )
    return AppProcess(process, out, err, port)


def run_app(
    data_dir: Path, *args: str, port: int | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO_ROOT,
        env=app_env(data_dir, port or free_port()),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def postmaster_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "pgdata" / "postmaster.pid").read_text().splitlines()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None


def ready_postmaster(data_dir: Path) -> int | None:
    """The pid of a postmaster that says it is ready, None otherwise."""
    try:
        lines = (data_dir / "pgdata" / "postmaster.pid").read_text().splitlines()
    except FileNotFoundError:
        return None
    if len(lines) > 7 and lines[7].strip() == "ready" and alive(int(lines[0])):
        return int(lines[0])
    return None


def alive(pid: int) -> bool:
    try:
        status: str = psutil.Process(pid).status()
    except psutil.NoSuchProcess:
        return False
    return status != "zombie"  # psutil.STATUS_ZOMBIE


def postgres_processes(data_dir: Path) -> list[int]:
    """Every live process of a server on this folder (they all work in pgdata)."""
    pgdata = str((data_dir / "pgdata").resolve())
    found = []
    for process in psutil.process_iter(["cwd", "status"]):
        if process.info["status"] != psutil.STATUS_ZOMBIE and process.info["cwd"] == pgdata:
            found.append(process.pid)
    return found


def wait_until(check: Callable[[], object], seconds: float) -> float | None:
    """Seconds until `check()` was true, None if it never was."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic() - started
        time.sleep(0.1)
    return None
