"""Hostile probes of the websocket: a flood of dropped sessions leaves nothing behind.

A server of its own, with a 2-second FLET_SESSION_TIMEOUT, a small bound of
sessions per address, and its counts exposed (RELAIS_EXPOSE_SESSION_COUNTS).
Sessions are opened with a raw websocket speaking Flet's protocol
(session_probe.py) and dropped the way a phone loses its network, plus one
real person in Chromium with a conversation open (the realtime hub follows
topics for that tab). After the timeout, Flet's session map, the realtime
hub, the per-tab registries and the screens' subscriptions hold nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import NewPerson, running_relais
from .conversation_pairs import MakePair, open_conversation
from .session_probe import drop, held_counts, open_session

pytestmark = pytest.mark.e2e

PER_ADDRESS = 6
# Flet's evictor looks every 10 s; a reset connection is noticed within a ping round.
LET_GO_WITHIN_S = 75
HELD = ("flet_sessions", "sockets", "hub_topics", "hub_followers", "tab_parts", "screen_lifetimes")


@pytest.fixture(scope="module")
def relais_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("relais-flood-data")


@pytest.fixture(scope="module")
def relais_url(relais_data_dir: Path) -> Iterator[str]:
    with running_relais(
        relais_data_dir,
        FLET_SESSION_TIMEOUT="2",
        RELAIS_EXPOSE_SESSION_COUNTS="1",
        RELAIS_SESSIONS_PER_ADDRESS=str(PER_ADDRESS),
    ) as url:
        yield url


def _held(relais_url: str) -> dict[str, int]:
    counts = held_counts(relais_url)
    return {name: counts[name] for name in HELD}


def _wait_until_nothing_held(relais_url: str) -> dict[str, int]:
    deadline = time.monotonic() + LET_GO_WITHIN_S
    held = _held(relais_url)
    while any(held.values()) and time.monotonic() < deadline:
        time.sleep(1)
        held = _held(relais_url)
    return held


def test_dropped_sessions_and_closed_tabs_are_let_go(
    relais_url: str, new_person: NewPerson, make_pair: MakePair
) -> None:
    pair = make_pair()
    screen = new_person()
    open_conversation(screen, pair, pair.survivor)
    following = _held(relais_url)
    assert following["hub_topics"] >= 1 and following["tab_parts"] >= 1, following

    # Sessions dropped as soon as they ask (some are gone before the server
    # registers them), dropped just after the server's first answer, while it
    # sends their first screen; and sockets dropped before they ever register.
    dropped_at_once = [open_session(relais_url) for _ in range(5)]
    for connection in dropped_at_once:
        drop(connection)
    read_then_dropped = [open_session(relais_url) for _ in range(5)]
    for connection in read_then_dropped:
        connection.recv(timeout=30)
        drop(connection)
    for _ in range(4):
        drop(open_session(relais_url, register=False))
    assert _held(relais_url)["flet_sessions"] >= 1 + len(read_then_dropped)
    screen.page.context.close()

    assert _wait_until_nothing_held(relais_url) == dict.fromkeys(HELD, 0)


def test_sessions_past_the_bound_are_slowed_not_refused(relais_url: str) -> None:
    assert _wait_until_nothing_held(relais_url) == dict.fromkeys(HELD, 0)
    started = time.monotonic()
    within = [open_session(relais_url, register=False) for _ in range(PER_ADDRESS)]
    within_s = time.monotonic() - started
    started = time.monotonic()
    past = [open_session(relais_url, register=False) for _ in range(4)]
    past_s = time.monotonic() - started
    try:
        assert all(c.protocol.state.name == "OPEN" for c in within + past)
        assert within_s < 3, within_s
        # 0.5 + 1 + 1.5 + 2 s: each one past the bound waits a step longer.
        assert past_s >= 4.5, past_s
    finally:
        for connection in within + past:
            drop(connection)
