"""Checklists through the real service and database: bad input, "My procedures", sharing."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Iterator

import psycopg
import pytest

from services.care_circle.sharing import CircleAccess
from services.errors import ErrorCode, RelaisError
from services.guide import progress as guide_progress
from services.guide.content import load_catalogue
from services.local.gateway import LocalGateway
from services.local.guide_catalogue import catalogue_items, sync_guide_catalogue
from services.models import AuthSession, Role
from tests.circle_factories import join_circle
from tests.factories import make_user

CATALOGUE = load_catalogue()


@pytest.fixture(scope="module", autouse=True)
def registered_content(conninfo: str) -> Iterator[None]:
    sync_guide_catalogue(conninfo, CATALOGUE)
    yield


@pytest.fixture
async def survivor(gateway: LocalGateway) -> AuthSession:
    return await make_user(gateway, role="survivor")


def _raw_tick(owner: AuthSession, procedure: str, step: str) -> dict[str, object]:
    return {"checklist_owner": str(owner.user_id), "for_procedure": procedure,
            "step_id": step, "done": True}  # fmt: skip


@pytest.mark.parametrize(
    ("procedure", "step"),
    [
        ("ajpa", "no-such-step"),
        ("ajpa", "see-gp"),  # a real step, but of the ALD procedure
        ("no-such-procedure", "apply"),
        ("ajpa", "x" * 80),
    ],
)
async def test_the_database_refuses_steps_that_do_not_exist(
    gateway: LocalGateway, survivor: AuthSession, procedure: str, step: str
) -> None:
    # Straight to the database, skipping the service's friendly pre-check.
    with pytest.raises(RelaisError) as refused:
        await gateway.rpc(survivor, "set_guide_step", _raw_tick(survivor, procedure, step))
    assert refused.value.code is ErrorCode.INVALID_INPUT
    assert await guide_progress.list_progress(gateway, survivor, owner_id=survivor.user_id) == []


async def test_the_database_refuses_unknown_documents(
    gateway: LocalGateway, survivor: AuthSession
) -> None:
    with pytest.raises(RelaisError) as refused:
        await gateway.rpc(
            survivor,
            "set_guide_document",
            {"checklist_owner": str(survivor.user_id), "for_procedure": "apa",
             "document_id": "passport-photo", "gathered": True},
        )  # fmt: skip
    assert refused.value.code is ErrorCode.INVALID_INPUT


async def test_the_service_names_the_bad_field_before_asking_the_database(
    gateway: LocalGateway, survivor: AuthSession
) -> None:
    with pytest.raises(RelaisError) as bad_step:
        await guide_progress.set_step(
            gateway, survivor, owner_id=survivor.user_id, procedure_id="ajpa",
            step_id="no-such-step", done=True,
        )  # fmt: skip
    assert (bad_step.value.code, bad_step.value.field) == (ErrorCode.INVALID_INPUT, "step")
    with pytest.raises(RelaisError) as bad_procedure:
        await guide_progress.set_document(
            gateway, survivor, owner_id=survivor.user_id, procedure_id="nope",
            document_id="rib", gathered=True,
        )  # fmt: skip
    assert bad_procedure.value.code is ErrorCode.NOT_FOUND


async def test_someone_elses_checklist_is_refused(
    gateway: LocalGateway, survivor: AuthSession
) -> None:
    other = await make_user(gateway, role="survivor")
    with pytest.raises(RelaisError) as refused:
        await guide_progress.set_step(
            gateway, other, owner_id=survivor.user_id, procedure_id="apa",
            step_id="get-form", done=True,
        )  # fmt: skip
    assert refused.value.code is ErrorCode.FORBIDDEN


async def test_a_note_too_long_is_refused_by_the_service_and_the_database(
    gateway: LocalGateway, survivor: AuthSession
) -> None:
    with pytest.raises(RelaisError) as by_service:
        await guide_progress.save_details(
            gateway, survivor, owner_id=survivor.user_id, procedure_id="apa",
            note="x" * 2001, remind_on=None,
        )  # fmt: skip
    assert (by_service.value.code, by_service.value.field) == (ErrorCode.INVALID_INPUT, "note")
    with pytest.raises(RelaisError) as by_database:
        await gateway.rpc(
            survivor,
            "set_guide_details",
            {"checklist_owner": str(survivor.user_id), "for_procedure": "apa",
             "new_note": "x" * 2001, "new_remind_on": None},
        )  # fmt: skip
    assert by_database.value.code is ErrorCode.INVALID_INPUT


async def test_ticks_documents_note_and_reminder_survive_and_repeat_safely(
    gateway: LocalGateway, survivor: AuthSession
) -> None:
    owner = survivor.user_id
    for _ in range(2):  # a phone retrying sends the same tick twice
        await guide_progress.set_step(
            gateway, survivor, owner_id=owner, procedure_id="cmi", step_id="ask", done=True
        )
    await guide_progress.set_document(
        gateway, survivor, owner_id=owner, procedure_id="cmi", document_id="old-card",
        gathered=True,
    )  # fmt: skip
    await guide_progress.save_details(
        gateway, survivor, owner_id=owner, procedure_id="cmi",
        note="  Old card ends soon  ", remind_on=dt.date(2026, 12, 15),
    )  # fmt: skip
    saved = await guide_progress.get_progress(gateway, survivor, owner_id=owner, procedure_id="cmi")
    assert saved is not None
    assert saved.done_steps == ("ask",)
    assert saved.gathered_documents == ("old-card",)
    assert (saved.note, saved.remind_on) == ("Old card ends soon", dt.date(2026, 12, 15))
    unticked = await guide_progress.set_step(
        gateway, survivor, owner_id=owner, procedure_id="cmi", step_id="ask", done=False
    )
    assert unticked.done_steps == () and unticked.note == "Old card ends soon"


async def test_two_people_ticking_at_once_both_count(gateway: LocalGateway) -> None:
    survivor = await make_user(gateway, role="survivor")
    helper = await make_user(gateway, role="caregiver")
    await join_circle(gateway, survivor, helper, access=CircleAccess.EDITOR)
    steps = ["get-form", "gather-documents", "home-visit", "decision", "respite"]
    await asyncio.gather(
        *(
            guide_progress.set_step(
                gateway,
                who,
                owner_id=survivor.user_id,
                procedure_id="apa",
                step_id=step,
                done=True,
            )
            for who, step in zip([survivor, helper] * 3, steps, strict=False)
        )
    )
    saved = await guide_progress.get_progress(
        gateway, survivor, owner_id=survivor.user_id, procedure_id="apa"
    )
    assert saved is not None and set(saved.done_steps) == set(steps)


async def test_my_procedures_lists_started_ones_with_their_next_step(
    gateway: LocalGateway, survivor: AuthSession
) -> None:
    owner = survivor.user_id
    await guide_progress.set_step(
        gateway, survivor, owner_id=owner, procedure_id="ajpa", step_id="check-conditions",
        done=True,
    )  # fmt: skip
    for step in ("see-gp", "wait-decision", "keep-private", "plan-renewal"):
        await guide_progress.set_step(
            gateway, survivor, owner_id=owner, procedure_id="ald", step_id=step, done=True
        )
    progress = await guide_progress.list_progress(gateway, survivor, owner_id=owner)
    started = guide_progress.started_procedures(CATALOGUE, "en", progress)
    by_id = {item.procedure.id: item for item in started}
    assert started[0].procedure.id == "ald"  # the most recently touched comes first
    assert by_id["ajpa"].next_step is not None and by_id["ajpa"].next_step.id == "employer-leave"
    assert (by_id["ajpa"].done_count, by_id["ajpa"].total) == (1, 4)
    assert by_id["ald"].next_step is None  # all done
    assert by_id["ajpa"].procedure.title.startswith("Caregiver")  # in the reader's language


async def test_caregivers_see_the_checklists_shared_with_them(
    gateway: LocalGateway, survivor: AuthSession
) -> None:
    reader = await make_user(gateway, role="caregiver", display_name="Reading relative")
    await join_circle(gateway, survivor, reader, access=CircleAccess.READER)
    await guide_progress.set_step(
        gateway, survivor, owner_id=survivor.user_id, procedure_id="rqth", step_id="decision",
        done=True,
    )  # fmt: skip
    shared = await guide_progress.list_shared_checklists(gateway, reader)
    assert len(shared) == 1
    membership, progress = shared[0]
    assert membership.survivor_id == survivor.user_id and membership.access is CircleAccess.READER
    assert [(p.procedure_id, p.done_steps) for p in progress] == [("rqth", ("decision",))]


async def test_retired_steps_stay_visible_but_cannot_be_ticked_again(
    gateway: LocalGateway, conninfo: str, survivor: AuthSession
) -> None:
    owner = survivor.user_id
    await guide_progress.set_step(
        gateway, survivor, owner_id=owner, procedure_id="pch", step_id="payment", done=True
    )
    items = catalogue_items(CATALOGUE)
    for item in items:
        if item["procedure"] == "pch":
            item["steps"] = ["ask-in-mdph-file", "evaluation"]  # "payment" leaves the content
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("select private.sync_guide_catalogue(%s::jsonb)", [json.dumps(items)])
    try:
        kept = await guide_progress.get_progress(
            gateway, survivor, owner_id=owner, procedure_id="pch"
        )
        assert kept is not None and kept.done_steps == ("payment",)
        # Ticking another step still works with the retired one in the list...
        await gateway.rpc(survivor, "set_guide_step", _raw_tick(survivor, "pch", "evaluation"))
        # ...but the retired step cannot come back once removed.
        await gateway.rpc(
            survivor,
            "set_guide_step",
            {**_raw_tick(survivor, "pch", "payment"), "done": False},
        )
        with pytest.raises(RelaisError):
            await gateway.rpc(survivor, "set_guide_step", _raw_tick(survivor, "pch", "payment"))
    finally:
        sync_guide_catalogue(conninfo, CATALOGUE)


async def test_a_caregiver_opens_the_survivors_list_first(gateway: LocalGateway) -> None:
    survivor = await make_user(gateway, role="survivor", display_name="Shared survivor")
    editor = await make_user(gateway, role="caregiver")
    reader = await make_user(gateway, role="caregiver")
    alone = await make_user(gateway, role="caregiver")
    await join_circle(gateway, survivor, editor, access=CircleAccess.EDITOR)
    await join_circle(gateway, survivor, reader, access=CircleAccess.READER)

    editor_owners = await guide_progress.checklist_owners(gateway, editor)
    chosen = guide_progress.default_owner(editor_owners, Role.CAREGIVER)
    assert (chosen.owner_id, chosen.display_name, chosen.can_edit) == (
        survivor.user_id,
        "Shared survivor",
        True,
    )
    read_only = guide_progress.default_owner(
        await guide_progress.checklist_owners(gateway, reader), Role.CAREGIVER
    )
    assert read_only.owner_id == survivor.user_id and not read_only.can_edit
    own = guide_progress.default_owner(
        await guide_progress.checklist_owners(gateway, alone), Role.CAREGIVER
    )
    assert own.owner_id == alone.user_id and own.display_name is None and own.can_edit
    mine = guide_progress.default_owner(
        await guide_progress.checklist_owners(gateway, survivor), Role.SURVIVOR
    )
    assert mine.owner_id == survivor.user_id
