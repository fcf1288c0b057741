-- Reports, crisis alerts, and what each side and the coordinator may read.
-- The coordinator never reads a conversation: a report carries a snapshot of
-- the reported message and the few messages around it, nothing more.

create type public.report_reason as enum (
  'upsetting', 'medical_advice', 'false_promises', 'inappropriate', 'other'
);
create type public.crisis_category as enum ('suicidal_thoughts', 'stroke_warning_signs');

create table public.message_reports (
  id uuid primary key default gen_random_uuid(),
  message_id uuid references public.messages (id) on delete set null,
  reporter_id uuid not null references public.profiles (id) on delete cascade,
  reported_user_id uuid references public.profiles (id) on delete set null,
  reason public.report_reason not null,
  details text constraint details_length check (char_length(details) <= 500),
  excerpt jsonb not null,
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid references public.profiles (id) on delete set null,
  constraint one_report_per_message_and_person unique (message_id, reporter_id)
);
create index message_reports_reporter_idx on public.message_reports (reporter_id);
create index message_reports_open_idx on public.message_reports (created_at) where resolved_at is null;

create table public.crisis_alerts (
  id uuid primary key default gen_random_uuid(),
  message_id uuid not null unique references public.messages (id) on delete cascade,
  raised_by uuid references public.profiles (id) on delete set null,
  category public.crisis_category not null,
  excerpt text not null,
  created_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by uuid references public.profiles (id) on delete set null
);
create index crisis_alerts_raised_by_idx on public.crisis_alerts (raised_by);
create index crisis_alerts_open_idx on public.crisis_alerts (created_at) where acknowledged_at is null;

alter table public.message_reports enable row level security;
alter table public.crisis_alerts enable row level security;
revoke all on public.message_reports, public.crisis_alerts from anon;
revoke insert, update, delete on public.message_reports, public.crisis_alerts from authenticated;
grant select on public.message_reports, public.crisis_alerts to authenticated;

create policy "message_reports: reporter reads" on public.message_reports
  for select to authenticated using (reporter_id = (select auth.uid()));
create policy "message_reports: coordinators read" on public.message_reports
  for select to authenticated using ((select private.is_coordinator()));
create policy "crisis_alerts: coordinators read" on public.crisis_alerts
  for select to authenticated using ((select private.is_coordinator()));

-- The message, if the caller is a member of its conversation.
create function private.member_message(message_id uuid) returns public.messages
language sql stable security definer set search_path = '' as $$
  select m.* from public.messages m
    join public.conversations c on c.id = m.conversation_id
   where m.id = member_message.message_id
     and (select auth.uid()) in (c.requester_id, c.peer_id)
$$;
revoke all on function private.member_message(uuid) from public;

create function public.report_message(
  message_id uuid, reason public.report_reason, details text default null
) returns public.message_reports
language plpgsql security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  reported public.messages := private.member_message(report_message.message_id);
  saved public.message_reports;
begin
  if reported.id is null then
    raise exception 'no message of your conversations with this id' using errcode = '42501';
  end if;
  if reported.sender_id = me then
    raise exception 'you cannot report your own message' using errcode = '22023', hint = 'own_message';
  end if;
  insert into public.message_reports as r
    (message_id, reporter_id, reported_user_id, reason, details, excerpt)
  select reported.id, me, reported.sender_id, report_message.reason,
         nullif(btrim(report_message.details), ''),
         -- Two messages before and two after: enough context, never the whole conversation.
         jsonb_agg(jsonb_build_object(
           'seq', e.seq, 'body', e.body, 'created_at', e.created_at,
           'from_reporter', e.sender_id = me, 'reported', e.id = reported.id) order by e.seq)
    from public.messages e
   where e.conversation_id = reported.conversation_id
     and e.seq between reported.seq - 2 and reported.seq + 2
  on conflict on constraint one_report_per_message_and_person do nothing
  returning * into saved;
  if saved.id is null then
    select * into saved from public.message_reports r
     where r.message_id = reported.id and r.reporter_id = me;
  else
    perform private.publish_peer_event('coordination', jsonb_build_object('type', 'report', 'id', saved.id));
  end if;
  return saved;
