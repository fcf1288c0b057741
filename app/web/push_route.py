"""`POST /push/subscriptions`: the page hands over what the browser gave it.

Body (JSON, at most 4 KB): `{"ticket": "...", "subscription": {...}, "label": "..."}`
or `{"ticket": "...", "problem": "denied"}`. Answers: 201 saved, 204 noted,
400 malformed, 403 unknown ticket or push service not allowed, 413 too big,
409 refused by the database (with the reason's code).
"""

from __future__ import annotations

import json
import logging

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from app.web.push_bridge import PROBLEMS, BrowserAnswer, PushBridge
from services.errors import RelaisError
from services.notifications.models import PushSubscriptionIn

logger = logging.getLogger(__name__)

PATH = "/push/subscriptions"
MAX_BODY_BYTES = 4096


class PushSubscriptionRoute:
    def __init__(self, app: ASGIApp, bridge: PushBridge) -> None:
        self._app = app
        self._bridge = bridge

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH:
            await self._app(scope, receive, send)
            return
        request = Request(scope, receive)
        if request.method != "POST":
            response: Response = Response(status_code=405, headers={"Allow": "POST"})
        else:
            response = await self._answer(request)
        response.headers["Cache-Control"] = "no-store"
        await response(scope, receive, send)

    async def _answer(self, request: Request) -> Response:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return _refusal(413, "too_big")
        try:
            data = json.loads(body)
        except ValueError:
            return _refusal(400, "not_json")
        if not isinstance(data, dict):
            return _refusal(400, "not_json")
        handler = self._bridge.tickets.handler_for(data.get("ticket"))
        if handler is None:
            return _refusal(403, "ticket")
        problem = data.get("problem")
        if problem is not None:
            if problem not in PROBLEMS:
                return _refusal(400, "problem")
            await handler(BrowserAnswer(problem=problem))
            return Response(status_code=204)
        try:
            subscription = PushSubscriptionIn.from_browser(
                data.get("subscription"), data.get("label", "")
            )
        except (ValueError, ValidationError):
            return _refusal(400, "subscription")
        if not self._bridge.services.allows(subscription.endpoint):
            await handler(BrowserAnswer(problem="unsupported"))
            return _refusal(403, "push_service")
        try:
            await handler(BrowserAnswer(subscription=subscription))
        except RelaisError as error:
            return _refusal(409, error.code.value)
        return Response(status_code=201)


def _refusal(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"refused": reason}, status_code=status)
