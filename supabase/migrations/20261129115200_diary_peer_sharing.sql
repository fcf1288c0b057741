-- Opt-in, read-only sharing of the diary with the survivor's matched peer supporter.
--
-- Off by default. While a survivor has it on, the peer of their *active*
-- match reads goals, entries, comments and reactions, and writes nothing
-- (not even comments: the diary is the family's space). When the match ends,
-- or the survivor turns sharing off, the next statement sees nothing.

create table public.diary_peer_sharing (
  survivor_id uuid primary key references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now()
);
alter table public.diary_peer_sharing enable row level security;
revoke all on public.diary_peer_sharing from anon, authenticated;
grant select, insert, delete on public.diary_peer_sharing to authenticated;

create policy "diary_peer_sharing: survivor reads own" on public.diary_peer_sharing
  for select to authenticated using (survivor_id = (select auth.uid()));
create policy "diary_peer_sharing: survivor turns on" on public.diary_peer_sharing
  for insert to authenticated
  with check (survivor_id = (select auth.uid()) and private.is_survivor(survivor_id));
create policy "diary_peer_sharing: survivor turns off" on public.diary_peer_sharing
  for delete to authenticated using (survivor_id = (select auth.uid()));

-- True when the caller is the peer of `survivor`'s active match and the
-- survivor opted in. PL/pgSQL resolves public.matches when it runs, so this
-- file does not depend on the matching migrations' order; the opt-in is
-- checked first, so diaries that do not share never look at matches.
create function private.matched_peer_reads(survivor uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.diary_peer_sharing s where s.survivor_id = survivor) then
    return false;
  end if;
  return exists (
    select 1 from public.matches m
     where m.requester_id = survivor and m.peer_id = (select auth.uid()) and m.status = 'active'
  );
end
$$;
revoke all on function private.matched_peer_reads(uuid) from public;
grant execute on function private.matched_peer_reads(uuid) to authenticated;

-- Reading only: the insert, update and delete policies stay circle-only.
alter policy "diary_goals: circle reads" on public.diary_goals
  using (private.can_read_circle(survivor_id) or private.matched_peer_reads(survivor_id));
alter policy "diary_entries: circle reads" on public.diary_entries
  using (private.can_read_circle(survivor_id) or private.matched_peer_reads(survivor_id));
alter policy "diary_comments: circle reads" on public.diary_comments
  using (private.can_read_circle(survivor_id) or private.matched_peer_reads(survivor_id));
alter policy "diary_reactions: circle reads" on public.diary_reactions
  using (private.can_read_circle(survivor_id) or private.matched_peer_reads(survivor_id));

-- The diaries a peer supporter may read now: their active matches that share.
-- PL/pgSQL for the same reason as above: public.matches is looked up at run time.
create function public.list_peer_shared_diaries()
returns table (survivor_id uuid, display_name text)
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
    select p.id, p.display_name
      from public.matches m
      join public.diary_peer_sharing s on s.survivor_id = m.requester_id
      join public.profiles p on p.id = m.requester_id
     where m.peer_id = (select auth.uid()) and m.status = 'active'
     order by p.display_name;
end
$$;
revoke all on function public.list_peer_shared_diaries() from public, anon;
grant execute on function public.list_peer_shared_diaries() to authenticated;
