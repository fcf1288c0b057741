"""With an SMTP server, an issued recovery code also goes to its person by e-mail, once.

The code travels only in that e-mail: nothing in the database holds it in
clear (not public.emails either), the address is read with the sender's
narrow role, and a person with no live code gets nothing.
"""

from __future__ import annotations

import psycopg
import pytest

from services.accounts import recovery
from services.accounts.recovery_mail import RecoveryMailer
from services.local.gateway import LocalGateway
from services.notifications.mail import SmtpMailer
from tests.factories import make_coordinator, make_user
from tests.smtp_inbox import smtp_inbox

PUBLIC_URL = "https://relais.example.org/"


async def test_the_code_reaches_the_accounts_address_and_is_kept_nowhere(
    gateway: LocalGateway, conninfo: str
) -> None:
    person = await make_user(gateway)
    coordinator = await make_coordinator(gateway, conninfo)
    issued = await recovery.issue_recovery_code(gateway, coordinator, person_id=person.user_id)
    with smtp_inbox() as inbox:
        mailer = RecoveryMailer(conninfo, SmtpMailer(inbox.url), PUBLIC_URL)
        assert await mailer.send(person.user_id, issued)

    [(to, message)] = inbox.messages
    assert to == [person.email]
    assert message["Subject"] == "Relais\u00a0: votre code pour choisir un nouveau mot de passe"
    assert message["List-Unsubscribe"] is None  # the account's own mail, not a subscription
    body = message.get_content()
    assert issued.readable in body
    assert "https://relais.example.org/forgot-password" in body
    with psycopg.connect(conninfo) as conn:
        everywhere = conn.execute(
            "select count(*) from public.emails e where e.data::text like %s",
            [f"%{issued.code[:4]}%"],
        ).fetchone()
    assert everywhere == (0,)


async def test_nobody_without_a_live_code_is_written_to(
    gateway: LocalGateway, conninfo: str
) -> None:
    person = await make_user(gateway)
    coordinator = await make_coordinator(gateway, conninfo)
    issued = await recovery.issue_recovery_code(gateway, coordinator, person_id=person.user_id)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("update public.recovery_codes set voided_at = now() where person_id = %s",
                     [person.user_id])  # fmt: skip
    stranger = await make_user(gateway)
    with smtp_inbox() as inbox:
        mailer = RecoveryMailer(conninfo, SmtpMailer(inbox.url), PUBLIC_URL)
        assert not await mailer.send(person.user_id, issued)
        assert not await mailer.send(stranger.user_id, issued)
    assert inbox.messages == []


@pytest.mark.parametrize("role", ["authenticated", "anon"])
async def test_only_the_sender_role_reads_the_address(conninfo: str, role: str) -> None:
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        await conn.execute(f"set role {role}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            await conn.execute("select * from private.recovery_code_recipient(gen_random_uuid())")
