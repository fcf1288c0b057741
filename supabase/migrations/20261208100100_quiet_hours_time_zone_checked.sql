-- quiet_hours.time_zone is checked by the table, not only by set_quiet_hours
-- (issue 13, item 9): the owner may insert or update the row through PostgREST
-- directly, which stored a megabyte of text, and the sender and the app then
-- read it as a zone name.
--   * a length bound, as a constraint (the longest IANA zone name is 32 characters);
--   * a zone PostgreSQL knows, as a trigger: pg_timezone_names is a view, which
--     a CHECK constraint may not read. The trigger gives the refusal
--     set_quiet_hours gave, so both paths answer alike.

-- Rows stored before this check get the default zone rather than a name no one can use.
update public.quiet_hours q set time_zone = 'Europe/Paris'
 where char_length(q.time_zone) > 64
    or not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = q.time_zone);

alter table public.quiet_hours
  add constraint time_zone_length check (char_length(time_zone) between 1 and 64);

create function private.check_quiet_hours_time_zone() returns trigger
language plpgsql security invoker set search_path = '' as $$
begin
  -- The length first: a huge value is refused without comparing it with every zone.
  if char_length(new.time_zone) > 64
     or not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = new.time_zone) then
    raise exception 'unknown time zone' using errcode = '22023', hint = 'time_zone';
  end if;
  return new;
end
$$;
revoke all on function private.check_quiet_hours_time_zone() from public;

create trigger quiet_hours_time_zone_known
  before insert or update of time_zone on public.quiet_hours
  for each row execute function private.check_quiet_hours_time_zone();
