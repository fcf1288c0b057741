"""The account and profile scenarios against a real Supabase project.

They run the services (services.auth, services.profiles) through
SupabaseGateway, so they check the same promises as the embedded-database
tests, across GoTrue, PostgREST and the project's policies.

To run them, point three variables at a project where supabase/migrations
has been applied (`supabase db push`) and "Confirm email" is off:

    SUPABASE_TEST_URL, SUPABASE_TEST_ANON_KEY, SUPABASE_TEST_SERVICE_KEY

Accounts get unique e-mails on SUPABASE_TEST_EMAIL_DOMAIN (default
example.com). The service-role key is used for one thing: deleting the
accounts this run created.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import date
from uuid import uuid4

import pytest
from supabase import AsyncClientOptions, acreate_client

from services.accounts import auth, profiles
from services.errors import ErrorCode, RelaisError
from services.models import AuthSession, Locale, PeerStatus, Role
from services.peer_support import matches as peer_support
from services.supabase_gateway import SupabaseGateway

REQUIRED = ("SUPABASE_TEST_URL", "SUPABASE_TEST_ANON_KEY", "SUPABASE_TEST_SERVICE_KEY")
_missing = [name for name in REQUIRED if not os.environ.get(name)]
if _missing:
    pytest.skip(
        "SUPABASE_TEST_URL, SUPABASE_TEST_ANON_KEY and SUPABASE_TEST_SERVICE_KEY are needed "
        f"for the Supabase contract tests; not set: {', '.join(_missing)}",
        allow_module_level=True,
    )

pytestmark = pytest.mark.supabase

URL = os.environ["SUPABASE_TEST_URL"]
ANON_KEY = os.environ["SUPABASE_TEST_ANON_KEY"]
SERVICE_KEY = os.environ["SUPABASE_TEST_SERVICE_KEY"]
EMAIL_DOMAIN = os.environ.get("SUPABASE_TEST_EMAIL_DOMAIN", "example.com")
# Every account of this run carries the marker, so clean-up finds even those
# whose sign-up failed half-way.
RUN_MARKER = f"relais-contract-{uuid4().hex[:10]}"


@pytest.fixture(scope="module", autouse=True)
async def delete_this_runs_accounts() -> AsyncIterator[None]:
    yield
    admin = await acreate_client(
        URL, SERVICE_KEY, AsyncClientOptions(auto_refresh_token=False, persist_session=False)
    )
    try:
        doomed: list[str] = []
        page, per_page = 1, 200
        while True:
            users = await admin.auth.admin.list_users(page=page, per_page=per_page)
            doomed += [user.id for user in users if user.email and RUN_MARKER in user.email]
            if len(users) < per_page:
                break
            page += 1
        for user_id in doomed:
            await admin.auth.admin.delete_user(user_id)
    finally:
        await admin.auth.close()


@pytest.fixture
async def gateway() -> AsyncIterator[SupabaseGateway]:
    gateway = SupabaseGateway(URL, ANON_KEY)
    yield gateway
    await gateway.close()


def new_email() -> str:
    return f"{RUN_MARKER}-{uuid4().hex[:8]}@{EMAIL_DOMAIN}"


def new_password() -> str:
    # Upper, lower, digit and symbol: passes the strictest project setting.
    return f"Relais-{uuid4().hex[:16]}!"


async def sign_up(
    gateway: SupabaseGateway,
    *,
    role: Role = Role.SURVIVOR,
    email: str | None = None,
    password: str | None = None,
    display_name: str = "Contrat",
    locale: Locale = Locale.FR,
) -> AuthSession:
    try:
        return await auth.sign_up(
            gateway,
            email=email or new_email(),
            password=password or new_password(),
            display_name=display_name,
            role=role.value,
            locale=locale.value,
        )
    except RelaisError as error:
        if error.detail == "email confirmation required":
            pytest.skip("the project asks for e-mail confirmation; turn it off for contract runs")
        raise


async def test_sign_up_builds_the_profile_from_the_metadata(gateway: SupabaseGateway) -> None:
    session = await sign_up(gateway, role=Role.PEER, display_name="Camille", locale=Locale.EN)

    profile = await profiles.get_my_profile(gateway, session)

    assert profile.id == session.user_id
    assert (profile.display_name, profile.role, profile.locale) == ("Camille", Role.PEER, Locale.EN)
    assert profile.peer_status is PeerStatus.APPLICANT


async def test_sign_in_takes_the_password_and_no_other(gateway: SupabaseGateway) -> None:
    email, password = new_email(), new_password()
    created = await sign_up(gateway, email=email, password=password)

    session = await auth.sign_in(gateway, email=email, password=password)
    with pytest.raises(RelaisError) as refused:
        await auth.sign_in(gateway, email=email, password=password + "x")

    assert session.user_id == created.user_id
    assert refused.value.code is ErrorCode.INVALID_CREDENTIALS


async def test_a_person_updates_their_own_profile(gateway: SupabaseGateway) -> None:
    session = await sign_up(gateway)

    updated = await profiles.update_my_profile(
        gateway, session, bio="Je remarche depuis mars.", departement="2A", text_scale=150
    )

    assert (updated.bio, updated.departement, updated.text_scale) == (
        "Je remarche depuis mars.",
        "2A",
        150,
    )
    assert await profiles.get_my_profile(gateway, session) == updated


async def test_a_person_cannot_change_their_own_role(gateway: SupabaseGateway) -> None:
    session = await sign_up(gateway, role=Role.PEER)

    with pytest.raises(RelaisError) as by_the_service:
        await profiles.update_my_profile(gateway, session, role="coordinator")
    # The service's check is a courtesy; the database is the gate.
    with pytest.raises(RelaisError) as by_the_database:
        await gateway.update(
            session, "profiles", {"role": "coordinator"}, eq={"id": str(session.user_id)}
        )

    assert by_the_service.value.code is ErrorCode.INVALID_INPUT
    assert by_the_database.value.code is ErrorCode.FORBIDDEN
    assert (await profiles.get_my_profile(gateway, session)).role is Role.PEER


async def test_a_stranger_cannot_read_another_persons_profile(gateway: SupabaseGateway) -> None:
    owner = await sign_up(gateway)
    stranger = await sign_up(gateway)

    with pytest.raises(RelaisError) as refused:
        await profiles.get_profile(gateway, stranger, profile_id=owner.user_id)
    visible = await profiles.list_profiles(gateway, stranger)

    assert refused.value.code is ErrorCode.NOT_FOUND
    assert [profile.id for profile in visible] == [stranger.user_id]


async def test_only_a_coordinator_vets_peers(gateway: SupabaseGateway) -> None:
    peer = await sign_up(gateway, role=Role.PEER)
    survivor = await sign_up(gateway)

    with pytest.raises(RelaisError) as refused:
        await peer_support.approve_peer(
            gateway, survivor, peer_id=peer.user_id, training_completed_on=date(2026, 1, 15)
        )

    assert refused.value.code is ErrorCode.FORBIDDEN
    assert (await profiles.get_my_profile(gateway, peer)).peer_status is PeerStatus.APPLICANT


async def test_a_forged_refresh_token_is_refused(gateway: SupabaseGateway) -> None:
    with pytest.raises(RelaisError) as refused:
        await auth.restore_session(gateway, refresh_token=f"forged{uuid4().hex}")

    assert refused.value.code is ErrorCode.SESSION_EXPIRED


async def test_restoring_rotates_the_refresh_token(gateway: SupabaseGateway) -> None:
    session = await sign_up(gateway)

    restored = await auth.restore_session(gateway, refresh_token=session.refresh_token)

    assert restored.user_id == session.user_id
    assert restored.refresh_token != session.refresh_token
    assert (await profiles.get_my_profile(gateway, restored)).id == session.user_id


async def test_a_signed_out_session_cannot_be_restored(gateway: SupabaseGateway) -> None:
    session = await sign_up(gateway)

    await auth.sign_out(gateway, session)

    with pytest.raises(RelaisError) as refused:
        await auth.restore_session(gateway, refresh_token=session.refresh_token)
    assert refused.value.code is ErrorCode.SESSION_EXPIRED


async def test_changing_the_password_needs_the_current_one(gateway: SupabaseGateway) -> None:
    email, old, new = new_email(), new_password(), new_password()
    session = await sign_up(gateway, email=email, password=old)

    with pytest.raises(RelaisError) as refused:
        await auth.change_password(gateway, session, current_password=old + "x", new_password=new)
    await auth.change_password(gateway, session, current_password=old, new_password=new)

    assert refused.value.code is ErrorCode.INVALID_CREDENTIALS
    assert (await auth.sign_in(gateway, email=email, password=new)).user_id == session.user_id
    with pytest.raises(RelaisError):
        await auth.sign_in(gateway, email=email, password=old)
    # The session that made the change lives on.
    assert (await auth.restore_session(gateway, refresh_token=session.refresh_token)).user_id == (
        session.user_id
    )
