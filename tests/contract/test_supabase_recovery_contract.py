"""Password recovery and devices against a real Supabase project (issue 12 §1–2).

Same settings and clean-up as test_supabase_contract.py (skipped without them).
They check what the offline request-shape tests cannot: that GoTrue's access
token carries the `session_id` claim, and that the definer functions of
supabase/migrations/*_account_recovery.sql may read and delete the caller's
rows of auth.sessions on a hosted project.
"""

from __future__ import annotations

import pytest

from services.accounts import auth, recovery, sessions
from services.errors import ErrorCode, RelaisError
from services.supabase_gateway import SupabaseGateway
from tests.contract.test_supabase_contract import (  # noqa: F401 (fixtures used by name)
    delete_this_runs_accounts,
    gateway,
    new_email,
    new_password,
    sign_up,
)

pytestmark = pytest.mark.supabase

FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"


async def test_devices_are_listed_described_and_ended(gateway: SupabaseGateway) -> None:  # noqa: F811
    email, password = new_email(), new_password()
    here = await sign_up(gateway, email=email, password=password)
    elsewhere = await auth.sign_in(gateway, email=email, password=password)

    await sessions.describe_this_device(gateway, here, FIREFOX)
    listed = await sessions.list_my_sessions(gateway, here)

    assert len(listed) == 2
    (current,) = [device for device in listed if device.current]
    assert current.browser == "Firefox · Android"
    assert await sessions.end_other_sessions(gateway, here) == 1
    with pytest.raises(RelaisError) as refused:
        await auth.restore_session(gateway, refresh_token=elsewhere.refresh_token)
    assert refused.value.code is ErrorCode.SESSION_EXPIRED
    assert [d.current for d in await sessions.list_my_sessions(gateway, here)] == [True]


async def test_asking_for_a_code_for_an_unknown_address_answers_the_same(
    gateway: SupabaseGateway,  # noqa: F811
) -> None:
    await recovery.request_password_reset(gateway, email=new_email())


async def test_a_wrong_recovery_code_is_refused(gateway: SupabaseGateway) -> None:  # noqa: F811
    email, password = new_email(), new_password()
    await sign_up(gateway, email=email, password=password)

    with pytest.raises(RelaisError) as refused:
        await recovery.reset_password(
            gateway, email=email, code="000000", new_password=new_password()
        )

    assert refused.value.code is ErrorCode.RECOVERY_CODE_INVALID
    await auth.sign_in(gateway, email=email, password=password)
