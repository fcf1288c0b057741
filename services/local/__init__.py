"""Local mode: an embedded PostgreSQL that behaves like a Supabase project."""
