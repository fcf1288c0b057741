-- SECURITY DEFINER functions in the API schema, reviewed one by one (issue 13,
-- item 14; Supabase's linter 0029). A definer function runs as its owner and
-- bypasses RLS, so it is an endpoint (/rest/v1/rpc/<name>) that must check
-- its caller itself.
--
-- Three coordinator lists only read tables whose RLS already lets
-- coordinators read every row (profiles, peer_applications, support_requests,
-- matches, blocks), so they now run as the caller: RLS decides, and their
-- first statement still refuses anyone who is not a coordinator.
-- The body is unchanged (ALTER, not a re-creation), so it stays written once,
-- in the migration that introduced it.
alter function public.list_peer_applications() security invoker;
alter function public.list_peer_candidates(uuid) security invoker;
alter function public.list_support_requests(boolean) security invoker;

-- Every other definer function in `public` stays one, for the reason and with
-- the caller check listed in docs/SECURITY.md ("Intentional SECURITY DEFINER
-- functions"); tests/db/test_database_linter.py holds the two together.

-- Nobody without an account calls any function in `public`: whatever an older
-- default granted to PUBLIC or `anon` is taken back here (each function is
-- then granted to `authenticated` by the migration that made it).
do $$
declare
  fn regprocedure;
begin
  for fn in
    select p.oid::regprocedure
      from pg_catalog.pg_proc p
     where p.pronamespace = 'public'::regnamespace
  loop
    execute format('revoke execute on function %s from public, anon', fn);
  end loop;
end
$$;
