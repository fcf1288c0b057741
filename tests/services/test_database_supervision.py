"""The embedded server is watched: killed, it is restarted and the pool finds it again.

A server of its own (this module kills it), started once for the module.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
from collections.abc import AsyncIterator, Iterator

import psycopg
import pytest
from psycopg import errors as pg

from services.accounts import auth
from services.errors import ErrorCode, RelaisError
from services.local.db_errors import refusal_from_database
from services.local.gateway import LocalGateway
from services.local.server import EmbeddedServer
from services.local.supervisor import supervise
from tests.conftest import migrated_server
from tests.factories import PASSWORD, make_user

# The pool alone waited for its backoff (up to 73 s after an outage): now a
# few seconds, most of them pid 1 reaping the dead postmaster, then recovery.
SERVING_AGAIN_WITHIN_S = 10


@pytest.fixture(scope="module")
def server() -> Iterator[EmbeddedServer]:
    # A server of its own: these tests kill it.
    with migrated_server("relais-supervised-") as server:
        yield server


@pytest.fixture
async def gateway(server: EmbeddedServer) -> AsyncIterator[LocalGateway]:
    if not server.running():  # a test that failed half-way left it dead
        server.restart()
    gateway = await LocalGateway.open(server.conninfo(), pool_size=3)
    try:
        yield gateway
    finally:
        await gateway.close()


@contextlib.asynccontextmanager
async def supervised(
    server: EmbeddedServer, gateway: LocalGateway, **limits: int
) -> AsyncIterator[asyncio.Task[None]]:
    watching = asyncio.create_task(supervise(server, gateway, check_every=0.2, **limits))
    try:
        yield watching
    finally:
        watching.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watching


def postmaster_pid(server: EmbeddedServer) -> int | None:
    try:
        return int((server.pgdata / "postmaster.pid").read_text().splitlines()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None


def kill_postmaster(server: EmbeddedServer) -> int:
    pid = postmaster_pid(server)
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    return pid


async def test_a_killed_database_serves_again_within_seconds(
    server: EmbeddedServer, gateway: LocalGateway
) -> None:
    person = await make_user(gateway)
    async with supervised(server, gateway):
        kill_postmaster(server)
        killed_at = time.monotonic()
        while True:
            try:
                again = await auth.sign_in(gateway, email=person.email, password=PASSWORD)
                break
            except RelaisError as error:
                assert error.code is ErrorCode.UNREACHABLE
                assert time.monotonic() - killed_at < SERVING_AGAIN_WITHIN_S
                await asyncio.sleep(0.2)
    assert again.user_id == person.user_id  # the account survived the crash


async def test_repeated_deaths_end_in_one_log_line_and_a_clear_refusal(
    server: EmbeddedServer, gateway: LocalGateway, caplog: pytest.LogCaptureFixture
) -> None:
    person = await make_user(gateway)
    caplog.set_level(logging.WARNING, logger="services.local.supervisor")
    async with supervised(server, gateway, max_restarts=1) as watching:
        first = kill_postmaster(server)
        # Until the supervisor restarted it: a new postmaster, up and running.
        while postmaster_pid(server) in (None, first) or not server.running():  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        kill_postmaster(server)  # a second death within the window: no more restarts
        await asyncio.wait_for(watching, 10)
    given_up = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(given_up) == 1 and "is not restarted again: restart Relais" in given_up[0].message
    started = time.monotonic()
    with pytest.raises(RelaisError) as refused:
        await auth.sign_in(gateway, email=person.email, password=PASSWORD)
    assert refused.value.code is ErrorCode.DATABASE_LOST
    assert refused.value.message_key == "error.database_lost"
    assert time.monotonic() - started < 1  # at once, not after the pool's 10 s
    server.restart()  # for the rest of the module


def test_a_database_that_cannot_write_is_told_apart_from_one_not_answering() -> None:
    # Real driver errors as PostgreSQL sends them (the full disk itself: tests/cli).
    cannot_write: list[psycopg.Error] = [pg.DiskFull(), pg.InsufficientResources(), pg.IoError()]
    for error in cannot_write:
        assert refusal_from_database(error).code is ErrorCode.DISK_FULL
    not_answering = [pg.TooManyConnections(), psycopg.OperationalError("connection lost")]
    for error in not_answering:
        assert refusal_from_database(error).code is ErrorCode.UNREACHABLE
