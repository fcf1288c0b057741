"""Serves the Flet web app with uvicorn, on the embedded database by default.

We run uvicorn ourselves (rather than `ft.run`) so the database starts before
the first connection and stops after the last one, in that order, on Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from typing import Any

import uvicorn

from app.backend import open_gateway, start_embedded
from app.notifier import make_notifier
from app.paths import ASSETS_DIR
from app.settings import Settings
from app.web.push_bridge import PushBridge
from services.accounts.recovery_mail import RecoveryMailer
from services.gateway import Gateway
from services.local.server import EmbeddedServer

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
    from app.web.origin import OriginCheck, allowed_origins
    from app.web.shell import page_settings_from_manifest

    flet_app = flet_fastapi.app(
        make_page_handler(
            gateway,
            public_url=settings.public_url,
            push_bridge=push_bridge,
            recovery_mailer=recovery_mailer,
        ),
        assets_dir=str(ASSETS_DIR),
        app_name="Relais",
        app_short_name="Relais",
        app_description="Entraide après un AVC — peer support after a stroke",
        no_cdn=True,
    )
    # Compressed, cached, installable, offline-capable delivery of the web client,
    # whose websocket only Relais's own pages may open.
    delivered: Any = with_web_delivery(flet_app, page_settings_from_manifest())
    if push_bridge is not None:
        from app.web.push_route import PushSubscriptionRoute

        delivered = PushSubscriptionRoute(delivered, push_bridge)
    return OriginCheck(
        delivered, allowed_origins(settings.public_url, settings.host, settings.port)
    )


async def _serve(settings: Settings, server: EmbeddedServer | None) -> None:
    gateway = await open_gateway(settings, server)
    notifier = make_notifier(settings, server)
    # One sender per process; the outbox's `skip locked` claims share the work
    # between processes (DESIGN.md decision 11).
    sending = asyncio.create_task(notifier.sender.run()) if notifier.sender else None
    try:
        config = uvicorn.Config(
            build_asgi_app(gateway, settings, notifier.bridge, notifier.recovery_mailer),
            host=settings.host,
            port=settings.port,
            log_level="warning",
            lifespan="on",
            ws_ping_interval=20,
            # Open browser tabs must not hold Ctrl-C hostage: their websockets
            # get a few seconds to close, then the database stops regardless.
            timeout_graceful_shutdown=5,
        )
        web = uvicorn.Server(config)
        announcer = asyncio.create_task(_announce_when_ready(web, settings))
        await web.serve()
        announcer.cancel()
    finally:
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


def serve(settings: Settings) -> None:
    # uvicorn hands SIGINT/SIGTERM back once it has shut down; turning both into
    # KeyboardInterrupt lets the `finally` below stop the database either way.
    signal.signal(signal.SIGTERM, _interrupt)
    server: EmbeddedServer | None = None
    if settings.local_mode:
        print(f"Starting the embedded database in {settings.data_dir} …", flush=True)
        server = start_embedded(settings)
    try:
        asyncio.run(_serve(settings, server))
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.stop()
            print("Relais stopped; the database was shut down cleanly.", flush=True)
