-- A peer supporter who has since been made a coordinator keeps their old
-- application row, but is no longer a peer: their profile has no peer status.
-- The coordinator's lists of applications and of candidates for a request
-- showed that row, and its missing status broke both lists for everyone.
-- Both lists now hold only people who are still peer supporters.

create or replace function public.list_peer_applications()
returns table (
  peer_id uuid, display_name text, peer_status public.peer_status, topics public.support_topic[],
  languages text[], departement text, availability text, capacity integer, stroke_year integer,
  aphasia_experience boolean, returned_to_work boolean, drives_again boolean,
  submitted_at timestamptz, declined_at timestamptz, decline_reason text,
  training_completed_on date, live_matches integer
)
language plpgsql stable security definer set search_path = '' as $$
begin
  perform private.require_coordinator_role();
  return query
  select a.peer_id, p.display_name, p.peer_status, a.topics, a.languages, a.departement,
         a.availability, a.capacity, a.stroke_year, a.aphasia_experience, a.returned_to_work,
         a.drives_again, a.submitted_at, a.declined_at, a.decline_reason, a.training_completed_on,
         (select count(*)::integer from public.matches m
           where m.peer_id = a.peer_id and m.status in ('proposed', 'active'))
    from public.peer_applications a join public.profiles p on p.id = a.peer_id
   where p.role = 'peer'
   order by a.submitted_at;
end
$$;

create or replace function public.list_peer_candidates(request_id uuid)
returns table (
  peer_id uuid, display_name text, peer_status public.peer_status,
  topics public.support_topic[], languages text[], departement text,
  stroke_year integer, stroke_date date, aphasia_experience boolean,
  returned_to_work boolean, drives_again boolean, gender public.gender_identity,
  capacity integer, live_matches integer, blocked boolean, training_completed_on date
)
language plpgsql stable security definer set search_path = '' as $$
begin
  perform private.require_coordinator_role();
  return query
  select a.peer_id, p.display_name, p.peer_status, a.topics, a.languages, a.departement,
         a.stroke_year, p.stroke_date, a.aphasia_experience, a.returned_to_work, a.drives_again,
         a.gender, a.capacity,
         (select count(*)::integer from public.matches m
           where m.peer_id = a.peer_id and m.status in ('proposed', 'active')),
         exists (select 1 from public.blocks b
                  where (b.blocker_id = r.requester_id and b.blocked_id = a.peer_id)
                     or (b.blocker_id = a.peer_id and b.blocked_id = r.requester_id)),
         a.training_completed_on
    from public.support_requests r
    cross join public.peer_applications a
    join public.profiles p on p.id = a.peer_id
   where r.id = list_peer_candidates.request_id and a.peer_id <> r.requester_id
     and p.role = 'peer';
end
$$;
