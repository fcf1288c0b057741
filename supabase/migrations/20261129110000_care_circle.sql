-- The care circle: the caregivers a survivor lets into their diary and their
-- procedure checklists, each as reader or editor.
-- A survivor invites with a one-time code (7 days, single use, stored only as
-- a hash) or by the e-mail of an existing account, changes access or revokes
-- at any time. Every read of shared data asks private.circle_access(), so a
-- change takes effect on the very next call.

create type public.circle_access as enum ('reader', 'editor');

create table public.care_circle (
  survivor_id uuid not null references public.profiles (id) on delete cascade,
  member_id uuid not null references public.profiles (id) on delete cascade,
  access public.circle_access not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (survivor_id, member_id),
  constraint not_own_member check (survivor_id <> member_id)
);
create index care_circle_member_idx on public.care_circle (member_id);

create table public.circle_invites (
  id uuid primary key default gen_random_uuid(),
  survivor_id uuid not null references public.profiles (id) on delete cascade,
  code_hash text not null unique,
  access public.circle_access not null,
  expires_at timestamptz not null default now() + interval '7 days',
  used_at timestamptz,
  used_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now()
);
create index circle_invites_survivor_idx on public.circle_invites (survivor_id);

-- Failed redemptions, to slow down anyone guessing codes.
create table private.invite_redemption_failures (
  user_id uuid not null,
  failed_at timestamptz not null default now()
);
create index invite_redemption_failures_idx on private.invite_redemption_failures (user_id, failed_at);

alter table public.care_circle enable row level security;
alter table public.circle_invites enable row level security;

revoke all on public.care_circle, public.circle_invites from anon, authenticated;
grant select, delete on public.care_circle to authenticated;
grant update (access) on public.care_circle to authenticated;
grant select, delete on public.circle_invites to authenticated;

-- 'owner', 'editor', 'reader' or null: the caller's access to `survivor`'s shared data.
create function private.circle_access(survivor uuid) returns text
language sql stable security definer set search_path = '' as $$
  select case
    when survivor = (select auth.uid()) then 'owner'
    else (
      select c.access::text from public.care_circle c
      where c.survivor_id = survivor and c.member_id = (select auth.uid())
    )
  end
$$;
revoke all on function private.circle_access(uuid) from public;
grant execute on function private.circle_access(uuid) to authenticated;

create function private.can_read_circle(survivor uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.circle_access(survivor) is not null
$$;

create function private.can_edit_circle(survivor uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.circle_access(survivor) in ('owner', 'editor')
$$;
revoke all on function private.can_read_circle(uuid), private.can_edit_circle(uuid) from public;
grant execute on function private.can_read_circle(uuid), private.can_edit_circle(uuid) to authenticated;

create policy "care_circle: survivor and member read" on public.care_circle
  for select to authenticated
  using (survivor_id = (select auth.uid()) or member_id = (select auth.uid()));

create policy "care_circle: survivor changes access" on public.care_circle
  for update to authenticated
  using (survivor_id = (select auth.uid()))
  with check (survivor_id = (select auth.uid()));

create policy "care_circle: survivor revokes, member leaves" on public.care_circle
  for delete to authenticated
  using (survivor_id = (select auth.uid()) or member_id = (select auth.uid()));

create policy "circle_invites: survivor reads own" on public.circle_invites
  for select to authenticated
  using (survivor_id = (select auth.uid()));

create policy "circle_invites: survivor withdraws own" on public.circle_invites
  for delete to authenticated
  using (survivor_id = (select auth.uid()));

create trigger care_circle_touch_updated_at
  before update on public.care_circle
  for each row execute function private.touch_updated_at();

-- Tell the member's open screens that their access changed (ids only; each
-- screen re-reads under its own identity).
create function private.notify_circle_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  changed public.care_circle := coalesce(new, old);
begin
  perform pg_notify(
    'circle_' || replace(changed.member_id::text, '-', ''),
    json_build_object('survivor_id', changed.survivor_id, 'op', lower(tg_op))::text
  );
  return null;
end
$$;

create trigger care_circle_notify
  after insert or update or delete on public.care_circle
  for each row execute function private.notify_circle_change();

create function private.require_survivor() returns void
language plpgsql stable security definer set search_path = '' as $$
begin
  if not exists (
    select 1 from public.profiles where id = (select auth.uid()) and role = 'survivor'
  ) then
    raise exception 'only a survivor shares their diary' using errcode = '42501';
  end if;
end
$$;

-- A 12-character code from a 32-letter alphabet without look-alikes (60 bits),
-- grouped by four for reading aloud over the phone. gen_random_uuid() draws
-- from the server's strong random source; pgcrypto is not needed.
create function private.new_invite_code() returns text
language plpgsql volatile set search_path = '' as $$
declare
  alphabet constant text := 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  bytes bytea := uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid());
  code text := '';
