"""An approved peer supporter always has a training date on record (issue 13, item 1).

approve_peer and a status UPDATE were already held to it
(test_peer_status_one_path.py). These are the remaining ways around it: a
coordinator or the peer writing the application or the profile through
PostgREST, and an administrator inserting an approved profile or clearing the
date afterwards.
"""

from __future__ import annotations

import datetime as dt
import uuid

import psycopg
import pytest

from services.local.gateway import LocalGateway
from tests.db.as_postgrest import as_owner, refusal_of
from tests.factories import make_coordinator
from tests.peer_factories import TRAINED_ON, make_applicant, make_vetted_peer


def _training_date(conninfo: str, peer: uuid.UUID) -> dt.date | None:
    rows = as_owner(
        conninfo,
        "select training_completed_on from public.peer_applications where peer_id = %s",
        [peer],
    )
    value = rows[0][0]
    assert value is None or isinstance(value, dt.date)
    return value


@pytest.mark.parametrize("actor", ["coordinator", "peer"])
async def test_nobody_writes_the_training_date_or_status_through_the_api(
    gateway: LocalGateway, conninfo: str, actor: str
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    peer = await make_vetted_peer(gateway, coordinator)
    caller = coordinator if actor == "coordinator" else peer
    for statement in (
        "update public.peer_applications set training_completed_on = null where peer_id = %s",
        "update public.profiles set peer_status = 'approved' where id = %s",
    ):
        assert refusal_of(conninfo, caller.user_id, statement, [peer.user_id]).sqlstate == "42501"
    assert _training_date(conninfo, peer.user_id) == TRAINED_ON


@pytest.mark.parametrize("date", [None, dt.date.today() + dt.timedelta(days=30)])
async def test_an_approved_peers_training_date_cannot_be_cleared_or_moved_ahead(
    gateway: LocalGateway, conninfo: str, date: dt.date | None
) -> None:
    peer = await make_vetted_peer(gateway, await make_coordinator(gateway, conninfo))
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        as_owner(
            conninfo,
            "update public.peer_applications set training_completed_on = %s where peer_id = %s",
            [date, peer.user_id],
        )
    assert _training_date(conninfo, peer.user_id) == TRAINED_ON


async def test_a_training_date_may_be_corrected_or_left_out_before_approval(
    gateway: LocalGateway, conninfo: str
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    approved = await make_vetted_peer(gateway, coordinator)
    corrected = dt.date(2025, 11, 3)
    as_owner(
        conninfo,
        "update public.peer_applications set training_completed_on = %s where peer_id = %s",
        [corrected, approved.user_id],
    )
    assert _training_date(conninfo, approved.user_id) == corrected
    # An applicant has no approval to keep: their date may be cleared.
    applicant = await make_applicant(gateway)
    for date in (corrected, None):
        as_owner(
            conninfo,
            "update public.peer_applications set training_completed_on = %s where peer_id = %s",
            [date, applicant.user_id],
        )
        assert _training_date(conninfo, applicant.user_id) == date


@pytest.mark.parametrize("status", ["approved", "suspended"])
async def test_a_profile_cannot_be_created_already_vetted(conninfo: str, status: str) -> None:
    """An administrator's INSERT: no application (hence no training date) can exist yet."""
    person = uuid.uuid4()
    as_owner(
        conninfo,
        "insert into auth.users (id, email, raw_user_meta_data) values (%s, %s, %s)",
        [person, f"{person}@example.org", '{"role": "survivor", "display_name": "X"}'],
    )
    as_owner(conninfo, "delete from public.profiles where id = %s", [person])
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        as_owner(
            conninfo,
            "insert into public.profiles (id, display_name, role, peer_status)"
            " values (%s, 'Peer', 'peer', %s::public.peer_status)",
            [person, status],
        )
    # The only way in stays open: an applicant, who then applies and is approved.
    as_owner(
        conninfo,
        "insert into public.profiles (id, display_name, role, peer_status)"
        " values (%s, 'Peer', 'peer', 'applicant')",
        [person],
    )
