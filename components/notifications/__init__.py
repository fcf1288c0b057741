"""Notification widgets: a device that receives them, an e-mail Relais wrote."""

from components.notifications.device_row import DeviceRow
from components.notifications.email_card import EmailCard

__all__ = ["DeviceRow", "EmailCard"]
