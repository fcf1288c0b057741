-- A read receipt keeps its meaning however it is written (issue 13, items 1 and 9).
--
-- mark_conversation_read clamps the receipt to the latest message and only
-- moves it forward, but the table itself is writable through PostgREST
-- (insert, and update of last_read_seq): a PATCH setting 999999 marked as read
-- messages never shown, even messages not yet written. The table now holds
-- the rules, whichever way a receipt is written:
--   * it points at a message of its conversation, from 0 (nothing read) up to
--     the latest seq (seq numbers a conversation's messages without gaps:
--     erased messages keep theirs);
--   * it only moves forward, as mark_conversation_read always made it;
--   * a peer supporter who is not (or no longer) approved sets none: after a
--     suspension the peer writes nothing new anywhere in their former
--     conversations (messages are already refused there, the conversations
--     being closed).
--
-- The trigger runs as the caller, so it sees only the messages RLS lets the
-- caller read: for someone outside the conversation there are none, and a
-- receipt above 0 is refused the same way for a conversation that exists and
-- for one that does not (the insert policy refuses the rest, as before).

alter table public.conversation_reads
  add constraint last_read_seq_not_negative check (last_read_seq >= 0);

create function private.check_read_receipt() returns trigger
language plpgsql security invoker set search_path = '' as $$
declare
  newest bigint;
begin
  if exists (select 1 from public.profiles p
              where p.id = (select auth.uid()) and p.role = 'peer'
                and p.peer_status is distinct from 'approved') then
    raise exception 'a peer supporter who is not approved marks nothing as read'
      using errcode = '42501';
  end if;
  select max(m.seq) into newest from public.messages m
   where m.conversation_id = new.conversation_id;
  if new.last_read_seq > coalesce(newest, 0) then
    raise exception 'a read receipt points at a message of the conversation'
      using errcode = '22023', hint = 'last_read_seq';
  end if;
  if tg_op = 'UPDATE' and new.last_read_seq < old.last_read_seq then
    raise exception 'a read receipt never moves back'
      using errcode = '22023', hint = 'last_read_seq';
  end if;
  new.updated_at := now();
  return new;
end
$$;
revoke all on function private.check_read_receipt() from public;

create trigger conversation_reads_hold_their_meaning
  before insert or update on public.conversation_reads
  for each row execute function private.check_read_receipt();
