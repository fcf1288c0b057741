"""Requests whose line and headers exceed RELAIS_MAX_HEADER_BYTES are refused.

uvicorn's default HTTP parser (httptools) has no such limit: an 8 MB header
was accepted. h11 has one, `max_incomplete_event_size`, but it only counts
bytes still waiting for the end of the headers: a request that arrives whole
in one read (up to 256 KB on Linux) passes it. So the parsed request is
measured too. Either way uvicorn answers 400 and closes the connection.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState


def request_head_size(request: h11.Request) -> int:
    """Bytes of the request line and headers, near enough (separators not counted)."""
    return (
        len(request.method)
        + len(request.target)
        + sum(len(name) + len(value) + 4 for name, value in request.headers)
    )


class _BoundedConnection(h11.Connection):
    def __init__(self, max_head_bytes: int) -> None:
        super().__init__(h11.SERVER, max_incomplete_event_size=max_head_bytes)
        self._max_head_bytes = max_head_bytes

    def next_event(self) -> Any:
        event = super().next_event()
        if isinstance(event, h11.Request) and request_head_size(event) > self._max_head_bytes:
            raise h11.RemoteProtocolError("request header too large", error_status_hint=431)
        return event


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with the bound set by `Config.h11_max_incomplete_event_size`."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        if config.h11_max_incomplete_event_size is not None:
            self.conn = _BoundedConnection(config.h11_max_incomplete_event_size)
