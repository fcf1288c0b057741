-- Deleting an account (GDPR art. 17), in one transaction and one path:
-- `public.delete_my_account` for the person themselves and the inactive-account
-- purge (`python -m app purge-inactive`) both call `private.delete_account`.
--
-- What goes: the profile and everything that cascades from it (diary, checklists,
-- circle memberships and invites, peer application, requests, quiet hours,
-- notification settings, devices, e-mails, outbox rows), the auth user with its
-- sessions and refresh tokens, and throttle records keyed by the person.
-- What stays, with the person's name replaced (their id set to null, shown as
-- "Compte supprimé"), because someone else needs it:
--   * conversations and matches with another person: their own messages still
--     read in order; every message the deleted person wrote is erased (kind
--     'erased', no body: the table keeps no text of theirs);
--   * reports made by the deleted person about someone else: the coordinator
--     may still have to act on the other person; the deleted person's own
--     words are erased from the excerpt;
--   * reports made by someone else about the deleted person: the reporter's
--     record of what happened stays; the deleted person's words are erased;
--   * crisis alerts about someone else's message that the deleted person's app
--     raised: the other person may still need the coordinator's call.
-- Crisis alerts about the deleted person's own messages go: they hold only
-- that person's words and there is no one left to call.

-- Messages: the author may vanish; an erased message keeps its place (seq) only.
alter table public.messages
  alter column sender_id drop not null,
  alter column body drop not null,
  drop constraint messages_sender_id_fkey,
  add constraint messages_sender_id_fkey foreign key (sender_id)
    references public.profiles (id) on delete set null,
  drop constraint kind_known,
  add constraint kind_known check (kind in ('text', 'quick_reply', 'goodbye', 'erased')),
  -- Only an erased message has no body, and a message loses its author only
  -- once erased: removing a profile any other way than private.delete_account
  -- fails instead of leaving words without an author.
  add constraint erased_has_no_body check ((kind = 'erased') = (body is null)),
  add constraint authorless_only_when_erased check (sender_id is not null or kind = 'erased');

-- Matches and conversations outlive one side. The support request is the
-- requester's own data and goes with them; the match keeps no pointer to it.
alter table public.matches
  alter column request_id drop not null,
  alter column requester_id drop not null,
  alter column peer_id drop not null,
  drop constraint matches_request_id_fkey,
  add constraint matches_request_id_fkey foreign key (request_id)
    references public.support_requests (id) on delete set null,
  drop constraint matches_requester_id_fkey,
  add constraint matches_requester_id_fkey foreign key (requester_id)
    references public.profiles (id) on delete set null,
  drop constraint matches_peer_id_fkey,
  add constraint matches_peer_id_fkey foreign key (peer_id)
    references public.profiles (id) on delete set null,
  drop constraint end_reason_known,
  add constraint end_reason_known check (end_reason in
    ('ended', 'blocked', 'peer_suspended', 'coordinator', 'declined', 'account_deleted'));

alter table public.conversations
  alter column requester_id drop not null,
  alter column peer_id drop not null,
  drop constraint conversations_requester_id_fkey,
  add constraint conversations_requester_id_fkey foreign key (requester_id)
    references public.profiles (id) on delete set null,
  drop constraint conversations_peer_id_fkey,
  add constraint conversations_peer_id_fkey foreign key (peer_id)
    references public.profiles (id) on delete set null;

-- A report outlives its reporter (see the header for why).
alter table public.message_reports
  alter column reporter_id drop not null,
  drop constraint message_reports_reporter_id_fkey,
  add constraint message_reports_reporter_id_fkey foreign key (reporter_id)
    references public.profiles (id) on delete set null;

-- Inactive accounts: when each was warned (the purge deletes a month later
-- unless the person came back). Keyed on auth.users so it goes with the account.
create table private.inactivity_warnings (
  user_id uuid primary key references auth.users (id) on delete cascade,
  warned_at timestamptz not null default now()
);
revoke all on private.inactivity_warnings from public;

create function private.delete_account(user_id uuid) returns void
language plpgsql security definer set search_path = '' as $$
declare
  person uuid := delete_account.user_id;
  person_email text;
  live record;
