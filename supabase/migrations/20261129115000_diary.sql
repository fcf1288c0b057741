-- The shared goal diary: a survivor's goals (SMART, with optional Goal
-- Attainment Scaling), dated entries (text, mood, fatigue, progress), and the
-- comments and reactions of the people in their care circle.
--
-- Who may do what is decided here and only here, through the care circle:
--   owner and editor  read and write goals and entries;
--   reader            reads, comments and reacts;
--   anyone else       (revoked member, stranger, peer, coordinator) nothing.
-- private.can_read_circle / can_edit_circle read care_circle on every call, so
-- a revocation takes effect on the very next statement.

create type public.goal_category as enum (
  'mobility', 'speech_language', 'daily_living', 'memory_attention', 'mood', 'social_life',
  'work', 'other'
);
create type public.goal_status as enum ('active', 'achieved', 'paused', 'dropped');
create type public.reaction_kind as enum ('heart', 'applause', 'strength');

-- Only survivors keep a diary; a caregiver's or coordinator's id is never a diary.
create function private.is_survivor(person uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.profiles where id = person and role = 'survivor')
$$;
revoke all on function private.is_survivor(uuid) from public;
grant execute on function private.is_survivor(uuid) to authenticated;

create function private.valid_tags(tags text[]) returns boolean
language sql immutable set search_path = '' as $$
  select cardinality(tags) <= 10
     and coalesce(bool_and(char_length(btrim(tag)) between 1 and 40), true)
    from unnest(tags) as tag
$$;

create table public.diary_goals (
  id uuid primary key default gen_random_uuid(),
  survivor_id uuid not null references public.profiles (id) on delete cascade,
  created_by uuid references public.profiles (id) on delete set null default auth.uid(),
  title text not null constraint goal_title_length check (char_length(btrim(title)) between 1 and 120),
  category public.goal_category not null,
  why text constraint goal_why_length check (char_length(why) <= 1000),
  measure text constraint goal_measure_length check (char_length(measure) <= 500),
  target_date date,
  status public.goal_status not null default 'active',
  -- Goal Attainment Scaling: what each level from −2 to +2 looks like for this goal.
  gas_minus_2 text constraint gas_minus_2_length check (char_length(gas_minus_2) <= 300),
  gas_minus_1 text constraint gas_minus_1_length check (char_length(gas_minus_1) <= 300),
  gas_0 text constraint gas_0_length check (char_length(gas_0) <= 300),
  gas_plus_1 text constraint gas_plus_1_length check (char_length(gas_plus_1) <= 300),
  gas_plus_2 text constraint gas_plus_2_length check (char_length(gas_plus_2) <= 300),
  gas_level smallint constraint goal_gas_level_range check (gas_level between -2 and 2),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Lets entries, comments and reactions prove they stay inside one diary.
  unique (id, survivor_id)
);
create index diary_goals_survivor_idx on public.diary_goals (survivor_id, created_at);

create table public.diary_entries (
  id uuid primary key default gen_random_uuid(),
  survivor_id uuid not null references public.profiles (id) on delete cascade,
  author_id uuid references public.profiles (id) on delete set null default auth.uid(),
  entry_date date not null default current_date,
  body text not null default ''
    constraint entry_body_length check (char_length(body) <= 4000),
  mood smallint constraint entry_mood_range check (mood between 1 and 5),
  fatigue smallint constraint entry_fatigue_range check (fatigue between 1 and 5),
  goal_id uuid,
  gas_level smallint constraint entry_gas_level_range check (gas_level between -2 and 2),
  progress_percent smallint
    constraint entry_progress_range check (progress_percent between 0 and 100),
  tags text[] not null default '{}' constraint entry_tags_valid check (private.valid_tags(tags)),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, survivor_id),
  -- A goal of another diary cannot be referenced; deleting a goal keeps its entries.
  foreign key (goal_id, survivor_id) references public.diary_goals (id, survivor_id)
    on delete set null (goal_id),
  constraint progress_needs_goal
    check (goal_id is not null or (gas_level is null and progress_percent is null)),
  constraint one_kind_of_progress check (gas_level is null or progress_percent is null),
  -- One tap on a mood is a whole entry; an entry with nothing at all is not.
  constraint entry_not_empty check (
    btrim(body) <> '' or mood is not null or fatigue is not null
    or gas_level is not null or progress_percent is not null
  )
);
-- The timeline: one diary, newest first, keyset-paginated; and per goal for its chart.
create index diary_entries_timeline_idx
  on public.diary_entries (survivor_id, entry_date desc, created_at desc, id desc);
create index diary_entries_goal_idx on public.diary_entries (goal_id, entry_date)
  where goal_id is not null;

create table public.diary_comments (
  id uuid primary key default gen_random_uuid(),
  entry_id uuid not null,
  survivor_id uuid not null,
  author_id uuid not null references public.profiles (id) on delete cascade default auth.uid(),
  body text not null constraint comment_body_length check (char_length(btrim(body)) between 1 and 1000),
  created_at timestamptz not null default now(),
  foreign key (entry_id, survivor_id) references public.diary_entries (id, survivor_id)
    on delete cascade
);
create index diary_comments_entry_idx on public.diary_comments (entry_id, created_at);
create index diary_comments_survivor_idx on public.diary_comments (survivor_id, author_id);

