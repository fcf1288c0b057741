-- One function puts someone in a survivor's care circle, whichever way they
-- come in: a code they redeem, or the survivor adding their e-mail. It holds
-- the rules of a membership, so the two ways cannot drift apart:
--   * nobody joins their own circle;
--   * the circle belongs to someone who is still a survivor;
--   * nobody joins across a block (either of the two blocked the other).
-- Joining again changes the access; there is never a second row.

create function private.add_circle_member(
  survivor uuid, member uuid, access public.circle_access
) returns public.care_circle
language plpgsql volatile security definer set search_path = '' as $$
declare
  added public.care_circle;
begin
  if survivor is null or member is null then
    raise exception 'no such person' using errcode = 'P0002';
  end if;
  if member = survivor then
    raise exception 'nobody joins their own circle' using errcode = '22023', hint = 'self';
  end if;
  if not exists (select 1 from public.profiles p where p.id = survivor and p.role = 'survivor') then
    raise exception 'only a survivor shares their diary' using errcode = '42501';
  end if;
  if exists (select 1 from public.blocks b
              where (b.blocker_id = survivor and b.blocked_id = member)
                 or (b.blocker_id = member and b.blocked_id = survivor)) then
    raise exception 'these two people cannot share a circle' using errcode = '22023', hint = 'blocked';
  end if;
  insert into public.care_circle as c (survivor_id, member_id, access)
  values (survivor, member, add_circle_member.access)
  on conflict (survivor_id, member_id) do update set access = excluded.access
  returning * into added;
  return added;
end
$$;
revoke all on function private.add_circle_member(uuid, uuid, public.circle_access) from public;

-- Returns a status instead of raising on a bad code, so the failed attempt is
-- recorded. A refused membership (one's own code, a block) reads as an invalid
-- code: the person redeeming learns nothing about a block.
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

create or replace function public.add_to_circle_by_email(member_email text, access public.circle_access)
returns public.care_circle
language plpgsql volatile security definer set search_path = '' as $$
declare
  member uuid;
begin
  perform private.require_survivor();
  select u.id into member from auth.users u where u.email = lower(btrim(member_email));
  if member is null then
    raise exception 'no account uses this e-mail' using errcode = 'P0002';
  end if;
  return private.add_circle_member((select auth.uid()), member, add_to_circle_by_email.access);
end
$$;
