"""Shared set-ups for the diary tests: a survivor with an editor and a reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from services.care_circle.sharing import CircleAccess
from services.errors import RelaisError
from services.gateway import Gateway
from services.models import AuthSession
from tests.circle_factories import join_circle
from tests.factories import make_user


@dataclass
class Family:
    survivor: AuthSession
    editor: AuthSession
    reader: AuthSession


async def make_family(gateway: Gateway) -> Family:
    survivor = await make_user(gateway, role="survivor", display_name="Survivor")
    editor = await make_user(gateway, role="caregiver", display_name="Editor")
    reader = await make_user(gateway, role="caregiver", display_name="Reader")
    await join_circle(gateway, survivor, editor, access=CircleAccess.EDITOR)
    await join_circle(gateway, survivor, reader, access=CircleAccess.READER)
    return Family(survivor, editor, reader)


def stored_count(conninfo: str, table: str, survivor: AuthSession) -> int:
    """Counted as the database owner, past RLS: a refusal must leave no row at all."""
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            f"select count(*) from public.{table} where survivor_id = %s",  # noqa: S608 (fixed names)
            [survivor.user_id],
        ).fetchone()
    assert row is not None
    return int(row[0])


async def refused(work: Any) -> RelaisError:
    with pytest.raises(RelaisError) as refusal:
        await work
    return refusal.value
