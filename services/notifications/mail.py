"""Sending the app's own e-mails: SMTP when configured, else the local mailbox.

With no SMTP server (the embedded default) an e-mail is "delivered" by being
marked so: it stays in the `emails` table, where its recipient reads it under
"Mes courriels" and `python -m app outbox` prints it for whoever runs Relais.
"""

from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol
from urllib.parse import unquote, urlsplit

import aiosmtplib

from services.notifications.models import RenderedEmail


class Mailer(Protocol):
    delivery: str

    async def send(
        self, to_address: str, email: RenderedEmail, *, unsubscribe_url: str | None
    ) -> None: ...


class LocalMailbox:
    """Keeps e-mails in the database only."""

    delivery = "local"

    async def send(
        self, to_address: str, email: RenderedEmail, *, unsubscribe_url: str | None
    ) -> None:
        return None


class SmtpMailer:
    """`smtp://user:password@host:port?from=relais@example.org` (`smtps://` for implicit TLS)."""

    delivery = "smtp"

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("RELAIS_SMTP_URL must look like smtp://user:password@host:587?from=…")
        query = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
        self._host = parts.hostname
        self._port = parts.port or (465 if parts.scheme == "smtps" else 587)
        self._implicit_tls = parts.scheme == "smtps"
        self._username = unquote(parts.username) if parts.username else None
        self._password = unquote(parts.password) if parts.password else None
        self._sender = unquote(query.get("from", f"relais@{self._host}"))
        self._starttls = query.get("starttls", "auto") != "no"

    async def send(
        self, to_address: str, email: RenderedEmail, *, unsubscribe_url: str | None
    ) -> None:
        """`unsubscribe_url` for what a person chose to receive; none for an account's own mail."""
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = to_address
        message["Subject"] = email.subject
        if unsubscribe_url:
            message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message.set_content(email.body)
        await aiosmtplib.send(
            message,
            hostname=self._host,
            port=self._port,
            username=self._username,
            password=self._password,
            use_tls=self._implicit_tls,
            start_tls=None if self._starttls and not self._implicit_tls else False,
            timeout=20,
        )
