-- Peer supporters apply; a coordinator reviews (approve with a training date,
-- decline with a reason, suspend later).
-- The application is only written through the functions below: they check
-- the caller, and array arguments arrive as JSON so both transports (PostgREST
-- and the local gateway) send them the same way.

create type public.support_topic as enum (
  'care_pathway', 'administrative_procedures', 'emotional_support',
  'caregiver_support', 'return_to_work', 'aphasia', 'driving'
);
create type public.gender_identity as enum ('woman', 'man', 'another');

create table public.peer_applications (
  peer_id uuid primary key references public.profiles (id) on delete cascade,
  stroke_year integer constraint stroke_year_range check (stroke_year between 1930 and 2100),
  aphasia_experience boolean,
  returned_to_work boolean,
  drives_again boolean,
  gender public.gender_identity,
  topics public.support_topic[] not null
    constraint topics_chosen check (cardinality(topics) between 1 and 7),
  languages text[] not null
    constraint languages_known check (
      cardinality(languages) between 1 and 10
      and array_to_string(languages, ',') ~ '^[a-z]{2}(,[a-z]{2})*$'
    ),
  departement text not null
    constraint departement_code check (departement ~ '^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$'),
  availability text not null
    constraint availability_length check (char_length(btrim(availability)) between 1 and 300),
  capacity integer not null default 3 constraint capacity_range check (capacity between 1 and 10),
  charter_accepted_at timestamptz not null,
  submitted_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  training_completed_on date,
  reviewed_by uuid references public.profiles (id) on delete set null,
  reviewed_at timestamptz,
  declined_at timestamptz,
  decline_reason text constraint decline_reason_length check (char_length(decline_reason) between 1 and 500),
  suspension_reason text constraint suspension_reason_length check (char_length(suspension_reason) between 1 and 500)
);

comment on table public.peer_applications is
  'A peer supporter''s lived experience and offer; approval itself is profiles.peer_status.';

alter table public.peer_applications enable row level security;
revoke all on public.peer_applications from anon;
revoke insert, update, delete on public.peer_applications from authenticated;
grant select on public.peer_applications to authenticated;

create policy "peer_applications: read own" on public.peer_applications
  for select to authenticated
  using (peer_id = (select auth.uid()));

create policy "peer_applications: coordinators read all" on public.peer_applications
  for select to authenticated
  using ((select private.is_coordinator()));

create index peer_applications_pending_idx on public.peer_applications (submitted_at)
  where declined_at is null;

-- Events leave the database as ids only, on topics that are valid SQL
-- identifiers (LISTEN needs one). On Supabase the same event is broadcast on
-- a Realtime channel of the same name; locally realtime.send does not exist.
create function private.publish_peer_event(topic text, payload jsonb) returns void
language plpgsql security definer set search_path = '' as $$
begin
  perform pg_notify(topic, payload::text);
  if to_regprocedure('realtime.send(jsonb,text,text,boolean)') is not null then
    execute 'select realtime.send($1, $2, $3, false)'
      using payload, coalesce(payload ->> 'type', 'event'), topic;
  end if;
end
$$;
revoke all on function private.publish_peer_event(text, jsonb) from public;

create function private.person_topic(user_id uuid) returns text
language sql immutable set search_path = '' as $$
  select 'user_' || replace(user_id::text, '-', '')
$$;
revoke all on function private.person_topic(uuid) from public;

