"""Compressed copies: made once, only when worth it, found again after a restart."""

from __future__ import annotations

import gzip
import os
import time
from pathlib import Path

import brotli  # type: ignore[import-untyped]

from app.web.compression import CompressedCopies
from app.web.release import ShellFile


def _file(directory: Path, name: str, data: bytes, media_type: str) -> ShellFile:
    path = directory / name
    path.write_bytes(data)
    return ShellFile(
        url=f"/_v/test/{name}",
        path=path,
        digest=f"digest-of-{name.replace('.', '-')}",
        media_type=media_type,
        immutable=True,
        precache=False,
    )


def test_text_gets_both_copies_and_they_decode_to_the_original(tmp_path: Path) -> None:
    script = _file(tmp_path, "app.js", b"const relay = 'baton';\n" * 500, "text/javascript")
    copies = CompressedCopies(tmp_path / "copies")
    copies.start([script])
    assert copies.wait(60)
    ready = copies.ready(script.digest)
    assert set(ready) == {"br", "gzip"}
    assert brotli.decompress(ready["br"].read_bytes()) == script.path.read_bytes()
    assert gzip.decompress(ready["gzip"].read_bytes()) == script.path.read_bytes()


def test_incompressible_files_are_left_alone(tmp_path: Path) -> None:
    noise = _file(tmp_path, "noise.bin", os.urandom(20_000), "application/octet-stream")
    image = _file(tmp_path, "icon.png", b"\x89PNG" + b"\0" * 5000, "image/png")
    copies = CompressedCopies(tmp_path / "copies")
    copies.start([noise, image])
    assert copies.wait(60)
    assert copies.ready(noise.digest) == {}
    assert copies.ready(image.digest) == {}
    # …and a restart does not try again: the verdict is remembered.
    assert CompressedCopies(tmp_path / "copies").scan([noise, image]) == []


def test_a_restart_finds_the_copies_already_made(tmp_path: Path) -> None:
    page = _file(tmp_path, "index.html", b"<p>Relais</p>\n" * 300, "text/html; charset=utf-8")
    first = CompressedCopies(tmp_path / "copies")
    first.start([page])
    assert first.wait(60)
    again = CompressedCopies(tmp_path / "copies")
    assert again.scan([page]) == []
    assert set(again.ready(page.digest)) == {"br", "gzip"}


def test_pruning_keeps_current_and_recent_copies(tmp_path: Path) -> None:
    directory = tmp_path / "copies"
    directory.mkdir()
    current, recent, stale = (directory / f"{name}.br" for name in ("current", "recent", "stale"))
    for path in (current, recent, stale):
        path.write_bytes(b"x")
    month_ago = time.time() - 30 * 86400
    os.utime(stale, (month_ago, month_ago))
    os.utime(current, (month_ago, month_ago))
    CompressedCopies(directory).prune({"current"})
    assert current.exists() and recent.exists()
    assert not stale.exists()
