-- The life of a request and a match, as functions that check the caller:
-- asking for a peer, proposing (coordinators only, within the peer's
-- capacity), two-sided consent, ending, blocking and suspending a peer.
-- Tables and read policies: 20261129120100_support_requests_and_matches.sql.

create function public.request_peer(
  topics jsonb,
  language text default 'fr',
  departement text default null,
  wants_nearby boolean default false,
  wants_aphasia_experience boolean default false,
  wants_returned_to_work boolean default false,
  wants_same_gender boolean default false,
  requester_gender public.gender_identity default null,
  about text default null
) returns public.support_requests
language plpgsql security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  saved public.support_requests;
begin
  if not exists (select 1 from public.profiles p
                  where p.id = me and p.role in ('survivor', 'caregiver')) then
    raise exception 'only a survivor or a caregiver can ask for a peer' using errcode = '42501';
  end if;
  if exists (select 1 from public.support_requests r
              where r.requester_id = me and r.status in ('open', 'proposed', 'matched')) then
    raise exception 'a request is already open' using errcode = '22023', hint = 'open_request';
  end if;
  insert into public.support_requests (
    requester_id, topics, language, departement, wants_nearby, wants_aphasia_experience,
    wants_returned_to_work, wants_same_gender, requester_gender, about
  ) values (
    me,
    private.json_text_array(request_peer.topics)::public.support_topic[],
    coalesce(request_peer.language, 'fr'),
    nullif(btrim(request_peer.departement), ''),
    coalesce(request_peer.wants_nearby, false),
    coalesce(request_peer.wants_aphasia_experience, false),
    coalesce(request_peer.wants_returned_to_work, false),
    coalesce(request_peer.wants_same_gender, false),
    request_peer.requester_gender,
    nullif(btrim(request_peer.about), '')
  ) returning * into saved;
  perform private.publish_peer_event('coordination', jsonb_build_object('type', 'request', 'id', saved.id));
  return saved;
end
$$;

create function public.withdraw_support_request(request_id uuid) returns public.support_requests
language plpgsql security definer set search_path = '' as $$
declare
  saved public.support_requests;
begin
  update public.support_requests r set status = 'withdrawn', updated_at = now()
   where r.id = withdraw_support_request.request_id
     and r.requester_id = (select auth.uid()) and r.status = 'open'
  returning * into saved;
  if saved.id is null then
    raise exception 'no open request of yours with this id' using errcode = 'P0002';
  end if;
  return saved;
end
$$;

-- Only coordinators propose; the peer must be approved, have a free place
-- (proposals count: they reserve it) and not be blocked by or blocking the requester.
create function public.propose_match(request_id uuid, peer_id uuid) returns public.matches
language plpgsql security definer set search_path = '' as $$
declare
  request public.support_requests;
  peer_capacity integer;
  saved public.matches;
begin
  if not private.is_coordinator() then
    raise exception 'only a coordinator can propose a match' using errcode = '42501';
  end if;
  select * into request from public.support_requests r
   where r.id = propose_match.request_id for update;
  if request.id is null then
    raise exception 'no request with this id' using errcode = 'P0002';
  end if;
  if request.status <> 'open' then
    raise exception 'this request is not waiting for a peer' using errcode = '22023', hint = 'request_not_open';
  end if;
  -- The lock on the application serialises proposals to one peer, so two
  -- coordinators cannot both fill the last place.
  select a.capacity into peer_capacity from public.peer_applications a
    join public.profiles p on p.id = a.peer_id
   where a.peer_id = propose_match.peer_id and p.role = 'peer' and p.peer_status = 'approved'
     for update of a;
  if peer_capacity is null then
    raise exception 'not an approved peer supporter' using errcode = '22023', hint = 'peer_not_approved';
  end if;
  if (select count(*) from public.matches m
       where m.peer_id = propose_match.peer_id and m.status in ('proposed', 'active')) >= peer_capacity then
    raise exception 'this peer supporter has no free place' using errcode = 'RLCAP';
  end if;
  if exists (select 1 from public.blocks b
              where (b.blocker_id = request.requester_id and b.blocked_id = propose_match.peer_id)
                 or (b.blocker_id = propose_match.peer_id and b.blocked_id = request.requester_id)) then
    raise exception 'these two people cannot be matched' using errcode = '22023', hint = 'blocked';
  end if;
  insert into public.matches (request_id, requester_id, peer_id, proposed_by)
  values (request.id, request.requester_id, propose_match.peer_id, (select auth.uid()))
  returning * into saved;
  update public.support_requests r set status = 'proposed', updated_at = now() where r.id = request.id;
  perform private.notify_match(saved);
  return saved;
end
$$;

-- Ends a live match for one of the reasons in matches.end_reason; the
-- conversation stays readable but closed, and the requester may ask again.
create function private.close_match(match_id uuid, closed_by uuid, reason text, goodbye text)
returns public.matches
language plpgsql security definer set search_path = '' as $$
declare
  saved public.matches;
  conversation uuid;
