-- Support requests, matches with two-sided consent, blocks, conversations.
-- A survivor or caregiver asks; a coordinator proposes an approved peer with
-- a free place; both accept; only then does the conversation open. Either side
-- ends the match at any time. Every write goes through a function that checks
-- the caller; reads go through RLS.

create type public.request_status as enum ('open', 'proposed', 'matched', 'closed', 'withdrawn');
create type public.match_status as enum ('proposed', 'active', 'declined', 'ended');

create table public.support_requests (
  id uuid primary key default gen_random_uuid(),
  requester_id uuid not null references public.profiles (id) on delete cascade,
  topics public.support_topic[] not null
    constraint topics_chosen check (cardinality(topics) between 1 and 7),
  language text not null default 'fr' constraint language_code check (language ~ '^[a-z]{2}$'),
  departement text
    constraint departement_code check (departement ~ '^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$'),
  wants_nearby boolean not null default false,
  wants_aphasia_experience boolean not null default false,
  wants_returned_to_work boolean not null default false,
  wants_same_gender boolean not null default false,
  requester_gender public.gender_identity,
  about text constraint about_length check (char_length(about) <= 500),
  status public.request_status not null default 'open',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint nearby_needs_departement check (not wants_nearby or departement is not null),
  constraint same_gender_needs_gender check (not wants_same_gender or requester_gender is not null)
);

-- One live request per person: a new one only once the last match has ended.
create unique index support_requests_one_live_idx on public.support_requests (requester_id)
  where status in ('open', 'proposed', 'matched');
create index support_requests_requester_idx on public.support_requests (requester_id);
create index support_requests_open_idx on public.support_requests (created_at) where status = 'open';

create table public.matches (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null references public.support_requests (id) on delete cascade,
  requester_id uuid not null references public.profiles (id) on delete cascade,
  peer_id uuid not null references public.profiles (id) on delete cascade,
  proposed_by uuid references public.profiles (id) on delete set null,
  status public.match_status not null default 'proposed',
  requester_accepted_at timestamptz,
  peer_accepted_at timestamptz,
  declined_by uuid references public.profiles (id) on delete set null,
  ended_by uuid references public.profiles (id) on delete set null,
  end_reason text constraint end_reason_known
    check (end_reason in ('ended', 'blocked', 'peer_suspended', 'coordinator', 'declined')),
  goodbye text constraint goodbye_length check (char_length(goodbye) between 1 and 500),
  created_at timestamptz not null default now(),
  ended_at timestamptz,
  constraint not_oneself check (requester_id <> peer_id)
);

create unique index matches_one_live_per_request_idx on public.matches (request_id)
  where status in ('proposed', 'active');
create index matches_requester_idx on public.matches (requester_id);
create index matches_peer_idx on public.matches (peer_id);
create index matches_live_peer_idx on public.matches (peer_id) where status in ('proposed', 'active');

create table public.blocks (
  blocker_id uuid not null references public.profiles (id) on delete cascade,
  blocked_id uuid not null references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (blocker_id, blocked_id)
);
create index blocks_blocked_idx on public.blocks (blocked_id);

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  match_id uuid not null unique references public.matches (id) on delete cascade,
  requester_id uuid not null references public.profiles (id) on delete cascade,
  peer_id uuid not null references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  closed_at timestamptz
);
create index conversations_requester_idx on public.conversations (requester_id);
create index conversations_peer_idx on public.conversations (peer_id);

alter table public.support_requests enable row level security;
alter table public.matches enable row level security;
alter table public.blocks enable row level security;
alter table public.conversations enable row level security;

revoke all on public.support_requests, public.matches, public.blocks, public.conversations from anon;
revoke insert, update, delete on public.support_requests, public.matches, public.blocks, public.conversations
  from authenticated;
grant select on public.support_requests, public.matches, public.blocks, public.conversations
  to authenticated;

create policy "support_requests: read own" on public.support_requests
  for select to authenticated using (requester_id = (select auth.uid()));
create policy "support_requests: coordinators read all" on public.support_requests
  for select to authenticated using ((select private.is_coordinator()));

create policy "matches: sides read" on public.matches
  for select to authenticated
  using (requester_id = (select auth.uid()) or peer_id = (select auth.uid()));
create policy "matches: coordinators read all" on public.matches
  for select to authenticated using ((select private.is_coordinator()));

create policy "blocks: read own" on public.blocks
  for select to authenticated using (blocker_id = (select auth.uid()));
create policy "blocks: coordinators read all" on public.blocks
  for select to authenticated using ((select private.is_coordinator()));

-- Coordinators do not read conversations: they see reported excerpts only.
create policy "conversations: members read" on public.conversations
  for select to authenticated
  using (requester_id = (select auth.uid()) or peer_id = (select auth.uid()));

-- Security definer so that policies on messages can call it without
-- recursing through the conversations policy.
create function private.my_conversation_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select id from public.conversations
   where requester_id = (select auth.uid()) or peer_id = (select auth.uid())
$$;
create function private.my_open_conversation_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select id from public.conversations
   where (requester_id = (select auth.uid()) or peer_id = (select auth.uid()))
     and closed_at is null
$$;
revoke all on function private.my_conversation_ids(), private.my_open_conversation_ids() from public;
grant execute on function private.my_conversation_ids(), private.my_open_conversation_ids()
  to authenticated, service_role;

create function private.notify_match(m public.matches) returns void
language sql security definer set search_path = '' as $$
  select private.publish_peer_event(private.person_topic(m.requester_id),
                         jsonb_build_object('type', 'match', 'id', m.id)),
         private.publish_peer_event(private.person_topic(m.peer_id),
                         jsonb_build_object('type', 'match', 'id', m.id))
$$;
revoke all on function private.notify_match(public.matches) from public;
