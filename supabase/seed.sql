-- Demo data. Accounts need hashed passwords created by the auth server, so demo
-- accounts are made with `python -m app demo` (local mode) rather than here.
select 1;
