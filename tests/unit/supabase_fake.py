"""A stand-in for GoTrue and PostgREST, for checking SupabaseGateway offline.

`FakeSupabase` is the handler of an `httpx.MockTransport`: it answers the
routes a test declares, with bodies shaped like the real servers' answers,
and records every request so the test can look at what was really sent.
The `fake` and `gateway` fixtures built on it are in this folder's conftest.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

import httpx

from services.models import AuthSession, Credentials
from services.supabase_gateway import SupabaseGateway

URL = "https://relais-test.supabase.co"
ANON_KEY = "anon-key-0123456789-abcdefghij"
VERSIONED = {"X-Supabase-Api-Version": "2024-01-01"}

Answer = Callable[[httpx.Request], httpx.Response]


class FakeSupabase:
    """Answers the routes a test declares and records every request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._routes: dict[tuple[str, str], Answer] = {}

    def on(self, method: str, path: str, answer: Answer) -> None:
        self._routes[(method, path)] = answer

    def sent(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self._routes.get((request.method, request.url.path))
        if answer is None:
            return httpx.Response(404, json={"message": f"no route {request.url.path}"})
        return answer(request)


def reply(status: int, body: Any, headers: Mapping[str, str] | None = None) -> Answer:
    return lambda _request: httpx.Response(status, json=body, headers=headers)


def fail_with(error: type[httpx.TransportError]) -> Answer:
    def answer(request: httpx.Request) -> httpx.Response:
        raise error("simulated", request=request)

    return answer


def access_token(user_id: UUID, *, lifetime: int = 3600) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    claims = {"sub": str(user_id), "role": "authenticated", "exp": int(time.time()) + lifetime}
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def gotrue_session(user_id: UUID, email: str, access: str, refresh: str) -> dict[str, Any]:
    return {
        "access_token": access,
        "token_type": "bearer",
        "expires_in": 3600,
        "expires_at": int(time.time()) + 3600,
        "refresh_token": refresh,
        "user": {
            "id": str(user_id),
            "aud": "authenticated",
            "role": "authenticated",
            "email": email,
            "app_metadata": {"provider": "email"},
            "user_metadata": {},
            "created_at": "2026-11-29T10:00:00Z",
        },
    }


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


USER_A = UUID("11111111-1111-4111-8111-111111111111")
USER_B = UUID("22222222-2222-4222-8222-222222222222")


async def sign_in_as(
    gateway: SupabaseGateway, fake: FakeSupabase, user_id: UUID, email: str
) -> AuthSession:
    token = access_token(user_id)
    fake.on("POST", "/auth/v1/token", reply(200, gotrue_session(user_id, email, token, "r-1")))
    return await gateway.sign_in(Credentials(email=email, password="correct horse"))
