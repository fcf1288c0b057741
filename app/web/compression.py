"""Brotli and gzip copies of the web client, made once and kept in the cache directory.

Brotli at its best setting takes about half a minute for the 8.5 MB
`main.dart.wasm`, far too slow per request and too slow to hold up a server
start. So a background thread makes the copies after the first start of a
release, most-needed files first, gzip (fast) before brotli (small). Until a
copy exists the server sends the next best one; nothing waits for it.

Copies are named by the content digest of the original, so a new release
reuses every copy whose file did not change.
"""

from __future__ import annotations

import gzip
import logging
import os
import queue
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import brotli  # type: ignore[import-untyped]

from app.web.release import ShellFile

logger = logging.getLogger(__name__)

SUFFIXES = {"br": ".br", "gzip": ".gz"}
# Formats that are compressed already: a second pass only costs time.
_INCOMPRESSIBLE_TYPES = {"image/png", "font/woff2"}
# A copy must save at least this much to be worth a second file.
_WORTHWHILE_RATIO = 0.95
# The engine files Chromium loads; compressed right after the small core files.
_ENGINE_SUFFIXES = ("main.dart.wasm", "canvaskit/skwasm.wasm", "canvaskit/skwasm.js")


class CompressedCopies:
    """Which encoded copies exist, per digest; filled in by a background thread."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._ready: dict[str, dict[str, Path]] = {}
        self._lock = threading.Lock()
        self._done = threading.Event()

    def path(self, digest: str, encoding: str) -> Path:
        return self.directory / f"{digest}{SUFFIXES[encoding]}"

    def ready(self, digest: str) -> dict[str, Path]:
        """Encoding → file, for the copies of `digest` that exist now."""
        with self._lock:
            return dict(self._ready.get(digest, {}))

    def _mark(self, digest: str, encoding: str, path: Path) -> None:
        with self._lock:
            self._ready.setdefault(digest, {})[encoding] = path

    def _skip_marker(self, digest: str) -> Path:
        return self.directory / f"{digest}.raw"

    def _needs(self, file: ShellFile) -> bool:
        return (
            file.media_type not in _INCOMPRESSIBLE_TYPES
            and not self._skip_marker(file.digest).exists()
        )

    def scan(self, files: Iterable[ShellFile]) -> list[ShellFile]:
        """Note the copies already on disk; return the files still missing one."""
        missing = []
        for file in files:
            if not self._needs(file):
                continue
            for encoding in SUFFIXES:
                path = self.path(file.digest, encoding)
                if path.is_file():
                    self._mark(file.digest, encoding, path)
            if len(self.ready(file.digest)) < len(SUFFIXES):
                missing.append(file)
        return missing

    def start(self, files: Iterable[ShellFile], workers: int | None = None) -> threading.Thread:
        """Make the missing copies in the background; `wait()` blocks until they exist."""
        self.directory.mkdir(parents=True, exist_ok=True)
        unique = {file.digest: file for file in files}
        missing = sorted(self.scan(unique.values()), key=_urgency)
        count = workers or min(2, os.cpu_count() or 1)
        thread = threading.Thread(
            target=self._compress_all, args=(missing, count), name="relais-compress", daemon=True
        )
        thread.start()
        return thread

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def _compress_all(self, files: list[ShellFile], workers: int) -> None:
        try:
            if files:
                logger.info("Compressing %d web files in the background", len(files))
            jobs: queue.SimpleQueue[tuple[ShellFile, str]] = queue.SimpleQueue()
            for encoding in ("gzip", "br"):
                for file in files:
                    jobs.put((file, encoding))
            # Daemon threads, not a ThreadPoolExecutor: the interpreter joins an
            # executor's workers at exit, so a stop during the first start would wait
            # for a large brotli job. Copies are written aside and renamed, so one cut
            # short leaves nothing half-made; the next start makes it again.
            # brotli and zlib release the GIL, so these threads do not slow the server's loop.
            threads = [
                threading.Thread(
                    target=self._drain, args=(jobs,), name="relais-compress", daemon=True
                )
                for _ in range(workers)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            self._done.set()

    def _drain(self, jobs: queue.SimpleQueue[tuple[ShellFile, str]]) -> None:
        while True:
            try:
                file, encoding = jobs.get_nowait()
            except queue.Empty:
                return
            self._compress_one(file, encoding)

    def _compress_one(self, file: ShellFile, encoding: str) -> None:
        target = self.path(file.digest, encoding)
        if target.is_file():
            self._mark(file.digest, encoding, target)
            return
        try:
            data = file.path.read_bytes()
            packed = _encode(data, encoding, file.media_type)
            if len(packed) > len(data) * _WORTHWHILE_RATIO:
                self._skip_marker(file.digest).touch()
                return
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temporary.write_bytes(packed)
            temporary.replace(target)
            self._mark(file.digest, encoding, target)
        except OSError:
            logger.exception("Could not compress %s; it is served uncompressed", file.url)

    def prune(self, current: set[str], max_age_days: float = 14) -> None:
        """Delete copies the current release does not use and nothing made lately.

        Other releases built here (an older checkout, a rollback) keep theirs
        for a while, and rebuild them if they come back after that.
        """
        if not self.directory.is_dir():
            return
        cutoff = time.time() - max_age_days * 86400
        for path in self.directory.iterdir():
            if path.name.split(".")[0] in current or path.name.startswith("."):
                continue
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)


def _urgency(file: ShellFile) -> tuple[int, int]:
    if file.precache or not file.immutable:
        rank = 0
    elif file.url.endswith(_ENGINE_SUFFIXES):
        rank = 1
    else:
        rank = 2
    return rank, file.path.stat().st_size if rank == 2 else -file.path.stat().st_size


def _encode(data: bytes, encoding: str, media_type: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9, mtime=0)
    mode = (
        brotli.MODE_TEXT
        if media_type.startswith(("text/", "application/json"))
        else (brotli.MODE_FONT if media_type.startswith("font/") else brotli.MODE_GENERIC)
    )
    return bytes(brotli.compress(data, mode=mode, quality=11, lgwin=24))
