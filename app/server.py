"""Serves the Flet web app with uvicorn, on the embedded database by default.

We run uvicorn ourselves (rather than `ft.run`) so the database starts before
the first connection and stops after the last one, in that order, on Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import socket
import sys
from typing import Any

import uvicorn

from app.backend import open_gateway, start_embedded
from app.lifecycle import PortUnavailable, listen_on, stop_line, watch_database
from app.notifier import make_notifier
from app.paths import ASSETS_DIR
from app.settings import Settings
from app.web.header_limit import BoundedH11Protocol
from app.web.push_bridge import PushBridge
from services.accounts.recovery_mail import RecoveryMailer
from services.gateway import Gateway
from services.local.server import EmbeddedServer, StopOutcome

logger = logging.getLogger(__name__)


def build_asgi_app(
    gateway: Gateway,
    settings: Settings,
    push_bridge: PushBridge | None = None,
    recovery_mailer: RecoveryMailer | None = None,
) -> Any:
    # Flet reads this at import time of its web package: never ask a CDN.
    os.environ.setdefault("FLET_WEB_NO_CDN", "1")
    import flet_web.fastapi as flet_fastapi

    from app.main import make_page_handler
    from app.web.delivery import with_web_delivery
    from app.web.headers import SecurityHeaders, content_security_policy
    from app.web.origin import OriginCheck, allowed_origins
    from app.web.sessions import SessionSockets
    from app.web.shell import page_settings_from_manifest

    handle_page = make_page_handler(
        gateway,
        public_url=settings.public_url,
        push_bridge=push_bridge,
        recovery_mailer=recovery_mailer,
    )
    flet_app = flet_fastapi.app(
        handle_page,
        assets_dir=str(ASSETS_DIR),
        app_name="Relais",
        app_short_name="Relais",
        app_description="Entraide après un AVC — peer support after a stroke",
        no_cdn=True,
    )
    # Compressed, cached, installable, offline-capable delivery of the web client,
    # whose websocket only Relais's own pages may open.
    delivery = with_web_delivery(flet_app, page_settings_from_manifest())
    delivered: Any = delivery
    if push_bridge is not None:
        from app.web.push_route import PushSubscriptionRoute

        delivered = PushSubscriptionRoute(delivered, push_bridge)
    sessions = SessionSockets(
        delivered,
        handle_page,
        per_address=settings.sessions_per_address,
        counts=_held_counts if settings.expose_session_counts else None,
    )
    checked = OriginCheck(
        sessions, allowed_origins(settings.public_url, settings.host, settings.port)
    )
    page_html = delivery.release.app_page.path.read_text(encoding="utf-8")
    return SecurityHeaders(
        checked, policy=content_security_policy(page_html), public_url=settings.public_url
    )


def _held_counts() -> dict[str, int]:
    """What the process still holds for tabs (RELAIS_EXPOSE_SESSION_COUNTS, tests only)."""
    from app.peer_support.state import hub_counts
    from app.tab_part import parts_held
    from components.lifetime import open_lifetimes

    gc.collect()  # a closed tab is freed by the cycle collector: count only what is held
    return {**hub_counts(), "tab_parts": parts_held(), "screen_lifetimes": open_lifetimes()}


async def _serve(
    settings: Settings, server: EmbeddedServer | None, listening: socket.socket
) -> None:
    gateway = await open_gateway(settings, server)
    watching = watch_database(server, gateway)
    notifier = make_notifier(settings, server)
    # One sender per process; the outbox's `skip locked` claims share the work
    # between processes (DESIGN.md decision 11).
    sending = asyncio.create_task(notifier.sender.run()) if notifier.sender else None
    try:
        config = uvicorn.Config(
            build_asgi_app(gateway, settings, notifier.bridge, notifier.recovery_mailer),
            host=settings.host,
            port=settings.port,
            # Only these proxies may name the client's address (sign-in throttling).
            proxy_headers=True,
            forwarded_allow_ips=settings.trusted_proxies,
            log_level="warning",
            lifespan="on",
            ws_ping_interval=20,
            # h11 (httptools has no limit to set), bounded: a request whose line
            # and headers exceed the bound gets a 400, then the connection closes.
            http=BoundedH11Protocol,
            h11_max_incomplete_event_size=settings.max_header_bytes,
            # Open browser tabs must not hold Ctrl-C hostage: their websockets
            # get a few seconds to close, then the database stops regardless.
            timeout_graceful_shutdown=5,
        )
        web = uvicorn.Server(config)
        announcer = asyncio.create_task(_announce_when_ready(web, settings))
        await web.serve(sockets=[listening])
        announcer.cancel()
    finally:
        if watching is not None:
            watching.cancel()
        if sending is not None:
            sending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sending
        if notifier.sender is not None:
            await notifier.sender.close()
        await gateway.close()


async def _announce_when_ready(web: uvicorn.Server, settings: Settings) -> None:
    # uvicorn exposes readiness only as a flag, so poll it briefly.
    while not web.started:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    print(f"Relais is ready: {settings.local_url}  (Ctrl-C to stop)", flush=True)
    if settings.public_url != settings.local_url:
        print(f"Public address: {settings.public_url}", flush=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(settings: Settings) -> int:
    # uvicorn hands SIGINT/SIGTERM back once it has shut down; turning both into
    # KeyboardInterrupt lets the `finally` below stop the database either way.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        listening = listen_on(settings.host, settings.port)
    except PortUnavailable as error:
        print(error, file=sys.stderr, flush=True)
        return 1
    server: EmbeddedServer | None = None
    status = 0
    try:
        if settings.local_mode:
            print(f"Starting the embedded database in {settings.data_dir} …", flush=True)
            server = start_embedded(settings, exclusive=True)
        asyncio.run(_serve(settings, server, listening))
    except KeyboardInterrupt:
        pass
    except SystemExit:
        # uvicorn exits when it cannot serve; its own log line says why.
        print(f"Relais could not serve on port {settings.port}.", file=sys.stderr, flush=True)
        status = 1
    finally:
        listening.close()
        if server is not None:
            outcome = server.stop()
            print(stop_line(outcome, settings.data_dir), flush=True)
            status = status or (0 if outcome is StopOutcome.CLEAN else 1)
    return status
