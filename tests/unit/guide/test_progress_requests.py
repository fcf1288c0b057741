"""Checklist calls on Supabase, checked offline: the RPC names and bodies PostgREST receives.

The same SQL functions answer in both modes; these tests pin the request
shapes so a renamed parameter breaks here, not in production.
"""

from __future__ import annotations

import datetime as dt

import pytest

from services.errors import ErrorCode, RelaisError
from services.guide import progress as guide_progress
from services.guide.content import load_catalogue
from services.supabase_gateway import SupabaseGateway
from tests.unit.supabase_fake import (
    USER_A,
    USER_B,
    FakeSupabase,
    body,
    reply,
    sign_in_as,
)

CATALOGUE = load_catalogue()


def _row(**changes: object) -> dict[str, object]:
    return {
        "owner_id": str(USER_B), "procedure_id": "ajpa", "done_steps": ["apply"],
        "gathered_documents": [], "note": None, "remind_on": None,
        "updated_at": "2026-11-29T10:00:00+00:00", "updated_by": str(USER_A), **changes,
    }  # fmt: skip


async def test_ticking_a_step_calls_set_guide_step(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    fake.on("POST", "/rest/v1/rpc/set_guide_step", reply(200, _row()))
    progress = await guide_progress.set_step(
        gateway, session, owner_id=USER_B, procedure_id="ajpa", step_id="apply", done=True,
        catalogue=CATALOGUE,
    )  # fmt: skip
    (request,) = fake.sent("POST", "/rest/v1/rpc/set_guide_step")
    assert body(request) == {
        "checklist_owner": str(USER_B), "for_procedure": "ajpa", "step_id": "apply", "done": True
    }  # fmt: skip
    assert progress.done_steps == ("apply",) and progress.updated_by == USER_A


async def test_saving_details_sends_the_date_as_iso(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    fake.on(
        "POST",
        "/rest/v1/rpc/set_guide_details",
        reply(200, _row(note="Call the CAF", remind_on="2027-01-15")),
    )
    progress = await guide_progress.save_details(
        gateway, session, owner_id=USER_B, procedure_id="ajpa", note=" Call the CAF ",
        remind_on=dt.date(2027, 1, 15), catalogue=CATALOGUE,
    )  # fmt: skip
    (request,) = fake.sent("POST", "/rest/v1/rpc/set_guide_details")
    assert body(request) == {
        "checklist_owner": str(USER_B), "for_procedure": "ajpa", "new_note": "Call the CAF",
        "new_remind_on": "2027-01-15",
    }  # fmt: skip
    assert progress.remind_on == dt.date(2027, 1, 15)


async def test_a_refused_tick_becomes_a_forbidden_error(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    refusal = {"code": "42501", "message": "new row violates row-level security policy"}
    fake.on("POST", "/rest/v1/rpc/set_guide_step", reply(403, refusal))
    with pytest.raises(RelaisError) as refused:
        await guide_progress.set_step(
            gateway, session, owner_id=USER_B, procedure_id="ajpa", step_id="apply", done=True,
            catalogue=CATALOGUE,
        )  # fmt: skip
    assert refused.value.code is ErrorCode.FORBIDDEN


async def test_an_unknown_step_never_reaches_the_network(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    sent_before = len(fake.requests)
    with pytest.raises(RelaisError) as refused:
        await guide_progress.set_step(
            gateway, session, owner_id=USER_B, procedure_id="ajpa", step_id="nope", done=True,
            catalogue=CATALOGUE,
        )  # fmt: skip
    assert refused.value.field == "step"
    assert len(fake.requests) == sent_before
