-- Explicit grants, table by table (issue 13, item 8).
--
-- Until now every new public object was granted to the API roles by default
-- (Supabase's old project default, mirrored by the local auth shim), and the
-- migrations narrowed that afterwards. What was left over: `anon` could read
-- `profiles` (RLS returned no rows, but the grant was there), `authenticated`
-- held TRUNCATE (which ignores RLS), REFERENCES, TRIGGER and MAINTAIN on
-- eleven tables, and both could use the `emails` id sequence.
--
-- Since 30 Oct 2026 Supabase grants nothing on new public objects. The same
-- holds here from now on, so a table or function that a later migration
-- forgets to grant is unreachable rather than open (tests/db/test_grants.py
-- compares every public table's grants with an expected list).

-- Future objects created by the migration role: nothing for the API roles.
alter default privileges in schema public revoke all on tables from anon, authenticated, service_role;
alter default privileges in schema public revoke all on sequences from anon, authenticated, service_role;
alter default privileges in schema public revoke all on functions from anon, authenticated, service_role;
-- PostgreSQL grants EXECUTE to PUBLIC on every new function. That default is
-- global (a per-schema default cannot take it away), so it is revoked for all
-- schemas: every function now needs its own `grant execute … to authenticated`.
-- Trigger functions need none (triggers do not check EXECUTE when they fire).
alter default privileges revoke execute on functions from public;

-- Existing tables: take everything away from the API roles, then grant back
-- only what the app uses directly through the Data API (PostgREST, or
-- LocalGateway's select/insert/update/delete) and what its SECURITY INVOKER
-- functions do as the caller. Revoking at table level also revokes the
-- column-level grants, so those are restated too. `service_role` (the
-- server-side key, which bypasses RLS) is left as it was.
revoke all on
  public.blocks, public.care_circle, public.circle_invites, public.conversation_reads,
  public.conversations, public.crisis_alerts, public.diary_comments, public.diary_entries,
  public.diary_goals, public.diary_peer_sharing, public.diary_reactions, public.emails,
  public.guide_catalogue_items, public.guide_progress, public.matches, public.message_reports,
  public.messages, public.notification_settings, public.peer_applications, public.profiles,
  public.push_subscriptions, public.quiet_hours, public.recovery_codes, public.support_requests
  from anon, authenticated;
revoke all on sequence public.emails_id_seq from anon, authenticated;

-- Profiles: read (own, or all for coordinators: RLS); the owner edits the
-- personal fields only. Role and peer status change through functions.
grant select on public.profiles to authenticated;
grant update (display_name, locale, departement, birth_year, stroke_date, bio, text_scale,
              high_contrast) on public.profiles to authenticated;

-- Care circle: the survivor changes access or revokes, a member leaves;
-- joining goes through redeem_circle_invite / add_to_circle_by_email.
grant select, delete on public.care_circle to authenticated;
grant update (access) on public.care_circle to authenticated;
-- Invites: created by create_circle_invite, withdrawn directly.
grant select, delete on public.circle_invites to authenticated;

-- Diary: written by the SECURITY INVOKER add_diary_* functions and edited
-- directly, only in the columns a person may change.
grant select, insert, delete on public.diary_goals, public.diary_entries to authenticated;
grant update (title, category, why, measure, target_date, status, gas_minus_2, gas_minus_1,
              gas_0, gas_plus_1, gas_plus_2, gas_level) on public.diary_goals to authenticated;
grant update (entry_date, body, mood, fatigue, goal_id, gas_level, progress_percent, tags)
  on public.diary_entries to authenticated;
grant select, insert, delete on public.diary_comments, public.diary_reactions to authenticated;
grant select, insert, delete on public.diary_peer_sharing to authenticated;

-- Peer support: read-only through the API; every change is a function.
grant select on public.peer_applications, public.support_requests, public.matches,
  public.blocks, public.conversations to authenticated;

-- Messages: send_message (SECURITY INVOKER) inserts the sender's own columns;
-- read receipts are upserted by mark_conversation_read as the caller.
grant select on public.messages to authenticated;
grant insert (id, conversation_id, body, kind, quick_reply) on public.messages to authenticated;
grant select, insert on public.conversation_reads to authenticated;
grant update (last_read_seq, updated_at) on public.conversation_reads to authenticated;
-- Quiet hours: set_quiet_hours upserts as the caller; the owner removes them.
grant select, insert, delete on public.quiet_hours to authenticated;
grant update (starts_at, ends_at, time_zone) on public.quiet_hours to authenticated;

-- Safety: coordinators read the queue; writes are functions.
grant select on public.message_reports, public.crisis_alerts to authenticated;

-- Guide: the catalogue is read by signed-in people only (nothing is public
-- to `anon`); progress is edited by its owner and their circle's editors.
grant select on public.guide_catalogue_items to authenticated;
grant select, insert, delete on public.guide_progress to authenticated;
grant update (done_steps, gathered_documents, note, remind_on) on public.guide_progress
  to authenticated;

-- Notifications: settings and e-mails are read here and written by functions;
-- a person may forget one of their devices.
grant select on public.notification_settings, public.emails to authenticated;
grant select, delete on public.push_subscriptions to authenticated;

-- Recovery codes: coordinators read the audit, never the hash or its salt.
grant select (id, person_id, issued_by, created_at, expires_at, failed_attempts, used_at, voided_at)
  on public.recovery_codes to authenticated;
