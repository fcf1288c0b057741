-- One path for a peer supporter's status, and the table itself keeps its rules.
--
-- Until now set_peer_status changed the status alone, while approve_peer and
-- suspend_peer also recorded the training date, the reason and ended the
-- peer's live matches: a coordinator using the first path left a suspended
-- peer in live conversations and approved people with no training date.
-- Now:
--   * set_peer_status is gone; approve_peer and suspend_peer are the only
--     functions that change profiles.peer_status (authenticated has no update
--     privilege on the column, see 20261129100000_profiles.sql);
--   * triggers on profiles hold the rules whoever changes the status, these
--     functions or an administrator's SQL: an approval needs a training date
--     on the application, a suspension needs a reason, and a peer who stops
--     being approved has every live match ended (with its events and notices,
--     through private.close_match).

drop function public.set_peer_status(uuid, public.peer_status);

create function private.check_peer_status_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  application public.peer_applications;
begin
  select * into application from public.peer_applications a where a.peer_id = new.id;
  if new.peer_status = 'approved'
     and (application.training_completed_on is null
          or application.training_completed_on > current_date) then
    raise exception 'an approval needs the date training was completed'
      using errcode = '22023', hint = 'training_completed_on';
  end if;
  if new.peer_status = 'suspended' and application.suspension_reason is null then
    raise exception 'a suspension needs a reason' using errcode = '22023', hint = 'reason';
  end if;
  return new;
end
$$;
revoke all on function private.check_peer_status_change() from public;

create trigger profiles_peer_status_guard
  before update of peer_status on public.profiles
  for each row when (old.peer_status is distinct from new.peer_status)
  execute function private.check_peer_status_change();

-- The people a peer supported may ask again; each ending tells both sides
-- (notify_match) and closes the conversation, as any other ending does.
-- auth.uid() is the coordinator who asked, or null for an administrator's SQL.
create function private.end_matches_of_unapproved_peer() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  live record;
begin
  for live in select m.id from public.matches m
               where m.peer_id = new.id and m.status in ('proposed', 'active')
               order by m.created_at for update loop
    perform private.close_match(live.id, (select auth.uid()), 'peer_suspended', null);
  end loop;
  return null;
end
$$;
revoke all on function private.end_matches_of_unapproved_peer() from public;

create trigger profiles_peer_status_ends_matches
  after update of peer_status on public.profiles
  for each row when (old.peer_status is distinct from new.peer_status
                     and new.peer_status is distinct from 'approved')
  execute function private.end_matches_of_unapproved_peer();

-- Coordinators approve with the date training was completed. The date is
-- written first: the guard above reads it when the status changes.
create or replace function public.approve_peer(peer_id uuid, training_completed_on date)
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
  update public.peer_applications a
     set training_completed_on = approve_peer.training_completed_on,
         reviewed_by = (select auth.uid()), reviewed_at = now(),
         declined_at = null, decline_reason = null, suspension_reason = null
   where a.peer_id = approve_peer.peer_id
  returning * into saved;
  if saved.peer_id is null then
    raise exception 'no application from this person' using errcode = 'P0002';
  end if;
  update public.profiles p set peer_status = 'approved'
   where p.id = approve_peer.peer_id and p.role = 'peer';
  if not found then
    raise exception 'no peer supporter with this id' using errcode = 'P0002';
  end if;
  perform private.publish_peer_event(private.person_topic(approve_peer.peer_id),
                          jsonb_build_object('type', 'application', 'id', approve_peer.peer_id));
  return saved;
end
$$;

-- Suspension records its reason, then the status; the trigger ends the live matches.
create or replace function public.suspend_peer(peer_id uuid, reason text) returns public.peer_applications
language plpgsql security definer set search_path = '' as $$
declare
  saved public.peer_applications;
begin
  if not private.is_coordinator() or suspend_peer.peer_id = (select auth.uid()) then
    raise exception 'only a coordinator can suspend a peer supporter' using errcode = '42501';
  end if;
  if reason is null or btrim(reason) = '' then
    raise exception 'a reason is needed' using errcode = '22023', hint = 'reason';
  end if;
  update public.peer_applications a
     set suspension_reason = btrim(reason), reviewed_by = (select auth.uid()), reviewed_at = now()
   where a.peer_id = suspend_peer.peer_id
  returning * into saved;
  if saved.peer_id is null then
    raise exception 'no application from this person' using errcode = 'P0002';
  end if;
  update public.profiles p set peer_status = 'suspended'
   where p.id = suspend_peer.peer_id and p.role = 'peer';
  if not found then
    raise exception 'no peer supporter with this id' using errcode = 'P0002';
  end if;
  return saved;
end
$$;

-- A change of role (an administrator appointing a coordinator) reaches the
-- person's open app the way a change of status does: the same event on their
-- own topic, after which the app reads the profile again.
create trigger profiles_role_notify
  after update of role on public.profiles
  for each row when (old.role is distinct from new.role)
  execute function private.notify_peer_status();
