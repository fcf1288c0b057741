"""Addresses of the recovery and devices screens.

The public "/forgot-password" route sits with the other public screens in
app/main.py; the two others live under the signed-in home
(app/account/recovery_route_table.py).
"""

from __future__ import annotations

FORGOT_PASSWORD = "/forgot-password"  # noqa: S105 (an address, not a password)
SESSIONS = "/home/profile/sessions"
RECOVERY_CODES = "/home/coordination/recovery"
