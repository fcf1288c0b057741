-- Personal checklists for the procedures guide.
-- Each person may keep a checklist per procedure: steps ticked, documents
-- gathered, a private note and a reminder date. A survivor's checklists are
-- shared with their care circle exactly like the diary: editors read and tick,
-- readers read, nobody else sees them (coordinator included).
--
-- The guide's content lives in YAML files, not here. So that the database can
-- refuse a step that does not exist, the app registers the content's ids in
-- guide_catalogue_items at start (private.sync_guide_catalogue). Ids that leave
-- the content are retired, not deleted: old progress stays readable, but nobody
-- can tick a retired step again.

create table public.guide_catalogue_items (
  procedure_id text not null,
  kind text not null constraint catalogue_kind check (kind in ('procedure', 'step', 'document')),
  item_id text not null,
  retired boolean not null default false,
  primary key (procedure_id, kind, item_id),
  constraint catalogue_id_shape check (
    procedure_id ~ '^[a-z0-9][a-z0-9-]{0,62}$' and item_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'
  )
);
comment on table public.guide_catalogue_items is
  'Ids of the guide content (procedures, steps, documents), written only by private.sync_guide_catalogue.';

alter table public.guide_catalogue_items enable row level security;
revoke all on public.guide_catalogue_items from anon, authenticated;
grant select on public.guide_catalogue_items to anon, authenticated;
create policy "guide_catalogue_items: everyone reads" on public.guide_catalogue_items
  for select to anon, authenticated using (true);

create table public.guide_progress (
  owner_id uuid not null references public.profiles (id) on delete cascade,
  procedure_id text not null,
  done_steps text[] not null default '{}',
  gathered_documents text[] not null default '{}',
  note text constraint note_length check (char_length(note) <= 2000),
  remind_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by uuid references public.profiles (id) on delete set null,
  primary key (owner_id, procedure_id),
  constraint steps_bounded check (cardinality(done_steps) <= 50),
  constraint documents_bounded check (cardinality(gathered_documents) <= 100)
);
comment on table public.guide_progress is
  'One checklist per person and procedure; shared with the owner''s care circle.';

alter table public.guide_progress enable row level security;
revoke all on public.guide_progress from anon, authenticated;
grant select, insert, delete on public.guide_progress to authenticated;
-- Owner and procedure identify the checklist: they never change once written.
grant update (done_steps, gathered_documents, note, remind_on) on public.guide_progress to authenticated;

create policy "guide_progress: owner and circle read" on public.guide_progress
  for select to authenticated
  using ((select private.can_read_circle(owner_id)));

create policy "guide_progress: owner and editors start" on public.guide_progress
  for insert to authenticated
  with check ((select private.can_edit_circle(owner_id)));

create policy "guide_progress: owner and editors tick" on public.guide_progress
  for update to authenticated
  using ((select private.can_edit_circle(owner_id)))
  with check ((select private.can_edit_circle(owner_id)));

create policy "guide_progress: owner clears" on public.guide_progress
  for delete to authenticated
  using (owner_id = (select auth.uid()));

-- The gate for ids: every step or document *added* by this write must be a
-- live item of this procedure. Items already there may be retired ones (the
-- content moved on); they are kept, never re-added.
create function private.check_guide_progress() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  unknown text;
begin
  if tg_op = 'INSERT' and not exists (
    select 1 from public.guide_catalogue_items c
     where c.procedure_id = new.procedure_id and c.kind = 'procedure'
       and c.item_id = new.procedure_id and not c.retired
  ) then
    raise exception 'unknown procedure %', new.procedure_id
      using errcode = '23503', hint = 'unknown_procedure';
  end if;
  select s into unknown from unnest(new.done_steps) s
   where s <> all (case when tg_op = 'UPDATE' then old.done_steps else '{}'::text[] end)
     and not exists (
       select 1 from public.guide_catalogue_items c
        where c.procedure_id = new.procedure_id and c.kind = 'step'
          and c.item_id = s and not c.retired)
   limit 1;
  if unknown is not null then
    raise exception 'unknown step % for procedure %', unknown, new.procedure_id
      using errcode = '23503', hint = 'unknown_step';
  end if;
  select d into unknown from unnest(new.gathered_documents) d
   where d <> all (case when tg_op = 'UPDATE' then old.gathered_documents else '{}'::text[] end)
     and not exists (
       select 1 from public.guide_catalogue_items c
        where c.procedure_id = new.procedure_id and c.kind = 'document'
          and c.item_id = d and not c.retired)
   limit 1;
  if unknown is not null then
    raise exception 'unknown document % for procedure %', unknown, new.procedure_id
      using errcode = '23503', hint = 'unknown_document';
  end if;
  -- Sets, not lists: a tick sent twice by a retrying phone counts once.
  new.done_steps := array(select distinct x from unnest(new.done_steps) x order by x);
  new.gathered_documents := array(select distinct x from unnest(new.gathered_documents) x order by x);
  new.updated_at := now();
  new.updated_by := (select auth.uid());
  return new;
