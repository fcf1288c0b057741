"""One data folder, one Relais: an exclusive lock held for the process's life.

`flock` is released by the kernel when its holder dies, even by `kill -9`, so a
lock left behind can never block a start; and the lock is taken before
postgres is touched, so two starts at the same instant cannot both create the
database.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

LOCK_FILE_NAME = "relais.lock"


class EmbeddedServerError(Exception):
    """The embedded database cannot be started or stopped: one line for the person."""


class DataFolderInUse(EmbeddedServerError):
    """Another process holds the data folder: `holder` is its pid when known."""

    def __init__(self, folder: Path, holder: int | None) -> None:
        who = f"process {holder}" if holder else "another process"
        super().__init__(
            f"the data folder {folder} is in use by another Relais ({who}):"
            " stop it first, or set RELAIS_DATA_DIR to another folder"
        )
        self.folder = folder
        self.holder = holder


class DataFolderLock:
    """Held from `acquire` to `release` (or the process's end)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_FILE_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock and write our pid into it; False when someone holds it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        # No O_TRUNC: the file names the holder until we hold it ourselves.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        # Only says who holds it: a full disk must not stop the start here.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def acquire(self) -> None:
        if not self.try_acquire():
            raise DataFolderInUse(self.folder, self.holder())

    def holder(self) -> int | None:
        # The holder writes its pid just after taking the lock: allow it a moment.
        for _ in range(20):
            with contextlib.suppress(OSError, ValueError):
                return int(self.path.read_text().strip())
            time.sleep(0.05)
        return None

    def release(self) -> None:
        if self._fd is not None:
            # Emptied first: a pid left in the file would name a process gone.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the only descriptor releases the flock
            self._fd = None


def free_space_line(folder: Path) -> str:
    """The log's line when the database cannot write: "<folder> has 12.3 MB free"."""
    import shutil

    try:
        free = shutil.disk_usage(folder).free
    except OSError as error:
        return f"{folder}: free space unknown ({error.strerror})"
    return f"{folder} has {free / 1_000_000:.1f} MB free"
