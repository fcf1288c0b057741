-- One rule for everything a person types (issue 14, items 10–12).
--
-- Messages refused control characters; diary entries, comments, goals, names,
-- notes, reports, applications and requests did not, and no text was required
-- to show anything: a message of zero-width spaces was stored and shown as an
-- empty bubble. Every free-text column of a table people write now carries:
--   <name>_clean_text    no C0 control but tab and line feed, no DEL, no C1
--                        control, no bidi embedding/override/isolate (U+202A–
--                        U+202E, U+2066–U+2069), which can make a text read
--                        otherwise than it is stored. New text is refused, not
--                        stripped: stripping would change what someone wrote
--                        without telling them. Rows stored before are cleaned
--                        below, since no one is there to ask.
--   <name>_visible_text  at least one visible character (required texts), or
--                        nothing but spaces, tabs and line feeds (optional ones).
-- services/text.py is the same rule in Python (and the constraint suffixes map
-- to the same refusals in services/local/db_errors.py and
-- services/supabase_errors.py), so a call through PostgREST is refused alike.
-- Lone surrogates cannot exist in PostgreSQL text; Python refuses them.

-- What is never accepted. The same ranges as services/text.py FORBIDDEN_RANGES
-- (surrogates aside); tests/db/test_free_text_functions.py compares them.
create function private.is_clean_text(value text) returns boolean
language sql immutable strict parallel safe set search_path = '' as $$
  select value !~ '[\x01-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]'
$$;

-- True when something would show: a character outside the refused ones and
-- outside services/text.py INVISIBLE_RANGES (spaces, zero-width characters,
-- fillers, variation selectors, tags).
create function private.has_visible_character(value text) returns boolean
language sql immutable strict parallel safe set search_path = '' as $$
  select value ~ ('[^\x01-\x20\x7f-\xa0\u00ad\u034f\u061c\u115f\u1160\u1680\u17b4\u17b5'
    '\u180b-\u180f\u2000-\u200f\u2028-\u202f\u205f-\u206f\u2800\u3000\u3164'
    '\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0000-\U000e0fff]')
$$;

-- An optional text: left empty (spaces, tabs and line feeds only) or visible.
create function private.is_blank_or_visible(value text) returns boolean
language sql immutable strict parallel safe set search_path = '' as $$
  select btrim(value, e' \t\n') = '' or private.has_visible_character(value)
$$;

-- The refused characters removed: how rows stored before this rule are kept.
create function private.clean_text(value text) returns text
language sql immutable strict parallel safe set search_path = '' as $$
  select regexp_replace(value, '[\x01-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]', '', 'g')
$$;

-- Check constraints call these as the writer: `authenticated` through the API,
-- `service_role` on Supabase. No one calls them otherwise.
revoke execute on function private.is_clean_text(text) from public, anon;
revoke execute on function private.has_visible_character(text) from public, anon;
revoke execute on function private.is_blank_or_visible(text) from public, anon;
revoke execute on function private.clean_text(text) from public, anon;
grant execute on function private.is_clean_text(text) to authenticated, service_role;
grant execute on function private.has_visible_character(text) to authenticated, service_role;
grant execute on function private.is_blank_or_visible(text) to authenticated, service_role;

-- The message rules these replace (a subset of them: body_no_control_characters
-- let a carriage return and bidi overrides through, body_not_blank let
-- zero-width spaces through).
alter table public.messages drop constraint body_no_control_characters;
alter table public.messages drop constraint body_not_blank;

-- 1. Existing rows are cleaned first, so nothing stored is lost: the refused
--    characters are stripped (the rows stay). A required text left with nothing
--    visible becomes '…' (it showed nothing before either); an optional one
--    becomes null ('' where it cannot be null), as if left empty. Triggers are
--    off meanwhile: this is no one's edit, so it queues no notification and
--    moves no updated_at.
alter table public.messages disable trigger user;
alter table public.profiles disable trigger user;
alter table public.diary_goals disable trigger user;
alter table public.diary_comments disable trigger user;
alter table public.peer_applications disable trigger user;
alter table public.diary_entries disable trigger user;
alter table public.guide_progress disable trigger user;
alter table public.message_reports disable trigger user;
alter table public.support_requests disable trigger user;
alter table public.push_subscriptions disable trigger user;
update public.messages set body = case
    when private.has_visible_character(private.clean_text(body)) then private.clean_text(body)
    else '…' end
  where not private.is_clean_text(body) or not private.has_visible_character(body);
