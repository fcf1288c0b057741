-- A way back in for a person who forgot their password, and the list of
-- their signed-in devices (issue 12 §1–2).
--
-- Recovery codes (local mode, where no e-mail may be configured): a
-- coordinator, having checked who the person is in person or by phone, issues
-- a code. It is random, shown once, stored only as a salted hash, single use,
-- valid 72 hours and void after 5 wrong tries. The table doubles as the audit
-- (who issued it, for whom, when, used or not), readable by coordinators.

create table public.recovery_codes (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references public.profiles (id) on delete cascade,
  issued_by uuid references public.profiles (id) on delete set null,
  code_salt text not null,
  code_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  failed_attempts integer not null default 0 check (failed_attempts between 0 and 5),
  used_at timestamptz,
  voided_at timestamptz,
  constraint recovery_code_lifetime check (expires_at > created_at)
);
create index recovery_codes_person_idx on public.recovery_codes (person_id, created_at desc);

comment on table public.recovery_codes is
  'One-time recovery codes issued by coordinators, and their audit; codes are stored only hashed.';

alter table public.recovery_codes enable row level security;

-- Nobody writes through the API: issue_recovery_code and the server's
-- private.redeem_recovery_code are the only paths. The hash and salt are
-- never readable, not even by coordinators.
revoke all on public.recovery_codes from anon, authenticated;
grant select (id, person_id, issued_by, created_at, expires_at, failed_attempts, used_at, voided_at)
  on public.recovery_codes to authenticated;

create policy "recovery codes: coordinators read the audit" on public.recovery_codes
  for select to authenticated
  using ((select private.is_coordinator()));

-- 29 signs nobody confuses when read aloud or copied by hand: no 0/O, 1/I/L, U/V.
create function private.new_recovery_code() returns text
language plpgsql volatile set search_path = '' as $$
declare
  alphabet constant text := 'ABCDEFGHJKMNPQRSTWXYZ23456789';
  random_bytes bytea := uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid());
  -- Bytes of a version-4 UUID that carry no version or variant bits.
  usable constant integer[] := array[0, 2, 4, 10, 12, 16, 18, 20];
  code text := '';
  position integer;
  draw integer;
begin
  foreach position in array usable loop
    -- 16 random bits per sign keep the modulo bias below 0.05 %.
    draw := get_byte(random_bytes, position) * 256 + get_byte(random_bytes, position + 1);
    code := code || substr(alphabet, draw % length(alphabet) + 1, 1);
  end loop;
  return code;
end
$$;
revoke all on function private.new_recovery_code() from public;

create function private.recovery_code_hash(salt text, code text) returns text
language sql immutable set search_path = '' as $$
  -- What the person types is forgiving: case, spaces and dashes do not matter.
  select encode(
    sha256(convert_to(salt || upper(regexp_replace(code, '[^A-Za-z0-9]', '', 'g')), 'UTF8')),
    'hex'
  )
$$;
revoke all on function private.recovery_code_hash(text, text) from public;

create function public.issue_recovery_code(p_person uuid, out code text, out expires_at timestamptz)
language plpgsql volatile security definer set search_path = '' as $$
declare
  salt text := encode(uuid_send(gen_random_uuid()), 'hex');
begin
  if not private.is_coordinator() then
    raise exception 'only a coordinator can issue a recovery code' using errcode = '42501';
  end if;
  if p_person = (select auth.uid()) then
    -- Someone else must check who a coordinator is before they get back in.
    raise exception 'a coordinator cannot issue a code for themselves' using errcode = '42501';
  end if;
  if not exists (select 1 from public.profiles where id = p_person) then
    raise exception 'no account with this id' using errcode = 'P0002';
  end if;
  -- One live code per person: a new one voids any earlier one.
  update public.recovery_codes
     set voided_at = now()
   where person_id = p_person and used_at is null and voided_at is null;
  code := private.new_recovery_code();
  expires_at := now() + interval '72 hours';
  insert into public.recovery_codes (person_id, issued_by, code_salt, code_hash, expires_at)
  values (p_person, (select auth.uid()), salt, private.recovery_code_hash(salt, code), expires_at);
