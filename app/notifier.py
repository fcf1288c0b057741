"""Sets up notifications for this server process: the push bridge and the outbox sender.

Push is on when the process can send: locally always (the VAPID key is made
at the first start); on Supabase when RELAIS_SUPABASE_DB_URL gives the sender
its connection. E-mail goes by SMTP when RELAIS_SMTP_URL is set, otherwise to
the local mailbox ("Mes courriels").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.settings import Settings
from app.web.push_bridge import PushBridge, TicketBook
from services.accounts.recovery_mail import RecoveryMailer
from services.guide.content import current_catalogue
from services.local.server import EmbeddedServer
from services.notifications.mail import LocalMailbox, Mailer, SmtpMailer
from services.notifications.push import DEFAULT_PUSH_SERVICES, PushClient, PushServices, VapidKeys
from services.notifications.sender import NotificationSender

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notifier:
    bridge: PushBridge | None
    sender: NotificationSender | None
    # Only with an SMTP server: a recovery code is then also e-mailed to its person.
    recovery_mailer: RecoveryMailer | None = None


def procedure_title(procedure_id: str, locale: str) -> str | None:
    """A reminder names its procedure ("Rappel : MDPH …"), in the reader's language."""
    procedure = current_catalogue().procedure(locale, procedure_id)
    return procedure.title if procedure is not None else None


def sender_conninfo(settings: Settings, server: EmbeddedServer | None) -> str | None:
    if server is not None:
        return server.conninfo()
    return settings.supabase_db_url


def make_notifier(settings: Settings, server: EmbeddedServer | None) -> Notifier:
    conninfo = sender_conninfo(settings, server)
    mailer: Mailer = SmtpMailer(settings.smtp_url) if settings.smtp_url else LocalMailbox()
    if conninfo is None:
        logger.warning("RELAIS_SUPABASE_DB_URL is not set: no notification or e-mail will be sent")
        return Notifier(bridge=None, sender=None)
    keys = VapidKeys.load(
        private_key=settings.vapid_private_key,
        data_dir=settings.data_dir,
        subject=settings.vapid_subject,
    )
    services = PushServices(DEFAULT_PUSH_SERVICES + settings.push_services)
    bridge = PushBridge(TicketBook(), keys.application_server_key, services)
    sender = NotificationSender(
        conninfo,
        push=PushClient(keys, services),
        mailer=mailer,
        public_url=settings.public_url,
        name_subject=procedure_title,
    )
    recovery_mailer = (
        RecoveryMailer(conninfo, mailer, settings.public_url) if settings.smtp_url else None
    )
    return Notifier(bridge=bridge, sender=sender, recovery_mailer=recovery_mailer)
