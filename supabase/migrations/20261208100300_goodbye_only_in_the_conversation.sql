-- A goodbye is the conversation's last message, and nothing else (issue 13, item 3).
--
-- end_match stored the goodbye twice: as a message (which only the two people
-- read) and in matches.goodbye, which coordinators read with every match.
-- Coordinators never read what two people wrote to each other, except the
-- excerpt of a report. Now:
--   * matches.goodbye is emptied and stays empty (a constraint says so). The
--     column itself stays only because private.delete_account still names it
--     (it clears it, which is now a no-op); dropping it means re-creating that
--     function, which belongs to the account-deletion work;
--   * end_match writes the goodbye as a message of the open conversation
--     only, and only one of the two people writes one; a goodbye that has no
--     conversation to go to is refused rather than silently kept elsewhere;
--   * list_my_matches, which shows each side its matches, reads the goodbye
--     from that message, under the caller's own membership of the conversation;
--   * end_match refuses a match that is not the caller's exactly as one that
--     does not exist (issue 13, item 11).
-- Goodbyes stored before this migration that exist only on the match (a
-- coordinator's, or one given with a proposal that had no conversation yet)
-- were never shown to anyone by the app; they are removed with the rest.

update public.matches m set goodbye = null where m.goodbye is not null;
alter table public.matches add constraint goodbye_never_kept check (goodbye is null);
comment on column public.matches.goodbye is
  'Always empty: a goodbye is the conversation''s last message (messages.kind = ''goodbye'').';

-- Same signature, so every caller keeps working; the fourth argument must be null.
create or replace function private.close_match(match_id uuid, closed_by uuid, reason text, goodbye text)
returns public.matches
language plpgsql security definer set search_path = '' as $$
declare
  saved public.matches;
  conversation uuid;
begin
  if close_match.goodbye is not null then
    raise exception 'a goodbye is a message of the conversation' using errcode = '22023', hint = 'goodbye';
  end if;
  update public.matches m
     set status = case when m.status = 'proposed' then 'declined'::public.match_status
                       else 'ended'::public.match_status end,
         ended_by = closed_by, ended_at = now(), end_reason = reason
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

-- Either side ends a match, no fault given; a coordinator may end anyone's.
-- Security definer: the match row and the goodbye message are written for
-- the caller, who may write neither table; the caller is checked first.
create or replace function public.end_match(match_id uuid, goodbye text default null)
returns public.matches
language plpgsql security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  farewell text := nullif(btrim(end_match.goodbye), '');
  found_match public.matches;
  one_of_the_two boolean;
  conversation uuid;
begin
  select * into found_match from public.matches m where m.id = end_match.match_id for update;
  -- null-safe: a side whose account was deleted is null, and null is never "me".
  one_of_the_two := coalesce(me in (found_match.requester_id, found_match.peer_id), false);
  if found_match.id is null or not (one_of_the_two or private.is_coordinator()) then
    raise exception 'no match of yours with this id' using errcode = '42501';
  end if;
  if found_match.status not in ('proposed', 'active') then
    raise exception 'this match has already ended' using errcode = '22023', hint = 'match_over';
  end if;
  if farewell is not null then
    if char_length(farewell) > 500 then
      raise exception 'a goodbye is at most 500 characters' using errcode = '22023', hint = 'goodbye';
    end if;
    select c.id into conversation from public.conversations c
     where c.match_id = found_match.id and c.closed_at is null;
    if not one_of_the_two or conversation is null then
      raise exception 'a goodbye is left in the conversation, by one of the two people'
        using errcode = '22023', hint = 'goodbye';
    end if;
    -- The conversation's last message: the other person reads it there, nobody else does.
    insert into public.messages (id, conversation_id, sender_id, body, kind)
    values (gen_random_uuid(), conversation, me, farewell, 'goodbye');
  end if;
  return private.close_match(
    found_match.id, me, case when one_of_the_two then 'ended' else 'coordinator' end, null);
end
$$;

-- Each side's matches. Of the other person only the display name, the
-- département and the topics are shared: never birth year or stroke date.
-- The goodbye comes from the conversation's goodbye message.
create or replace function public.list_my_matches()
returns table (
  match_id uuid, status public.match_status, my_side text, partner_id uuid,
  partner_name text, partner_departement text, topics public.support_topic[],
  conversation_id uuid, i_accepted boolean, partner_accepted boolean,
  created_at timestamptz, ended_at timestamptz, end_reason text, goodbye text,
  ended_by_me boolean
)
language sql stable security definer set search_path = '' as $$
  select m.id, m.status,
         case when m.requester_id = (select auth.uid()) then 'requester' else 'peer' end,
         partner.id, partner.display_name,
         case when m.requester_id = (select auth.uid()) then a.departement
              else coalesce(r.departement, partner.departement) end,
         case when m.requester_id = (select auth.uid()) then a.topics else r.topics end,
         c.id,
         case when m.requester_id = (select auth.uid()) then m.requester_accepted_at is not null
              else m.peer_accepted_at is not null end,
         case when m.requester_id = (select auth.uid()) then m.peer_accepted_at is not null
              else m.requester_accepted_at is not null end,
         m.created_at, m.ended_at, m.end_reason,
         (select g.body from public.messages g
           where g.conversation_id = c.id and g.kind = 'goodbye'
           order by g.seq desc limit 1),
         m.ended_by = (select auth.uid())
    from public.matches m
    join public.support_requests r on r.id = m.request_id
    join public.profiles partner
      on partner.id = case when m.requester_id = (select auth.uid()) then m.peer_id else m.requester_id end
    left join public.peer_applications a on a.peer_id = m.peer_id
    left join public.conversations c on c.match_id = m.id
   where m.requester_id = (select auth.uid()) or m.peer_id = (select auth.uid())
   order by m.created_at desc
$$;
