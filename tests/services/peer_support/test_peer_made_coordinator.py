"""A peer supporter appointed coordinator leaves the vetting lists, and the lists keep working.

Their application row stays (it is their history), but their profile no longer
has a peer status; before, that row broke the coordinator's list of
applications and every request's candidates, for everyone.
"""

from __future__ import annotations

from services.local import admin
from services.local.gateway import LocalGateway
from services.peer_support import matches as peer_support
from services.peer_support import matching
from tests.factories import make_coordinator
from tests.peer_factories import make_applicant, make_requester, make_vetted_peer


async def test_a_peer_made_coordinator_leaves_the_lists_which_still_work(
    gateway: LocalGateway, conninfo: str
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    promoted = await make_vetted_peer(gateway, coordinator)
    applicant = await make_applicant(gateway)
    _, request_id = await make_requester(gateway)
    assert admin.make_coordinator(conninfo, promoted.email)

    listed = {a.peer_id for a in await peer_support.list_applications(gateway, coordinator)}
    assert applicant.user_id in listed
    assert promoted.user_id not in listed

    candidates = await matching.list_candidates(gateway, coordinator, request_id=request_id)
    ids = {candidate.peer_id for candidate in candidates}
    assert applicant.user_id in ids
    assert promoted.user_id not in ids
