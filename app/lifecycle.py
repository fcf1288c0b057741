"""The start and stop of `python -m app`, each said in one true line.

The port is taken before the database starts (a port in use then costs
nothing to undo), the embedded server is watched while the app serves, and the
stop line says whether the database really shut down cleanly.
"""

from __future__ import annotations

import asyncio
import errno
import socket
from pathlib import Path

from services.gateway import Gateway
from services.local.data_folder import free_space_line
from services.local.gateway import LocalGateway
from services.local.server import EmbeddedServer, StopOutcome
from services.local.supervisor import supervise


class PortUnavailable(Exception):
    """The web port cannot be listened on: the message names the setting to change."""


def listen_on(host: str, port: int) -> socket.socket:
    """Bind and listen now: a second app fails here, before touching any database."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    # As uvicorn does: a restart must not wait for the last run's TIME_WAIT sockets.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        # Listening at once closes the gap where a second bind would also succeed.
        sock.listen(2048)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise PortUnavailable(
                f"port {port} is in use; set RELAIS_PORT to another port"
            ) from None
        raise PortUnavailable(
            f"cannot listen on {host}:{port} ({error.strerror}); check RELAIS_HOST and RELAIS_PORT"
        ) from None
    return sock


def watch_database(server: EmbeddedServer | None, gateway: Gateway) -> asyncio.Task[None] | None:
    """Restart the embedded server whenever it dies, for as long as the app serves."""
    if server is None or not server.owner or not isinstance(gateway, LocalGateway):
        return None
    return asyncio.create_task(supervise(server, gateway))


def stop_line(outcome: StopOutcome, data_dir: Path) -> str:
    pgdata = data_dir / "pgdata"
    if outcome is StopOutcome.CLEAN:
        return "Relais stopped; the database was shut down cleanly."
    if outcome is StopOutcome.UNCLEAN:
        return (
            "Relais stopped; the database stopped without its final save"
            f" ({free_space_line(data_dir)}; its log: {pgdata / 'log'});"
            " it recovers on the next start."
        )
    if outcome is StopOutcome.STILL_RUNNING:
        return (
            f"Relais stopped, but its database in {pgdata} is still running;"
            f" the next start stops it (its log: {pgdata / 'log'})."
        )
    return "Relais stopped; the database stays with the process that started it."
