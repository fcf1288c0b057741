-- Profiles and roles.
-- A profile is created by a trigger when an account is created, from the
-- sign-up metadata. People pick survivor, caregiver or peer; coordinators are
-- appointed by an administrator; only a coordinator approves or suspends peers.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

create type public.user_role as enum ('survivor', 'caregiver', 'peer', 'coordinator');
create type public.peer_status as enum ('applicant', 'approved', 'suspended');

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null
    constraint display_name_length check (char_length(btrim(display_name)) between 1 and 80),
  role public.user_role not null,
  peer_status public.peer_status,
  locale text not null default 'fr' constraint locale_known check (locale in ('fr', 'en')),
  departement text
    constraint departement_code check (departement ~ '^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$'),
  birth_year integer constraint birth_year_range check (birth_year between 1900 and 2100),
  stroke_date date,
  bio text constraint bio_length check (char_length(bio) <= 500),
  text_scale integer not null default 100 constraint text_scale_range check (text_scale between 100 and 200),
  high_contrast boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Only peers have a vetting status, and every peer has one.
  constraint peer_status_only_for_peers check ((role = 'peer') = (peer_status is not null))
);

comment on table public.profiles is 'One row per account; role and peer_status change only through vetted paths.';

alter table public.profiles enable row level security;

-- Role and vetting status are not writable through the API at all: column
-- privileges leave only the personal fields to the owner. Changing role or
-- peer status goes through security-definer functions that check the caller.
revoke insert, update, delete on public.profiles from anon, authenticated;
grant select on public.profiles to authenticated;
grant update (display_name, locale, departement, birth_year, stroke_date, bio, text_scale, high_contrast)
  on public.profiles to authenticated;

create function private.is_coordinator() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.profiles
    where id = (select auth.uid()) and role = 'coordinator'
  )
$$;
revoke all on function private.is_coordinator() from public;
grant execute on function private.is_coordinator() to authenticated, service_role;

create policy "profiles: read own" on public.profiles
  for select to authenticated
  using (id = (select auth.uid()));

create policy "profiles: coordinators read all" on public.profiles
  for select to authenticated
  using ((select private.is_coordinator()));

create policy "profiles: update own" on public.profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

create function private.touch_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger profiles_touch_updated_at
  before update on public.profiles
  for each row execute function private.touch_updated_at();

-- Creates the profile from sign-up metadata. Raising here rolls the whole
-- sign-up back, so a refused sign-up leaves no account behind.
create function private.handle_new_user() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  meta jsonb := coalesce(new.raw_user_meta_data, '{}'::jsonb);
  chosen_role text := meta ->> 'role';
begin
  if chosen_role is null or chosen_role not in ('survivor', 'caregiver', 'peer') then
    raise exception 'role must be survivor, caregiver or peer'
      using errcode = '22023', hint = 'invalid_role';
  end if;
  insert into public.profiles (id, display_name, role, peer_status, locale)
  values (
    new.id,
    btrim(coalesce(meta ->> 'display_name', '')),
    chosen_role::public.user_role,
    case when chosen_role = 'peer' then 'applicant'::public.peer_status end,
    coalesce(meta ->> 'locale', 'fr')
  );
  return new;
end
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function private.handle_new_user();

-- Coordinators approve, suspend or send back peers. The caller is checked
-- here, not in the app: security definer bypasses the column privileges above.
create function public.set_peer_status(peer_id uuid, new_status public.peer_status)
returns public.profiles
language plpgsql security definer set search_path = '' as $$
declare
  updated public.profiles;
begin
  if not private.is_coordinator() then
    raise exception 'only a coordinator can change a peer''s status'
      using errcode = '42501';
  end if;
  update public.profiles
     set peer_status = new_status
   where id = peer_id and role = 'peer'
  returning * into updated;
  if updated.id is null then
    raise exception 'no peer supporter with this id' using errcode = 'P0002';
  end if;
  return updated;
end
$$;
revoke all on function public.set_peer_status(uuid, public.peer_status) from public, anon;
grant execute on function public.set_peer_status(uuid, public.peer_status) to authenticated;

create index profiles_role_idx on public.profiles (role);
