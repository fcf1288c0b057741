-- Messages between the two members of a conversation, read receipts, unread
-- counts, quiet hours and the realtime events that announce them.
--
-- The message id is made by the client, so a retried send is recognised and
-- never stored twice. `seq` numbers a conversation's messages in commit
-- order (a per-conversation lock is held until commit), so a session that
-- missed events catches up with "seq > the last one I showed".

create table public.messages (
  id uuid primary key,
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  sender_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  seq bigint not null,
  kind text not null default 'text' constraint kind_known check (kind in ('text', 'quick_reply', 'goodbye')),
  quick_reply text constraint quick_reply_known check (quick_reply in (
    'yes', 'no', 'thank_you', 'later', 'dont_understand',
    'tired', 'pain', 'happy', 'sad', 'call_me', 'hello', 'goodnight'
  )),
  body text not null
    constraint body_length check (char_length(body) between 1 and 2000)
    constraint body_not_blank check (body ~ '[^[:space:]]')
    -- Line breaks and tabs are text; other control characters never are.
    constraint body_no_control_characters check (body !~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]'),
  created_at timestamptz not null default now(),
  constraint quick_reply_kind check ((kind = 'quick_reply') = (quick_reply is not null)),
  constraint seq_unique unique (conversation_id, seq)
);

-- For the 30-messages-a-minute limit.
create index messages_sender_recent_idx on public.messages (sender_id, created_at);

create table public.conversation_reads (
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  user_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  last_read_seq bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (conversation_id, user_id)
);

create table public.quiet_hours (
  user_id uuid primary key default auth.uid() references public.profiles (id) on delete cascade,
  starts_at time not null,
  ends_at time not null,
  time_zone text not null default 'Europe/Paris',
  constraint a_real_window check (starts_at <> ends_at)
);

alter table public.messages enable row level security;
alter table public.conversation_reads enable row level security;
alter table public.quiet_hours enable row level security;

revoke all on public.messages, public.conversation_reads, public.quiet_hours from anon;
-- Messages are never edited or deleted through the API; only these columns are
-- the sender's to give (sender, seq and time are set by the database).
revoke insert, update, delete on public.messages from authenticated;
grant select on public.messages to authenticated;
grant insert (id, conversation_id, body, kind, quick_reply) on public.messages to authenticated;
revoke update, delete on public.conversation_reads from authenticated;
grant select, insert on public.conversation_reads to authenticated;
grant update (last_read_seq, updated_at) on public.conversation_reads to authenticated;
grant select, insert, update, delete on public.quiet_hours to authenticated;

create policy "messages: members read" on public.messages
  for select to authenticated
  using (conversation_id in (select private.my_conversation_ids()));

create policy "messages: members write into open conversations as themselves" on public.messages
  for insert to authenticated
  with check (
    sender_id = (select auth.uid())
    and kind in ('text', 'quick_reply')
    and conversation_id in (select private.my_open_conversation_ids())
  );

create policy "conversation_reads: members read" on public.conversation_reads
  for select to authenticated
  using (conversation_id in (select private.my_conversation_ids()));
create policy "conversation_reads: own insert" on public.conversation_reads
  for insert to authenticated
  with check (user_id = (select auth.uid())
              and conversation_id in (select private.my_conversation_ids()));
create policy "conversation_reads: own update" on public.conversation_reads
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "quiet_hours: read own" on public.quiet_hours
  for select to authenticated using (user_id = (select auth.uid()));
create policy "quiet_hours: insert own" on public.quiet_hours
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "quiet_hours: update own" on public.quiet_hours
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "quiet_hours: delete own" on public.quiet_hours
  for delete to authenticated using (user_id = (select auth.uid()));

create function private.conversation_topic(conversation_id uuid) returns text
language sql immutable set search_path = '' as $$
  select 'conv_' || replace(conversation_id::text, '-', '')
$$;
revoke all on function private.conversation_topic(uuid) from public;

