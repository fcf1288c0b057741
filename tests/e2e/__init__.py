"""End-to-end tests: the real server in a real browser."""