begin
  update public.matches m
     set status = case when m.status = 'proposed' then 'declined'::public.match_status
                       else 'ended'::public.match_status end,
         ended_by = closed_by, ended_at = now(), end_reason = reason,
         goodbye = nullif(btrim(close_match.goodbye), '')
   where m.id = close_match.match_id and m.status in ('proposed', 'active')
  returning * into saved;
  if saved.id is null then
    raise exception 'this match has already ended' using errcode = '22023', hint = 'match_over';
  end if;
  -- A proposal that falls through sends the request back to the coordinator;
  -- after a real match the requester asks again if they wish.
  update public.support_requests r
     set status = case when saved.status = 'declined' then 'open'::public.request_status
                       else 'closed'::public.request_status end,
         updated_at = now()
   where r.id = saved.request_id;
  update public.conversations c set closed_at = now()
   where c.match_id = saved.id and c.closed_at is null
  returning c.id into conversation;
  if conversation is not null then
    perform private.publish_peer_event('conv_' || replace(conversation::text, '-', ''),
      jsonb_build_object('type', 'closed', 'conversation_id', conversation));
  end if;
  perform private.notify_match(saved);
  return saved;
end
$$;
revoke all on function private.close_match(uuid, uuid, text, text) from public;

create function public.respond_to_match(match_id uuid, accept boolean) returns public.matches
language plpgsql security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  found_match public.matches;
begin
  select * into found_match from public.matches m where m.id = respond_to_match.match_id for update;
  if found_match.id is null then
    raise exception 'no match with this id' using errcode = 'P0002';
  end if;
  if me not in (found_match.requester_id, found_match.peer_id) then
    raise exception 'this proposal is addressed to someone else' using errcode = '42501';
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

-- Either side ends a match, no fault given; a coordinator may end anyone's.
create function public.end_match(match_id uuid, goodbye text default null) returns public.matches
language plpgsql security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  found_match public.matches;
  conversation uuid;
begin
  select * into found_match from public.matches m where m.id = end_match.match_id;
  if found_match.id is null then
    raise exception 'no match with this id' using errcode = 'P0002';
  end if;
  if me not in (found_match.requester_id, found_match.peer_id) and not private.is_coordinator() then
    raise exception 'only the two people or a coordinator can end a match' using errcode = '42501';
  end if;
  if nullif(btrim(goodbye), '') is not null and me in (found_match.requester_id, found_match.peer_id) then
    select c.id into conversation from public.conversations c
     where c.match_id = found_match.id and c.closed_at is null;
    if conversation is not null then
      -- The goodbye is the conversation's last message, so the other person reads it there.
      insert into public.messages (id, conversation_id, sender_id, body, kind)
      values (gen_random_uuid(), conversation, me, btrim(goodbye), 'goodbye');
    end if;
  end if;
  return private.close_match(
    found_match.id, me,
    case when me in (found_match.requester_id, found_match.peer_id) then 'ended' else 'coordinator' end,
    goodbye);
end
$$;

-- Blocking ends the match at once and prevents any future match between the two.
create function public.block_match_partner(match_id uuid) returns public.matches
language plpgsql security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  found_match public.matches;
  partner uuid;
begin
  select * into found_match from public.matches m where m.id = block_match_partner.match_id;
  if found_match.id is null or me not in (found_match.requester_id, found_match.peer_id) then
    raise exception 'no match of yours with this id' using errcode = '42501';
  end if;
  partner := case when me = found_match.requester_id then found_match.peer_id
                  else found_match.requester_id end;
  insert into public.blocks (blocker_id, blocked_id) values (me, partner) on conflict do nothing;
  if found_match.status in ('proposed', 'active') then
    found_match := private.close_match(found_match.id, me, 'blocked', null);
  end if;
  return found_match;
end
$$;

-- Suspension ends the peer's live matches: the people they supported may ask again.
create function public.suspend_peer(peer_id uuid, reason text) returns public.peer_applications
language plpgsql security definer set search_path = '' as $$
declare
  live record;
  saved public.peer_applications;
begin
  if not private.is_coordinator() or suspend_peer.peer_id = (select auth.uid()) then
    raise exception 'only a coordinator can suspend a peer supporter' using errcode = '42501';
  end if;
  if reason is null or btrim(reason) = '' then
    raise exception 'a reason is needed' using errcode = '22023', hint = 'reason';
  end if;
  perform public.set_peer_status(suspend_peer.peer_id, 'suspended');
  for live in select m.id from public.matches m
               where m.peer_id = suspend_peer.peer_id and m.status in ('proposed', 'active') loop
    perform private.close_match(live.id, (select auth.uid()), 'peer_suspended', null);
  end loop;
  update public.peer_applications a
     set suspension_reason = btrim(reason), reviewed_by = (select auth.uid()), reviewed_at = now()
   where a.peer_id = suspend_peer.peer_id
  returning * into saved;
  return saved;
end
$$;

do $$
declare
  signature text;
begin
  foreach signature in array array[
    'public.request_peer(jsonb, text, text, boolean, boolean, boolean, boolean, public.gender_identity, text)',
    'public.withdraw_support_request(uuid)',
    'public.propose_match(uuid, uuid)',
    'public.respond_to_match(uuid, boolean)',
    'public.end_match(uuid, text)',
    'public.block_match_partner(uuid)',
    'public.suspend_peer(uuid, text)'
  ] loop
    execute format('revoke all on function %s from public, anon', signature);
    execute format('grant execute on function %s to authenticated', signature);
  end loop;
end
$$;
