-- An approved peer supporter always has a training date on record (issue 13, item 1).
--
-- 20261204220000_peer_status_one_path.sql refuses an approval without a
-- training date when profiles.peer_status changes. Two ways around it remained
-- for an administrator's SQL (the API roles can write neither table):
--   * a profile inserted already approved (or suspended): the guard fired on
--     update only. No application can exist before its profile, so such a
--     row is now refused by the same guard, run on insert too;
--   * the training date cleared, or moved into the future, on the application
--     of a peer who is approved: refused here, so the date stays as long as
--     the approval does.

create trigger profiles_peer_status_guard_on_insert
  before insert on public.profiles
  for each row when (new.peer_status in ('approved', 'suspended'))
  execute function private.check_peer_status_change();

create function private.check_training_date_kept() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if (new.training_completed_on is null or new.training_completed_on > current_date)
     and exists (select 1 from public.profiles p
                  where p.id = new.peer_id and p.peer_status = 'approved') then
    raise exception 'an approved peer supporter keeps the date training was completed'
      using errcode = '22023', hint = 'training_completed_on';
  end if;
  return new;
end
$$;
revoke all on function private.check_training_date_kept() from public;

create trigger peer_applications_training_date_kept
  before update of training_completed_on on public.peer_applications
  for each row when (old.training_completed_on is distinct from new.training_completed_on)
  execute function private.check_training_date_kept();