begin
  select u.email into person_email from auth.users u where u.id = person;
  if not found then
    raise exception 'no account with this id' using errcode = 'P0002';
  end if;
  -- Live matches end first, through the same path as any ending: the other
  -- person is told (match event and notification) and the conversation closes.
  for live in select m.id from public.matches m
               where person in (m.requester_id, m.peer_id) and m.status in ('proposed', 'active')
               for update loop
    perform private.close_match(live.id, person, 'account_deleted', null);
  end loop;
  -- A goodbye the person wrote on a match is their words too.
  update public.matches m set goodbye = null
   where m.ended_by = person and m.goodbye is not null;
  -- Their words leave reports' excerpts; the reports themselves stay.
  update public.message_reports r
     set excerpt = (
       select coalesce(jsonb_agg(case
                when (r.reporter_id = person) = coalesce((e ->> 'from_reporter')::boolean, false)
                then e - 'body' || jsonb_build_object('erased', true)
                else e end order by (e ->> 'seq')::bigint), '[]'::jsonb)
         from jsonb_array_elements(r.excerpt) e)
   where r.reporter_id = person or r.reported_user_id = person;
  delete from public.crisis_alerts a
   using public.messages m where m.id = a.message_id and m.sender_id = person;
  -- Erase every message they wrote; seq and time stay so the order still reads.
  update public.messages m set kind = 'erased', body = null, quick_reply = null
   where m.sender_id = person and m.kind <> 'erased';
  -- Others' notifications whose key or link carries the person's id (a reaction
  -- they left, their application): a link to a vanished person leads nowhere.
  delete from private.notification_outbox o
   where position(person::text in o.event_key) > 0 or position(person::text in o.target) > 0;
  -- Throttle records have no foreign key (they outlive failed attempts).
  delete from private.invite_redemption_failures f where f.user_id = person;
  -- Local mode keeps failed sign-ins by e-mail in the auth shim; Supabase has no such table.
  if to_regclass('auth.sign_in_failures') is not null then
    execute 'delete from auth.sign_in_failures where email = $1' using person_email;
  end if;
  -- The profile cascades to everything that is only theirs and nulls their
  -- name out of what others keep; the auth user takes sessions and tokens.
  delete from public.profiles p where p.id = person;
  -- A match whose two people have both left is no one's any more.
  delete from public.matches m where m.requester_id is null and m.peer_id is null;
  delete from auth.users u where u.id = person;
end
$$;
revoke all on function private.delete_account(uuid) from public, anon, authenticated;
grant execute on function private.delete_account(uuid) to service_role;

-- The person themselves, after the app checked their password again. The typed
-- word is checked here too, so no caller can skip it.
create function public.delete_my_account(confirmation text) returns void
language plpgsql security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
begin
  if me is null then
    raise exception 'sign in to delete your account' using errcode = '42501';
  end if;
  if btrim(coalesce(confirmation, '')) not in ('SUPPRIMER', 'DELETE') then
    raise exception 'type the confirmation word' using errcode = '22023', hint = 'confirmation';
  end if;
  perform private.delete_account(me);
end
$$;
revoke all on function public.delete_my_account(text) from public, anon;
grant execute on function public.delete_my_account(text) to authenticated;

-- The inactive-account rule (README "Inactive accounts"): warn after two years
-- without a visit, delete a month after the warning unless the person came
-- back. A visit is any sign-in or session refresh (auth.users.last_sign_in_at).
create function private.inactive_accounts(
  warn_after interval default '2 years', delete_after interval default '1 month'
) returns table (user_id uuid, email text, last_seen timestamptz, warned_at timestamptz, action text)
language sql stable security definer set search_path = '' as $$
  select u.id, u.email, coalesce(u.last_sign_in_at, u.created_at), w.warned_at,
         case when w.warned_at >= coalesce(u.last_sign_in_at, u.created_at)
                   and w.warned_at < now() - delete_after then 'delete'
              when w.warned_at >= coalesce(u.last_sign_in_at, u.created_at) then 'warned'
              else 'warn' end
    from auth.users u
    left join private.inactivity_warnings w on w.user_id = u.id
   where coalesce(u.last_sign_in_at, u.created_at) < now() - warn_after
   order by 3
$$;

