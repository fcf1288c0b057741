-- Who may delete a diary entry: the survivor any entry of their diary, an
-- editor only the entries they wrote. Until now any editor could remove what
-- the survivor had written about their own recovery.
-- (Changing an entry stays open to the survivor and their editors.)

drop policy "diary_entries: owner and editors delete" on public.diary_entries;

create policy "diary_entries: survivor deletes any, editors their own" on public.diary_entries
  for delete to authenticated
  using (
    survivor_id = (select auth.uid())
    or (private.can_edit_circle(survivor_id) and author_id = (select auth.uid()))
  );
