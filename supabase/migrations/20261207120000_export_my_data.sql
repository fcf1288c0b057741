-- "Télécharger toutes mes données" (GDPR articles 15 and 20): everything that is
-- the caller's, one jsonb document with one key per file of the archive.
--
-- Security invoker: the rows are read under the caller's own policies, so the
-- export can never hold more than the screens could show them. Each section
-- then narrows to what is *theirs* (a coordinator reads every match, but only
-- their own matches are their data; a caregiver reads a survivor's checklists,
-- but those are the survivor's). services/export/archive.py documents every
-- field, and tests/db/test_export_completeness.py checks that every table
-- holding a person's rows is either exported here or excluded with a reason.

create function public.export_my_data() returns jsonb
language sql stable security invoker set search_path = '' as $$
  with me as (
    select (select auth.uid()) as id
  ), my_conversations as (
    select c.* from public.conversations c, me
     where c.requester_id = me.id or c.peer_id = me.id
  ), people as (
    -- Others appear by name where the app shows them by name, through the
    -- same definer functions the screens use.
    select partner_id as id, partner_name as display_name from public.list_my_conversations()
    union
    select partner_id, partner_name from public.list_my_matches()
    union
    select case when l.is_mine then l.member_id else l.survivor_id end, l.display_name
      from public.list_circle() l
  )
  select jsonb_build_object(
    'format', 'relais-export/1',
    'exported_at', now(),
    'profile', (select to_jsonb(p) from public.profiles p, me where p.id = me.id),
    'people', coalesce((select jsonb_agg(jsonb_build_object('id', x.id, 'display_name', x.display_name)
                                         order by x.display_name, x.id)
                          from (select distinct on (id) id, display_name from people order by id) x), '[]'),
    'peer_application', (select to_jsonb(a) from public.peer_applications a, me where a.peer_id = me.id),
    'support_requests', coalesce((select jsonb_agg(to_jsonb(r) order by r.created_at, r.id)
                                    from public.support_requests r, me where r.requester_id = me.id), '[]'),
    'matches', coalesce((select jsonb_agg(to_jsonb(m) order by m.created_at, m.id)
                           from public.matches m, me
                          where m.requester_id = me.id or m.peer_id = me.id), '[]'),
    'conversations', coalesce((
      select jsonb_agg(to_jsonb(c) || jsonb_build_object(
               'my_last_read_seq', (select r.last_read_seq from public.conversation_reads r, me
                                     where r.conversation_id = c.id and r.user_id = me.id))
             order by c.created_at, c.id)
        from my_conversations c), '[]'),
    'messages', coalesce((
      select jsonb_agg(to_jsonb(m) || jsonb_build_object('mine', m.sender_id = me.id)
             order by m.conversation_id, m.seq)
        from public.messages m, me where m.conversation_id in (select id from my_conversations)), '[]'),
    'blocks', coalesce((select jsonb_agg(to_jsonb(b) order by b.created_at)
                          from public.blocks b, me where b.blocker_id = me.id), '[]'),
    'reports', coalesce((select jsonb_agg(to_jsonb(r) order by r.created_at, r.id)
                           from public.message_reports r, me where r.reporter_id = me.id), '[]'),
    'diary_goals', coalesce((select jsonb_agg(to_jsonb(g) order by g.created_at, g.id)
                               from public.diary_goals g, me
                              where g.survivor_id = me.id or g.created_by = me.id), '[]'),
    'diary_entries', coalesce((select jsonb_agg(to_jsonb(e) order by e.entry_date, e.created_at, e.id)
                                 from public.diary_entries e, me
                                where e.survivor_id = me.id or e.author_id = me.id), '[]'),
    'diary_comments', coalesce((select jsonb_agg(to_jsonb(c) order by c.created_at, c.id)
                                  from public.diary_comments c, me
                                 where c.survivor_id = me.id or c.author_id = me.id), '[]'),
    'diary_reactions', coalesce((select jsonb_agg(to_jsonb(r) order by r.created_at)
                                   from public.diary_reactions r, me
                                  where r.survivor_id = me.id or r.author_id = me.id), '[]'),
    'diary_sharing', coalesce((select jsonb_agg(to_jsonb(s))
                                 from public.diary_peer_sharing s, me where s.survivor_id = me.id), '[]'),
    'circle', coalesce((select jsonb_agg(jsonb_build_object(
                                 'survivor_id', c.survivor_id, 'member_id', c.member_id,
                                 'my_side', case when c.survivor_id = me.id then 'survivor' else 'member' end,
                                 'access', c.access, 'created_at', c.created_at, 'updated_at', c.updated_at)
                               order by c.created_at)
                          from public.care_circle c, me
                         where c.survivor_id = me.id or c.member_id = me.id), '[]'),
    -- Without code_hash: a hash of a live invite code is a way in, not a fact about the person.
    'circle_invites', coalesce((select jsonb_agg(to_jsonb(i) - 'code_hash' order by i.created_at, i.id)
                                  from public.circle_invites i, me where i.survivor_id = me.id), '[]'),
    'guide_progress', coalesce((select jsonb_agg(to_jsonb(g) order by g.procedure_id)
                                  from public.guide_progress g, me where g.owner_id = me.id), '[]'),
    'quiet_hours', (select to_jsonb(q) from public.quiet_hours q, me where q.user_id = me.id),
    'notification_settings', (select to_jsonb(s) from public.notification_settings s, me
                               where s.user_id = me.id),
    -- The endpoint and its keys are a capability (whoever holds them can push to
    -- the phone): the archive may be stored or mailed anywhere, so only what
    -- tells the person which device it is.
    'push_devices', coalesce((select jsonb_agg(jsonb_build_object(
                                       'id', d.id, 'device_label', d.device_label,
                                       'created_at', d.created_at, 'last_ok_at', d.last_ok_at)
                                     order by d.created_at, d.id)
                                from public.push_subscriptions d, me where d.user_id = me.id), '[]'),
    -- Signed-in devices as the profile lists them (browser and dates), through the
    -- same function: auth.sessions itself is not readable through the API.
    'sessions', coalesce((select jsonb_agg(to_jsonb(s) order by s.created_at, s.id)
                            from public.list_my_sessions() s), '[]'),
    'emails', coalesce((select jsonb_agg(jsonb_build_object(
                                 'id', e.id, 'template', e.template, 'data', e.data,
                                 'created_at', e.created_at, 'sent_at', e.sent_at, 'delivery', e.delivery)
                               order by e.created_at, e.id)
                          from public.emails e, me where e.recipient_id = me.id), '[]')
  )
$$;

revoke all on function public.export_my_data() from public, anon;
grant execute on function public.export_my_data() to authenticated;
