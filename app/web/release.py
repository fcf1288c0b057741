"""One "release" of the web client: every file Relais serves to the browser, built once.

A release is the Flet web client plus our rewrites (web_shell), cut-down icon
fonts (web_icons), our manifest and icons, and the service worker. Its id is a
hash of everything that goes into it, so:

- the files live under `/_v/<id>/` and may be cached for a year: a change to
  any of them gives new URLs;
- a server start with the same inputs finds the release already built in the
  cache directory and only checks file stamps (a fraction of a second);
- the service worker embeds the id, so browsers see a new worker exactly when
  the client changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import platformdirs

from app.paths import ASSETS_DIR, REPO_ROOT
from app.web import icons as web_icons
from app.web import shell as web_shell

logger = logging.getLogger(__name__)

BUILD_FORMAT = "1"  # bump when a build step changes its output for the same inputs
ICON_SOURCE_DIRS = (REPO_ROOT / "app", REPO_ROOT / "components")
FIXED_ASSETS = ("manifest.json", "favicon.png", "icons")
# Served by Flet itself or not at all: Pyodide (server mode never runs Python in
# the browser), debug symbols, and the files we replace with our own.
_SKIPPED_TOP = {"pyodide", "icons", "index.html", "manifest.json", "favicon.png",
                "flutter_service_worker.js", "python-worker.js", "version.json"}  # fmt: skip
_SKIPPED_SUFFIXES = (".symbols", ".map")
_MEDIA_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".otf": "font/otf",
    ".ttf": "font/ttf",
    ".woff2": "font/woff2",
    ".frag": "application/octet-stream",
    ".bin": "application/octet-stream",
    ".html": "text/html; charset=utf-8",
    ".png": "image/png",
    "": "text/plain; charset=utf-8",
}
# Every visit needs these (plus the fonts) whatever the browser; engine files
# differ per browser and are kept as the page reports them (see boot.js).
_PRECACHED_RELEASE_FILES = ("flutter_bootstrap.js", "python.js", "main.dart.mjs")
MATERIAL_FONT = "assets/fonts/MaterialIcons-Regular.otf"
CUPERTINO_FONT = "assets/packages/cupertino_icons/assets/CupertinoIcons.ttf"


@dataclass(frozen=True)
class ShellFile:
    url: str
    path: Path
    digest: str
    media_type: str
    immutable: bool
    precache: bool


@dataclass(frozen=True)
class Release:
    id: str
    files: dict[str, ShellFile]  # by URL
    app_page: ShellFile
    cache_dir: Path

    @property
    def base(self) -> str:
        return web_shell.release_base(self.id)


def default_cache_dir() -> Path:
    """`RELAIS_CACHE_DIR`, else the platform's user cache folder: derived files only."""
    configured = os.environ.get("RELAIS_CACHE_DIR")
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("relais"))


def media_type(path: str) -> str:
    suffix = Path(path).suffix
    if path.endswith("manifest.json"):
        return "application/manifest+json"
    return _MEDIA_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def package_web_dir() -> Path:
    from flet_web import get_package_web_dir

    return Path(get_package_web_dir())


def package_files(web_dir: Path) -> list[str]:
    files = []
    for path in sorted(web_dir.rglob("*")):
        relative = path.relative_to(web_dir).as_posix()
        skipped = relative.split("/")[0] in _SKIPPED_TOP or relative.endswith(_SKIPPED_SUFFIXES)
        if path.is_file() and not skipped:
            files.append(relative)
    return files


def fixed_asset_files() -> list[str]:
    """Our own files at fixed URLs (manifest, icons): relative to ASSETS_DIR."""
    found = []
    for name in FIXED_ASSETS:
        path = ASSETS_DIR / name
        if path.is_dir():
            found += [p.relative_to(ASSETS_DIR).as_posix() for p in sorted(path.glob("*.png"))]
        elif path.is_file():
            found.append(name)
    return found


class _Digests:
    """File digests, remembered by (size, mtime) so a warm start reads no large file."""

    def __init__(self, store: Path) -> None:
        self._store = store
        self._known: dict[str, list[object]] = {}
        if store.is_file():
            self._known = json.loads(store.read_text(encoding="utf-8"))
        self._changed = False

    def of(self, path: Path) -> str:
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        known = self._known.get(str(path))
        if known is not None and known[:2] == stamp:
            return str(known[2])
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "blake2b").hexdigest()[:32]
        self._known[str(path)] = [*stamp, digest]
        self._changed = True
        return digest

    def save(self) -> None:
        if self._changed:
            # Forget files that are gone (old releases, old Flet installs).
            self._known = {path: v for path, v in self._known.items() if Path(path).exists()}
            self._store.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(self._store, json.dumps(self._known).encode())


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def prepare_release(page: web_shell.PageSettings, cache_root: Path | None = None) -> Release:
    """The release for the current code and Flet client: loaded if built before, else built."""
    web_root = (cache_root or default_cache_dir()) / "web"
    web_dir = package_web_dir()
    digests = _Digests(web_root / "digests.json")
    names = web_icons.icons_named_in(ICON_SOURCE_DIRS)
    texts = web_shell.page_texts()
    key = hashlib.blake2b(digest_size=8)
    for part in (
        BUILD_FORMAT,
        json.dumps(asdict(page), sort_keys=True),
        json.dumps(texts, sort_keys=True),
        ",".join(sorted(names.material)),
        ",".join(sorted(names.cupertino)),
    ):
        key.update(part.encode() + b"\0")
    for relative in package_files(web_dir):
        key.update(f"{relative}={digests.of(web_dir / relative)}\0".encode())
    for path in sorted(web_shell.PWA_TEMPLATES_DIR.iterdir()):
        key.update(f"pwa/{path.name}={digests.of(path)}\0".encode())
    for relative in fixed_asset_files():
        key.update(f"{relative}={digests.of(ASSETS_DIR / relative)}\0".encode())
    release_id = key.hexdigest()
    directory = web_root / "releases" / release_id
    if not (directory / "release.json").is_file():
        _build(release_id, page, names, texts, web_dir, directory)
    os.utime(directory / "release.json")  # marks it recently used, for pruning
    _prune(web_root / "releases", keep=3)
    release = _load(directory, web_dir, digests)
    digests.save()
    return release


