"""The free-text rule in SQL (issue 14, items 10–12), tried as PostgREST would.

Each kind of bad text is written directly to each table a person writes (as
`authenticated`, with their claims, past every Python check): the check
constraints refuse it, and their names say which refusal the person reads.
Good text (accents, emoji, line breaks, tabs, right-to-left marks) goes in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from services import text
from services.errors import ErrorCode
from services.guide.content import load_catalogue
from services.local.gateway import LocalGateway
from services.local.guide_catalogue import sync_guide_catalogue
from services.models import AuthSession
from tests.db.as_postgrest import as_owner, as_user, refusal_of
from tests.factories import make_coordinator
from tests.peer_factories import make_pair

CONTROLS = {
    "bel": "Bonjour\x07",
    "esc": "\x1b[31mrouge",
    "del": "a\x7fb",
    "c1": "a\x85b\x9b",
    "carriage_return": "une\rdeux",
    "vertical_tab": "a\x0bb",
}
BIDI = {
    "right_to_left_override": "facture\u202egnp.exe",
    "left_to_right_embedding": "a\u202ab",
    "isolate": "a\u2066b\u2069",
}
INVISIBLE = {
    "zero_width_spaces": "\u200b\u200b\u200b",
    "byte_order_mark": "\ufeff",
    "word_joiner_and_space": "\u2060 \u200d",
    "hangul_filler": "\u3164",
    "braille_blank": "\u2800",
}
GOOD = (
    "Journée à l’hôpital, très bien 🎉",
    "Famille 👩‍👩‍👧 ❤️\nligne 2\tfin",
    "مرحبا\u200f 123",
    "x",
)
PROCEDURE = "ajpa"


@dataclass(frozen=True)
class Target:
    """One free-text column and the direct write that puts `%(text)s` in it."""

    name: str
    who: str  # "requester" (the survivor, who owns the diary) or "peer"
    statement: str
    visible_required: bool = True  # False: invisible-only text is not tried


TARGETS = (
    Target(
        "messages.body",
        "requester",
        "insert into public.messages (id, conversation_id, body)"
        " values (gen_random_uuid(), %(conversation)s, %(text)s)",
    ),
    Target(
        "profiles.display_name",
        "requester",
        "update public.profiles set display_name = %(text)s where id = auth.uid()",
    ),
    Target(
        "profiles.bio", "peer", "update public.profiles set bio = %(text)s where id = auth.uid()"
    ),
    Target(
        "diary_goals.title",
        "requester",
        "insert into public.diary_goals (survivor_id, title, category)"
        " values (auth.uid(), %(text)s, 'other')",
    ),
    Target(
        "diary_goals.why",
        "requester",
        "insert into public.diary_goals (survivor_id, title, category, why)"
        " values (auth.uid(), 'Marcher', 'mobility', %(text)s)",
    ),
    Target(
        "diary_goals.gas_0",
        "requester",
        "update public.diary_goals set gas_0 = %(text)s where id = %(goal)s",
    ),
    Target(
        "diary_entries.body",
        "requester",
        "insert into public.diary_entries (survivor_id, body, mood)"
        " values (auth.uid(), %(text)s, 3)",
    ),
    Target(
        "diary_entries.tags",
        "requester",
        "update public.diary_entries set tags = array[%(text)s] where id = %(entry)s",
        visible_required=False,
    ),
    Target(
        "diary_comments.body",
        "requester",
        "insert into public.diary_comments (entry_id, survivor_id, body)"
        " values (%(entry)s, auth.uid(), %(text)s)",
    ),
    Target(
        "guide_progress.note",
        "requester",
        "insert into public.guide_progress (owner_id, procedure_id, note)"
        " values (auth.uid(), %(procedure)s, %(text)s)"
        " on conflict (owner_id, procedure_id) do update set note = excluded.note",
    ),
)


@dataclass(frozen=True)
class World:
    conninfo: str
    people: dict[str, AuthSession]
    params: dict[str, object]


@pytest.fixture(scope="module", autouse=True)
def registered_content(conninfo: str) -> Iterator[None]:
    sync_guide_catalogue(conninfo, load_catalogue())
    yield


@pytest.fixture(scope="module")
async def world(gateway: LocalGateway, conninfo: str) -> World:
    pair = await make_pair(gateway, await make_coordinator(gateway, conninfo))
    survivor = pair.requester
    [(goal,)] = as_user(
        conninfo,
        survivor.user_id,
        "insert into public.diary_goals (survivor_id, title, category)"
        " values (auth.uid(), 'Lire', 'other') returning id",
    )
    [(entry,)] = as_user(
        conninfo,
        survivor.user_id,
        "insert into public.diary_entries (survivor_id, body)"
        " values (auth.uid(), 'Bien') returning id",
    )
    return World(
        conninfo,
        {"requester": survivor, "peer": pair.peer},
        {
            "conversation": pair.conversation_id,
            "goal": goal,
            "entry": entry,
            "procedure": PROCEDURE,
        },
    )


def _write(world: World, target: Target, value: str) -> list[tuple[object, ...]]:
    who = world.people[target.who]
    return as_user(world.conninfo, who.user_id, target.statement, {**world.params, "text": value})


def _refusal(world: World, target: Target, value: str) -> ErrorCode | None:
    who = world.people[target.who]
    refusal = refusal_of(
        world.conninfo, who.user_id, target.statement, {**world.params, "text": value}
    )
    assert refusal.sqlstate == "23514", refusal
    # What services/supabase_errors.py reads: PostgREST passes on this sentence.
    return text.refusal_for_constraint(None, refusal.message)


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
@pytest.mark.parametrize("kind", [*CONTROLS, *BIDI])
def test_control_and_bidi_characters_are_refused_everywhere(
    world: World, target: Target, kind: str
) -> None:
    value = {**CONTROLS, **BIDI}[kind]
    assert _refusal(world, target, value) is ErrorCode.TEXT_CONTROL_CHARACTERS


@pytest.mark.parametrize("target", [t for t in TARGETS if t.visible_required], ids=lambda t: t.name)
@pytest.mark.parametrize("kind", INVISIBLE)
def test_text_with_nothing_visible_is_refused(world: World, target: Target, kind: str) -> None:
    expected = (
        ErrorCode.MESSAGE_INVISIBLE if target.name == "messages.body" else ErrorCode.TEXT_INVISIBLE
    )
    assert _refusal(world, target, INVISIBLE[kind]) is expected


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_good_text_is_stored_as_written(world: World, target: Target) -> None:
    for value in GOOD:
        _write(world, target, value)


# -- the constraints cover every free-text column, and hold for stored rows ---------
FREE_TEXT_COLUMNS = {
    ("messages", "body"): "message_body",
    ("profiles", "display_name"): "display_name",
    ("profiles", "bio"): "bio",
    ("diary_goals", "title"): "goal_title",
    ("diary_goals", "why"): "goal_why",
    ("diary_goals", "measure"): "goal_measure",
    ("diary_goals", "gas_minus_2"): "gas_minus_2",
    ("diary_goals", "gas_minus_1"): "gas_minus_1",
    ("diary_goals", "gas_0"): "gas_0",
    ("diary_goals", "gas_plus_1"): "gas_plus_1",
    ("diary_goals", "gas_plus_2"): "gas_plus_2",
    ("diary_entries", "body"): "entry_body",
    ("diary_comments", "body"): "comment_body",
    ("guide_progress", "note"): "note",
    ("message_reports", "details"): "details",
    ("peer_applications", "availability"): "availability",
    ("peer_applications", "decline_reason"): "decline_reason",
    ("peer_applications", "suspension_reason"): "suspension_reason",
    ("support_requests", "about"): "about",
    ("push_subscriptions", "device_label"): "device_label",
}
# Text columns nobody types freely: codes, hashes, keys, addresses, enums, ids,
# values written by the system (excerpts copy messages, which are checked).
NOT_FREE_TEXT = {
    ("circle_invitations", "email"),
    ("circle_invites", "code_hash"),
    ("crisis_alerts", "excerpt"),
    ("emails", "delivery"),
    ("emails", "template"),
    ("guide_catalogue_items", "item_id"),
    ("guide_catalogue_items", "kind"),
    ("guide_catalogue_items", "procedure_id"),
    ("guide_progress", "procedure_id"),
    ("matches", "end_reason"),
    ("matches", "goodbye"),  # always null: a goodbye is a message
    ("messages", "kind"),
    ("messages", "quick_reply"),
    ("peer_applications", "departement"),
    ("profiles", "departement"),
    ("profiles", "locale"),
    ("push_subscriptions", "auth"),
    ("push_subscriptions", "endpoint"),
    ("push_subscriptions", "p256dh"),
    ("quiet_hours", "time_zone"),
    ("recovery_codes", "code_hash"),
    ("recovery_codes", "code_salt"),
    ("support_requests", "departement"),
    ("support_requests", "language"),
}


def test_every_text_column_is_free_text_or_listed_as_not(conninfo: str) -> None:
    columns = {
        (table, column)
        for table, column in as_owner(
            conninfo,
            "select c.table_name, c.column_name from information_schema.columns c"
            " join information_schema.tables t using (table_schema, table_name)"
            " where c.table_schema = 'public' and t.table_type = 'BASE TABLE'"
            " and c.data_type = 'text'",
        )
    }
    assert columns - NOT_FREE_TEXT == set(FREE_TEXT_COLUMNS)


@pytest.mark.parametrize("column", FREE_TEXT_COLUMNS, ids=lambda c: ".".join(c))
def test_each_free_text_column_carries_both_validated_constraints(
    conninfo: str, column: tuple[str, str]
) -> None:
    table, name = column
    prefix = FREE_TEXT_COLUMNS[column]
    rows = as_owner(
        conninfo,
        "select conname, convalidated, pg_get_constraintdef(oid) from pg_constraint"
        " where conrelid = ('public.' || %s)::regclass and conname = any(%s)",
        [table, [f"{prefix}_clean_text", f"{prefix}_visible_text"]],
    )
    assert len(rows) == 2
    for _, validated, definition in rows:
        assert validated
        assert name in definition