end
$$;

-- Raised by the app of either member when a message contains crisis words
-- (the phrase lists are data in assets/safety); one alert per message.
create function public.raise_crisis_alert(message_id uuid, category public.crisis_category)
returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  flagged public.messages := private.member_message(raise_crisis_alert.message_id);
  alert_id uuid;
begin
  if flagged.id is null then
    raise exception 'no message of your conversations with this id' using errcode = '42501';
  end if;
  insert into public.crisis_alerts (message_id, raised_by, category, excerpt)
  values (flagged.id, (select auth.uid()), raise_crisis_alert.category, flagged.body)
  on conflict on constraint crisis_alerts_message_id_key do nothing
  returning id into alert_id;
  if alert_id is null then
    select a.id into alert_id from public.crisis_alerts a where a.message_id = flagged.id;
  else
    perform private.publish_peer_event('coordination', jsonb_build_object('type', 'alert', 'id', alert_id));
  end if;
  return alert_id;
end
$$;

create function public.resolve_report(report_id uuid) returns public.message_reports
language plpgsql security definer set search_path = '' as $$
declare
  saved public.message_reports;
begin
  if not private.is_coordinator() then
    raise exception 'only a coordinator can resolve a report' using errcode = '42501';
  end if;
  update public.message_reports r set resolved_at = now(), resolved_by = (select auth.uid())
   where r.id = resolve_report.report_id and r.resolved_at is null
  returning * into saved;
  if saved.id is null then
    raise exception 'no open report with this id' using errcode = 'P0002';
  end if;
  return saved;
end
$$;

create function public.acknowledge_crisis_alert(alert_id uuid) returns public.crisis_alerts
language plpgsql security definer set search_path = '' as $$
declare
  saved public.crisis_alerts;
begin
  if not private.is_coordinator() then
    raise exception 'only a coordinator can acknowledge an alert' using errcode = '42501';
  end if;
  update public.crisis_alerts a set acknowledged_at = now(), acknowledged_by = (select auth.uid())
   where a.id = acknowledge_crisis_alert.alert_id and a.acknowledged_at is null
  returning * into saved;
  if saved.id is null then
    raise exception 'no open alert with this id' using errcode = 'P0002';
  end if;
  return saved;
end
$$;

-- Each side's matches. Of the other person only the display name, the
-- département and the topics are shared: never birth year or stroke date.
create function public.list_my_matches()
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
         m.created_at, m.ended_at, m.end_reason, m.goodbye, m.ended_by = (select auth.uid())
    from public.matches m
    join public.support_requests r on r.id = m.request_id
    join public.profiles partner
      on partner.id = case when m.requester_id = (select auth.uid()) then m.peer_id else m.requester_id end
    left join public.peer_applications a on a.peer_id = m.peer_id
    left join public.conversations c on c.match_id = m.id
   where m.requester_id = (select auth.uid()) or m.peer_id = (select auth.uid())
   order by m.created_at desc
$$;

create function private.require_coordinator_role() returns void
language plpgsql stable security definer set search_path = '' as $$
begin
  if not private.is_coordinator() then
    raise exception 'coordinators only' using errcode = '42501';
  end if;
end
$$;
revoke all on function private.require_coordinator_role() from public;
grant execute on function private.require_coordinator_role() to authenticated;