def _entry(url: str, origin: str, relative: str, immutable: bool, precache: bool) -> dict[str, Any]:
    return {"url": url, "origin": origin, "relative": relative,
            "immutable": immutable, "precache": precache}  # fmt: skip


def _rewritten_client_files(web_dir: Path, names: web_icons.IconNames) -> dict[str, bytes]:
    """The Flet client files we change: the loader, the font list, the icon fonts."""
    rewritten = {
        "flutter_bootstrap.js": web_shell.build_flutter_bootstrap(
            (web_dir / "flutter_bootstrap.js").read_text(encoding="utf-8")
        ).encode(),
        "assets/FontManifest.json": web_shell.build_font_manifest(
            (web_dir / "assets/FontManifest.json").read_text(encoding="utf-8")
        ).encode(),
    }
    tables = web_icons.read_icon_tables((web_dir / "main.dart.js").read_text(encoding="utf-8"))
    if tables is not None:
        keep = web_icons.code_points_to_keep(tables, names)
        for font, family in ((MATERIAL_FONT, web_icons.MATERIAL_FAMILY),
                             (CUPERTINO_FONT, web_icons.CUPERTINO_FAMILY)):  # fmt: skip
            rewritten[font] = web_icons.subset_font((web_dir / font).read_bytes(), keep[family])
    return rewritten


def _build(
    release_id: str,
    page: web_shell.PageSettings,
    names: web_icons.IconNames,
    texts: dict[str, dict[str, str]],
    web_dir: Path,
    directory: Path,
) -> None:
    logger.info("Building web release %s (once per change of the client)", release_id)
    generated = _rewritten_client_files(web_dir, names)
    fonts = web_shell.font_files(generated["assets/FontManifest.json"].decode())
    base = web_shell.release_base(release_id)
    entries = [
        _entry(base + relative, "generated" if relative in generated else "package", relative,
               immutable=True, precache=relative in _PRECACHED_RELEASE_FILES or relative in fonts)
        for relative in sorted(set(package_files(web_dir)) | set(generated))
    ]  # fmt: skip
    entries += [
        _entry("/" + relative, "assets", relative, immutable=False, precache=True)
        for relative in fixed_asset_files()
    ]
    fixed_urls = [entry["url"] for entry in entries if not entry["immutable"]]
    precache = ["/"] + [entry["url"] for entry in entries if entry["precache"]]
    generated["index.html"] = web_shell.build_index_html(
        (web_dir / "index.html").read_text(encoding="utf-8"), release_id, page, fonts, texts
    ).encode()
    generated["service_worker.js"] = web_shell.build_service_worker(
        release_id, precache, fixed_urls
    ).encode()
    entries.append(_entry("/", "generated", "index.html", immutable=False, precache=False))
    entries.append(
        _entry(web_shell.SERVICE_WORKER_URL, "generated", "service_worker.js",
               immutable=False, precache=False)
    )  # fmt: skip

    scratch = directory.with_name(f".{release_id}.{os.getpid()}.tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    for relative, data in generated.items():
        target = scratch / "generated" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (scratch / "release.json").write_text(json.dumps({"id": release_id, "files": entries}))
    try:
        scratch.replace(directory)
    except OSError:
        # Another process built the same release meanwhile: theirs is as good.
        shutil.rmtree(scratch, ignore_errors=True)


def _load(directory: Path, web_dir: Path, digests: _Digests) -> Release:
    manifest = json.loads((directory / "release.json").read_text(encoding="utf-8"))
    roots = {"package": web_dir, "generated": directory / "generated", "assets": ASSETS_DIR}
    files: dict[str, ShellFile] = {}
    for entry in manifest["files"]:
        path = roots[entry["origin"]] / entry["relative"]
        files[entry["url"]] = ShellFile(
            url=entry["url"],
            path=path,
            digest=digests.of(path),
            media_type=media_type(entry["relative"]),
            immutable=entry["immutable"],
            precache=entry["precache"],
        )
    return Release(
        id=manifest["id"], files=files, app_page=files["/"], cache_dir=directory.parent.parent
    )


def _prune(releases: Path, keep: int) -> None:
    built = sorted(
        (path for path in releases.iterdir() if (path / "release.json").is_file()),
        key=lambda path: (path / "release.json").stat().st_mtime,
        reverse=True,
    )
    for old in built[keep:]:
        shutil.rmtree(old, ignore_errors=True)
