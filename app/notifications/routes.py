"""The notification screens' addresses, under the profile tab."""

NOTIFICATIONS = "/home/profile/notifications"
EMAILS = "/home/profile/emails"