update public.profiles set display_name = case
    when private.has_visible_character(private.clean_text(display_name)) then private.clean_text(display_name)
    else '…' end
  where not private.is_clean_text(display_name) or not private.has_visible_character(display_name);
update public.diary_goals set title = case
    when private.has_visible_character(private.clean_text(title)) then private.clean_text(title)
    else '…' end
  where not private.is_clean_text(title) or not private.has_visible_character(title);
update public.diary_comments set body = case
    when private.has_visible_character(private.clean_text(body)) then private.clean_text(body)
    else '…' end
  where not private.is_clean_text(body) or not private.has_visible_character(body);
update public.peer_applications set availability = case
    when private.has_visible_character(private.clean_text(availability)) then private.clean_text(availability)
    else '…' end
  where not private.is_clean_text(availability) or not private.has_visible_character(availability);
update public.profiles set bio = case
    when private.has_visible_character(private.clean_text(bio)) then private.clean_text(bio)
    else null end
  where not private.is_clean_text(bio) or not private.is_blank_or_visible(bio);
update public.diary_goals set why = case
    when private.has_visible_character(private.clean_text(why)) then private.clean_text(why)
    else null end
  where not private.is_clean_text(why) or not private.is_blank_or_visible(why);
update public.diary_goals set measure = case
    when private.has_visible_character(private.clean_text(measure)) then private.clean_text(measure)
    else null end
  where not private.is_clean_text(measure) or not private.is_blank_or_visible(measure);
update public.diary_goals set gas_minus_2 = case
    when private.has_visible_character(private.clean_text(gas_minus_2)) then private.clean_text(gas_minus_2)
    else null end
  where not private.is_clean_text(gas_minus_2) or not private.is_blank_or_visible(gas_minus_2);
update public.diary_goals set gas_minus_1 = case
    when private.has_visible_character(private.clean_text(gas_minus_1)) then private.clean_text(gas_minus_1)
    else null end
  where not private.is_clean_text(gas_minus_1) or not private.is_blank_or_visible(gas_minus_1);
update public.diary_goals set gas_0 = case
    when private.has_visible_character(private.clean_text(gas_0)) then private.clean_text(gas_0)
    else null end
  where not private.is_clean_text(gas_0) or not private.is_blank_or_visible(gas_0);
update public.diary_goals set gas_plus_1 = case
    when private.has_visible_character(private.clean_text(gas_plus_1)) then private.clean_text(gas_plus_1)
    else null end
  where not private.is_clean_text(gas_plus_1) or not private.is_blank_or_visible(gas_plus_1);
update public.diary_goals set gas_plus_2 = case
    when private.has_visible_character(private.clean_text(gas_plus_2)) then private.clean_text(gas_plus_2)
    else null end
  where not private.is_clean_text(gas_plus_2) or not private.is_blank_or_visible(gas_plus_2);
update public.guide_progress set note = case
    when private.has_visible_character(private.clean_text(note)) then private.clean_text(note)
    else null end
  where not private.is_clean_text(note) or not private.is_blank_or_visible(note);
update public.message_reports set details = case
    when private.has_visible_character(private.clean_text(details)) then private.clean_text(details)
    else null end
  where not private.is_clean_text(details) or not private.is_blank_or_visible(details);
update public.peer_applications set decline_reason = case
    when private.has_visible_character(private.clean_text(decline_reason)) then private.clean_text(decline_reason)
    else null end
  where not private.is_clean_text(decline_reason) or not private.is_blank_or_visible(decline_reason);
update public.peer_applications set suspension_reason = case
    when private.has_visible_character(private.clean_text(suspension_reason)) then private.clean_text(suspension_reason)
    else null end
  where not private.is_clean_text(suspension_reason) or not private.is_blank_or_visible(suspension_reason);
update public.support_requests set about = case
    when private.has_visible_character(private.clean_text(about)) then private.clean_text(about)
    else null end
  where not private.is_clean_text(about) or not private.is_blank_or_visible(about);