end
$$;

create trigger guide_progress_check
  before insert or update on public.guide_progress
  for each row execute function private.check_guide_progress();

-- Ticking is a read-modify-write; doing it in one statement means two people
-- ticking different steps at the same moment both win. Security invoker: the
-- policies above decide who may write whose checklist.
create function public.set_guide_step(
  checklist_owner uuid, for_procedure text, step_id text, done boolean
)
returns public.guide_progress
language sql volatile security invoker set search_path = '' as $$
  insert into public.guide_progress as g (owner_id, procedure_id, done_steps)
  values (checklist_owner, for_procedure, case when done then array[step_id] else '{}'::text[] end)
  on conflict (owner_id, procedure_id) do update
    set done_steps = case when done then array_append(g.done_steps, step_id)
                          else array_remove(g.done_steps, step_id) end
  returning g.*
$$;

create function public.set_guide_document(
  checklist_owner uuid, for_procedure text, document_id text, gathered boolean
)
returns public.guide_progress
language sql volatile security invoker set search_path = '' as $$
  insert into public.guide_progress as g (owner_id, procedure_id, gathered_documents)
  values (
    checklist_owner, for_procedure,
    case when gathered then array[document_id] else '{}'::text[] end
  )
  on conflict (owner_id, procedure_id) do update
    set gathered_documents = case when gathered then array_append(g.gathered_documents, document_id)
                                  else array_remove(g.gathered_documents, document_id) end
  returning g.*
$$;

create function public.set_guide_details(
  checklist_owner uuid, for_procedure text, new_note text, new_remind_on date
)
returns public.guide_progress
language sql volatile security invoker set search_path = '' as $$
  insert into public.guide_progress as g (owner_id, procedure_id, note, remind_on)
  values (checklist_owner, for_procedure, nullif(btrim(new_note), ''), new_remind_on)
  on conflict (owner_id, procedure_id) do update
    set note = excluded.note, remind_on = excluded.remind_on
  returning g.*
$$;

revoke all on function public.set_guide_step(uuid, text, text, boolean),
  public.set_guide_document(uuid, text, text, boolean),
  public.set_guide_details(uuid, text, text, date) from public, anon;
grant execute on function public.set_guide_step(uuid, text, text, boolean),
  public.set_guide_document(uuid, text, text, boolean),
  public.set_guide_details(uuid, text, text, date) to authenticated;

-- The content's ids as rows: items = [{"procedure": id, "steps": [...], "documents": [...]}].
create function private.guide_items_from(items jsonb)
returns table (procedure_id text, kind text, item_id text)
language sql immutable set search_path = '' as $$
  select p ->> 'procedure', 'procedure', p ->> 'procedure' from jsonb_array_elements(items) p
  union all
  select p ->> 'procedure', 'step', s
    from jsonb_array_elements(items) p, jsonb_array_elements_text(p -> 'steps') s
  union all
  select p ->> 'procedure', 'document', d
    from jsonb_array_elements(items) p, jsonb_array_elements_text(p -> 'documents') d
$$;

-- Registers the content's ids and retires the ones that left the content.
-- Run by the app at start in local mode (as the database owner) and, on
-- Supabase, from the SQL printed by `python -m app guide sync-sql`.
create function private.sync_guide_catalogue(items jsonb) returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  registered integer;
begin
  insert into public.guide_catalogue_items (procedure_id, kind, item_id)
  select i.procedure_id, i.kind, i.item_id from private.guide_items_from(items) i
  on conflict on constraint guide_catalogue_items_pkey do update set retired = false;
  update public.guide_catalogue_items c set retired = true
   where not c.retired and not exists (
     select 1 from private.guide_items_from(items) i
      where i.procedure_id = c.procedure_id and i.kind = c.kind and i.item_id = c.item_id);
  select count(*) into registered from private.guide_items_from(items);
  return registered;
end
$$;
revoke all on function private.guide_items_from(jsonb), private.sync_guide_catalogue(jsonb)
  from public, anon, authenticated;

create index guide_progress_owner_idx on public.guide_progress (owner_id, updated_at desc);
