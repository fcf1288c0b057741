-- Every foreign key gets an index, and every table a primary key (issue 13,
-- item 14; Supabase's linter: 0001 unindexed foreign keys, 0004 no primary key).
--
-- Account deletion removes a profile and cascades, or sets null, through each
-- of these columns: without an index every such reference is a full scan of
-- the referencing table, under the deleting transaction's locks.
-- Composite keys are indexed in the key's own column order, which is what
-- lets the index serve the constraint's checks.

create index if not exists circle_invites_used_by_idx on public.circle_invites (used_by);
create index if not exists conversation_reads_user_id_idx on public.conversation_reads (user_id);
create index if not exists crisis_alerts_acknowledged_by_idx on public.crisis_alerts (acknowledged_by);
create index if not exists diary_comments_author_id_idx on public.diary_comments (author_id);
create index if not exists diary_comments_entry_id_survivor_id_idx
  on public.diary_comments (entry_id, survivor_id);
create index if not exists diary_entries_author_id_idx on public.diary_entries (author_id);
create index if not exists diary_entries_goal_id_survivor_id_idx
  on public.diary_entries (goal_id, survivor_id);
create index if not exists diary_goals_created_by_idx on public.diary_goals (created_by);
create index if not exists diary_reactions_author_id_idx on public.diary_reactions (author_id);
create index if not exists diary_reactions_entry_id_survivor_id_idx
  on public.diary_reactions (entry_id, survivor_id);
create index if not exists guide_progress_updated_by_idx on public.guide_progress (updated_by);
create index if not exists matches_declined_by_idx on public.matches (declined_by);
create index if not exists matches_ended_by_idx on public.matches (ended_by);
create index if not exists matches_proposed_by_idx on public.matches (proposed_by);
create index if not exists message_reports_reported_user_id_idx
  on public.message_reports (reported_user_id);
create index if not exists message_reports_resolved_by_idx on public.message_reports (resolved_by);
create index if not exists peer_applications_reviewed_by_idx on public.peer_applications (reviewed_by);
create index if not exists recovery_codes_issued_by_idx on public.recovery_codes (issued_by);
create index if not exists notification_outbox_actor_id_idx on private.notification_outbox (actor_id);

-- The failed invite-code attempts had no key: two failures in one instant are
-- two rows, so (user_id, failed_at) cannot be the key. A surrogate is added;
-- the writers, which name their columns, are unchanged.
alter table private.invite_redemption_failures
  add column if not exists id bigint generated always as identity primary key;
