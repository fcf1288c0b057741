-- Open guide screens follow a checklist as it changes (issue 10 item 4).
-- A caregiver ticking a survivor's step must reach the survivor's open
-- procedure page, their "My procedures", and any other open screen, without
-- a reload. The event carries ids only: each screen re-reads the checklist
-- under its own identity, so RLS on guide_progress still decides what it sees.

create function private.guide_topic(owner uuid) returns text
language sql immutable set search_path = '' as $$
  select 'guide_' || replace(owner::text, '-', '')
$$;

create function private.notify_guide_progress() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  changed record;
begin
  if tg_op = 'DELETE' then changed := old; else changed := new; end if;
  perform private.publish(
    private.guide_topic(changed.owner_id),
    jsonb_build_object('op', lower(tg_op), 'procedure_id', changed.procedure_id)
  );
  return null;
end
$$;
revoke all on function private.notify_guide_progress() from public;

create trigger guide_progress_notify
  after insert or update or delete on public.guide_progress
  for each row execute function private.notify_guide_progress();
