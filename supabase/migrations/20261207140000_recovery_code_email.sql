-- Where a recovery code is e-mailed when the deployment has an SMTP server.
--
-- The code itself is never stored in clear (recovery_codes keeps its hash):
-- the server sends it the moment it is issued, straight to the account's own
-- address, and keeps no copy (not in public.emails). Only the sender's role
-- may read the address, and only of someone who has a live code: the
-- coordinator who issued it never sees the address.
create function private.recovery_code_recipient(person uuid)
returns table (email text, locale text)
language sql stable security definer set search_path = '' as $$
  select u.email::text, p.locale
    from auth.users u
    join public.profiles p on p.id = u.id
   where u.id = person
     and exists (select 1 from public.recovery_codes c
                  where c.person_id = person and c.used_at is null and c.voided_at is null
                    and c.expires_at > now())
$$;
revoke all on function private.recovery_code_recipient(uuid) from public, anon, authenticated;
grant execute on function private.recovery_code_recipient(uuid) to relais_sender, service_role;
