"""Editing one's own profile and preferences through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from services.accounts import profiles
from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import PeerStatus
from services.peer_support import matches as peer_support
from tests.factories import make_coordinator, make_user
from tests.peer_factories import TRAINED_ON, make_applicant


async def test_update_changes_only_what_was_given(gateway: LocalGateway) -> None:
    session = await make_user(gateway, display_name="Before")
    await profiles.update_my_profile(gateway, session, departement="69", bio="Hello")
    updated = await profiles.update_my_profile(
        gateway, session, locale="en", text_scale=200, high_contrast=True
    )
    assert (updated.display_name, updated.departement, updated.bio) == ("Before", "69", "Hello")
    assert (updated.locale, updated.text_scale, updated.high_contrast) == ("en", 200, True)
    assert updated.updated_at is not None and updated.created_at is not None
    assert updated.updated_at > updated.created_at


async def test_clearing_an_optional_field(gateway: LocalGateway) -> None:
    session = await make_user(gateway)
    await profiles.update_my_profile(gateway, session, departement="2A")
    cleared = await profiles.update_my_profile(gateway, session, departement=None)
    assert cleared.departement is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": "y" * 81}, "display_name"),
        ({"locale": "es"}, "locale"),
        ({"departement": "99"}, "departement"),
        ({"departement": "69; drop"}, "departement"),
        ({"birth_year": 1850}, "birth_year"),
        ({"birth_year": dt.date.today().year + 1}, "birth_year"),
        ({"stroke_date": dt.date.today() + dt.timedelta(days=1)}, "stroke_date"),
        ({"bio": "b" * 501}, "bio"),
        ({"text_scale": 90}, "text_scale"),
        ({"text_scale": 201}, "text_scale"),
        ({"role": "coordinator"}, "role"),
        ({"peer_status": "approved"}, "peer_status"),
    ],
)
async def test_bad_profile_input_is_refused_and_nothing_changes(
    gateway: LocalGateway, changes: dict[str, object], field: str
) -> None:
    session = await make_user(gateway, display_name="Unchanged")
    before = await profiles.get_my_profile(gateway, session)
    with pytest.raises(RelaisError) as refused:
        await profiles.update_my_profile(gateway, session, **changes)
    assert refused.value.code is ErrorCode.INVALID_INPUT
    assert refused.value.field == field
    assert await profiles.get_my_profile(gateway, session) == before


async def test_database_refuses_what_slips_past_validation(gateway: LocalGateway) -> None:
    """The database stays the gate even when a caller skips the service's validation."""
    session = await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await gateway.update(
            session, "profiles", {"text_scale": 500}, eq={"id": str(session.user_id)}
        )
    assert refused.value.code is ErrorCode.INVALID_INPUT


async def test_a_stranger_profile_is_not_found(gateway: LocalGateway) -> None:
    me, other = await make_user(gateway), await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await profiles.get_profile(gateway, me, profile_id=other.user_id)
    assert refused.value.code is ErrorCode.NOT_FOUND


async def test_coordinator_approves_a_peer_who_then_sees_it(
    gateway: LocalGateway, conninfo: str
) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    peer = await make_applicant(gateway)
    assert (await profiles.get_my_profile(gateway, peer)).peer_status is PeerStatus.APPLICANT
    applicants = [
        p for p in await profiles.list_profiles(gateway, coordinator) if p.id == peer.user_id
    ]
    assert applicants and applicants[0].peer_status is PeerStatus.APPLICANT
    await peer_support.approve_peer(
        gateway, coordinator, peer_id=peer.user_id, training_completed_on=TRAINED_ON
    )
    assert (await profiles.get_my_profile(gateway, peer)).peer_status is PeerStatus.APPROVED


async def test_a_peer_cannot_approve_themselves(gateway: LocalGateway) -> None:
    peer = await make_applicant(gateway)
    with pytest.raises(RelaisError) as refused:
        await peer_support.approve_peer(
            gateway, peer, peer_id=peer.user_id, training_completed_on=TRAINED_ON
        )
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert (await profiles.get_my_profile(gateway, peer)).peer_status is PeerStatus.APPLICANT
