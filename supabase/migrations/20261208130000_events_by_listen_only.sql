-- Issue 13 item 5: events leave the database by NOTIFY only, in both modes.
--
-- On Supabase these helpers also called realtime.send(…, private => false): a
-- public broadcast that anyone holding the anon key could join (and forge
-- events on). Each server process now hears NOTIFY on one LISTEN connection,
-- through the session pooler in Supabase mode (RELAIS_SUPABASE_DB_URL, logged
-- in as relais_sender), so nothing is handed to Realtime any more. Payloads
-- stay ids only: each session re-reads under its own identity and RLS decides.
--
-- pg_notify needs no privilege, so the helpers run as their caller (the
-- triggers that call them are the definers). Only the owner may call them:
-- nobody signed in, or not, can publish on a topic of their choosing.

create or replace function private.publish(topic text, payload jsonb) returns void
language plpgsql security invoker set search_path = '' as $$
begin
  perform pg_notify(topic, payload::text);
end
$$;
revoke all on function private.publish(text, jsonb) from public, anon, authenticated;

create or replace function private.publish_peer_event(topic text, payload jsonb) returns void
language plpgsql security invoker set search_path = '' as $$
begin
  perform pg_notify(topic, payload::text);
end
$$;
revoke all on function private.publish_peer_event(text, jsonb) from public, anon, authenticated;

-- Postgres Changes on these tables went unused (the app hears NOTIFY), yet let
-- any signed-in holder of the anon key follow them, and Realtime does not
-- filter DELETE events by RLS. Publish nothing to Realtime.
do $$
declare
  published record;
begin
  for published in
    select schemaname, tablename from pg_catalog.pg_publication_tables
     where pubname = 'supabase_realtime' and schemaname = 'public'
  loop
    execute format(
      'alter publication supabase_realtime drop table %I.%I',
      published.schemaname, published.tablename
    );
  end loop;
end
$$;
