"""Notifications: preferences, devices, e-mails, and the outbox sender (DESIGN.md decision 11)."""