update public.push_subscriptions set device_label = case
    when private.has_visible_character(private.clean_text(device_label)) then private.clean_text(device_label)
    else '' end
  where not private.is_clean_text(device_label) or not private.is_blank_or_visible(device_label);
-- Diary tags are typed too: each is cleaned, and a tag left empty is dropped
-- (private.valid_tags refuses empty ones).
update public.diary_entries e set tags = array(
    select private.clean_text(t) from unnest(e.tags) with ordinality as u (t, n)
     where btrim(private.clean_text(t)) <> '' order by n)
  where not private.is_clean_text(array_to_string(e.tags, ' '));
-- A body left with nothing visible becomes empty, unless the entry would then
-- be empty (entry_not_empty): it keeps '…' then.
update public.diary_entries set body = case
    when private.has_visible_character(private.clean_text(body)) then private.clean_text(body)
    when mood is null and fatigue is null and gas_level is null and progress_percent is null
      then '…'
    else '' end
  where not private.is_clean_text(body) or not private.is_blank_or_visible(body);
alter table public.messages enable trigger user;
alter table public.profiles enable trigger user;
alter table public.diary_goals enable trigger user;
alter table public.diary_comments enable trigger user;
alter table public.peer_applications enable trigger user;
alter table public.diary_entries enable trigger user;
alter table public.guide_progress enable trigger user;
alter table public.message_reports enable trigger user;
alter table public.support_requests enable trigger user;
alter table public.push_subscriptions enable trigger user;

-- 2. The rule, added NOT VALID and then validated: the validation proves that
--    every row cleaned above now obeys (and fails the migration if one does not).
alter table public.messages
  add constraint message_body_clean_text check (private.is_clean_text(body)) not valid,
  add constraint message_body_visible_text check (private.has_visible_character(body)) not valid;
alter table public.profiles
  add constraint display_name_clean_text check (private.is_clean_text(display_name)) not valid,
  add constraint display_name_visible_text check (private.has_visible_character(display_name)) not valid;
alter table public.diary_goals
  add constraint goal_title_clean_text check (private.is_clean_text(title)) not valid,
  add constraint goal_title_visible_text check (private.has_visible_character(title)) not valid;
alter table public.diary_comments
  add constraint comment_body_clean_text check (private.is_clean_text(body)) not valid,
  add constraint comment_body_visible_text check (private.has_visible_character(body)) not valid;
alter table public.peer_applications
  add constraint availability_clean_text check (private.is_clean_text(availability)) not valid,
  add constraint availability_visible_text check (private.has_visible_character(availability)) not valid;
alter table public.profiles
  add constraint bio_clean_text check (private.is_clean_text(bio)) not valid,
  add constraint bio_visible_text check (private.is_blank_or_visible(bio)) not valid;
alter table public.diary_goals
  add constraint goal_why_clean_text check (private.is_clean_text(why)) not valid,
  add constraint goal_why_visible_text check (private.is_blank_or_visible(why)) not valid;
alter table public.diary_goals
  add constraint goal_measure_clean_text check (private.is_clean_text(measure)) not valid,
  add constraint goal_measure_visible_text check (private.is_blank_or_visible(measure)) not valid;
alter table public.diary_goals
  add constraint gas_minus_2_clean_text check (private.is_clean_text(gas_minus_2)) not valid,
  add constraint gas_minus_2_visible_text check (private.is_blank_or_visible(gas_minus_2)) not valid;
alter table public.diary_goals
  add constraint gas_minus_1_clean_text check (private.is_clean_text(gas_minus_1)) not valid,
  add constraint gas_minus_1_visible_text check (private.is_blank_or_visible(gas_minus_1)) not valid;
alter table public.diary_goals
  add constraint gas_0_clean_text check (private.is_clean_text(gas_0)) not valid,
  add constraint gas_0_visible_text check (private.is_blank_or_visible(gas_0)) not valid;
alter table public.diary_goals
  add constraint gas_plus_1_clean_text check (private.is_clean_text(gas_plus_1)) not valid,
  add constraint gas_plus_1_visible_text check (private.is_blank_or_visible(gas_plus_1)) not valid;
alter table public.diary_goals
  add constraint gas_plus_2_clean_text check (private.is_clean_text(gas_plus_2)) not valid,
  add constraint gas_plus_2_visible_text check (private.is_blank_or_visible(gas_plus_2)) not valid;
