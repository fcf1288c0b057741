-- Adding someone to a care circle by e-mail becomes an invitation that the
-- invited person accepts or refuses (issue 13, item 2).
--
-- What the survivor learns is the same whatever the address: "invitation
-- sent". They never learn whether the address has an account, whose it is
-- (a coordinator's included), whether a block stands between them, or whether
-- the invitation was refused; only an acceptance shows, as a new member.
--   * An address without an account, one's own blocker or blocked person: the
--     row is still written (so the survivor's list of waiting invitations looks
--     the same), but it reaches nobody: `invitee_id` is null or `hidden` is
--     true, and it expires unseen. Writing nothing would leave a hole in the
--     survivor's list that tells the cases apart.
--   * A refusal only marks the row: the survivor keeps seeing "waiting" until
--     it expires, exactly as for an unknown address, and asking again within
--     that time does not reach the person who refused.
--   * `invitee_id`, `hidden` and `refused_at` are never readable by the
--     survivor (column grants), not even as a filter.
-- Accepting goes through private.add_circle_member, the one path to a
-- membership that an invite code also takes. Each survivor may send a small
-- number of invitations a day, counted atomically (private.take_invite_quota).

-- Settings, as constants one place can change.
create function private.circle_email_invitations_per_day() returns integer
language sql immutable set search_path = '' as $$ select 10 $$;
create function private.circle_codes_per_day() returns integer
language sql immutable set search_path = '' as $$ select 10 $$;
revoke all on function private.circle_email_invitations_per_day(), private.circle_codes_per_day()
  from public;

-- One row per survivor, kind and day (UTC). The upsert below locks the row,
-- so parallel calls count one after the other and none slips past the limit.
create table private.circle_invite_quota (
  survivor_id uuid not null references public.profiles (id) on delete cascade,
  kind text not null constraint kind_known check (kind in ('email', 'code')),
  day date not null,
  used integer not null constraint used_positive check (used > 0),
  primary key (survivor_id, kind, day)
);
alter table private.circle_invite_quota enable row level security;
revoke all on private.circle_invite_quota from public, anon, authenticated;

-- Counts one more invitation of `quota_kind` for `survivor` today, or refuses with
-- PT429 (PostgREST answers 429); the refusal rolls the count back.
create function private.take_invite_quota(survivor uuid, quota_kind text) returns void
language plpgsql volatile security definer set search_path = '' as $$
declare
  today date := (now() at time zone 'UTC')::date;
  used_now integer;
  limit_now integer;
begin
  insert into private.circle_invite_quota as q (survivor_id, kind, day, used)
  values (survivor, quota_kind, today, 1)
  on conflict (survivor_id, kind, day) do update set used = q.used + 1
  returning q.used into used_now;
  -- (Computed apart: PL/pgSQL ends an IF condition at its first THEN.)
  limit_now := case quota_kind
                 when 'email' then private.circle_email_invitations_per_day()
                 else private.circle_codes_per_day() end;
  if used_now > limit_now then
    raise exception 'too many invitations today' using errcode = 'PT429';
  end if;
  delete from private.circle_invite_quota q where q.survivor_id = survivor and q.day < today - 1;
end
$$;
revoke all on function private.take_invite_quota(uuid, text) from public;

create table public.circle_invitations (
  id uuid primary key default gen_random_uuid(),
  survivor_id uuid not null references public.profiles (id) on delete cascade,
  email text not null constraint email_shape check (
    char_length(email) between 3 and 254 and email = lower(btrim(email))
    and email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  -- The account the address belonged to when the invitation was made. On
  -- delete cascade: an account deleted takes its address out of others' rows.
  invitee_id uuid references public.profiles (id) on delete cascade,
  -- Made across a block: kept for the survivor's list, shown to nobody.
  hidden boolean not null default false,
  access public.circle_access not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '14 days',
  refused_at timestamptz,
  constraint one_invitation_per_address unique (survivor_id, email)
);
create index circle_invitations_invitee_idx on public.circle_invitations (invitee_id);

alter table public.circle_invitations enable row level security;
revoke all on public.circle_invitations from public, anon, authenticated;
-- The survivor reads what they typed, and cancels; everything else goes
-- through the functions below.
grant select (id, survivor_id, email, access, created_at, expires_at) on public.circle_invitations
  to authenticated;
grant delete on public.circle_invitations to authenticated;

create policy "circle_invitations: survivor reads own" on public.circle_invitations
  for select to authenticated using (survivor_id = (select auth.uid()));
create policy "circle_invitations: survivor cancels own" on public.circle_invitations
  for delete to authenticated using (survivor_id = (select auth.uid()));

-- Invite `member_email` into my circle. The answer (the invitation's id) does
-- not depend on the address; only a malformed address, my own address, a
-- caller who is not a survivor and the daily limit are refused.
create function public.invite_to_circle_by_email(member_email text, access public.circle_access)
returns uuid
language plpgsql volatile security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  address text := lower(btrim(coalesce(member_email, '')));
  invitee uuid;
  made uuid;
begin
  perform private.require_survivor();
  if char_length(address) not between 3 and 254 or address !~ '^[^@[:space:]]+@[^@[:space:]]+$' then
    raise exception 'not an e-mail address' using errcode = '22023';
  end if;
  if address = (select lower(u.email) from auth.users u where u.id = me) then
    raise exception 'you cannot invite yourself' using errcode = '22023', hint = 'self';
  end if;
  perform private.take_invite_quota(me, 'email');
  select u.id into invitee from auth.users u where lower(u.email) = address;
  delete from public.circle_invitations i where i.survivor_id = me and i.expires_at <= now();
  insert into public.circle_invitations as i (survivor_id, email, invitee_id, hidden, access)
  values (me, address, invitee,
          invitee is not null and exists (
            select 1 from public.blocks b
             where (b.blocker_id = me and b.blocked_id = invitee)
                or (b.blocker_id = invitee and b.blocked_id = me)),
          invite_to_circle_by_email.access)
  -- Asking again renews the invitation; a refusal or a block stays.
  on conflict (survivor_id, email) do update
    set access = excluded.access, expires_at = excluded.expires_at,
        hidden = i.hidden or excluded.hidden
  returning i.id into made;
  return made;
end
$$;

-- The invitations waiting for me, with the name of the survivor who sent
-- them (profiles are private to their owner, hence security definer; it
-- reads only rows addressed to the caller).
create function public.list_my_circle_invitations()
returns table (invitation_id uuid, survivor_id uuid, survivor_name text,
               access public.circle_access, created_at timestamptz, expires_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select i.id, i.survivor_id, p.display_name, i.access, i.created_at, i.expires_at
    from public.circle_invitations i
    join public.profiles p on p.id = i.survivor_id
   where i.invitee_id = (select auth.uid())
     and not i.hidden and i.refused_at is null and i.expires_at > now()
     and not exists (
       select 1 from public.blocks b
        where (b.blocker_id = i.survivor_id and b.blocked_id = i.invitee_id)
           or (b.blocker_id = i.invitee_id and b.blocked_id = i.survivor_id))
   order by i.created_at, i.id
$$;

-- Accept (join the circle, through the same function as a code) or refuse an
-- invitation addressed to me. Anything else, whether someone else's, hidden,
-- refused, expired or unknown, is the same "no such invitation".
create function public.answer_circle_invitation(invitation_id uuid, accept boolean)
returns uuid
language plpgsql volatile security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  invitation public.circle_invitations;
begin
  if me is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  select * into invitation from public.circle_invitations i
   where i.id = answer_circle_invitation.invitation_id
     and i.id in (select l.invitation_id from public.list_my_circle_invitations() l)
   for update;
  if invitation.id is null or accept is null then
    raise exception 'no such invitation' using errcode = 'P0002';
  end if;
  if not accept then
    update public.circle_invitations set refused_at = now() where id = invitation.id;
    return null;
  end if;
  perform private.add_circle_member(invitation.survivor_id, me, invitation.access);
  delete from public.circle_invitations where id = invitation.id;
  return invitation.survivor_id;
end
$$;

-- Cancel one of my invitations: true when there was one. Security invoker:
-- the delete policy above decides.
create function public.cancel_circle_invitation(invitation_id uuid) returns boolean
language sql volatile security invoker set search_path = '' as $$
  with gone as (
    delete from public.circle_invitations i
     where i.id = cancel_circle_invitation.invitation_id
       and i.survivor_id = (select auth.uid())
    returning 1
  )
  select exists (select 1 from gone)
$$;

-- The instant add, which needed no consent and told who had an account.
drop function public.add_to_circle_by_email(text, public.circle_access);

revoke all on function public.invite_to_circle_by_email(text, public.circle_access),
  public.list_my_circle_invitations(), public.answer_circle_invitation(uuid, boolean),
  public.cancel_circle_invitation(uuid) from public, anon;
grant execute on function public.invite_to_circle_by_email(text, public.circle_access),
  public.list_my_circle_invitations(), public.answer_circle_invitation(uuid, boolean),
  public.cancel_circle_invitation(uuid) to authenticated;
