-- The notification outbox (DESIGN.md decision 11).
--
-- Every event worth a notification writes one row per recipient here, in the
-- event's own transaction: a rollback takes the row with it, a commit makes
-- it durable, and (event, recipient) is unique so a repeat adds nothing.
-- Preferences and quiet hours are applied when the row is written: a kind
-- the person turned off writes nothing, and during quiet hours the row is
-- due when they end (a crisis alert is never held).
--
-- One sender per deployment claims due rows with `for update skip locked`
-- and a lease: N server processes share the work, and a sender killed
-- mid-send leaves rows whose lease runs out, so they are sent again (at
-- least once; the row id is the notification's tag, so a repeat replaces
-- the first on the device). The sender runs as `relais_sender`, a role that
-- can do nothing but call the functions at the end of this file.

create table private.notification_outbox (
  id bigint generated always as identity primary key,
  recipient_id uuid not null references public.profiles (id) on delete cascade,
  kind public.notification_kind not null,
  event_key text not null,
  -- Whose name the lock screen may show, if the recipient allows names.
  actor_id uuid references public.profiles (id) on delete set null,
  -- Where a tap opens Relais; a route of the app, never a full URL.
  target text not null constraint target_is_a_route check (target ~ '^/home(/[A-Za-z0-9_.:-]+)*$'),
  -- What the wording needs besides the kind (a procedure id for a reminder).
  subject text constraint subject_length check (char_length(subject) <= 100),
  created_at timestamptz not null default now(),
  due_at timestamptz not null default now(),
  -- Written during the recipient's quiet hours: sent with the others held
  -- then, as one summary. A retry's later due_at does not make a row held.
  held boolean not null default false,
  claimed_until timestamptz,
  attempts integer not null default 0,
  sent_at timestamptz,
  outcome text constraint outcome_known check (outcome in ('push', 'no_device', 'failed')),
  digested_at timestamptz,
  constraint one_row_per_event_and_recipient unique (event_key, recipient_id)
);
create index notification_outbox_due_idx on private.notification_outbox (due_at) where sent_at is null;
create index notification_outbox_digest_idx on private.notification_outbox (recipient_id)
  where outcome = 'no_device' and digested_at is null;

-- When a row written now may be sent: now, or the end of the recipient's
-- quiet hours if they are in them (in their own time zone).
create function private.notification_due_at(recipient uuid, kind public.notification_kind)
returns timestamptz
language plpgsql stable security definer set search_path = '' as $$
declare
  quiet public.quiet_hours;
  local_now timestamp;
  local_time time;
begin
  if kind = 'crisis' then
    return now();
  end if;
  select * into quiet from public.quiet_hours q where q.user_id = recipient;
  if quiet.user_id is null then
    return now();
  end if;
  local_now := now() at time zone quiet.time_zone;
  local_time := local_now::time;
  if (quiet.starts_at < quiet.ends_at and local_time >= quiet.starts_at and local_time < quiet.ends_at)
     or (quiet.starts_at > quiet.ends_at and (local_time >= quiet.starts_at or local_time < quiet.ends_at)) then
    return ((local_now::date + case when local_time < quiet.ends_at then 0 else 1 end)
            + quiet.ends_at) at time zone quiet.time_zone;
  end if;
  return now();
end
$$;
revoke all on function private.notification_due_at(uuid, public.notification_kind) from public;

-- Queue one notification, unless the recipient is the one who acted or turned
-- this kind off. Called from triggers and definer functions only.
create function private.queue_notification(
  recipient uuid, kind public.notification_kind, event_key text, target text,
  actor uuid default null, subject text default null
) returns void
language plpgsql security definer set search_path = '' as $$
declare
  wanted boolean;
  due timestamptz;
begin
  if recipient is null or recipient is not distinct from actor then
    return;
  end if;
  select case kind
           when 'message' then s.messages when 'match' then s.matches
           when 'diary' then s.diary when 'reminder' then s.reminders
           when 'coordination' then s.coordination when 'crisis' then s.crisis
         end
    into wanted
    from public.notification_settings s where s.user_id = recipient;
  if not coalesce(wanted, true) then
    return;
  end if;
  due := private.notification_due_at(recipient, kind);
  insert into private.notification_outbox
    (recipient_id, kind, event_key, target, actor_id, subject, due_at, held)
  values (recipient, kind, event_key, target, actor, subject, due, due > now())
  on conflict on constraint one_row_per_event_and_recipient do nothing;
  -- Delivered at commit only, so the sender never wakes for a rolled-back row.
  perform pg_notify('relais_outbox', '');
end
$$;
revoke all on function private.queue_notification(uuid, public.notification_kind, text, text, uuid, text)
  from public;

create function private.queue_for_coordinators(
  kind public.notification_kind, event_key text, target text, actor uuid
) returns void
language sql security definer set search_path = '' as $$
  select private.queue_notification(p.id, kind, event_key, target, actor)
    from public.profiles p where p.role = 'coordinator'
$$;
revoke all on function private.queue_for_coordinators(public.notification_kind, text, text, uuid) from public;
