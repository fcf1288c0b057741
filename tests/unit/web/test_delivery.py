"""What the web delivery layer answers: encodings, cache headers, routes, pass-through."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from app.web.compression import CompressedCopies
from app.web.delivery import IMMUTABLE, WebDelivery, accepted_encodings
from app.web.release import Release, prepare_release
from app.web.shell import page_settings_from_manifest

FLET_SAYS = "answered by Flet"


async def _flet(request: Request) -> PlainTextResponse:
    return PlainTextResponse(FLET_SAYS)


async def _socket(websocket: WebSocket) -> None:
    await websocket.close()


def _stand_in_for_flet() -> Starlette:
    app = Starlette(
        routes=[
            WebSocketRoute("/ws", _socket),
            Route("/oauth_callback", _flet),
            Route("/docs", _flet),
            Route("/openapi.json", _flet),
            Route("/{anything:path}", _flet, methods=["GET", "POST"]),
        ]
    )
    app.docs_url = "/docs"  # type: ignore[attr-defined]
    app.openapi_url = "/openapi.json"  # type: ignore[attr-defined]
    return app


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    return prepare_release(page_settings_from_manifest(), tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def copies(release: Release) -> CompressedCopies:
    copies = CompressedCopies(release.cache_dir / "compressed")
    small = [file for file in release.files.values() if file.path.stat().st_size < 200_000]
    copies.start(small)
    assert copies.wait(120)
    return copies


@pytest.fixture
async def client(release: Release, copies: CompressedCopies) -> AsyncIterator[httpx.AsyncClient]:
    delivery = WebDelivery(_stand_in_for_flet(), release, copies)
    transport = httpx.ASGITransport(app=delivery)
    async with httpx.AsyncClient(transport=transport, base_url="http://relais.test") as client:
        yield client


def test_accept_encoding_is_parsed_with_qualities() -> None:
    assert accepted_encodings("gzip, deflate, br, zstd") == {"gzip", "deflate", "br", "zstd"}
    assert accepted_encodings("br;q=0, gzip;q=0.5") == {"gzip"}
    assert accepted_encodings("") == set()


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("identity", None)],
)
async def test_best_accepted_copy_is_sent(
    client: httpx.AsyncClient, release: Release, accept: str, expected: str | None
) -> None:
    file = release.files[release.base + "main.dart.mjs"]
    response = await client.get(file.url, headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers.get("content-encoding") == expected
    assert response.headers["vary"] == "Accept-Encoding"
    # httpx undoes gzip and brotli (with the brotli package installed) by itself.
    assert response.content == file.path.read_bytes()
    assert response.headers["content-type"].startswith("text/javascript")


async def test_versioned_files_are_cached_for_a_year(
    client: httpx.AsyncClient, release: Release
) -> None:
    response = await client.get(release.base + "flutter_bootstrap.js")
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.headers["cross-origin-embedder-policy"] == "require-corp"
    assert response.headers["cross-origin-opener-policy"] == "same-origin"


async def test_the_page_is_revalidated_and_names_its_release(
    client: httpx.AsyncClient, release: Release
) -> None:
    response = await client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-relais-release"] == release.id
    assert response.headers["content-encoding"] == "gzip"
    assert f'var RELEASE = "{release.id}"' in response.text
    again = await client.get(
        "/", headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/messages", "/diary/goal/12", "/sign-in"])
async def test_app_routes_get_the_app_page(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert "flutter_bootstrap.js" in response.text


async def test_head_answers_without_a_body(client: httpx.AsyncClient, release: Release) -> None:
    response = await client.head(release.base + "main.dart.wasm")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/wasm"
    assert response.content == b""


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [
        ("/oauth_callback", 200, FLET_SAYS),  # Flet's own endpoint
        ("/assets/guide/fr/aah.yaml", 200, FLET_SAYS),  # not ours: Flet's static files decide
        ("/docs", 404, None),  # FastAPI's docs load their scripts from a CDN
        ("/openapi.json", 404, None),
        ("/_v/0123456789abcdef/main.dart.wasm", 404, None),  # another release
    ],
)
async def test_everything_else_goes_to_flet_or_nowhere(
    client: httpx.AsyncClient, path: str, status: int, body: str | None
) -> None:
    response = await client.get(path)
    assert response.status_code == status
    if body is not None:
        assert response.text == body


async def test_non_get_requests_go_to_flet(client: httpx.AsyncClient) -> None:
    response = await client.post("/anything")
    assert response.text == FLET_SAYS


def test_incompressible_files_are_not_compressed(
    release: Release, copies: CompressedCopies
) -> None:
    woff2 = release.files[release.base + "assets/fonts/roboto.woff2"]
    png = release.files["/icons/icon-192.png"]
    assert copies.ready(woff2.digest) == {}
    assert copies.ready(png.digest) == {}
