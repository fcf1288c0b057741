"""A checklist's changes are announced on its owner's topic, ids only (issue 10 item 4)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from services.care_circle.sharing import CircleAccess
from services.guide import progress as guide_progress
from services.guide.content import load_catalogue
from services.local.gateway import LocalGateway
from services.local.guide_catalogue import sync_guide_catalogue
from tests.circle_factories import join_circle
from tests.factories import make_user

CATALOGUE = load_catalogue()


@pytest.fixture(scope="module", autouse=True)
def registered_content(conninfo: str) -> Iterator[None]:
    sync_guide_catalogue(conninfo, CATALOGUE)
    yield


async def test_a_caregivers_tick_is_announced_and_read_back_under_each_identity(
    gateway: LocalGateway,
) -> None:
    survivor = await make_user(gateway, role="survivor")
    caregiver = await make_user(gateway, role="caregiver")
    stranger = await make_user(gateway, role="caregiver")
    await join_circle(gateway, survivor, caregiver, access=CircleAccess.EDITOR)
    heard: asyncio.Queue[str] = asyncio.Queue()

    async def on_change(procedure_id: str) -> None:
        await heard.put(procedure_id)

    subscription = await guide_progress.follow_checklists(
        gateway, owner_id=survivor.user_id, on_change=on_change
    )
    try:
        await guide_progress.set_step(
            gateway, caregiver, owner_id=survivor.user_id, procedure_id="mdph-file",
            step_id="medical-certificate", done=True, catalogue=CATALOGUE,
        )  # fmt: skip
        assert await asyncio.wait_for(heard.get(), timeout=5) == "mdph-file"
    finally:
        await subscription.unsubscribe()
    # The event named the procedure only; what each listener then reads, RLS decides.
    seen = await guide_progress.get_progress(
        gateway, survivor, owner_id=survivor.user_id, procedure_id="mdph-file"
    )
    assert seen is not None and seen.done_steps == ("medical-certificate",)
    assert (
        await guide_progress.get_progress(
            gateway, stranger, owner_id=survivor.user_id, procedure_id="mdph-file"
        )
        is None
    )
