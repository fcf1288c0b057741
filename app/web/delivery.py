"""Serves the web client the way a phone on mobile data needs it.

An ASGI layer in front of Flet's FastAPI app answers every request for a file
of the current release (see web_release):

- in the best encoding the browser accepts among the copies made so far
  (brotli, then gzip, then none), with `Vary: Accept-Encoding`;
- with `Cache-Control: immutable` for a year under `/_v/<release>/`, and
  `no-cache` plus an ETag for the few fixed URLs (the page, the manifest, the
  icons, the service worker), so a new release is seen on the next visit;
- with the cross-origin isolation headers Flet adds to its own responses
  (kept for the isolation itself: boot.js runs the renderer on one thread,
  which does not need them). The content security policy and the other
  security headers are added to every response by app/web/headers.py.

The websocket, Flet's upload and OAuth endpoints and anything else go to Flet
unchanged. FastAPI's generated API docs (which load their scripts from a
CDN) answer 404: Relais has no public HTTP API to document.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path, PurePosixPath

from starlette.datastructures import Headers
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from app.web import shell as web_shell
from app.web.compression import CompressedCopies
from app.web.release import Release, ShellFile, prepare_release

logger = logging.getLogger(__name__)

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
RELEASE_HEADER = "X-Relais-Release"
PREFERRED_ENCODINGS = ("br", "gzip")
ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "X-Content-Type-Options": "nosniff",
}


def accepted_encodings(accept_encoding: str) -> set[str]:
    """Codings the client accepts (q > 0); `identity` is always acceptable here."""
    accepted = set()
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name and quality > 0:
            accepted.add(name.strip().lower())
    return accepted


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


def _is_app_route(path: str) -> bool:
    """Paths the Flutter router handles (no file extension): they all get the app page."""
    return PurePosixPath(path).suffix in ("", ".html")


class WebDelivery:
    def __init__(self, app: ASGIApp, release: Release, copies: CompressedCopies) -> None:
        self.app = app
        self.release = release
        self.copies = copies
        self._passthrough, self._hidden = _flet_endpoints(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        response = self.response_for(scope["path"], Headers(scope=scope))
        if response is None:
            await self.app(scope, receive, send)
        else:
            await response(scope, receive, send)

    def response_for(self, path: str, request: Headers) -> Response | None:
        file = self.release.files.get(path)
        if file is None:
            if path.startswith(web_shell.RELEASE_PREFIX) or path in self._hidden:
                return PlainTextResponse("Not found", 404, headers={"Cache-Control": "no-store"})
            if path in self._passthrough or not _is_app_route(path):
                return None
            file = self.release.app_page
        return self._file_response(file, request)

    def _file_response(self, file: ShellFile, request: Headers) -> Response:
        copies = self.copies.ready(file.digest)
        accepted = accepted_encodings(request.get("accept-encoding", ""))
        usable = [name for name in PREFERRED_ENCODINGS if name in copies and name in accepted]
        encoding = usable[0] if usable else None
        etag = f'"{file.digest}-{encoding or "identity"}"'
        headers = {
            "Cache-Control": IMMUTABLE if file.immutable else REVALIDATE,
            "ETag": etag,
            "Vary": "Accept-Encoding",
            **ISOLATION_HEADERS,
        }
        if file is self.release.app_page:
            headers[RELEASE_HEADER] = self.release.id
        if _etag_matches(request.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        path = file.path
        if encoding is not None:
            headers["Content-Encoding"] = encoding
            path = copies[encoding]
        if not path.is_file():  # a copy pruned by another process: send the original
            headers.pop("Content-Encoding", None)
            headers["ETag"] = f'"{file.digest}-identity"'
            path = file.path
        return FileResponse(path, headers=headers, media_type=file.media_type)


def _flet_endpoints(app: ASGIApp) -> tuple[set[str], set[str]]:
    """(paths Flet itself must answer, FastAPI doc paths to hide)."""
    routes = getattr(app, "routes", [])
    paths = {
        route.path for route in routes if not isinstance(route, Mount) and hasattr(route, "path")
    }
    hidden = {
        str(url)
        for url in (
            getattr(app, "docs_url", None),
            getattr(app, "redoc_url", None),
            getattr(app, "openapi_url", None),
            getattr(app, "swagger_ui_oauth2_redirect_url", None),
        )
        if url
    }
    return paths - hidden, hidden


def with_web_delivery(
    app: ASGIApp,
    page: web_shell.PageSettings,
    cache_root: Path | None = None,
    compress_in_background: bool = True,
) -> WebDelivery:
    """Wrap Flet's ASGI app; builds the release on the first start of a new client."""
    try:
        release = prepare_release(page, cache_root)
    except OSError:
        # A read-only home (some containers): build in a temporary folder instead,
        # at the price of compressing again on every start.
        logger.exception("Web cache directory unusable; building in a temporary folder")
        release = prepare_release(page, Path(tempfile.mkdtemp(prefix="relais-web-")))
    copies = CompressedCopies(release.cache_dir / "compressed")
    copies.prune({file.digest for file in release.files.values()})
    if compress_in_background:
        copies.start(release.files.values())
    logger.info("Serving web release %s", release.id)
    return WebDelivery(app, release, copies)