end
$$;
revoke all on function public.issue_recovery_code(uuid) from public, anon;
grant execute on function public.issue_recovery_code(uuid) to authenticated;

-- Called by the server's auth (local mode) before it sets the new password,
-- in the same transaction. Returns an outcome rather than raising, so that a
-- wrong try is counted (committed) even though the reset is refused.
create function private.redeem_recovery_code(p_email text, p_code text,
                                             out outcome text, out person_id uuid)
language plpgsql volatile security definer set search_path = '' as $$
declare
  person uuid;
  latest public.recovery_codes;
begin
  outcome := 'invalid';
  select u.id into person from auth.users u
   where u.email = lower(trim(p_email)) and u.deleted_at is null;
  if person is null then
    return;
  end if;
  select * into latest from public.recovery_codes c
   where c.person_id = person
   order by c.created_at desc
   limit 1
   for update;
  if latest.id is null then
    return;
  end if;
  if latest.code_hash = private.recovery_code_hash(latest.code_salt, coalesce(p_code, '')) then
    if latest.used_at is not null or latest.voided_at is not null or latest.expires_at <= now() then
      outcome := 'expired';
      return;
    end if;
    update public.recovery_codes set used_at = now() where id = latest.id;
    outcome := 'redeemed';
    person_id := person;
    return;
  end if;
  if latest.used_at is null and latest.voided_at is null and latest.expires_at > now() then
    update public.recovery_codes
       set failed_attempts = failed_attempts + 1,
           voided_at = case when failed_attempts + 1 >= 5 then now() end
     where id = latest.id;
  end if;
end
$$;
revoke all on function private.redeem_recovery_code(text, text) from public, anon, authenticated;
grant execute on function private.redeem_recovery_code(text, text) to service_role;

-- Signed-in devices (issue 12 §2). auth.sessions is GoTrue's table on Supabase
-- and the shim's copy of it in local mode; the session of the caller is the
-- `session_id` claim of the access token in both.
create function private.current_session_id() returns uuid
language sql stable set search_path = '' as $$
  select nullif((select auth.jwt()) ->> 'session_id', '')::uuid
$$;
revoke all on function private.current_session_id() from public;
grant execute on function private.current_session_id() to authenticated;

create function public.list_my_sessions()
returns table (id uuid, user_agent text, created_at timestamptz, last_seen_at timestamptz,
               current boolean)
language sql stable security definer set search_path = '' as $$
  select s.id, s.user_agent, s.created_at, greatest(s.created_at, s.updated_at),
         s.id is not distinct from private.current_session_id()
    from auth.sessions s
   where s.user_id = (select auth.uid())
   order by 4 desc, s.id
   limit 50
$$;

-- The browser's own description of itself: GoTrue only sees the app server.
create function public.describe_my_session(p_user_agent text) returns void
language sql volatile security definer set search_path = '' as $$
  update auth.sessions
     set user_agent = left(p_user_agent, 400)
   where id = private.current_session_id() and user_id = (select auth.uid())
$$;

-- One device (p_session), or every device but this one (p_session null).
create function public.end_my_sessions(p_session uuid default null) returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  ended integer;
begin
  delete from auth.sessions s
   where s.user_id = (select auth.uid())
     and (case when p_session is null
               then s.id is distinct from private.current_session_id()
               else s.id = p_session end);
  get diagnostics ended = row_count;
  return ended;
end
$$;

do $$
declare
  signature text;
begin
  foreach signature in array array[
    'public.list_my_sessions()',
    'public.describe_my_session(text)',
    'public.end_my_sessions(uuid)'
  ] loop
    execute format('revoke all on function %s from public, anon', signature);
    execute format('grant execute on function %s to authenticated', signature);
  end loop;
end
$$;
