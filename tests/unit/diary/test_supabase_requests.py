"""The diary's calls as PostgREST receives them on Supabase, checked offline.

The same SQL functions serve both transports; these tests pin the request
shapes (function name, JSON body with typed values) so a Supabase project
gets exactly what the embedded database gets.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from services.diary import feedback as diary_feedback
from services.diary import journal as diary
from services.diary.models import TimelineFilter
from services.supabase_gateway import SupabaseGateway
from tests.unit.supabase_fake import (
    USER_A,
    FakeSupabase,
    body,
    reply,
    sign_in_as,
)

NOW = "2026-11-29T10:00:00+00:00"


def entry_row(entry_id: uuid.UUID, **values: Any) -> dict[str, Any]:
    return {
        "id": str(entry_id),
        "survivor_id": str(USER_A),
        "author_id": str(USER_A),
        "entry_date": "2026-11-28",
        "body": "",
        "mood": None,
        "fatigue": None,
        "goal_id": None,
        "gas_level": None,
        "progress_percent": None,
        "tags": [],
        "created_at": NOW,
        "updated_at": NOW,
        **values,
    }


async def test_an_entry_is_one_rpc_with_its_own_id_and_typed_values(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    entry_id = uuid.uuid4()
    fake.on("POST", "/rest/v1/rpc/add_diary_entry", reply(200, entry_row(entry_id, mood=4)))

    for _ in range(2):  # a retry after a dropped connection sends the same id
        saved = await diary.add_entry(
            gateway,
            session,
            survivor_id=USER_A,
            id=entry_id,
            mood=4,
            tags=["walk", "walk"],
            entry_date=dt.date(2026, 11, 28),
        )

    first, second = fake.sent("POST", "/rest/v1/rpc/add_diary_entry")
    assert (
        body(first)
        == body(second)
        == {
            "entry_id": str(entry_id),
            "survivor": str(USER_A),
            "entry_date": "2026-11-28",
            "body": "",
            "mood": 4,
            "fatigue": None,
            "goal_id": None,
            "gas_level": None,
            "progress_percent": None,
            "tags": ["walk"],
        }
    )
    assert saved.id == entry_id and saved.mood == 4


async def test_the_next_timeline_page_starts_after_the_last_entry(
    gateway: SupabaseGateway, fake: FakeSupabase
) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    last_id = uuid.uuid4()
    fake.on("POST", "/rest/v1/rpc/diary_timeline", reply(200, [entry_row(last_id, mood=3)]))
    [last] = await diary.list_timeline(gateway, session, survivor_id=USER_A)

    await diary.list_timeline(
        gateway,
        session,
        survivor_id=USER_A,
        after=last,
        filters=TimelineFilter(date_from=dt.date(2026, 11, 1)),
    )

    _, following = fake.sent("POST", "/rest/v1/rpc/diary_timeline")
    assert body(following) == {
        "survivor": str(USER_A),
        "goal": None,
        "date_from": "2026-11-01",
        "date_to": None,
        "page_size": 20,
        "after_date": "2026-11-28",
        "after_created": NOW,
        "after_id": str(last_id),
    }


async def test_a_comment_carries_its_own_id(gateway: SupabaseGateway, fake: FakeSupabase) -> None:
    session = await sign_in_as(gateway, fake, USER_A, "a@example.org")
    comment_id, entry_id = uuid.uuid4(), uuid.uuid4()
    row = {
        "id": str(comment_id),
        "entry_id": str(entry_id),
        "survivor_id": str(USER_A),
        "author_id": str(USER_A),
        "body": "Bravo",
        "created_at": NOW,
    }
    fake.on("POST", "/rest/v1/rpc/add_diary_comment", reply(200, row))

    await diary_feedback.add_comment(
        gateway,
        session,
        survivor_id=USER_A,
        entry_id=entry_id,
        body=" Bravo ",
        comment_id=comment_id,
    )

    (request,) = fake.sent("POST", "/rest/v1/rpc/add_diary_comment")
    assert body(request) == {"comment_id": str(comment_id), "entry": str(entry_id), "body": "Bravo"}
