"""The three coordinator lists now run as the caller (SECURITY INVOKER).

RLS lets coordinators read every profile, application, request, match and
block, so the lists show them exactly what they showed as definer functions:
the names, the live-match counts and the blocks between two people. Anyone
else is still refused before any row is read.
"""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from tests.factories import make_coordinator
from tests.peer_factories import Pair, make_pair, make_requester


@pytest.fixture
async def coordinator(gateway: LocalGateway, conninfo: str) -> AuthSession:
    return await make_coordinator(gateway, conninfo)


def test_functions_are_security_invoker(conninfo: str) -> None:
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "select proname, prosecdef from pg_catalog.pg_proc"
            " where pronamespace = 'public'::regnamespace and proname = any(%s) order by 1",
            [["list_peer_applications", "list_peer_candidates", "list_support_requests"]],
        ).fetchall()
    assert rows == [
        ("list_peer_applications", False),
        ("list_peer_candidates", False),
        ("list_support_requests", False),
    ]


async def _blocked_pair_asking_again(
    gateway: LocalGateway, coordinator: AuthSession
) -> tuple[Pair, Any]:
    """A pair whose requester blocked the peer, then asked for someone new."""
    pair = await make_pair(gateway, coordinator)
    await gateway.rpc(pair.requester, "block_match_partner", {"match_id": str(pair.match.id)})
    again = await gateway.rpc(pair.requester, "request_peer", {"topics": ["emotional_support"]})
    return pair, again["id"]


async def test_candidates_show_blocks_and_live_matches(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    blocked_pair, request_id = await _blocked_pair_asking_again(gateway, coordinator)
    busy_pair = await make_pair(gateway, coordinator)
    rows = await gateway.rpc(coordinator, "list_peer_candidates", {"request_id": request_id})
    by_peer = {row["peer_id"]: row for row in rows}
    blocked = by_peer[str(blocked_pair.peer.user_id)]
    busy = by_peer[str(busy_pair.peer.user_id)]
    assert (blocked["blocked"], blocked["live_matches"]) == (True, 0)
    assert (busy["blocked"], busy["live_matches"]) == (False, 1)
    assert busy["display_name"] == "Peer supporter"


async def test_applications_and_requests_show_names_and_counts(
    gateway: LocalGateway, coordinator: AuthSession
) -> None:
    pair = await make_pair(gateway, coordinator)
    waiting, request_id = await make_requester(gateway)
    applications = {
        row["peer_id"]: row for row in await gateway.rpc(coordinator, "list_peer_applications")
    }
    mine = applications[str(pair.peer.user_id)]
    assert (mine["display_name"], mine["peer_status"], mine["live_matches"]) == (
        "Peer supporter",
        "approved",
        1,
    )
    requests = {
        row["request_id"]: row
        for row in await gateway.rpc(coordinator, "list_support_requests", {"only_open": False})
    }
    assert requests[str(request_id)]["requester_name"] == "Person asking"
    assert requests[str(request_id)]["requester_id"] == str(waiting.user_id)


@pytest.mark.parametrize(
    ("function", "params"),
    [
        ("list_peer_applications", {}),
        ("list_support_requests", {"only_open": False}),
        ("list_peer_candidates", {"request_id": None}),
    ],
)
async def test_anyone_else_is_refused(
    gateway: LocalGateway, coordinator: AuthSession, function: str, params: dict[str, Any]
) -> None:
    pair, request_id = await _blocked_pair_asking_again(gateway, coordinator)
    if "request_id" in params:
        params = {"request_id": request_id}
    for someone in (pair.requester, pair.peer):
        with pytest.raises(RelaisError) as refused:
            await gateway.rpc(someone, function, params)
        assert refused.value.code is ErrorCode.FORBIDDEN