-- Everything the matching score needs about every peer supporter who has
-- applied, with their current caseload; the scoring itself is
-- services/matching.py, which drops anyone not eligible.
create function public.list_peer_candidates(request_id uuid)
returns table (
  peer_id uuid, display_name text, peer_status public.peer_status,
  topics public.support_topic[], languages text[], departement text,
  stroke_year integer, stroke_date date, aphasia_experience boolean,
  returned_to_work boolean, drives_again boolean, gender public.gender_identity,
  capacity integer, live_matches integer, blocked boolean, training_completed_on date
)
language plpgsql stable security definer set search_path = '' as $$
begin
  perform private.require_coordinator_role();
  return query
  select a.peer_id, p.display_name, p.peer_status, a.topics, a.languages, a.departement,
         a.stroke_year, p.stroke_date, a.aphasia_experience, a.returned_to_work, a.drives_again,
         a.gender, a.capacity,
         (select count(*)::integer from public.matches m
           where m.peer_id = a.peer_id and m.status in ('proposed', 'active')),
         exists (select 1 from public.blocks b
                  where (b.blocker_id = r.requester_id and b.blocked_id = a.peer_id)
                     or (b.blocker_id = a.peer_id and b.blocked_id = r.requester_id)),
         a.training_completed_on
    from public.support_requests r
    cross join public.peer_applications a
    join public.profiles p on p.id = a.peer_id
   where r.id = list_peer_candidates.request_id and a.peer_id <> r.requester_id;
end
$$;

create function public.list_support_requests(only_open boolean default true)
returns table (
  request_id uuid, requester_id uuid, requester_name text, requester_role public.user_role,
  topics public.support_topic[], language text, departement text, wants_nearby boolean,
  wants_aphasia_experience boolean, wants_returned_to_work boolean, wants_same_gender boolean,
  requester_gender public.gender_identity, about text, status public.request_status,
  created_at timestamptz
)
language plpgsql stable security definer set search_path = '' as $$
begin
  perform private.require_coordinator_role();
  return query
  select r.id, r.requester_id, p.display_name, p.role, r.topics, r.language, r.departement,
         r.wants_nearby, r.wants_aphasia_experience, r.wants_returned_to_work,
         r.wants_same_gender, r.requester_gender, r.about, r.status, r.created_at
    from public.support_requests r join public.profiles p on p.id = r.requester_id
   where not only_open or r.status = 'open'
   order by r.created_at;
end
$$;

create function public.list_peer_applications()
returns table (
  peer_id uuid, display_name text, peer_status public.peer_status, topics public.support_topic[],
  languages text[], departement text, availability text, capacity integer, stroke_year integer,
  aphasia_experience boolean, returned_to_work boolean, drives_again boolean,
  submitted_at timestamptz, declined_at timestamptz, decline_reason text,
  training_completed_on date, live_matches integer
)
language plpgsql stable security definer set search_path = '' as $$
begin
  perform private.require_coordinator_role();
  return query
  select a.peer_id, p.display_name, p.peer_status, a.topics, a.languages, a.departement,
         a.availability, a.capacity, a.stroke_year, a.aphasia_experience, a.returned_to_work,
         a.drives_again, a.submitted_at, a.declined_at, a.decline_reason, a.training_completed_on,
         (select count(*)::integer from public.matches m
           where m.peer_id = a.peer_id and m.status in ('proposed', 'active'))
    from public.peer_applications a join public.profiles p on p.id = a.peer_id
   order by a.submitted_at;
end
$$;

-- The safety queue: open reports and alerts, with who is involved.
create function public.list_safety_queue()
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
    join public.profiles reporter on reporter.id = r.reporter_id
    left join public.profiles reported on reported.id = r.reported_user_id
   where r.resolved_at is null
   order by 8;
end
$$;

do $$
declare
  signature text;
begin
  foreach signature in array array[
    'public.report_message(uuid, public.report_reason, text)',
    'public.raise_crisis_alert(uuid, public.crisis_category)',
    'public.resolve_report(uuid)',
    'public.acknowledge_crisis_alert(uuid)',
    'public.list_my_matches()',
    'public.list_peer_candidates(uuid)',
    'public.list_support_requests(boolean)',
    'public.list_peer_applications()',
    'public.list_safety_queue()'
  ] loop
    execute format('revoke all on function %s from public, anon', signature);
    execute format('grant execute on function %s to authenticated', signature);
  end loop;
end
$$;
