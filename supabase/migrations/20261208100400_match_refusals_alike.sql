-- A match that is not yours is refused exactly like one that does not exist
-- (issue 13, item 11): same SQLSTATE, same message, no hint.
--
-- respond_to_match said "no match with this id" (P0002) for an unknown id and
-- "addressed to someone else" (42501) for someone else's, so anyone could
-- tell which ids exist. block_match_partner already gave one answer, but its
-- test `me not in (requester, peer)` is null, not true, once one side's
-- account is deleted (their id becomes null): a stranger holding such a
-- match's id could then block the remaining person and read the match row.
-- Both now use a null-safe membership test and the refusal end_match gives
-- (20261208100300_goodbye_only_in_the_conversation.sql).

create or replace function public.respond_to_match(match_id uuid, accept boolean)
returns public.matches
language plpgsql security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  found_match public.matches;
begin
  select * into found_match from public.matches m where m.id = respond_to_match.match_id for update;
  if found_match.id is null
     or not coalesce(me in (found_match.requester_id, found_match.peer_id), false) then
    raise exception 'no match of yours with this id' using errcode = '42501';
  end if;
  if found_match.status <> 'proposed' then
    raise exception 'this proposal is no longer open' using errcode = '22023', hint = 'match_over';
  end if;
  if accept is not true then
    update public.matches m set declined_by = me where m.id = found_match.id;
    return private.close_match(found_match.id, me, 'declined', null);
  end if;
  update public.matches m
     set requester_accepted_at = case when me = m.requester_id then coalesce(m.requester_accepted_at, now())
                                      else m.requester_accepted_at end,
         peer_accepted_at = case when me = m.peer_id then coalesce(m.peer_accepted_at, now())
                                 else m.peer_accepted_at end
   where m.id = found_match.id
  returning * into found_match;
  if found_match.requester_accepted_at is not null and found_match.peer_accepted_at is not null then
    update public.matches m set status = 'active' where m.id = found_match.id
    returning * into found_match;
    update public.support_requests r set status = 'matched', updated_at = now()
     where r.id = found_match.request_id;
    insert into public.conversations (match_id, requester_id, peer_id)
    values (found_match.id, found_match.requester_id, found_match.peer_id);
  end if;
  perform private.notify_match(found_match);
  return found_match;
end
$$;

-- Blocking ends the match at once and prevents any future match between the two.
create or replace function public.block_match_partner(match_id uuid) returns public.matches
language plpgsql security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  found_match public.matches;
  partner uuid;
begin
  select * into found_match from public.matches m where m.id = block_match_partner.match_id;
  if found_match.id is null
     or not coalesce(me in (found_match.requester_id, found_match.peer_id), false) then
    raise exception 'no match of yours with this id' using errcode = '42501';
  end if;
  partner := case when me = found_match.requester_id then found_match.peer_id
                  else found_match.requester_id end;
  -- The other side may have deleted their account: there is nobody left to block.
  if partner is not null then
    insert into public.blocks (blocker_id, blocked_id) values (me, partner) on conflict do nothing;
  end if;
  if found_match.status in ('proposed', 'active') then
    found_match := private.close_match(found_match.id, me, 'blocked', null);
  end if;
  return found_match;
end
$$;

-- The same null-safe membership test before a message is stored: a stranger
-- writing into a conversation whose other side deleted their account was told
-- "this conversation is closed" instead of the insert policy's refusal, which
-- a conversation id that does not exist gets.
create or replace function private.prepare_message() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  conversation public.conversations;
begin
  select * into conversation from public.conversations c where c.id = new.conversation_id;
  if conversation.id is null
     or not coalesce(new.sender_id in (conversation.requester_id, conversation.peer_id), false) then
    -- Not a member: passes through untouched, so the insert policy refuses
    -- them without saying the conversation exists.
    new.seq := 0;
    return new;
  end if;
  if conversation.closed_at is not null then
    raise exception 'this conversation is closed' using errcode = 'RLCLS';
  end if;
  if new.kind <> 'goodbye' then
    -- Serialises one sender's sends so two at once cannot both slip under the limit.
    perform pg_advisory_xact_lock(hashtextextended('relais.sender.' || new.sender_id::text, 0));
    if (select count(*) from public.messages m
         where m.sender_id = new.sender_id and m.created_at > now() - interval '1 minute') >= 30 then
      raise exception 'more than 30 messages a minute' using errcode = 'PT429';
    end if;
  end if;
  -- Held until commit: seq order is commit order within a conversation.
  perform pg_advisory_xact_lock(hashtextextended('relais.conversation.' || new.conversation_id::text, 0));
  new.seq := coalesce((select max(m.seq) from public.messages m
                        where m.conversation_id = new.conversation_id), 0) + 1;
  new.created_at := now();
  return new;
end
$$;