alter table public.diary_entries
  add constraint entry_body_clean_text check (private.is_clean_text(body)) not valid,
  add constraint entry_body_visible_text check (private.is_blank_or_visible(body)) not valid;
alter table public.guide_progress
  add constraint note_clean_text check (private.is_clean_text(note)) not valid,
  add constraint note_visible_text check (private.is_blank_or_visible(note)) not valid;
alter table public.message_reports
  add constraint details_clean_text check (private.is_clean_text(details)) not valid,
  add constraint details_visible_text check (private.is_blank_or_visible(details)) not valid;
alter table public.peer_applications
  add constraint decline_reason_clean_text check (private.is_clean_text(decline_reason)) not valid,
  add constraint decline_reason_visible_text check (private.is_blank_or_visible(decline_reason)) not valid;
alter table public.peer_applications
  add constraint suspension_reason_clean_text check (private.is_clean_text(suspension_reason)) not valid,
  add constraint suspension_reason_visible_text check (private.is_blank_or_visible(suspension_reason)) not valid;
alter table public.support_requests
  add constraint about_clean_text check (private.is_clean_text(about)) not valid,
  add constraint about_visible_text check (private.is_blank_or_visible(about)) not valid;
alter table public.push_subscriptions
  add constraint device_label_clean_text check (private.is_clean_text(device_label)) not valid,
  add constraint device_label_visible_text check (private.is_blank_or_visible(device_label)) not valid;
alter table public.messages validate constraint message_body_clean_text;
alter table public.messages validate constraint message_body_visible_text;
alter table public.profiles validate constraint display_name_clean_text;
alter table public.profiles validate constraint display_name_visible_text;
alter table public.diary_goals validate constraint goal_title_clean_text;
alter table public.diary_goals validate constraint goal_title_visible_text;
alter table public.diary_comments validate constraint comment_body_clean_text;
alter table public.diary_comments validate constraint comment_body_visible_text;
alter table public.peer_applications validate constraint availability_clean_text;
alter table public.peer_applications validate constraint availability_visible_text;
alter table public.profiles validate constraint bio_clean_text;
alter table public.profiles validate constraint bio_visible_text;
alter table public.diary_goals validate constraint goal_why_clean_text;
alter table public.diary_goals validate constraint goal_why_visible_text;
alter table public.diary_goals validate constraint goal_measure_clean_text;
alter table public.diary_goals validate constraint goal_measure_visible_text;
alter table public.diary_goals validate constraint gas_minus_2_clean_text;
alter table public.diary_goals validate constraint gas_minus_2_visible_text;
alter table public.diary_goals validate constraint gas_minus_1_clean_text;
alter table public.diary_goals validate constraint gas_minus_1_visible_text;
alter table public.diary_goals validate constraint gas_0_clean_text;
alter table public.diary_goals validate constraint gas_0_visible_text;
alter table public.diary_goals validate constraint gas_plus_1_clean_text;
alter table public.diary_goals validate constraint gas_plus_1_visible_text;
alter table public.diary_goals validate constraint gas_plus_2_clean_text;
alter table public.diary_goals validate constraint gas_plus_2_visible_text;
alter table public.diary_entries validate constraint entry_body_clean_text;
alter table public.diary_entries validate constraint entry_body_visible_text;
alter table public.guide_progress validate constraint note_clean_text;
alter table public.guide_progress validate constraint note_visible_text;
alter table public.message_reports validate constraint details_clean_text;
alter table public.message_reports validate constraint details_visible_text;
alter table public.peer_applications validate constraint decline_reason_clean_text;
alter table public.peer_applications validate constraint decline_reason_visible_text;
alter table public.peer_applications validate constraint suspension_reason_clean_text;
alter table public.peer_applications validate constraint suspension_reason_visible_text;
alter table public.support_requests validate constraint about_clean_text;
alter table public.support_requests validate constraint about_visible_text;
alter table public.push_subscriptions validate constraint device_label_clean_text;
alter table public.push_subscriptions validate constraint device_label_visible_text;

alter table public.diary_entries
  add constraint entry_tags_clean_text
    check (private.is_clean_text(array_to_string(tags, ' '))) not valid;
alter table public.diary_entries validate constraint entry_tags_clean_text;
