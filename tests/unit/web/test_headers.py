"""The security headers layer: on every response, whoever answered it."""

from __future__ import annotations

import base64
import hashlib

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from app.web.headers import (
    PERMISSIONS_POLICY,
    SecurityHeaders,
    content_security_policy,
    inline_script_hashes,
)

PAGE = '<html><script>var a = 1;</script><script src="/x.js"></script><script>\nb()\n</script>'


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


async def _page(request: Request) -> HTMLResponse:
    # As Flet answers: open to every origin.
    return HTMLResponse(PAGE, headers={"Access-Control-Allow-Origin": "*"})


async def _missing(request: Request) -> PlainTextResponse:
    return PlainTextResponse("Not found", 404)


def _client(public_url: str = "http://localhost:8550/") -> httpx.AsyncClient:
    inner = Starlette(routes=[Route("/", _page), Route("/{anything:path}", _missing)])
    app = SecurityHeaders(inner, policy=content_security_policy(PAGE), public_url=public_url)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://relais.test")


def test_only_inline_scripts_are_hashed_exactly_as_written() -> None:
    assert inline_script_hashes(PAGE) == [_sha("var a = 1;"), _sha("\nb()\n")]


def test_the_policy_allows_the_page_scripts_and_nothing_inline_else() -> None:
    policy = content_security_policy(PAGE)
    scripts = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert _sha("var a = 1;") in scripts and _sha("\nb()\n") in scripts
    assert "'wasm-unsafe-eval'" in scripts
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts.replace(
        "'wasm-unsafe-eval'", ""
    )
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("path", ["/", "/anything.php"])
async def test_every_response_gets_the_headers(path: str) -> None:
    async with _client() as client:
        response = await client.get(path)
    assert response.headers["content-security-policy"] == content_security_policy(PAGE)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["permissions-policy"] == PERMISSIONS_POLICY
    assert "access-control-allow-origin" not in response.headers
    assert "strict-transport-security" not in response.headers


def test_only_what_the_app_uses_is_allowed() -> None:
    allowed = [item for item in PERMISSIONS_POLICY.split(", ") if not item.endswith("=()")]
    assert sorted(allowed) == [
        "clipboard-read=(self)",
        "clipboard-write=(self)",
        "fullscreen=(self)",
        "web-share=(self)",
    ]
    assert "microphone=()" in PERMISSIONS_POLICY and "camera=()" in PERMISSIONS_POLICY


async def test_hsts_when_the_public_address_is_https() -> None:
    async with _client("https://relais.example.org/") as client:
        response = await client.get("/")
    assert response.headers["strict-transport-security"] == "max-age=31536000"


async def test_hsts_when_a_trusted_proxy_says_https() -> None:
    # uvicorn sets the scheme from X-Forwarded-Proto only for trusted proxies.
    inner = Starlette(routes=[Route("/", _page)])
    app = SecurityHeaders(inner, policy="default-src 'self'", public_url="http://localhost/")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://relais.test") as client:
        response = await client.get("/")
    assert response.headers["strict-transport-security"] == "max-age=31536000"