-- Before a message is stored: refuse closed conversations and senders over
-- the rate limit, then number it. Someone who is not a member passes through
-- untouched, so the insert policy refuses them without saying the
-- conversation exists.
create function private.prepare_message() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  conversation public.conversations;
begin
  select * into conversation from public.conversations c where c.id = new.conversation_id;
  if conversation.id is null or new.sender_id is null
     or new.sender_id not in (conversation.requester_id, conversation.peer_id) then
    new.seq := 0;
    return new;
  end if;
  if conversation.closed_at is not null then
    raise exception 'this conversation is closed' using errcode = 'RLCLS';
  end if;
  if new.kind <> 'goodbye' then
    -- Serialises one sender's sends so two at once cannot both slip under the limit.
    perform pg_advisory_xact_lock(hashtextextended('relais.sender.' || new.sender_id::text, 0));
    if (select count(*) from public.messages m
         where m.sender_id = new.sender_id and m.created_at > now() - interval '1 minute') >= 30 then
      raise exception 'more than 30 messages a minute' using errcode = 'PT429';
    end if;
  end if;
  -- Held until commit: seq order is commit order within a conversation.
  perform pg_advisory_xact_lock(hashtextextended('relais.conversation.' || new.conversation_id::text, 0));
  new.seq := coalesce((select max(m.seq) from public.messages m
                        where m.conversation_id = new.conversation_id), 0) + 1;
  new.created_at := now();
  return new;
end
$$;

create trigger messages_prepare before insert on public.messages
  for each row execute function private.prepare_message();

create function private.announce_message() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.publish_peer_event(private.conversation_topic(new.conversation_id),
    jsonb_build_object('type', 'message', 'id', new.id,
                       'conversation_id', new.conversation_id, 'seq', new.seq));
  return null;
end
$$;

create trigger messages_announce after insert on public.messages
  for each row execute function private.announce_message();

create function private.announce_read() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.publish_peer_event(private.conversation_topic(new.conversation_id),
    jsonb_build_object('type', 'read', 'conversation_id', new.conversation_id,
                       'user_id', new.user_id, 'seq', new.last_read_seq));
  return null;
end
$$;

create trigger conversation_reads_announce after insert or update on public.conversation_reads
  for each row execute function private.announce_read();

-- Send a message; sending the same id again returns the stored message.
-- Security invoker: the insert policy above is the gate.
create function public.send_message(
  message_id uuid, conversation_id uuid, body text,
  kind text default 'text', quick_reply text default null
) returns public.messages
language plpgsql security invoker set search_path = '' as $$
declare
  stored public.messages;
begin
  select * into stored from public.messages m where m.id = send_message.message_id;
  if stored.id is null then
    insert into public.messages as m (id, conversation_id, body, kind, quick_reply)
    values (send_message.message_id, send_message.conversation_id, send_message.body,
            coalesce(send_message.kind, 'text'), send_message.quick_reply)
    on conflict (id) do nothing
    returning * into stored;
    if stored.id is null then
      select * into stored from public.messages m where m.id = send_message.message_id;
    end if;
  end if;
  -- The id is taken by a message this person did not send (or cannot see).
  if stored.id is null or stored.sender_id <> (select auth.uid())
     or stored.conversation_id <> send_message.conversation_id then
    raise exception 'this message id is not yours' using errcode = '42501';
  end if;
  return stored;
end
$$;

-- A page of history, newest first, before `before_seq` (all of it when null).
create function public.list_messages(
  conversation_id uuid, before_seq bigint default null, page_size integer default 50
) returns setof public.messages
language sql stable security invoker set search_path = '' as $$
  select * from public.messages m
   where m.conversation_id = list_messages.conversation_id
     and (list_messages.before_seq is null or m.seq < list_messages.before_seq)
   order by m.seq desc
   limit least(greatest(coalesce(list_messages.page_size, 50), 1), 100)
$$;

-- What a session missed: messages after `after_seq`, oldest first.
create function public.list_messages_after(
  conversation_id uuid, after_seq bigint, page_size integer default 200
) returns setof public.messages
language sql stable security invoker set search_path = '' as $$
  select * from public.messages m
   where m.conversation_id = list_messages_after.conversation_id
     and m.seq > coalesce(list_messages_after.after_seq, 0)
   order by m.seq
   limit least(greatest(coalesce(list_messages_after.page_size, 200), 1), 500)
$$;

create function public.mark_conversation_read(conversation_id uuid, up_to_seq bigint)
returns public.conversation_reads
language plpgsql security invoker set search_path = '' as $$
declare
  newest bigint;
  saved public.conversation_reads;
