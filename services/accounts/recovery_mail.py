"""E-mailing a recovery code the moment a coordinator issues it (when SMTP is set up).

The code is sent once, straight to the account's own address, and no copy is
kept anywhere (recovery_codes holds its hash only; it never enters
public.emails). The address is read with the sender's narrow role, so the
coordinator who issued the code never sees it. Without an SMTP server there
is no mail to send: the coordinator hands the code over in person or by phone.
"""

from __future__ import annotations

from uuid import UUID
from zoneinfo import ZoneInfo

from psycopg import AsyncConnection

from services.accounts.recovery import IssuedCode
from services.models import Locale, typeset
from services.notifications.mail import Mailer
from services.notifications.models import RenderedEmail

SENDER_ROLE = "relais_sender"
PARIS = ZoneInfo("Europe/Paris")
RESET_ROUTE = "forgot-password"

_WORDS = {
    Locale.FR: {
        "subject": "Relais : votre code pour choisir un nouveau mot de passe",
        "body": (
            "Bonjour,\n\nLa coordination de Relais a créé pour vous ce code : {code}\n"
            "Il sert une seule fois, jusqu’au {until}.\n\n"
            "Ouvrez {url}, puis écrivez votre adresse e-mail, ce code\n"
            "et un nouveau mot de passe.\n\n"
            "Vous n’avez rien demandé ? Ne faites rien et prévenez la coordination."
        ),
        "until": "%d/%m/%Y à %H:%M",
    },
    Locale.EN: {
        "subject": "Relais: your code to choose a new password",
        "body": (
            "Hello,\n\nRelais's coordination made this code for you: {code}\n"
            "It works once, until {until}.\n\n"
            "Open {url}, then type your e-mail address, this code and a new password.\n\n"
            "You did not ask for this? Do nothing, and tell the coordination."
        ),
        "until": "%d/%m/%Y at %H:%M",
    },
}


def recovery_code_email(code: IssuedCode, locale: str | None, public_url: str) -> RenderedEmail:
    lang = Locale(locale) if locale in (Locale.FR, Locale.EN) else Locale.FR
    words = _WORDS[lang]
    until = code.expires_at.astimezone(PARIS).strftime(words["until"])
    url = public_url.rstrip("/") + "/" + RESET_ROUTE
    subject = typeset(lang, words["subject"])
    # Typeset before the address goes in: French spacing must not split the URL.
    body = typeset(lang, words["body"]).format(code=code.readable, until=until, url=url)
    return RenderedEmail(subject=subject, body=body)


class RecoveryMailer:
    def __init__(self, conninfo: str, mailer: Mailer, public_url: str) -> None:
        self._conninfo = conninfo
        self._mailer = mailer
        self._public_url = public_url

    async def send(self, person_id: UUID, code: IssuedCode) -> bool:
        """Send the code to the person's address; False when they have no live code."""
        async with await AsyncConnection.connect(self._conninfo, autocommit=True) as conn:
            await conn.execute(f"set role {SENDER_ROLE}")
            cursor = await conn.execute(
                "select email, locale from private.recovery_code_recipient(%s)", [person_id]
            )
            row = await cursor.fetchone()
        if row is None:
            return False
        email, locale = row
        await self._mailer.send(
            email, recovery_code_email(code, locale, self._public_url), unsubscribe_url=None
        )
        return True
