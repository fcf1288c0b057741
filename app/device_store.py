"""What this browser remembers between visits, and under which keys.

On the web, `ft.SharedPreferences` is the browser's localStorage: it outlives
the tab, so a person who comes back is signed in again and a phone keeps its
language before anyone has signed in.
"""

from __future__ import annotations

from typing import Protocol

import flet as ft

REFRESH_TOKEN_KEY = "relais.refresh_token"  # noqa: S105 (a storage key, not a secret)
DEVICE_LOCALE_KEY = "relais.locale"
# The endpoint this browser subscribed to push with (app/notifications keeps it).
THIS_DEVICE_PUSH_KEY = "relais.push_endpoint"


class DeviceStore(Protocol):
    """What this browser remembers between visits."""

    async def load(self, key: str) -> str | None: ...

    async def save(self, key: str, value: str) -> None: ...

    async def forget(self, key: str) -> None: ...


class PreferencesDeviceStore:
    """DeviceStore on ft.SharedPreferences (the browser's localStorage on web)."""

    def __init__(self) -> None:
        # Must be built inside the page handler: a service registers with the current page.
        self._preferences = ft.SharedPreferences()

    async def load(self, key: str) -> str | None:
        value = await self._preferences.get(key)
        return value if isinstance(value, str) and value else None

    async def save(self, key: str, value: str) -> None:
        await self._preferences.set(key, value)

    async def forget(self, key: str) -> None:
        await self._preferences.remove(key)
