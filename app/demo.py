"""Demo accounts, one per kind of person using Relais, for trying the app locally."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from services.accounts import auth
from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.local import admin
from services.peer_support import matches as peer_support

# Not a secret: these accounts exist only in a local demo database.
DEMO_PASSWORD = "relais-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: str  # the role chosen at sign-up
    becomes: str = ""  # "coordinator" or "approved peer": set afterwards by an administrator
    application: dict[str, Any] | None = None  # what a peer supporter applies with


def _application(topics: list[str], departement: str, **lived: Any) -> dict[str, Any]:
    return {
        "topics": topics,
        "languages": ["fr"],
        "departement": departement,
        "availability": "En semaine, en fin de journée",
        "accepts_charter": True,
        **lived,
    }


DEMO_ACCOUNTS = (
    DemoAccount("survivant@demo.relais.example", "Survivant (démo)", "survivor"),
    DemoAccount("aidant@demo.relais.example", "Aidant (démo)", "caregiver"),
    DemoAccount(
        "pair1@demo.relais.example",
        "Pair aidant 1 (démo)",
        "peer",
        "approved peer",
        _application(
            ["emotional_support", "return_to_work", "administrative_procedures"],
            "69",
            stroke_year=2019,
            returned_to_work=True,
        ),
    ),
    DemoAccount(
        "pair2@demo.relais.example",
        "Pair aidant 2 (démo)",
        "peer",
        "approved peer",
        _application(
            ["aphasia", "caregiver_support", "care_pathway"],
            "01",
            stroke_year=2021,
            aphasia_experience=True,
        ),
    ),
    DemoAccount(
        "candidat@demo.relais.example",
        "Candidat pair aidant (démo)",
        "peer",
        application=_application(["emotional_support", "driving"], "38", drives_again=True),
    ),
    DemoAccount(
        "coordination@demo.relais.example", "Coordination (démo)", "survivor", "coordinator"
    ),
)


async def create_demo_accounts(gateway: Gateway, conninfo: str) -> list[tuple[DemoAccount, bool]]:
    """Create what is missing; return each account with whether it was created now.

    Peer supporters apply and the demo coordinator approves them through the
    app's own functions, so the demo shows what a real coordinator would see.
    """
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
        results.append((account, created))
    for account, created in results:
        if created and account.application is not None:
            await _apply(gateway, account)
    return results


async def _apply(gateway: Gateway, account: DemoAccount) -> None:
    assert account.application is not None
    peer = await auth.sign_in(gateway, email=account.email, password=DEMO_PASSWORD)
    try:
        await peer_support.submit_application(gateway, peer, **account.application)
    finally:
        await auth.sign_out(gateway, peer)
    if account.becomes != "approved peer":
        return
    coordinator = await auth.sign_in(gateway, email=COORDINATOR_EMAIL, password=DEMO_PASSWORD)
    try:
        await peer_support.approve_peer(
            gateway, coordinator, peer_id=peer.user_id, training_completed_on=dt.date.today()
        )
    finally:
        await auth.sign_out(gateway, coordinator)


COORDINATOR_EMAIL = next(a.email for a in DEMO_ACCOUNTS if a.becomes == "coordinator")
