"""Demo accounts, one per kind of person using Relais, for trying the app locally."""

from __future__ import annotations

from dataclasses import dataclass

from services import auth
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.local import admin

# Not a secret: these accounts exist only in a local demo database.
DEMO_PASSWORD = "relais-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: str  # the role chosen at sign-up
    becomes: str = ""  # "coordinator" or "approved peer": set afterwards by an administrator


DEMO_ACCOUNTS = (
    DemoAccount("survivant@demo.relais.example", "Survivant (démo)", "survivor"),
    DemoAccount("aidant@demo.relais.example", "Aidant (démo)", "caregiver"),
    DemoAccount("pair1@demo.relais.example", "Pair aidant 1 (démo)", "peer", "approved peer"),
    DemoAccount("pair2@demo.relais.example", "Pair aidant 2 (démo)", "peer", "approved peer"),
    DemoAccount("candidat@demo.relais.example", "Candidat pair aidant (démo)", "peer"),
    DemoAccount(
        "coordination@demo.relais.example", "Coordination (démo)", "survivor", "coordinator"
    ),
)


async def create_demo_accounts(gateway: Gateway, conninfo: str) -> list[tuple[DemoAccount, bool]]:
    """Create what is missing; return each account with whether it was created now."""
    results = []
    for account in DEMO_ACCOUNTS:
        created = True
        try:
            session = await auth.sign_up(
                gateway,
                email=account.email,
                password=DEMO_PASSWORD,
                display_name=account.display_name,
                role=account.role,
            )
            await auth.sign_out(gateway, session)
        except RelaisError as error:
            if error.code is not ErrorCode.EMAIL_TAKEN:
                raise
            created = False
        if created and account.becomes == "coordinator":
            admin.make_coordinator(conninfo, account.email)
        elif created and account.becomes == "approved peer":
            admin.approve_peer(conninfo, account.email)
        results.append((account, created))
    return results
