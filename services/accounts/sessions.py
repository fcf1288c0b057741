"""The person's signed-in devices, and ending them (issue 12 §2).

The SQL functions in supabase/migrations/*_account_recovery.sql read and
delete the caller's own rows of auth.sessions, in both modes. No IP address
is ever read: a browser name and dates are enough to recognise a device.
"""

from __future__ import annotations

import datetime as dt
import re
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from services.gateway import Gateway
from services.models import AuthSession

USER_AGENT_MAX_LENGTH = 400

# Order matters: Edge and Samsung Internet also say "Chrome", Chrome says "Safari".
_BROWSERS = (
    ("Edg/", "Edge"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("OPR/", "Opera"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    (re.compile(r"iPhone"), "iPhone"),
    (re.compile(r"iPad"), "iPad"),
    (re.compile(r"Android"), "Android"),
    (re.compile(r"Windows"), "Windows"),
    (re.compile(r"Mac OS X|Macintosh"), "Mac"),
    (re.compile(r"CrOS"), "ChromeOS"),
    (re.compile(r"Linux"), "Linux"),
)


class DeviceSession(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: UUID
    user_agent: str | None = None
    created_at: dt.datetime
    last_seen_at: dt.datetime
    current: bool = False

    @property
    def browser(self) -> str | None:
        """The browser and system, such as "Firefox · Android"; None if it did not say."""
        return describe_user_agent(self.user_agent)


def describe_user_agent(user_agent: str | None) -> str | None:
    if not user_agent:
        return None
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for pattern, name in _SYSTEMS if pattern.search(user_agent)), None)
    parts = [part for part in (browser, system) if part]
    return " · ".join(parts) or None


async def list_my_sessions(gateway: Gateway, session: AuthSession) -> list[DeviceSession]:
    rows = await gateway.rpc(session, "list_my_sessions")
    return [DeviceSession.model_validate(row) for row in rows or []]


async def describe_this_device(gateway: Gateway, session: AuthSession, user_agent: str) -> None:
    """Record what browser this session runs in, as the browser itself says."""
    await gateway.rpc(
        session, "describe_my_session", {"p_user_agent": user_agent[:USER_AGENT_MAX_LENGTH]}
    )


async def end_session(gateway: Gateway, session: AuthSession, *, session_id: UUID) -> int:
    """Sign one of my devices out; 0 when it was already gone (or not mine)."""
    ended = await gateway.rpc(session, "end_my_sessions", {"p_session": str(session_id)})
    return int(ended or 0)


async def end_other_sessions(gateway: Gateway, session: AuthSession) -> int:
    """Sign out every device but this one."""
    ended = await gateway.rpc(session, "end_my_sessions", {"p_session": None})
    return int(ended or 0)
