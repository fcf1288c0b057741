"""The security headers every response carries, whoever answered it.

This layer sits outside everything else (our delivery, Flet's own routes and
static files, its error pages), so no path escapes it: a missing page, a
Flet asset or a 404 gets the same headers as the app page.

- `Content-Security-Policy`: scripts only from this origin, plus the page's
  own inline scripts by their SHA-256 (computed at start from the page
  actually served, so a new release can never be blocked by a stale list) and
  `'wasm-unsafe-eval'` for the renderer's WebAssembly. No `'unsafe-inline'`
  for scripts: an injected script would not run. Styles keep
  `'unsafe-inline'`: Flutter writes style attributes and elements at run time.
  `frame-ancestors 'none'`: no other site can frame Relais (clickjacking).
- `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (a link
  followed from a conversation tells the other site nothing).
- `Permissions-Policy`: only what the app uses: the clipboard (copying an
  invite code, and the "Paste" of Flutter's text-field menu, which reads it:
  a person with one usable hand pastes the code they were sent), the share
  sheet and fullscreen; everything else off (notifications are not governed
  by it).
- Flet adds `Access-Control-Allow-Origin: *` to all its answers; it is
  removed, so no other site's script may read Relais's responses.
- `Strict-Transport-Security` when served over HTTPS: RELAIS_PUBLIC_URL is
  https, or a trusted proxy (uvicorn's `forwarded_allow_ips`) said so.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)

PERMISSIONS_POLICY = ", ".join(
    (
        "accelerometer=()",
        "camera=()",
        "clipboard-read=(self)",
        "clipboard-write=(self)",
        "display-capture=()",
        "fullscreen=(self)",
        "geolocation=()",
        "gyroscope=()",
        "hid=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "publickey-credentials-get=()",
        "screen-wake-lock=()",
        "serial=()",
        "usb=()",
        "web-share=(self)",
    )
)
HSTS = "max-age=31536000"
_REMOVED = ("access-control-allow-origin", "access-control-allow-credentials")


def inline_script_hashes(html: str) -> list[str]:
    """`'sha256-…'` for each inline script of the page, in page order."""
    hashes = []
    for script in _INLINE_SCRIPT.finditer(html):
        if "src=" in script["attributes"]:
            continue
        digest = hashlib.sha256(script["body"].encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def content_security_policy(page_html: str) -> str:
    """The policy for every response, allowing exactly the page's own inline scripts."""
    scripts = " ".join(["'self'", *inline_script_hashes(page_html), "'wasm-unsafe-eval'", "blob:"])
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {scripts}",
            "worker-src 'self' blob:",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data: blob:",
            "media-src 'self' data: blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class SecurityHeaders:
    """ASGI middleware: sets the headers above on every HTTP response."""

    def __init__(self, app: ASGIApp, *, policy: str, public_url: str) -> None:
        self.app = app
        self.policy = policy
        self.always_https = public_url.lower().startswith("https://")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = self.always_https or scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", []))
                headers = MutableHeaders(scope=message)
                for name in _REMOVED:
                    del headers[name]
                headers["Content-Security-Policy"] = self.policy
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Permissions-Policy"] = PERMISSIONS_POLICY
                if https:
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await self.app(scope, receive, send_with_headers)
