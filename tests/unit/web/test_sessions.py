"""Sessions per client address are slowed past the bound, never refused."""

from __future__ import annotations

import h11
import pytest

from app.web.header_limit import _BoundedConnection
from app.web.sessions import DELAY_STEP_S, MAX_DELAY_S, accept_delay


@pytest.mark.parametrize(("held", "expected"), [(0, 0.0), (4, 0.0), (5, DELAY_STEP_S)])
def test_no_delay_within_the_bound(held: int, expected: float) -> None:
    assert accept_delay(held, bound=5) == expected


def test_each_session_past_the_bound_waits_longer_up_to_a_ceiling() -> None:
    delays = [accept_delay(held, bound=5) for held in range(5, 12)]
    assert delays == sorted(delays) and len(set(delays)) == len(delays)
    assert accept_delay(10_000, bound=5) == MAX_DELAY_S


def _parse(data: bytes, limit: int = 4096) -> object:
    connection = _BoundedConnection(limit)
    connection.receive_data(data)
    return connection.next_event()


def test_a_request_head_over_the_bound_is_refused_even_when_it_arrives_whole() -> None:
    with pytest.raises(h11.RemoteProtocolError):
        _parse(b"GET / HTTP/1.1\r\nHost: a\r\nX-Padding: " + b"a" * 8000 + b"\r\n\r\n")


def test_a_request_head_within_the_bound_is_parsed() -> None:
    event = _parse(b"GET / HTTP/1.1\r\nHost: a\r\nX-Padding: " + b"a" * 1000 + b"\r\n\r\n")
    assert isinstance(event, h11.Request)
