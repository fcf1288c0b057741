"""RLS on guide checklists, from both sides: owner, editor, reader, revoked, stranger, coordinator.

Table-driven: (actor, operation) -> allowed, no rows or denied, always on the
survivor's AJPA checklist. After every refused call the checklist is exactly
as it was, read back by its owner.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from services.care_circle import sharing
from services.care_circle.sharing import CircleAccess
from services.errors import ErrorCode, RelaisError
from services.guide import progress as guide_progress
from services.guide.content import load_catalogue
from services.local.gateway import LocalGateway
from services.local.guide_catalogue import sync_guide_catalogue
from services.models import AuthSession
from tests.circle_factories import join_circle
from tests.factories import make_coordinator, make_user

PROCEDURE = "ajpa"


@pytest.fixture(scope="module", autouse=True)
def registered_content(conninfo: str) -> Iterator[None]:
    # What `python -m app` does at start: tell the database which ids exist.
    sync_guide_catalogue(conninfo, load_catalogue())
    yield


@dataclass
class Cast:
    owner: AuthSession
    editor: AuthSession
    reader: AuthSession
    revoked: AuthSession
    stranger: AuthSession
    coordinator: AuthSession


@pytest.fixture
async def cast(gateway: LocalGateway, conninfo: str) -> Cast:
    owner = await make_user(gateway, role="survivor", display_name="Survivor")
    people = Cast(
        owner=owner,
        editor=await make_user(gateway, role="caregiver", display_name="Editor"),
        reader=await make_user(gateway, role="caregiver", display_name="Reader"),
        revoked=await make_user(gateway, role="caregiver", display_name="Revoked"),
        stranger=await make_user(gateway, role="caregiver", display_name="Stranger"),
        coordinator=await make_coordinator(gateway, conninfo),
    )
    for member, access in (
        (people.editor, CircleAccess.EDITOR),
        (people.reader, CircleAccess.READER),
        (people.revoked, CircleAccess.EDITOR),
    ):
        await join_circle(gateway, owner, member, access=access)
    await sharing.revoke(gateway, owner, member_id=people.revoked.user_id)
    await guide_progress.set_step(
        gateway, owner, owner_id=owner.user_id, procedure_id=PROCEDURE,
        step_id="check-conditions", done=True,
    )  # fmt: skip
    return people


Operation = Callable[[LocalGateway, AuthSession, AuthSession], Awaitable[Any]]


async def read(gw: LocalGateway, actor: AuthSession, owner: AuthSession) -> Any:
    return await gw.select(
        actor, "guide_progress", eq={"owner_id": str(owner.user_id), "procedure_id": PROCEDURE}
    )


async def tick(gw: LocalGateway, actor: AuthSession, owner: AuthSession) -> Any:
    return await gw.rpc(
        actor,
        "set_guide_step",
        {"checklist_owner": str(owner.user_id), "for_procedure": PROCEDURE,
         "step_id": "apply", "done": True},
    )  # fmt: skip


async def untick(gw: LocalGateway, actor: AuthSession, owner: AuthSession) -> Any:
    return await gw.rpc(
        actor,
        "set_guide_step",
        {"checklist_owner": str(owner.user_id), "for_procedure": PROCEDURE,
         "step_id": "check-conditions", "done": False},
    )  # fmt: skip


async def gather_document(gw: LocalGateway, actor: AuthSession, owner: AuthSession) -> Any:
    return await gw.rpc(
        actor,
        "set_guide_document",
        {"checklist_owner": str(owner.user_id), "for_procedure": PROCEDURE,
         "document_id": "leave-proof", "gathered": True},
    )  # fmt: skip


async def write_note(gw: LocalGateway, actor: AuthSession, owner: AuthSession) -> Any:
    return await gw.rpc(
        actor,
        "set_guide_details",
        {"checklist_owner": str(owner.user_id), "for_procedure": PROCEDURE,
         "new_note": "Called the CAF", "new_remind_on": "2027-01-15"},
    )  # fmt: skip


async def start_another(gw: LocalGateway, actor: AuthSession, owner: AuthSession) -> Any:
    return await gw.insert(
        actor,
        "guide_progress",
        [{"owner_id": str(owner.user_id), "procedure_id": "apa", "note": "Started"}],
    )


async def update_table(gw: LocalGateway, actor: AuthSession, owner: AuthSession) -> Any:
    return await gw.update(
        actor,
        "guide_progress",
        {"note": "Written straight into the table", "remind_on": "2027-03-01"},
        eq={"owner_id": str(owner.user_id), "procedure_id": PROCEDURE},
    )


async def steal(gw: LocalGateway, actor: AuthSession, owner: AuthSession) -> Any:
    return await gw.update(
        actor,
        "guide_progress",
        {"owner_id": str(actor.user_id)},
        eq={"owner_id": str(owner.user_id), "procedure_id": PROCEDURE},
    )


async def clear(gw: LocalGateway, actor: AuthSession, owner: AuthSession) -> Any:
    return await gw.delete(
        actor, "guide_progress", eq={"owner_id": str(owner.user_id), "procedure_id": PROCEDURE}
    )


ALLOWED, NO_ROWS, DENIED = "allowed", "no rows", "denied"
WRITES = (tick, untick, gather_document, write_note, start_another)
MATRIX: list[tuple[str, Operation, str]] = [
    ("owner", read, ALLOWED),
    ("editor", read, ALLOWED),
    ("reader", read, ALLOWED),
    ("revoked", read, NO_ROWS),
    ("stranger", read, NO_ROWS),
    ("coordinator", read, NO_ROWS),
    *[("owner", op, ALLOWED) for op in WRITES],
    *[("editor", op, ALLOWED) for op in WRITES],
    *[
        (who, op, DENIED)
        for who in ("reader", "revoked", "stranger", "coordinator")
        for op in WRITES
    ],
    ("owner", update_table, ALLOWED),
    ("editor", update_table, ALLOWED),
    *[(who, update_table, NO_ROWS) for who in ("reader", "revoked", "stranger", "coordinator")],
    *[(who, steal, DENIED) for who in ("owner", "editor", "stranger")],
    ("owner", clear, ALLOWED),
    *[(who, clear, NO_ROWS) for who in ("editor", "reader", "revoked", "stranger", "coordinator")],
]


@pytest.mark.parametrize(
    ("actor", "operation", "expected"),
    MATRIX,
    ids=[f"{actor}-{op.__name__}-{expected}" for actor, op, expected in MATRIX],
)
async def test_guide_progress_matrix(
    gateway: LocalGateway, cast: Cast, actor: str, operation: Operation, expected: str
) -> None:
    owner = cast.owner
    before = await gateway.select(owner, "guide_progress", eq={"owner_id": str(owner.user_id)})
    if expected == DENIED:
        with pytest.raises(RelaisError) as refused:
            await operation(gateway, getattr(cast, actor), owner)
        assert refused.value.code is ErrorCode.FORBIDDEN
    else:
        result = await operation(gateway, getattr(cast, actor), owner)
        rows = result if isinstance(result, list) else [result]
        assert len(rows) == (1 if expected == ALLOWED else 0)
    after = await gateway.select(owner, "guide_progress", eq={"owner_id": str(owner.user_id)})
    if expected != ALLOWED or operation is read:
        assert after == before


async def test_an_editors_tick_is_what_the_owner_sees(gateway: LocalGateway, cast: Cast) -> None:
    await tick(gateway, cast.editor, cast.owner)
    seen = await guide_progress.get_progress(
        gateway, cast.owner, owner_id=cast.owner.user_id, procedure_id=PROCEDURE
    )
    assert seen is not None
    assert seen.done_steps == ("apply", "check-conditions")
    assert seen.updated_by == cast.editor.user_id


async def test_the_circle_does_not_look_the_other_way(gateway: LocalGateway, cast: Cast) -> None:
    # The editor's own checklist stays theirs: sharing goes from survivor to circle only.
    await guide_progress.set_step(
        gateway, cast.editor, owner_id=cast.editor.user_id, procedure_id="caregiver-leave",
        step_id="ask-employer", done=True,
    )  # fmt: skip
    assert (
        await gateway.select(
            cast.owner, "guide_progress", eq={"owner_id": str(cast.editor.user_id)}
        )
        == []
    )
    with pytest.raises(RelaisError) as refused:
        await tick(gateway, cast.owner, cast.editor)
    assert refused.value.code is ErrorCode.FORBIDDEN


async def test_revoking_takes_effect_on_the_next_call(gateway: LocalGateway, cast: Cast) -> None:
    assert await read(gateway, cast.editor, cast.owner)
    await sharing.revoke(gateway, cast.owner, member_id=cast.editor.user_id)
    assert await read(gateway, cast.editor, cast.owner) == []
    with pytest.raises(RelaisError):
        await tick(gateway, cast.editor, cast.owner)


async def test_a_reader_promoted_to_editor_can_tick(gateway: LocalGateway, cast: Cast) -> None:
    await sharing.change_access(
        gateway, cast.owner, member_id=cast.reader.user_id, access=CircleAccess.EDITOR
    )
    row = await tick(gateway, cast.reader, cast.owner)
    assert "apply" in row["done_steps"]


def test_anonymous_visitors_see_no_checklist(conninfo: str) -> None:
    import psycopg

    with psycopg.connect(conninfo) as conn:
        conn.execute("set local role anon")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select count(*) from public.guide_progress")
