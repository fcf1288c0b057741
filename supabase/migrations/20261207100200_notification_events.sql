-- The events that queue notifications, each in its own transaction.
-- Targets are the app's routes (app/*/routes.py): a tap opens that screen.

-- A new message, for the other member of the conversation. A goodbye is a
-- match change and is announced by the match trigger below.
create function private.queue_message_notification() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  conversation public.conversations;
begin
  if new.kind = 'goodbye' then
    return null;
  end if;
  select * into conversation from public.conversations c where c.id = new.conversation_id;
  perform private.queue_notification(
    case when new.sender_id = conversation.requester_id then conversation.peer_id
         else conversation.requester_id end,
    'message', 'message:' || new.id, '/home/messages/' || new.conversation_id, new.sender_id);
  return null;
end
$$;
create trigger messages_queue_notification after insert on public.messages
  for each row execute function private.queue_message_notification();

-- A proposal reaches both people; acceptance, decline and end reach whoever
-- did not act. Waiting on the other person's answer is not news. A tap opens
-- the conversation once there is one, else the Messages tab.
create function private.queue_match_notification() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  actor uuid := (select auth.uid());
  target text;
  person uuid;
begin
  -- Acceptance is announced when the conversation is made (below): within
  -- respond_to_match the match turns active before its conversation exists.
  if (tg_op = 'UPDATE' and new.status = old.status) or new.status = 'active' then
    return null;
  end if;
  select '/home/messages/' || c.id into target from public.conversations c where c.match_id = new.id;
  foreach person in array array[new.requester_id, new.peer_id] loop
    perform private.queue_notification(
      person, 'match', 'match:' || new.id || ':' || new.status,
      coalesce(target, '/home/messages'), actor);
  end loop;
  return null;
end
$$;
create trigger matches_queue_notification after insert or update of status on public.matches
  for each row execute function private.queue_match_notification();

create function private.queue_conversation_notification() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  person uuid;
begin
  foreach person in array array[new.requester_id, new.peer_id] loop
    perform private.queue_notification(
      person, 'match', 'match:' || new.match_id || ':active',
      '/home/messages/' || new.id, (select auth.uid()));
  end loop;
  return null;
end
$$;
create trigger conversations_queue_notification after insert on public.conversations
  for each row execute function private.queue_conversation_notification();

create function private.queue_diary_notification() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  event_key text;
begin
  if tg_table_name = 'diary_comments' then
    event_key := 'comment:' || new.id;
  else
    event_key := 'reaction:' || new.entry_id || ':' || new.author_id || ':' || new.kind;
  end if;
  perform private.queue_notification(
    new.survivor_id, 'diary', event_key,
    '/home/diary/d/' || new.survivor_id || '/entry/' || new.entry_id, new.author_id);
  return null;
end
$$;
create trigger diary_comments_queue_notification after insert on public.diary_comments
  for each row execute function private.queue_diary_notification();
create trigger diary_reactions_queue_notification after insert on public.diary_reactions
  for each row execute function private.queue_diary_notification();

-- Coordinators hear of new work: an application (or one sent again after a
-- decline), a request for a peer, a report; and of every crisis alert.
create function private.queue_coordination_notification() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  case tg_table_name
    when 'peer_applications' then
      if tg_op = 'UPDATE' and new.submitted_at = old.submitted_at then
        return null;
      end if;
      perform private.queue_for_coordinators('coordination',
        'application:' || new.peer_id || ':' || extract(epoch from new.submitted_at),
        '/home/coordination/applicants', new.peer_id);
    when 'support_requests' then
      perform private.queue_for_coordinators('coordination', 'request:' || new.id,
        '/home/coordination/requests/' || new.id, new.requester_id);
    when 'message_reports' then
      perform private.queue_for_coordinators('coordination', 'report:' || new.id,
        '/home/coordination/safety', new.reporter_id);
    when 'crisis_alerts' then
      perform private.queue_for_coordinators('crisis', 'crisis:' || new.id,
        '/home/coordination/safety', new.raised_by);
  end case;
  return null;
end
$$;
create trigger peer_applications_queue_notification after insert or update of submitted_at
  on public.peer_applications
  for each row execute function private.queue_coordination_notification();
create trigger support_requests_queue_notification after insert on public.support_requests
  for each row execute function private.queue_coordination_notification();
create trigger message_reports_queue_notification after insert on public.message_reports
  for each row execute function private.queue_coordination_notification();
create trigger crisis_alerts_queue_notification after insert on public.crisis_alerts
  for each row execute function private.queue_coordination_notification();

-- Checklist reminders fall due on the morning of their date (08:00 where the
-- person lives: their quiet-hours zone, else Europe/Paris), once per date.
-- The sender calls this every minute; the unique event key makes it idempotent.
create function private.queue_due_reminders() returns integer
language plpgsql security definer set search_path = '' as $$
declare
  queued integer := 0;
  due record;
begin
  for due in
    select g.owner_id, g.procedure_id, g.remind_on
      from public.guide_progress g
      left join public.quiet_hours q on q.user_id = g.owner_id
     where g.remind_on is not null
       and g.remind_on <= (now() at time zone coalesce(q.time_zone, 'Europe/Paris'))::date
       and g.remind_on >= (now() at time zone coalesce(q.time_zone, 'Europe/Paris'))::date - 1
       and (now() at time zone coalesce(q.time_zone, 'Europe/Paris'))
           >= g.remind_on + time '08:00'
       and not exists (
         select 1 from private.notification_outbox o
          where o.recipient_id = g.owner_id
            and o.event_key = 'reminder:' || g.procedure_id || ':' || g.remind_on)
  loop
    perform private.queue_notification(
      due.owner_id, 'reminder', 'reminder:' || due.procedure_id || ':' || due.remind_on,
      '/home/guide/procedures/' || due.procedure_id, null, due.procedure_id);
    queued := queued + 1;
  end loop;
  return queued;
end
$$;
revoke all on function private.queue_due_reminders() from public;
