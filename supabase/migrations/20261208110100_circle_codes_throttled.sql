-- Invite codes, throttled in SQL (issue 13, item 9):
--   * a survivor makes at most private.circle_codes_per_day() codes a day
--     (300 in a row were accepted), counted by private.take_invite_quota;
--   * guesses: the failures of the last 15 minutes were counted with a plain
--     select, so 12 parallel guesses all saw "fewer than 5" and were all
--     compared. A per-caller advisory lock, taken before counting and held to
--     the end of the transaction, makes the count, the comparison and the
--     recorded failure one step: parallel guesses queue, and at most 5 are
--     compared.
-- Both bodies are otherwise those of *_care_circle.sql and
-- *_circle_membership_one_path.sql.

create or replace function public.create_circle_invite(access public.circle_access)
returns table (invite_id uuid, code text, expires_at timestamptz)
language plpgsql volatile security definer set search_path = '' as $$
declare
  new_code text := private.new_invite_code();
  created public.circle_invites;
begin
  perform private.require_survivor();
  perform private.take_invite_quota((select auth.uid()), 'code');
  insert into public.circle_invites (survivor_id, code_hash, access)
  values ((select auth.uid()), private.hash_invite_code(new_code), access)
  returning * into created;
  return query select created.id, new_code, created.expires_at;
end
$$;

-- The lock's first key names this use, so it never meets another advisory lock.
create function private.invite_guess_lock_key() returns integer
language sql immutable set search_path = '' as $$ select 130913 $$;
revoke all on function private.invite_guess_lock_key() from public;

create or replace function public.redeem_circle_invite(code text)
returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  invite public.circle_invites;
begin
  if me is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  perform pg_advisory_xact_lock(private.invite_guess_lock_key(), hashtext(me::text));
  if (select count(*) from private.invite_redemption_failures f
      where f.user_id = me and f.failed_at > now() - interval '15 minutes') >= 5 then
    return jsonb_build_object('status', 'too_many_attempts');
  end if;
  select * into invite from public.circle_invites i
   where i.code_hash = private.hash_invite_code(coalesce(code, ''))
   for update;
  if invite.id is null or invite.used_at is not null or invite.expires_at <= now() then
    insert into private.invite_redemption_failures (user_id) values (me);
    return jsonb_build_object(
      'status',
      case when invite.id is null then 'invalid'
           when invite.used_at is not null then 'used'
           else 'expired' end
    );
  end if;
  begin
    perform private.add_circle_member(invite.survivor_id, me, invite.access);
  exception when invalid_parameter_value or insufficient_privilege then
    insert into private.invite_redemption_failures (user_id) values (me);
    return jsonb_build_object('status', 'invalid');
  end;
  update public.circle_invites set used_at = now(), used_by = me where id = invite.id;
  return jsonb_build_object('status', 'ok', 'survivor_id', invite.survivor_id, 'access', invite.access);
end
$$;

revoke all on function public.create_circle_invite(public.circle_access),
  public.redeem_circle_invite(text) from public, anon;
grant execute on function public.create_circle_invite(public.circle_access),
  public.redeem_circle_invite(text) to authenticated;