begin
  for i in 0..11 loop
    -- Bytes 0-5 of each uuid are wholly random (version and variant bits sit
    -- in bytes 6 and 8); 256 is a multiple of 32, so every letter is equally likely.
    code := code || substr(
      alphabet, 1 + get_byte(bytes, case when i < 6 then i else i + 10 end) % 32, 1
    );
  end loop;
  return substr(code, 1, 4) || '-' || substr(code, 5, 4) || '-' || substr(code, 9, 4);
end
$$;

create function private.hash_invite_code(code text) returns text
language sql immutable set search_path = '' as $$
  select encode(sha256(convert_to(upper(regexp_replace(code, '[^A-Za-z0-9]', '', 'g')), 'UTF8')), 'hex')
$$;

create function public.create_circle_invite(access public.circle_access)
returns table (invite_id uuid, code text, expires_at timestamptz)
language plpgsql volatile security definer set search_path = '' as $$
declare
  new_code text := private.new_invite_code();
  created public.circle_invites;
begin
  perform private.require_survivor();
  insert into public.circle_invites (survivor_id, code_hash, access)
  values ((select auth.uid()), private.hash_invite_code(new_code), access)
  returning * into created;
  return query select created.id, new_code, created.expires_at;
end
$$;

-- Returns a status instead of raising on a bad code, so the failed attempt is
-- recorded (a raise would roll the record back with everything else).
create function public.redeem_circle_invite(code text)
returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  invite public.circle_invites;
begin
  if me is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  if (select count(*) from private.invite_redemption_failures f
      where f.user_id = me and f.failed_at > now() - interval '15 minutes') >= 5 then
    return jsonb_build_object('status', 'too_many_attempts');
  end if;
  select * into invite from public.circle_invites i
   where i.code_hash = private.hash_invite_code(coalesce(code, ''))
   for update;
  if invite.id is null or invite.used_at is not null or invite.expires_at <= now()
     or invite.survivor_id = me then
    insert into private.invite_redemption_failures (user_id) values (me);
    return jsonb_build_object(
      'status',
      case when invite.id is null or invite.survivor_id = me then 'invalid'
           when invite.used_at is not null then 'used'
           else 'expired' end
    );
  end if;
  update public.circle_invites set used_at = now(), used_by = me where id = invite.id;
  insert into public.care_circle (survivor_id, member_id, access)
  values (invite.survivor_id, me, invite.access)
  on conflict (survivor_id, member_id) do update set access = excluded.access;
  return jsonb_build_object('status', 'ok', 'survivor_id', invite.survivor_id, 'access', invite.access);
end
$$;

create function public.add_to_circle_by_email(member_email text, access public.circle_access)
returns public.care_circle
language plpgsql volatile security definer set search_path = '' as $$
declare
  member uuid;
  added public.care_circle;
begin
  perform private.require_survivor();
  select u.id into member from auth.users u where u.email = lower(btrim(member_email));
  if member is null then
    raise exception 'no account uses this e-mail' using errcode = 'P0002';
  end if;
  if member = (select auth.uid()) then
    raise exception 'you cannot invite yourself' using errcode = '22023';
  end if;
  insert into public.care_circle (survivor_id, member_id, access)
  values ((select auth.uid()), member, access)
  on conflict (survivor_id, member_id) do update set access = excluded.access
  returning * into added;
  return added;
end
$$;

-- The circle as the survivor sees it, and the diaries shared with a member,
-- with display names (profiles themselves stay private to their owner).
create function public.list_circle()
returns table (survivor_id uuid, member_id uuid, display_name text, access public.circle_access,
               created_at timestamptz, is_mine boolean)
language sql stable security definer set search_path = '' as $$
  select c.survivor_id, c.member_id,
         case when c.survivor_id = (select auth.uid()) then m.display_name else s.display_name end,
         c.access, c.created_at, c.survivor_id = (select auth.uid())
    from public.care_circle c
    join public.profiles m on m.id = c.member_id
    join public.profiles s on s.id = c.survivor_id
   where c.survivor_id = (select auth.uid()) or c.member_id = (select auth.uid())
   order by c.created_at
$$;

revoke all on function public.create_circle_invite(public.circle_access),
  public.redeem_circle_invite(text), public.add_to_circle_by_email(text, public.circle_access),
  public.list_circle() from public, anon;
grant execute on function public.create_circle_invite(public.circle_access),
  public.redeem_circle_invite(text), public.add_to_circle_by_email(text, public.circle_access),
  public.list_circle() to authenticated;
