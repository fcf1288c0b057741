-- One permissive SELECT policy per table (issue 13, item 14; Supabase's
-- linter 0006). Two permissive policies for one role and action are OR-ed by
-- PostgreSQL anyway; writing the OR in one policy keeps who-reads-what in one
-- place and evaluates one expression per row. Each branch is the former
-- policy's condition, unchanged, so who reads what stays exactly the same
-- (tests/db/*_rls.py).

drop policy "profiles: read own" on public.profiles;
drop policy "profiles: coordinators read all" on public.profiles;
create policy "profiles: owner or coordinator reads" on public.profiles
  for select to authenticated
  using (
    -- The owner reads their own profile.
    id = (select auth.uid())
    -- Coordinators read every profile (vetting, matching, safety).
    or (select private.is_coordinator())
  );

drop policy "peer_applications: read own" on public.peer_applications;
drop policy "peer_applications: coordinators read all" on public.peer_applications;
create policy "peer_applications: applicant or coordinator reads" on public.peer_applications
  for select to authenticated
  using (
    -- The peer supporter reads their own application.
    peer_id = (select auth.uid())
    -- Coordinators read every application.
    or (select private.is_coordinator())
  );

drop policy "support_requests: read own" on public.support_requests;
drop policy "support_requests: coordinators read all" on public.support_requests;
create policy "support_requests: requester or coordinator reads" on public.support_requests
  for select to authenticated
  using (
    -- The survivor or caregiver reads their own requests.
    requester_id = (select auth.uid())
    -- Coordinators read every request.
    or (select private.is_coordinator())
  );

drop policy "matches: sides read" on public.matches;
drop policy "matches: coordinators read all" on public.matches;
create policy "matches: either side or coordinator reads" on public.matches
  for select to authenticated
  using (
    -- The two people of the match.
    requester_id = (select auth.uid()) or peer_id = (select auth.uid())
    -- Coordinators read every match.
    or (select private.is_coordinator())
  );

drop policy "blocks: read own" on public.blocks;
drop policy "blocks: coordinators read all" on public.blocks;
create policy "blocks: blocker or coordinator reads" on public.blocks
  for select to authenticated
  using (
    -- The person who blocked (the blocked person is never told).
    blocker_id = (select auth.uid())
    -- Coordinators, so that they never match the two again.
    or (select private.is_coordinator())
  );

drop policy "message_reports: reporter reads" on public.message_reports;
drop policy "message_reports: coordinators read" on public.message_reports;
create policy "message_reports: reporter or coordinator reads" on public.message_reports
  for select to authenticated
  using (
    -- The person who reported.
    reporter_id = (select auth.uid())
    -- Coordinators, who handle the safety queue.
    or (select private.is_coordinator())
  );
