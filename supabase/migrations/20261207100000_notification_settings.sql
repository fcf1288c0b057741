-- What each person chose about notifications, the devices they turned them
-- on for, and the e-mails Relais wrote to them (DESIGN.md decision 11).
--
-- People change only their own rows. Nothing here carries what anyone wrote:
-- a notification names a kind of event, never its words.

create type public.notification_kind as enum (
  'message',       -- a new message in one of my conversations
  'match',         -- a proposal, an acceptance, a match that ends
  'diary',         -- a comment or a reaction on my diary
  'reminder',      -- a checklist reminder date
  'coordination',  -- coordinators: applications, requests, reports
  'crisis'         -- coordinators: a crisis alert (never held by quiet hours)
);

create table public.notification_settings (
  user_id uuid primary key default auth.uid() references public.profiles (id) on delete cascade,
  messages boolean not null default true,
  matches boolean not null default true,
  diary boolean not null default true,
  reminders boolean not null default true,
  coordination boolean not null default true,
  crisis boolean not null default true,
  -- "Nouveau message de Jean" rather than "Nouveau message" on the lock screen.
  show_names boolean not null default false,
  -- One e-mail a day with what push could not deliver (no device, or push off).
  email_digest boolean not null default false,
  last_digest_at timestamptz,
  updated_at timestamptz not null default now()
);

create table public.push_subscriptions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  -- A capability URL made by the browser's push service; the sender checks its
  -- host against the allowed push services before calling it.
  endpoint text not null constraint one_owner_per_endpoint unique
    constraint endpoint_is_a_url check (endpoint ~ '^https?://[^[:space:]]+$' and char_length(endpoint) <= 1000),
  -- The browser's P-256 public key (65 bytes) and auth secret (16 bytes), base64url.
  p256dh text not null constraint p256dh_shape check (p256dh ~ '^[A-Za-z0-9_-]{86,88}={0,2}$'),
  auth text not null constraint auth_shape check (auth ~ '^[A-Za-z0-9_-]{22,24}={0,2}$'),
  device_label text not null default ''
    constraint device_label_length check (char_length(device_label) <= 120),
  created_at timestamptz not null default now(),
  last_ok_at timestamptz
);
create index push_subscriptions_user_idx on public.push_subscriptions (user_id);

-- Every e-mail Relais writes, rendered from `template` and `data` in the
-- reader's language. With no SMTP server (the embedded default) this table is
-- the mailbox: each person reads their own under "Mes courriels".
create table public.emails (
  id bigint generated always as identity primary key,
  recipient_id uuid not null references public.profiles (id) on delete cascade,
  template text not null constraint template_known check (template in ('digest', 'digest_on')),
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  claimed_until timestamptz,
  attempts integer not null default 0,
  sent_at timestamptz,
  delivery text constraint delivery_known check (delivery in ('smtp', 'local', 'failed'))
);
create index emails_recipient_idx on public.emails (recipient_id, created_at desc);
create index emails_unsent_idx on public.emails (created_at) where sent_at is null;

alter table public.notification_settings enable row level security;
alter table public.push_subscriptions enable row level security;
alter table public.emails enable row level security;

revoke all on public.notification_settings, public.push_subscriptions, public.emails
  from anon, authenticated;
grant select on public.notification_settings to authenticated;
grant select, delete on public.push_subscriptions to authenticated;
grant select on public.emails to authenticated;

create policy "notification_settings: read own" on public.notification_settings
  for select to authenticated using (user_id = (select auth.uid()));
create policy "push_subscriptions: read own" on public.push_subscriptions
  for select to authenticated using (user_id = (select auth.uid()));
-- Turning a device off takes effect at once: the sender reads this table per send.
create policy "push_subscriptions: remove own" on public.push_subscriptions
  for delete to authenticated using (user_id = (select auth.uid()));
-- Coordinators included: nobody reads another person's mail.
create policy "emails: read own" on public.emails
  for select to authenticated using (recipient_id = (select auth.uid()));

-- Save every choice at once. Turning the digest on writes a confirmation
-- e-mail in the same transaction, so the person sees at once where it goes.
create function public.set_notification_settings(
  messages boolean, matches boolean, diary boolean, reminders boolean,
  coordination boolean, crisis boolean, show_names boolean, email_digest boolean
) returns public.notification_settings
language plpgsql security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  previous public.notification_settings;
  saved public.notification_settings;
begin
  if me is null or not exists (select 1 from public.profiles p where p.id = me) then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  if num_nulls(messages, matches, diary, reminders, coordination, crisis, show_names, email_digest) > 0 then
    raise exception 'every choice is yes or no' using errcode = '22004';
  end if;
  select * into previous from public.notification_settings s where s.user_id = me;
  insert into public.notification_settings as s
    (user_id, messages, matches, diary, reminders, coordination, crisis, show_names, email_digest)
  values (me, set_notification_settings.messages, set_notification_settings.matches,
          set_notification_settings.diary, set_notification_settings.reminders,
          set_notification_settings.coordination, set_notification_settings.crisis,
          set_notification_settings.show_names, set_notification_settings.email_digest)
  on conflict (user_id) do update
    set messages = excluded.messages, matches = excluded.matches, diary = excluded.diary,
        reminders = excluded.reminders, coordination = excluded.coordination,
        crisis = excluded.crisis, show_names = excluded.show_names,
        email_digest = excluded.email_digest, updated_at = now()
  returning * into saved;
  if saved.email_digest and not coalesce(previous.email_digest, false) then
    insert into public.emails (recipient_id, template) values (me, 'digest_on');
    perform pg_notify('relais_outbox', '');
  end if;
  return saved;
end
$$;

-- A browser's subscription, for the signed-in person. The same browser
-- signed in by someone else now belongs to them: an endpoint has one owner.
-- Ten devices at most; the oldest goes first.
create function public.save_push_subscription(
  endpoint text, p256dh text, auth text, device_label text default ''
) returns public.push_subscriptions
language plpgsql security definer set search_path = '' as $$
declare
  me uuid := (select auth.uid());
  saved public.push_subscriptions;
begin
  if me is null or not exists (select 1 from public.profiles p where p.id = me) then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('relais.devices.' || me::text, 0));
  delete from public.push_subscriptions s
   where s.endpoint = save_push_subscription.endpoint and s.user_id <> me;
  insert into public.push_subscriptions as s (user_id, endpoint, p256dh, auth, device_label)
  values (me, save_push_subscription.endpoint, save_push_subscription.p256dh,
          save_push_subscription.auth, left(coalesce(save_push_subscription.device_label, ''), 120))
  -- By name: the parameter `endpoint` would make `(endpoint)` ambiguous.
  on conflict on constraint one_owner_per_endpoint do update
    set p256dh = excluded.p256dh, auth = excluded.auth, device_label = excluded.device_label
  returning * into saved;
  delete from public.push_subscriptions s
   where s.user_id = me
     and s.id not in (select k.id from public.push_subscriptions k where k.user_id = me
                       order by k.created_at desc, k.id limit 10);
  return saved;
end
$$;

do $$
declare
  signature text;
begin
  foreach signature in array array[
    'public.set_notification_settings(boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean)',
    'public.save_push_subscription(text, text, text, text)'
  ] loop
    execute format('revoke all on function %s from public, anon', signature);
    execute format('grant execute on function %s to authenticated', signature);
  end loop;
end
$$;
