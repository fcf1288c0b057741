"""Watches the embedded server while the app serves, and restarts it when it dies.

Without this, a crashed postmaster left every call failing for good. Postgres
recovers from its write-ahead log when started again, so a restart loses no
committed data; the pool is then told to reconnect at once, and the live
listener resyncs on its own. After repeated failures we stop trying and say so.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque

from services.local.data_folder import EmbeddedServerError
from services.local.gateway import LocalGateway
from services.local.server import EmbeddedServer

logger = logging.getLogger(__name__)

CHECK_EVERY_S = 1.0
# More restarts than this within the window: the database cannot stay up.
MAX_RESTARTS = 5
WINDOW_S = 300.0


async def supervise(
    server: EmbeddedServer,
    gateway: LocalGateway,
    *,
    check_every: float = CHECK_EVERY_S,
    max_restarts: int = MAX_RESTARTS,
    window: float = WINDOW_S,
) -> None:
    """Runs until cancelled, or until it gives up (then calls fail with DATABASE_LOST)."""
    restarts: deque[float] = deque()
    while True:
        await asyncio.sleep(check_every)
        if server.running():
            continue
        now = time.monotonic()
        while restarts and now - restarts[0] > window:
            restarts.popleft()
        if len(restarts) >= max_restarts:
            logger.error(
                "the embedded database in %s stopped %d times in %d s and is not restarted"
                " again: restart Relais (its log: %s)",
                server.pgdata,
                len(restarts),
                int(window),
                server.pgdata / "log",
            )
            gateway.database_lost = True
            return
        restarts.append(now)
        logger.warning("the embedded database stopped unexpectedly: restarting it")
        try:
            await asyncio.to_thread(server.restart)
        except EmbeddedServerError as error:
            logger.warning("the embedded database did not restart: %s", error)
            # Wait longer after each failure: whatever stops it may clear up.
            await asyncio.sleep(check_every * 2 ** len(restarts))
            continue
        await gateway.database_restarted()
        logger.warning("the embedded database is running again")
