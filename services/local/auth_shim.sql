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

-- When a rotated refresh token was spent: presenting it again later is
-- taken as a stolen copy, and the whole session ends (auth_store.restore).
alter table auth.refresh_tokens add column if not exists revoked_at timestamptz;

-- Sign-in throttling (services/local/sign_in_throttle.py). One row per key:
-- an e-mail, a client address, a known device or a signed-in session, each
-- stored only as a SHA-256 hash, so the table names no one in clear. It
-- replaces the per-e-mail failure log, which let a stranger lock an owner out.
drop table if exists auth.sign_in_failures;
create table if not exists auth.sign_in_throttle (
  key_hash text primary key,
  attempts integer not null default 0,
  last_attempt_at timestamptz not null default now(),
  next_attempt_at timestamptz not null default now()
);

-- Browsers that signed in to an account with its password: a hash of the
-- account's id and the random token the browser keeps. No foreign key and no
-- e-mail: only the browser holding the token can point at its row.
create table if not exists auth.known_devices (
  device_hash text primary key,
  last_used_at timestamptz not null default now()
);

-- Claims one attempt on every key at once, before any password is checked:
-- the rows are locked in one order, so parallel guesses are counted one by
-- one and none slips past the count. Each key forgets one attempt every
-- `refill` seconds (a leaky bucket), so ordinary typos spread over a day
-- never add up. Returns 0 when the attempt may go on, else the seconds to
-- wait (the attempt is then not counted).
create or replace function auth.claim_sign_in_attempt(
  keys text[], free integer[], refill double precision[],
  first_delay interval, max_delay interval
) returns double precision
language plpgsql set search_path = '' as $$
declare
  wait double precision;
begin
  insert into auth.sign_in_throttle (key_hash)
    select distinct k from unnest(keys) as k order by 1 on conflict do nothing;
  perform 1 from auth.sign_in_throttle t
   where t.key_hash = any(keys) order by t.key_hash for update;
  select max(extract(epoch from t.next_attempt_at - now())) into wait
    from auth.sign_in_throttle t
   where t.key_hash = any(keys) and t.next_attempt_at > now();
  if wait > 0 then
    return wait;
  end if;
  update auth.sign_in_throttle t
     set attempts = n.attempts,
         last_attempt_at = now(),
         -- The attempt that uses the last free one already makes the next wait.
         next_attempt_at = case when n.attempts >= n.free
           then now() + least(first_delay * power(2, least(n.attempts - n.free, 30)), max_delay)
           else now() end
    from (select k.key_hash, k.free,
                 greatest(c.attempts - floor(
                   extract(epoch from now() - c.last_attempt_at) / k.refill)::integer, 0) + 1
                   as attempts
            from unnest(keys, free, refill) as k (key_hash, free, refill)
            join auth.sign_in_throttle c on c.key_hash = k.key_hash) as n
   where t.key_hash = n.key_hash;
  return 0;
end
$$;
revoke execute on function
  auth.claim_sign_in_attempt(text[], integer[], double precision[], interval, interval)
  from public;

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

-- Supabase's default privileges since 30 Oct 2026: new public objects are
-- granted to no API role, so each migration grants what it means to expose
-- (older projects granted everything; the migration *_explicit_grants.sql
-- takes that back). Revoked at every start, as this file runs before the
-- migrations: a database made by an older version stops granting too.
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public revoke all on tables from anon, authenticated, service_role;
alter default privileges in schema public revoke all on functions from anon, authenticated, service_role;
alter default privileges in schema public revoke all on sequences from anon, authenticated, service_role;

-- Supabase creates this publication; migrations add tables to it.
do $$
begin
  if not exists (select from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;
