"""The notifications part of one tab's state: its screens reach the services only here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from uuid import UUID

from app.device_store import THIS_DEVICE_PUSH_KEY
from app.state import AppState, use_app_state
from app.tab_part import PerTab, TabPart
from app.web.push_bridge import PREFERENCE_KEY, AnswerHandler
from services.notifications import preferences
from services.notifications.models import (
    NotificationSettings,
    PushDevice,
    PushSubscriptionIn,
    RenderedEmail,
    StoredEmail,
)
from services.notifications.wording import render_email


@dataclass(frozen=True)
class MailItem:
    stored: StoredEmail
    rendered: RenderedEmail


class Notifications(TabPart):
    def __init__(self, app: AppState) -> None:
        super().__init__(app)
        self._ticket: str | None = None

    @property
    def push_available(self) -> bool:
        """False when this server has no push set up (then only the e-mail digest is offered)."""
        return self._app.push_bridge is not None

    @property
    def is_coordinator(self) -> bool:
        return self._app.is_coordinator

    async def settings(self) -> NotificationSettings:
        return await preferences.get_notification_settings(self.gateway, self.session)

    async def save_settings(self, settings: NotificationSettings) -> NotificationSettings:
        return await preferences.save_notification_settings(self.gateway, self.session, settings)

    async def devices(self) -> list[PushDevice]:
        return await preferences.list_my_devices(self.gateway, self.session)

    async def remove_device(self, device_id: UUID) -> None:
        await preferences.remove_device(self.gateway, self.session, device_id)

    async def save_subscription(self, subscription: PushSubscriptionIn) -> PushDevice:
        return await preferences.save_push_subscription(self.gateway, self.session, subscription)

    async def this_device_endpoint(self) -> str | None:
        return await self._app.device.load(THIS_DEVICE_PUSH_KEY)

    async def device_answered(self, key: str) -> bool:
        return await self._app.device.load(key) is not None

    async def remember_answer(self, key: str) -> None:
        await self._app.device.save(key, "1")

    async def remember_this_device(self, endpoint: str) -> None:
        await self._app.device.save(THIS_DEVICE_PUSH_KEY, endpoint)

    async def forget_this_device(self) -> None:
        await self._app.device.forget(THIS_DEVICE_PUSH_KEY)

    async def hand_ticket(self, on_answer: AnswerHandler) -> None:
        """Leave this page a fresh ticket and the server key, for push.js to use at the tap."""
        bridge = self._app.push_bridge
        if bridge is None:
            return
        if self._ticket is not None:
            bridge.tickets.withdraw(self._ticket)
        self._ticket = bridge.tickets.issue(on_answer)
        handoff = {"ticket": self._ticket, "key": bridge.application_server_key}
        await self._app.device.save(PREFERENCE_KEY, json.dumps(handoff))

    def withdraw_ticket(self) -> None:
        bridge = self._app_ref() and self._app.push_bridge
        if bridge and self._ticket is not None:
            bridge.tickets.withdraw(self._ticket)
            self._ticket = None

    async def emails(self) -> list[MailItem]:
        stored = await preferences.list_my_emails(self.gateway, self.session)
        locale = self._app.locale.value
        return [
            MailItem(item, render_email(item.template, item.data, locale, self._app.public_url))
            for item in stored
        ]


_by_tab: PerTab[Notifications] = PerTab(Notifications)


def notifications_for(app: AppState) -> Notifications:
    return _by_tab.of(app)


def use_notifications() -> Notifications:
    return notifications_for(use_app_state())