create table public.diary_reactions (
  entry_id uuid not null,
  survivor_id uuid not null,
  author_id uuid not null references public.profiles (id) on delete cascade default auth.uid(),
  kind public.reaction_kind not null,
  created_at timestamptz not null default now(),
  primary key (entry_id, author_id, kind),
  foreign key (entry_id, survivor_id) references public.diary_entries (id, survivor_id)
    on delete cascade
);
create index diary_reactions_survivor_idx on public.diary_reactions (survivor_id);

-- Entries may be dated today anywhere on Earth (UTC+14 at most), never later.
-- A trigger, not a check: the condition depends on the clock.
create function private.entry_not_in_future() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.entry_date > (now() at time zone 'UTC' + interval '14 hours')::date then
    raise exception 'an entry cannot be dated in the future'
      using errcode = '23514', constraint = 'entry_not_in_future';
  end if;
  return new;
end
$$;
create trigger diary_entries_not_in_future
  before insert or update of entry_date on public.diary_entries
  for each row execute function private.entry_not_in_future();

create trigger diary_goals_touch_updated_at
  before update on public.diary_goals
  for each row execute function private.touch_updated_at();
create trigger diary_entries_touch_updated_at
  before update on public.diary_entries
  for each row execute function private.touch_updated_at();

-- An entry that records a new GAS level moves the goal's current level, when
-- it is the goal's most recent rated entry (back-dated entries do not).
create function private.entry_moves_goal_level() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.goal_id is not null and new.gas_level is not null and not exists (
    select 1 from public.diary_entries e
     where e.goal_id = new.goal_id and e.gas_level is not null and e.id <> new.id
       and (e.entry_date, e.created_at) > (new.entry_date, new.created_at)
  ) then
    update public.diary_goals set gas_level = new.gas_level where id = new.goal_id;
  end if;
  return null;
end
$$;
create trigger diary_entries_move_goal_level
  after insert or update of gas_level on public.diary_entries
  for each row execute function private.entry_moves_goal_level();

-- RLS ------------------------------------------------------------------------
alter table public.diary_goals enable row level security;
alter table public.diary_entries enable row level security;
alter table public.diary_comments enable row level security;
alter table public.diary_reactions enable row level security;

revoke all on public.diary_goals, public.diary_entries, public.diary_comments,
  public.diary_reactions from anon, authenticated;
grant select, insert, delete on public.diary_goals, public.diary_entries to authenticated;
-- Which diary a row belongs to and who wrote it never change.
grant update (title, category, why, measure, target_date, status, gas_minus_2, gas_minus_1,
  gas_0, gas_plus_1, gas_plus_2, gas_level) on public.diary_goals to authenticated;
grant update (entry_date, body, mood, fatigue, goal_id, gas_level, progress_percent, tags)
  on public.diary_entries to authenticated;
-- Comments and reactions are never edited, only added or removed.
grant select, insert, delete on public.diary_comments, public.diary_reactions to authenticated;

create policy "diary_goals: circle reads" on public.diary_goals
  for select to authenticated using (private.can_read_circle(survivor_id));
create policy "diary_goals: owner and editors add" on public.diary_goals
  for insert to authenticated
  with check (private.can_edit_circle(survivor_id) and private.is_survivor(survivor_id)
              and created_by = (select auth.uid()));
create policy "diary_goals: owner and editors change" on public.diary_goals
  for update to authenticated
  using (private.can_edit_circle(survivor_id)) with check (private.can_edit_circle(survivor_id));
create policy "diary_goals: owner and editors delete" on public.diary_goals
  for delete to authenticated using (private.can_edit_circle(survivor_id));

create policy "diary_entries: circle reads" on public.diary_entries
  for select to authenticated using (private.can_read_circle(survivor_id));
create policy "diary_entries: owner and editors add" on public.diary_entries
  for insert to authenticated
  with check (private.can_edit_circle(survivor_id) and private.is_survivor(survivor_id)
              and author_id = (select auth.uid()));
create policy "diary_entries: owner and editors change" on public.diary_entries
  for update to authenticated
  using (private.can_edit_circle(survivor_id)) with check (private.can_edit_circle(survivor_id));
create policy "diary_entries: owner and editors delete" on public.diary_entries
  for delete to authenticated using (private.can_edit_circle(survivor_id));

create policy "diary_comments: circle reads" on public.diary_comments
  for select to authenticated using (private.can_read_circle(survivor_id));
create policy "diary_comments: circle comments as themselves" on public.diary_comments
  for insert to authenticated
  with check (private.can_read_circle(survivor_id) and author_id = (select auth.uid()));
-- The survivor may remove any comment on their diary; an author their own.
create policy "diary_comments: survivor or author deletes" on public.diary_comments
  for delete to authenticated
  using (private.can_read_circle(survivor_id)
         and (survivor_id = (select auth.uid()) or author_id = (select auth.uid())));

create policy "diary_reactions: circle reads" on public.diary_reactions
  for select to authenticated using (private.can_read_circle(survivor_id));
create policy "diary_reactions: circle reacts as themselves" on public.diary_reactions
  for insert to authenticated
  with check (private.can_read_circle(survivor_id) and author_id = (select auth.uid()));
create policy "diary_reactions: author withdraws own" on public.diary_reactions
  for delete to authenticated
  using (private.can_read_circle(survivor_id) and author_id = (select auth.uid()));
