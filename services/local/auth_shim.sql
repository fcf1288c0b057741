-- Local stand-in for what Supabase ships before any project migration runs:
-- the API roles, the `auth` schema with `auth.users`, and auth.uid()/role()/jwt()
-- reading `request.jwt.claims` exactly as Supabase's do.
-- Applied in local mode only; never pushed to a Supabase project.

do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  aud text not null default 'authenticated',
  role text not null default 'authenticated',
  email text unique,
  encrypted_password text,
  email_confirmed_at timestamptz,
  raw_app_meta_data jsonb not null default '{}'::jsonb,
  raw_user_meta_data jsonb not null default '{}'::jsonb,
  is_anonymous boolean not null default false,
  banned_until timestamptz,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- GoTrue's column, added here for databases made before it was: the
-- inactive-account rule (python -m app purge-inactive) reads it.
alter table auth.users add column if not exists last_sign_in_at timestamptz;

-- What GoTrue keeps server-side, reduced to what the local gateway needs.
-- Refresh tokens are stored only as SHA-256 hashes.
create table if not exists auth.refresh_tokens (
  token_hash text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  revoked boolean not null default false,
  created_at timestamptz not null default now()
);
create index if not exists refresh_tokens_user_idx on auth.refresh_tokens (user_id);

-- Signed-in devices, shaped like Supabase's auth.sessions so the same SQL
-- (list_my_sessions, end_my_sessions) serves both modes. Ending a session
-- deletes its row, as GoTrue does: its refresh tokens go with it, and every
-- LocalGateway call made with it is refused (data_api.become_user).
create table if not exists auth.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  -- Last seen: LocalGateway moves it at most once a minute.
  updated_at timestamptz not null default now(),
  refreshed_at timestamp,
  user_agent text,
  not_after timestamptz
);
create index if not exists sessions_user_idx on auth.sessions (user_id);
alter table auth.refresh_tokens
  add column if not exists session_id uuid references auth.sessions (id) on delete cascade;

create table if not exists auth.sign_in_failures (
  email text not null,
  failed_at timestamptz not null default now()
);
create index if not exists sign_in_failures_email_idx on auth.sign_in_failures (email, failed_at);

create or replace function auth.uid() returns uuid
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt()
  to anon, authenticated, service_role;

-- Supabase's default privileges: every API role may touch every public object,
-- so row-level security is the only gate. Migrations narrow this where needed.
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;

-- Supabase creates this publication; migrations add tables to it.
do $$
begin
  if not exists (select from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;
