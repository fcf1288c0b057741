-- What the sender may do, and nothing more. In Supabase mode it connects as
-- `relais_sender` through the session pooler (RELAIS_SUPABASE_DB_URL; give the
-- role a password and LOGIN there); locally the server's own connection
-- calls the same functions.

do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'relais_sender') then
    create role relais_sender nologin noinherit;
  end if;
end
$$;
grant usage on schema private to relais_sender;

-- Claim up to `batch` due notifications for `lease_seconds`. Rows another
-- sender holds are skipped, not waited for. Each row comes with what its
-- wording needs: the recipient's language and choice of names, the actor's
-- name, and whether quiet hours held it.
create function private.claim_notifications(batch integer, lease_seconds integer)
returns table (
  id bigint, recipient_id uuid, kind public.notification_kind, target text, subject text,
  locale text, actor_name text, held boolean, attempts integer
)
language sql volatile security definer set search_path = '' as $$
  with claimed as (
    update private.notification_outbox o
       set claimed_until = now() + make_interval(secs => lease_seconds), attempts = o.attempts + 1
     where o.id in (select d.id from private.notification_outbox d
                     where d.sent_at is null and d.due_at <= now()
                       and (d.claimed_until is null or d.claimed_until < now())
                     order by d.due_at, d.id
                     limit greatest(batch, 1)
                     for update skip locked)
    returning o.*
  )
  select c.id, c.recipient_id, c.kind, c.target, c.subject, p.locale,
         case when coalesce(s.show_names, false) then a.display_name end,
         c.held, c.attempts
    from claimed c
    join public.profiles p on p.id = c.recipient_id
    left join public.notification_settings s on s.user_id = c.recipient_id
    left join public.profiles a on a.id = c.actor_id
   order by c.id
$$;

-- The devices to push to, read at send time: a device turned off a moment
-- ago is not in the list.
create function private.push_devices(recipients uuid[])
returns table (user_id uuid, id uuid, endpoint text, p256dh text, auth text)
language sql stable security definer set search_path = '' as $$
  select s.user_id, s.id, s.endpoint, s.p256dh, s.auth from public.push_subscriptions s
   where s.user_id = any(recipients) order by s.user_id, s.created_at
$$;

create function private.finish_notifications(ids bigint[], outcome text) returns void
language sql security definer set search_path = '' as $$
  update private.notification_outbox o
     set sent_at = now(), outcome = finish_notifications.outcome, claimed_until = null
   where o.id = any(ids) and o.sent_at is null
$$;

-- Try again later (a push service said 429 or 5xx, or did not answer).
create function private.retry_notifications(ids bigint[], delay_seconds integer) returns void
language sql security definer set search_path = '' as $$
  update private.notification_outbox o
     set due_at = now() + make_interval(secs => delay_seconds), claimed_until = null
   where o.id = any(ids) and o.sent_at is null
$$;

-- What the push services said of a batch's devices: these took a push, those are
-- gone for good (404/410: the browser dropped the subscription).
create function private.push_devices_answered(delivered uuid[], gone uuid[]) returns void
language sql security definer set search_path = '' as $$
  delete from public.push_subscriptions s where s.id = any(gone);
  update public.push_subscriptions s set last_ok_at = now() where s.id = any(delivered);
$$;

-- Once a day per person who chose the digest, after 08:00 their time and
-- outside their quiet hours: one e-mail with the counts of what push could
-- not deliver, written in the same transaction that marks those rows.
create function private.queue_digests() returns integer
language plpgsql security definer set search_path = '' as $$
declare
  written integer := 0;
  person record;
  counts jsonb;
begin
  for person in
    select s.user_id from public.notification_settings s
      left join public.quiet_hours q on q.user_id = s.user_id
     where s.email_digest
       and (s.last_digest_at is null or s.last_digest_at < now() - interval '20 hours')
       and (now() at time zone coalesce(q.time_zone, 'Europe/Paris'))::time >= time '08:00'
       and private.notification_due_at(s.user_id, 'message') <= now()
       and exists (select 1 from private.notification_outbox o
                    where o.recipient_id = s.user_id and o.outcome = 'no_device'
                      and o.digested_at is null)
     for update of s skip locked
  loop
    with taken as (
      update private.notification_outbox o set digested_at = now()
       where o.recipient_id = person.user_id and o.outcome = 'no_device' and o.digested_at is null
      returning o.kind
    )
    select jsonb_object_agg(kind, n) into counts
      from (select kind, count(*) as n from taken group by kind) grouped;
    insert into public.emails (recipient_id, template, data)
    values (person.user_id, 'digest', jsonb_build_object('counts', counts));
    update public.notification_settings s set last_digest_at = now() where s.user_id = person.user_id;
    written := written + 1;
  end loop;
  return written;
end
$$;

-- Claim unsent e-mails, with the address and language to write them in.
create function private.claim_emails(batch integer, lease_seconds integer)
returns table (
  id bigint, recipient_id uuid, to_address text, locale text, template text, data jsonb, attempts integer
)
language sql volatile security definer set search_path = '' as $$
  with claimed as (
    update public.emails e
       set claimed_until = now() + make_interval(secs => lease_seconds), attempts = e.attempts + 1
     where e.id in (select d.id from public.emails d
                     where d.sent_at is null
                       and (d.claimed_until is null or d.claimed_until < now())
                     order by d.id limit greatest(batch, 1)
                     for update skip locked)
    returning e.*
  )
  select c.id, c.recipient_id, u.email::text, p.locale, c.template, c.data, c.attempts
    from claimed c
    join public.profiles p on p.id = c.recipient_id
    join auth.users u on u.id = c.recipient_id
   order by c.id
$$;

create function private.finish_email(email_id bigint, delivery text) returns void
language sql security definer set search_path = '' as $$
  update public.emails e set sent_at = now(), delivery = finish_email.delivery, claimed_until = null
   where e.id = email_id and e.sent_at is null
$$;

do $$
declare
  signature text;
begin
  foreach signature in array array[
    'private.claim_notifications(integer, integer)',
    'private.push_devices(uuid[])',
    'private.finish_notifications(bigint[], text)',
    'private.retry_notifications(bigint[], integer)',
    'private.push_devices_answered(uuid[], uuid[])',
    'private.queue_digests()',
    'private.queue_due_reminders()',
    'private.claim_emails(integer, integer)',
    'private.finish_email(bigint, text)'
  ] loop
    execute format('revoke all on function %s from public, anon, authenticated', signature);
    execute format('grant execute on function %s to relais_sender, service_role', signature);
  end loop;
end
$$;