create function private.json_text_array(items jsonb) returns text[]
language sql immutable set search_path = '' as $$
  select case
    when items is null then null
    when jsonb_typeof(items) <> 'array' then array[]::text[] || (items #>> '{}')
    else array(select jsonb_array_elements_text(items))
  end
$$;
revoke all on function private.json_text_array(jsonb) from public;
grant execute on function private.json_text_array(jsonb) to authenticated, service_role;

-- A peer supporter applies, or updates an application. Resubmitting after a
-- decline puts the application back in the coordinator's queue.
create function public.submit_peer_application(
  topics jsonb,
  languages jsonb,
  departement text,
  availability text,
  accepts_charter boolean,
  capacity integer default 3,
  stroke_year integer default null,
  aphasia_experience boolean default null,
  returned_to_work boolean default null,
  drives_again boolean default null,
  gender public.gender_identity default null
) returns public.peer_applications
language plpgsql security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  saved public.peer_applications;
begin
  if not exists (select 1 from public.profiles where id = me and role = 'peer') then
    raise exception 'only a peer supporter can apply' using errcode = '42501';
  end if;
  if accepts_charter is not true then
    raise exception 'the peer charter must be accepted' using errcode = '22023', hint = 'charter';
  end if;
  if stroke_year is not null and stroke_year > extract(year from current_date) then
    raise exception 'stroke year is in the future' using errcode = '22023', hint = 'stroke_year';
  end if;
  insert into public.peer_applications as a (
    peer_id, topics, languages, departement, availability, capacity, stroke_year,
    aphasia_experience, returned_to_work, drives_again, gender, charter_accepted_at
  ) values (
    me,
    private.json_text_array(submit_peer_application.topics)::public.support_topic[],
    private.json_text_array(submit_peer_application.languages),
    btrim(submit_peer_application.departement),
    btrim(submit_peer_application.availability),
    coalesce(submit_peer_application.capacity, 3),
    submit_peer_application.stroke_year,
    submit_peer_application.aphasia_experience,
    submit_peer_application.returned_to_work,
    submit_peer_application.drives_again,
    submit_peer_application.gender,
    now()
  )
  on conflict (peer_id) do update set
    topics = excluded.topics, languages = excluded.languages,
    departement = excluded.departement, availability = excluded.availability,
    capacity = excluded.capacity, stroke_year = excluded.stroke_year,
    aphasia_experience = excluded.aphasia_experience,
    returned_to_work = excluded.returned_to_work, drives_again = excluded.drives_again,
    gender = excluded.gender, charter_accepted_at = now(), updated_at = now(),
    declined_at = null, decline_reason = null,
    submitted_at = case when a.declined_at is not null then now() else a.submitted_at end
  returning * into saved;
  perform private.publish_peer_event('coordination', jsonb_build_object('type', 'application', 'id', me));
  return saved;
end
$$;

-- Coordinators approve with the date training was completed. Approval goes
-- through set_peer_status, which checks the caller again.
create function public.approve_peer(peer_id uuid, training_completed_on date)
returns public.peer_applications
language plpgsql security definer set search_path = '' as $$
declare
  saved public.peer_applications;
begin
  if not private.is_coordinator() or approve_peer.peer_id = (select auth.uid()) then
    raise exception 'only a coordinator can approve someone else' using errcode = '42501';
  end if;
  if training_completed_on is null or training_completed_on > current_date then
    raise exception 'the training date is missing or in the future'
      using errcode = '22023', hint = 'training_completed_on';
  end if;
  if not exists (select 1 from public.peer_applications a where a.peer_id = approve_peer.peer_id) then
    raise exception 'no application from this person' using errcode = 'P0002';
  end if;
  perform public.set_peer_status(approve_peer.peer_id, 'approved');
  update public.peer_applications a
     set training_completed_on = approve_peer.training_completed_on,
         reviewed_by = (select auth.uid()), reviewed_at = now(),
         declined_at = null, decline_reason = null, suspension_reason = null
   where a.peer_id = approve_peer.peer_id
  returning * into saved;
  perform private.publish_peer_event(private.person_topic(approve_peer.peer_id),
                          jsonb_build_object('type', 'application', 'id', approve_peer.peer_id));
  return saved;
end
$$;

create function public.decline_peer_application(peer_id uuid, reason text)
returns public.peer_applications
language plpgsql security definer set search_path = '' as $$
declare
  saved public.peer_applications;
begin
  if not private.is_coordinator() or decline_peer_application.peer_id = (select auth.uid()) then
    raise exception 'only a coordinator can decline an application' using errcode = '42501';
  end if;
  if reason is null or btrim(reason) = '' then
    raise exception 'a reason is needed' using errcode = '22023', hint = 'reason';
  end if;
  update public.peer_applications a
     set declined_at = now(), decline_reason = btrim(reason),
         reviewed_by = (select auth.uid()), reviewed_at = now()
   where a.peer_id = decline_peer_application.peer_id
     and exists (select 1 from public.profiles p
                  where p.id = a.peer_id and p.peer_status = 'applicant')
  returning * into saved;
  if saved.peer_id is null then
    raise exception 'no pending application from this person' using errcode = 'P0002';
  end if;
  perform private.publish_peer_event(private.person_topic(decline_peer_application.peer_id),
                          jsonb_build_object('type', 'application', 'id', saved.peer_id));
  return saved;
end
$$;

revoke all on function public.submit_peer_application(jsonb, jsonb, text, text, boolean, integer, integer, boolean, boolean, boolean, public.gender_identity) from public, anon;
grant execute on function public.submit_peer_application(jsonb, jsonb, text, text, boolean, integer, integer, boolean, boolean, boolean, public.gender_identity) to authenticated;
revoke all on function public.approve_peer(uuid, date) from public, anon;
grant execute on function public.approve_peer(uuid, date) to authenticated;
revoke all on function public.decline_peer_application(uuid, text) from public, anon;
grant execute on function public.decline_peer_application(uuid, text) to authenticated;
