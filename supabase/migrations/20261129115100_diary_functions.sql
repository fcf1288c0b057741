-- Diary functions: idempotent writes, the timeline, comments with names, the
-- export, and the realtime events that tell open screens about new comments.
--
-- Every function here is `security invoker`: it runs as the caller, so the
-- policies of 20261129115000_diary.sql decide what it may read or write.
-- Only the helpers in `private` run as definer, and they reveal nothing that
-- the caller's circle access does not already allow.

-- Display names of `people` for someone who can read `survivor`'s diary, and
-- only of people who are part of it: the survivor, a member, or the author of
-- something in it (a former member's old comments keep their name).
-- One call per page, not per row: each definer call costs tens of microseconds.
create function private.diary_names(survivor uuid, people uuid[]) returns jsonb
language sql stable security definer set search_path = '' as $$
  select coalesce(jsonb_object_agg(p.id, p.display_name), '{}')
    from public.profiles p
   where private.can_read_circle(survivor)
     and p.id = any (people)
     and (p.id = survivor
          or exists (select 1 from public.care_circle c
                      where c.survivor_id = survivor and c.member_id = p.id)
          or exists (select 1 from public.diary_comments c
                      where c.survivor_id = survivor and c.author_id = p.id)
          or exists (select 1 from public.diary_entries e
                      where e.survivor_id = survivor and e.author_id = p.id))
$$;
revoke all on function private.diary_names(uuid, uuid[]) from public;
grant execute on function private.diary_names(uuid, uuid[]) to authenticated;

-- Events carry ids only; each screen re-reads under its own identity.
-- Locally the listener hears NOTIFY; on Supabase, Realtime relays broadcasts
-- sent with realtime.send, which only exists there.
create function private.publish(topic text, payload jsonb) returns void
language plpgsql security definer set search_path = '' as $$
begin
  perform pg_notify(topic, payload::text);
  if to_regprocedure('realtime.send(jsonb,text,text,boolean)') is not null then
    execute 'select realtime.send($1, $2, $3, false)' using payload, 'change', topic;
  end if;
end
$$;
revoke all on function private.publish(text, jsonb) from public;

create function private.diary_topic(survivor uuid) returns text
language sql immutable set search_path = '' as $$
  select 'diary_' || replace(survivor::text, '-', '')
$$;

create function private.notify_diary_feedback() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  changed record;
begin
  if tg_op = 'DELETE' then changed := old; else changed := new; end if;
  perform private.publish(
    private.diary_topic(changed.survivor_id),
    jsonb_build_object(
      'op', lower(tg_op), 'kind', case tg_table_name when 'diary_comments' then 'comment' else 'reaction' end,
      'entry_id', changed.entry_id,
      'comment_id', case tg_table_name when 'diary_comments' then to_jsonb(changed) ->> 'id' end
    )
  );
  return null;
end
$$;
create trigger diary_comments_notify
  after insert or delete on public.diary_comments
  for each row execute function private.notify_diary_feedback();
create trigger diary_reactions_notify
  after insert or delete on public.diary_reactions
  for each row execute function private.notify_diary_feedback();

-- Idempotent writes: the phone generates the id, so a retried request finds
-- the row already there and gets it back instead of a duplicate.
create function private.saved_or_taken(row_visible boolean) returns void
language plpgsql volatile set search_path = '' as $$
begin
  if not row_visible then
    -- The id exists but the caller cannot see that row: it is someone else's.
    raise exception 'this id is already used' using errcode = '23505';
  end if;
end
$$;

create function public.add_diary_goal(
  goal_id uuid, survivor uuid, title text, category public.goal_category,
  why text default null, measure text default null, target_date date default null,
  status public.goal_status default 'active',
  gas_minus_2 text default null, gas_minus_1 text default null, gas_0 text default null,
  gas_plus_1 text default null, gas_plus_2 text default null, gas_level int default null
) returns public.diary_goals
language plpgsql volatile security invoker set search_path = '' as $$
declare
  saved public.diary_goals;
begin
  insert into public.diary_goals (id, survivor_id, title, category, why, measure, target_date,
    status, gas_minus_2, gas_minus_1, gas_0, gas_plus_1, gas_plus_2, gas_level)
  values (add_diary_goal.goal_id, survivor, add_diary_goal.title, add_diary_goal.category,
    add_diary_goal.why, add_diary_goal.measure, add_diary_goal.target_date, add_diary_goal.status,
    add_diary_goal.gas_minus_2, add_diary_goal.gas_minus_1, add_diary_goal.gas_0,
    add_diary_goal.gas_plus_1, add_diary_goal.gas_plus_2, add_diary_goal.gas_level)
  on conflict (id) do nothing;
  select * into saved from public.diary_goals g where g.id = add_diary_goal.goal_id;
  perform private.saved_or_taken(saved.id is not null);
  return saved;
end
$$;

create function public.add_diary_entry(
  entry_id uuid, survivor uuid, entry_date date default current_date, body text default '',
  mood int default null, fatigue int default null, goal_id uuid default null,
  gas_level int default null, progress_percent int default null, tags jsonb default '[]'
) returns public.diary_entries
language plpgsql volatile security invoker set search_path = '' as $$
declare
  saved public.diary_entries;
begin
  if jsonb_typeof(coalesce(tags, '[]')) <> 'array' then
    raise exception 'tags must be a list' using errcode = '22023';
  end if;
  insert into public.diary_entries (id, survivor_id, entry_date, body, mood, fatigue, goal_id,
    gas_level, progress_percent, tags)
  values (add_diary_entry.entry_id, survivor, add_diary_entry.entry_date,
    coalesce(add_diary_entry.body, ''), add_diary_entry.mood, add_diary_entry.fatigue,
    add_diary_entry.goal_id, add_diary_entry.gas_level, add_diary_entry.progress_percent,
    array(select jsonb_array_elements_text(coalesce(add_diary_entry.tags, '[]'))))
  on conflict (id) do nothing;
  select * into saved from public.diary_entries e where e.id = add_diary_entry.entry_id;
  perform private.saved_or_taken(saved.id is not null);
  return saved;
end
$$;

create function public.add_diary_comment(comment_id uuid, entry uuid, body text)
returns public.diary_comments
language plpgsql volatile security invoker set search_path = '' as $$
declare
  diary uuid;
  saved public.diary_comments;
begin
  -- Read under RLS: an entry the caller cannot see is one they cannot comment on.
  select e.survivor_id into diary from public.diary_entries e where e.id = entry;
  if diary is null then
    raise exception 'no access to this entry' using errcode = '42501';
  end if;
  insert into public.diary_comments (id, entry_id, survivor_id, body)
  values (comment_id, entry, diary, btrim(add_diary_comment.body))
  on conflict (id) do nothing;
  select * into saved from public.diary_comments c where c.id = comment_id;
  perform private.saved_or_taken(saved.id is not null);
  return saved;
end
$$;

create function public.add_diary_reaction(entry uuid, kind public.reaction_kind)
returns void
language plpgsql volatile security invoker set search_path = '' as $$
declare
  diary uuid;
begin
  select e.survivor_id into diary from public.diary_entries e where e.id = entry;
  if diary is null then
    raise exception 'no access to this entry' using errcode = '42501';
  end if;
  insert into public.diary_reactions (entry_id, survivor_id, kind)
  values (entry, diary, add_diary_reaction.kind)
  on conflict do nothing;
end
$$;

-- Reactions on one entry: {"heart": {"count": 2, "mine": true}, ...}
create function private.reaction_summary(entry uuid) returns jsonb
language sql stable security invoker set search_path = '' as $$
  select coalesce(jsonb_object_agg(r.kind, jsonb_build_object('count', r.n, 'mine', r.mine)), '{}')
    from (select kind, count(*) as n, bool_or(author_id = (select auth.uid())) as mine
            from public.diary_reactions where entry_id = entry group by kind) r
$$;
grant execute on function private.reaction_summary(uuid) to authenticated;

-- One page of a diary's timeline, newest first. The next page starts after
-- the last row's (entry_date, created_at, id): keyset, so page 50 costs what page 1 does.
-- Dynamic SQL, planned with the actual values on each call: a plan made for
-- "any filter, maybe none" sorts the whole diary instead of walking the index.
create function public.diary_timeline(
  survivor uuid, goal uuid default null, date_from date default null, date_to date default null,
  after_date date default null, after_created timestamptz default null, after_id uuid default null,
  page_size int default 20
) returns table (
  id uuid, survivor_id uuid, author_id uuid, author_name text, entry_date date, body text,
  mood smallint, fatigue smallint, goal_id uuid, goal_title text, gas_level smallint,
  progress_percent smallint, tags text[], created_at timestamptz, updated_at timestamptz,
  comment_count int, reactions jsonb
)
language plpgsql stable security invoker set search_path = '' as $$
begin
  return query execute format($query$
    with page as (
      select e.* from public.diary_entries e
       where e.survivor_id = $1 %s %s %s %s
       order by e.entry_date desc, e.created_at desc, e.id desc
       limit $8
    ), names as (
      select private.diary_names($1, array(select distinct author_id from page)) as by_id
    )
    select e.id, e.survivor_id, e.author_id, (select by_id from names) ->> e.author_id::text,
           e.entry_date, e.body, e.mood, e.fatigue, e.goal_id,
           (select g.title from public.diary_goals g where g.id = e.goal_id), e.gas_level,
           e.progress_percent, e.tags, e.created_at, e.updated_at,
           (select count(*) from public.diary_comments c where c.entry_id = e.id)::int,
           private.reaction_summary(e.id)
      from page e
     order by e.entry_date desc, e.created_at desc, e.id desc $query$,
    case when goal is not null then 'and e.goal_id = $2' else '' end,
    case when date_from is not null then 'and e.entry_date >= $3' else '' end,
    case when date_to is not null then 'and e.entry_date <= $4' else '' end,
    case when after_date is not null
         then 'and (e.entry_date, e.created_at, e.id) < ($5, $6, $7)' else '' end)
  using survivor, goal, date_from, date_to, after_date, after_created, after_id,
        least(greatest(coalesce(page_size, 20), 1), 100);
end
$$;

create function public.list_diary_comments(entry uuid)
returns table (id uuid, entry_id uuid, survivor_id uuid, author_id uuid, author_name text,
               body text, created_at timestamptz)
language sql stable security invoker set search_path = '' as $$
  with thread as (
    select c.* from public.diary_comments c where c.entry_id = entry
  ), names as (
    select private.diary_names(
             (select t.survivor_id from thread t limit 1),
             array(select distinct t.author_id from thread t)) as by_id
  )
  select t.id, t.entry_id, t.survivor_id, t.author_id, (select by_id from names) ->> t.author_id::text,
         t.body, t.created_at
    from thread t
   order by t.created_at, t.id
$$;

-- The caller's whole diary as one JSON document: goals, then entries with
-- their comments and reactions. Filtering on auth.uid() makes it the
-- survivor's own diary only; RLS would hide anything else anyway.
create function public.export_my_diary() returns jsonb
language sql stable security invoker set search_path = '' as $$
  with me as (
    select (select auth.uid()) as id
  ), names as (
    select private.diary_names(me.id, array(
             select e.author_id from public.diary_entries e where e.survivor_id = me.id
             union select c.author_id from public.diary_comments c where c.survivor_id = me.id
           )) as by_id
      from me
  )
  select jsonb_build_object(
    'format', 'relais-diary/1',
    'exported_at', now(),
    'survivor', (select jsonb_build_object('id', p.id, 'display_name', p.display_name)
                   from public.profiles p, me where p.id = me.id),
    'goals', coalesce((select jsonb_agg(to_jsonb(g) order by g.created_at, g.id)
                         from public.diary_goals g, me where g.survivor_id = me.id), '[]'),
    'entries', coalesce((
      select jsonb_agg(
               to_jsonb(e) || jsonb_build_object(
                 'author_name', (select by_id from names) ->> e.author_id::text,
                 'reactions', private.reaction_summary(e.id),
                 'comments', coalesce((
                   select jsonb_agg(to_jsonb(c) || jsonb_build_object(
                            'author_name', (select by_id from names) ->> c.author_id::text)
                          order by c.created_at, c.id)
                     from public.diary_comments c where c.entry_id = e.id), '[]'))
               order by e.entry_date, e.created_at, e.id)
        from public.diary_entries e, me where e.survivor_id = me.id), '[]')
  )
$$;

revoke all on function
  public.add_diary_goal(uuid, uuid, text, public.goal_category, text, text, date, public.goal_status,
    text, text, text, text, text, int),
  public.add_diary_entry(uuid, uuid, date, text, int, int, uuid, int, int, jsonb),
  public.add_diary_comment(uuid, uuid, text),
  public.add_diary_reaction(uuid, public.reaction_kind),
  public.diary_timeline(uuid, uuid, date, date, date, timestamptz, uuid, int),
  public.list_diary_comments(uuid),
  public.export_my_diary()
  from public, anon;
grant execute on function
  public.add_diary_goal(uuid, uuid, text, public.goal_category, text, text, date, public.goal_status,
    text, text, text, text, text, int),
  public.add_diary_entry(uuid, uuid, date, text, int, int, uuid, int, int, jsonb),
  public.add_diary_comment(uuid, uuid, text),
  public.add_diary_reaction(uuid, public.reaction_kind),
  public.diary_timeline(uuid, uuid, date, date, date, timestamptz, uuid, int),
  public.list_diary_comments(uuid),
  public.export_my_diary()
  to authenticated;
