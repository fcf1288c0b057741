-- A peer supporter's open screens learn at once that their status changed
-- (approved, suspended, back to applicant), whichever way it was changed:
-- approve_peer, suspend_peer, set_peer_status, or an administrator's SQL.
-- The event names the person only; their app reads its own profile again.
create function private.notify_peer_status() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.publish_peer_event(private.person_topic(new.id),
                                     jsonb_build_object('type', 'application', 'id', new.id));
  return null;
end
$$;
revoke all on function private.notify_peer_status() from public;

create trigger profiles_peer_status_notify
  after update of peer_status on public.profiles
  for each row when (old.peer_status is distinct from new.peer_status)
  execute function private.notify_peer_status();
