"""A goodbye is read by the two people, never by a coordinator (issue 13, item 3).

The probe reads everything a coordinator can reach through PostgREST: every
table and view `authenticated` may select from, and every read-only function in
`public` callable without arguments, each as the coordinator, looking for the
goodbye's text. The same probe, run by the two people, finds it: the probe
itself is shown to work.
"""

from __future__ import annotations

import uuid
from uuid import UUID

import psycopg
import pytest

from services.local.gateway import LocalGateway
from services.peer_support import matches as peer_support
from services.peer_support import messaging
from tests.db.as_postgrest import as_owner, as_user, refusal_of
from tests.factories import make_coordinator
from tests.peer_factories import make_pair, make_requester, make_vetted_peer

READABLE_RELATIONS = """
select c.relname from pg_catalog.pg_class c
 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v', 'm', 'p')
   and has_table_privilege('authenticated', c.oid, 'select')
 order by 1
"""
# Read-only functions a client can call with no argument at all.
CALLABLE_READERS = """
select p.proname from pg_catalog.pg_proc p
 where p.pronamespace = 'public'::regnamespace and p.prokind = 'f'
   and p.provolatile in ('s', 'i') and p.pronargs = p.pronargdefaults
   and p.prorettype not in ('pg_catalog.trigger'::regtype, 'pg_catalog.void'::regtype)
   and has_function_privilege('authenticated', p.oid, 'execute')
 order by 1
"""


def _where_it_reads(conninfo: str, reader: UUID, text: str) -> set[str]:
    """The tables, views and functions through which `reader` sees `text`."""
    found: set[str] = set()
    # Names come from the catalogue, not from input: formatting them in is safe.
    for (relation,) in as_owner(conninfo, READABLE_RELATIONS):
        rows = as_user(conninfo, reader, f'select to_jsonb(t)::text from public."{relation}" t')  # noqa: S608
        if any(text in str(row[0]) for row in rows):
            found.add(relation)
    for (function,) in as_owner(conninfo, CALLABLE_READERS):
        try:
            rows = as_user(
                conninfo,
                reader,
                f'select to_jsonb(r)::text from public."{function}"() r',  # noqa: S608
            )
        except psycopg.errors.InsufficientPrivilege:
            continue  # refused to this reader (coordinators' lists): it reads nothing there
        if any(text in str(row[0]) for row in rows):
            found.add(f"{function}()")
    return found


async def test_only_the_two_people_read_a_goodbye(gateway: LocalGateway, conninfo: str) -> None:
    coordinator = await make_coordinator(gateway, conninfo)
    pair = await make_pair(gateway, coordinator)
    farewell = f"Prenez soin de vous {uuid.uuid4()}"
    await peer_support.end_match(gateway, pair.peer, match_id=pair.match.id, goodbye=farewell)

    assert _where_it_reads(conninfo, coordinator.user_id, farewell) == set()
    # The two people read it: in the conversation, and with their matches.
    for person in (pair.requester, pair.peer):
        assert {"messages", "list_my_matches()"} <= _where_it_reads(
            conninfo, person.user_id, farewell
        )
    history = await messaging.list_history(
        gateway, pair.requester, conversation_id=pair.conversation_id
    )
    assert [(m.kind.value, m.body) for m in history] == [("goodbye", farewell)]
    [mine] = await peer_support.list_my_matches(gateway, pair.requester)
    assert mine.goodbye == farewell


async def test_the_match_keeps_no_copy_even_for_an_administrator(
    gateway: LocalGateway, conninfo: str
) -> None:
    pair = await make_pair(gateway, await make_coordinator(gateway, conninfo))
    await peer_support.end_match(gateway, pair.requester, match_id=pair.match.id, goodbye="Merci")
    assert as_owner(
        conninfo, "select goodbye from public.matches where id = %s", [pair.match.id]
    ) == [(None,)]
    with pytest.raises(psycopg.errors.CheckViolation):
        as_owner(
            conninfo, "update public.matches set goodbye = 'Merci' where id = %s", [pair.match.id]
        )


async def test_a_goodbye_goes_nowhere_but_the_conversation(
    gateway: LocalGateway, conninfo: str
) -> None:
    """A coordinator's goodbye, or one on a proposal (no conversation yet), is refused, not kept."""
    coordinator = await make_coordinator(gateway, conninfo)
    pair = await make_pair(gateway, coordinator)
    refusal = refusal_of(
        conninfo,
        coordinator.user_id,
        "select public.end_match(%s, 'A word from the team')",
        [pair.match.id],
    )
    assert (refusal.sqlstate, refusal.hint) == ("22023", "goodbye")
    peer = await make_vetted_peer(gateway, coordinator)
    requester, request_id = await make_requester(gateway)
    proposal = await peer_support.propose_match(
        gateway, coordinator, request_id=request_id, peer_id=peer.user_id
    )
    refusal = refusal_of(
        conninfo, requester.user_id, "select public.end_match(%s, 'Bye')", [proposal.id]
    )
    assert (refusal.sqlstate, refusal.hint) == ("22023", "goodbye")
    # Without a goodbye, both endings go through; the coordinator's is recorded as theirs.
    ended = as_user(
        conninfo, coordinator.user_id, "select (public.end_match(%s)).end_reason", [pair.match.id]
    )
    assert ended == [("coordinator",)]
    declined = as_user(
        conninfo, requester.user_id, "select (public.end_match(%s)).status::text", [proposal.id]
    )
    assert declined == [("declined",)]