begin
  select max(m.seq) into newest from public.messages m
   where m.conversation_id = mark_conversation_read.conversation_id;
  insert into public.conversation_reads as r (conversation_id, user_id, last_read_seq)
  values (mark_conversation_read.conversation_id, (select auth.uid()),
          least(greatest(coalesce(up_to_seq, 0), 0), coalesce(newest, 0)))
  on conflict on constraint conversation_reads_pkey do update
    set last_read_seq = greatest(r.last_read_seq, excluded.last_read_seq), updated_at = now()
    where excluded.last_read_seq > r.last_read_seq
  returning * into saved;
  if saved.conversation_id is null then
    select * into saved from public.conversation_reads r
     where r.conversation_id = mark_conversation_read.conversation_id
       and r.user_id = (select auth.uid());
  end if;
  return saved;
end
$$;

-- The Messages tab: each of my conversations with the other person's name,
-- the last message and how many of theirs I have not read.
create function public.list_my_conversations()
returns table (
  conversation_id uuid, match_id uuid, partner_id uuid, partner_name text,
  is_open boolean, created_at timestamptz, closed_at timestamptz,
  last_seq bigint, last_message_at timestamptz, last_message_preview text,
  last_message_mine boolean, unread_count bigint, my_last_read_seq bigint,
  partner_last_read_seq bigint
)
language sql stable security definer set search_path = '' as $$
  with mine as (
    select c.*, case when c.requester_id = (select auth.uid()) then c.peer_id
                     else c.requester_id end as partner
      from public.conversations c
     where c.requester_id = (select auth.uid()) or c.peer_id = (select auth.uid())
  )
  select mine.id, mine.match_id, mine.partner, p.display_name, mine.closed_at is null,
         mine.created_at, mine.closed_at, last.seq, last.created_at, left(last.body, 120),
         last.sender_id = (select auth.uid()),
         (select count(*) from public.messages u
           where u.conversation_id = mine.id and u.seq > coalesce(my_read.last_read_seq, 0)
             and u.sender_id <> (select auth.uid())),
         coalesce(my_read.last_read_seq, 0), coalesce(their_read.last_read_seq, 0)
    from mine
    join public.profiles p on p.id = mine.partner
    left join lateral (
      select m.seq, m.created_at, m.body, m.sender_id from public.messages m
       where m.conversation_id = mine.id order by m.seq desc limit 1
    ) last on true
    left join public.conversation_reads my_read
      on my_read.conversation_id = mine.id and my_read.user_id = (select auth.uid())
    left join public.conversation_reads their_read
      on their_read.conversation_id = mine.id and their_read.user_id = mine.partner
   order by mine.closed_at is null desc, coalesce(last.created_at, mine.created_at) desc
$$;

create function public.set_quiet_hours(starts_at time, ends_at time, time_zone text default 'Europe/Paris')
returns public.quiet_hours
language plpgsql security invoker set search_path = '' as $$
declare
  saved public.quiet_hours;
begin
  if not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = set_quiet_hours.time_zone) then
    raise exception 'unknown time zone' using errcode = '22023', hint = 'time_zone';
  end if;
  insert into public.quiet_hours as q (user_id, starts_at, ends_at, time_zone)
  values ((select auth.uid()), set_quiet_hours.starts_at, set_quiet_hours.ends_at, set_quiet_hours.time_zone)
  on conflict (user_id) do update
    set starts_at = excluded.starts_at, ends_at = excluded.ends_at, time_zone = excluded.time_zone
  returning * into saved;
  return saved;
end
$$;

do $$
declare
  signature text;
begin
  foreach signature in array array[
    'public.send_message(uuid, uuid, text, text, text)',
    'public.list_messages(uuid, bigint, integer)',
    'public.list_messages_after(uuid, bigint, integer)',
    'public.mark_conversation_read(uuid, bigint)',
    'public.list_my_conversations()',
    'public.set_quiet_hours(time, time, text)'
  ] loop
    execute format('revoke all on function %s from public, anon', signature);
    execute format('grant execute on function %s to authenticated', signature);
  end loop;
end
$$;

alter publication supabase_realtime add table public.messages, public.conversation_reads, public.matches;