create function private.record_inactivity_warning(user_id uuid) returns void
language sql security definer set search_path = '' as $$
  insert into private.inactivity_warnings as w (user_id) values (record_inactivity_warning.user_id)
  on conflict on constraint inactivity_warnings_pkey do update set warned_at = now()
$$;

-- Deletes one account if the rule still says so at this moment (the person may
-- have come back since the list was printed); the deletion is the same path.
create function private.purge_inactive_account(
  user_id uuid, warn_after interval default '2 years', delete_after interval default '1 month'
) returns boolean
language plpgsql security definer set search_path = '' as $$
begin
  if not exists (select 1 from private.inactive_accounts(warn_after, delete_after) a
                  where a.user_id = purge_inactive_account.user_id and a.action = 'delete') then
    return false;
  end if;
  perform private.delete_account(purge_inactive_account.user_id);
  return true;
end
$$;
revoke all on function private.inactive_accounts(interval, interval),
  private.record_inactivity_warning(uuid),
  private.purge_inactive_account(uuid, interval, interval) from public, anon, authenticated;
grant execute on function private.inactive_accounts(interval, interval),
  private.record_inactivity_warning(uuid),
  private.purge_inactive_account(uuid, interval, interval) to service_role;

-- Readers of what outlives a deleted person: the partner's Messages tab keeps
-- the conversation (no name: the app shows "Compte supprimé"), and the
-- coordinator's queue keeps reports whose reporter left.
create or replace function public.list_my_conversations()
returns table (
  conversation_id uuid, match_id uuid, partner_id uuid, partner_name text,
  is_open boolean, created_at timestamptz, closed_at timestamptz,
  last_seq bigint, last_message_at timestamptz, last_message_preview text,
  last_message_mine boolean, unread_count bigint, my_last_read_seq bigint,
  partner_last_read_seq bigint
)
language sql stable security definer set search_path = '' as $$
  with mine as (
    select c.*, case when c.requester_id = (select auth.uid()) then c.peer_id
                     else c.requester_id end as partner
      from public.conversations c
     where c.requester_id = (select auth.uid()) or c.peer_id = (select auth.uid())
  )
  select mine.id, mine.match_id, mine.partner, p.display_name, mine.closed_at is null,
         mine.created_at, mine.closed_at, last.seq, last.created_at, left(last.body, 120),
         last.sender_id = (select auth.uid()),
         (select count(*) from public.messages u
           where u.conversation_id = mine.id and u.seq > coalesce(my_read.last_read_seq, 0)
             and u.sender_id is distinct from (select auth.uid())),
         coalesce(my_read.last_read_seq, 0), coalesce(their_read.last_read_seq, 0)
    from mine
    left join public.profiles p on p.id = mine.partner
    left join lateral (
      select m.seq, m.created_at, m.body, m.sender_id from public.messages m
       where m.conversation_id = mine.id order by m.seq desc limit 1
    ) last on true
    left join public.conversation_reads my_read
      on my_read.conversation_id = mine.id and my_read.user_id = (select auth.uid())
    left join public.conversation_reads their_read
      on their_read.conversation_id = mine.id and their_read.user_id = mine.partner
   order by mine.closed_at is null desc, coalesce(last.created_at, mine.created_at) desc
$$;

-- The safety queue: open reports and alerts, with who is involved.
create or replace function public.list_safety_queue()
returns table (
  item_type text, item_id uuid, category text, details text, excerpt jsonb,
  reporter_name text, concerned_name text, created_at timestamptz
)
language plpgsql stable security definer set search_path = '' as $$
begin
  perform private.require_coordinator_role();
  return query
  select 'alert', a.id, a.category::text, null::text, to_jsonb(a.excerpt),
         raiser.display_name, sender.display_name, a.created_at
    from public.crisis_alerts a
    join public.messages m on m.id = a.message_id
    left join public.profiles raiser on raiser.id = a.raised_by
    left join public.profiles sender on sender.id = m.sender_id
   where a.acknowledged_at is null
  union all
  select 'report', r.id, r.reason::text, r.details, r.excerpt,
         reporter.display_name, reported.display_name, r.created_at
    from public.message_reports r
    left join public.profiles reporter on reporter.id = r.reporter_id
    left join public.profiles reported on reported.id = r.reported_user_id
   where r.resolved_at is null
   order by 8;
end
$$;

