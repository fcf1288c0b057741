"""A person with data in every table the export covers, made through the real services.

Used by the export's service and completeness tests: the survivor below has a
profile, a request, a match with messages both ways, a report, a crisis alert
(kept out of the export: see the completeness test), a block, a diary with a
caregiver's comment and reaction, a circle and an invite, a checklist with a
note and reminder, quiet hours, notification settings, a device and an e-mail.
Their peer has the peer application; a stranger keeps a private diary that
must never leak into anyone else's export.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import uuid
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from services.accounts import auth
from services.care_circle import sharing
from services.care_circle.sharing import CircleAccess
from services.diary import feedback
from services.diary import journal as diary
from services.diary.models import GoalCategory, ReactionKind
from services.errors import RelaisError
from services.gateway import Gateway
from services.guide import progress as guide_progress
from services.guide.content import load_catalogue
from services.local.guide_catalogue import sync_guide_catalogue
from services.models import AuthSession
from services.notifications import preferences
from services.notifications.models import NotificationSettings, PushSubscriptionIn
from services.peer_support import matches as peer_support
from services.peer_support import messaging, safety
from services.peer_support.message_models import CrisisCategory, ReportReason
from tests.circle_factories import join_circle
from tests.factories import make_coordinator, make_user
from tests.peer_factories import make_pair

SURVIVOR_SAYS = "Bonjour, ici Survivante Export"
PEER_SAYS = "Bonjour, je suis votre pair"
STRANGER_SECRET = "Secret du voisin, à ne jamais exporter"
DIARY_NOTE = "J’ai marché jusqu’à la boulangerie"
CHECKLIST_NOTE = "Appeler la MDPH mardi"


@dataclass
class World:
    survivor: AuthSession
    peer: AuthSession
    caregiver: AuthSession
    stranger: AuthSession
    coordinator: AuthSession
    conversation_id: uuid.UUID


def _browser_subscription() -> dict[str, object]:
    """What PushSubscription.toJSON() gives: a real P-256 key, so every check passes."""
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return {
        "endpoint": f"https://push.example/send/{uuid.uuid4().hex}",
        "keys": {"p256dh": b64(point), "auth": b64(uuid.uuid4().bytes)},
    }


async def _peer_support(gateway: Gateway, world: World) -> None:
    me, peer = world.survivor, world.peer
    await messaging.send_message(
        gateway, me, message_id=uuid.uuid4(), conversation_id=world.conversation_id,
        body=SURVIVOR_SAYS,
    )  # fmt: skip
    theirs = await messaging.send_message(
        gateway, peer, message_id=uuid.uuid4(), conversation_id=world.conversation_id,
        body=PEER_SAYS,
    )  # fmt: skip
    await messaging.mark_read(gateway, me, conversation_id=world.conversation_id, up_to_seq=2)
    await messaging.mark_read(gateway, peer, conversation_id=world.conversation_id, up_to_seq=2)
    await safety.report_message(
        gateway, me, message_id=theirs.id, reason=ReportReason.UPSETTING, details="Trop brusque"
    )
    await safety.raise_crisis_alert(
        gateway, me, message_id=theirs.id, category=CrisisCategory.STROKE_WARNING_SIGNS
    )
    await messaging.set_quiet_hours(gateway, me, starts_at=dt.time(21), ends_at=dt.time(8))


async def _diary_and_circle(gateway: Gateway, conninfo: str, world: World) -> None:
    me, carer = world.survivor, world.caregiver
    await join_circle(gateway, me, carer, access=CircleAccess.EDITOR)
    await sharing.create_invite(gateway, me, access=CircleAccess.READER)
    goal = await diary.create_goal(
        gateway, me, survivor_id=me.user_id, title="Marcher", category=GoalCategory.MOBILITY
    )
    entry = await diary.add_entry(
        gateway, me, survivor_id=me.user_id, body=DIARY_NOTE, mood=4, goal_id=goal.id,
        progress_percent=40, entry_date=dt.date.today(),
    )  # fmt: skip
    await feedback.add_comment(
        gateway, carer, survivor_id=me.user_id, entry_id=entry.id, body="Bravo !"
    )
    await feedback.react(
        gateway, carer, survivor_id=me.user_id, entry_id=entry.id, kind=ReactionKind.APPLAUSE
    )
    await diary.share_with_matched_peer(gateway, me, enabled=True)
    catalogue = load_catalogue()
    sync_guide_catalogue(conninfo, catalogue)
    await guide_progress.save_details(
        gateway, me, owner_id=me.user_id, procedure_id="mdph-file", note=CHECKLIST_NOTE,
        remind_on=dt.date.today() + dt.timedelta(days=7), catalogue=catalogue,
    )  # fmt: skip
    stranger = world.stranger
    await diary.add_entry(
        gateway, stranger, survivor_id=stranger.user_id, body=STRANGER_SECRET, mood=2
    )


async def _settings_and_traces(gateway: Gateway, world: World) -> None:
    me = world.survivor
    current = await preferences.get_notification_settings(gateway, me)
    await preferences.save_notification_settings(
        gateway, me, NotificationSettings(**{**current.model_dump(), "email_digest": True})
    )
    await preferences.save_push_subscription(
        gateway, me, PushSubscriptionIn.from_browser(_browser_subscription(), "Téléphone")
    )
    # The throttle tables the completeness test must see as holding this person's rows.
    with contextlib.suppress(RelaisError):
        await auth.sign_in(gateway, email=me.email, password="not the password at all")
    with contextlib.suppress(RelaisError):
        await sharing.redeem_invite(gateway, world.caregiver, code="WRONG-CODE-00")


async def make_world(gateway: Gateway, conninfo: str) -> World:
    coordinator = await make_coordinator(gateway, conninfo)
    pair = await make_pair(gateway, coordinator)
    world = World(
        survivor=pair.requester,
        peer=pair.peer,
        caregiver=await make_user(gateway, role="caregiver", display_name="Aidant Export"),
        stranger=await make_user(gateway, role="survivor", display_name="Voisin Export"),
        coordinator=coordinator,
        conversation_id=pair.conversation_id,
    )
    await _peer_support(gateway, world)
    await _diary_and_circle(gateway, conninfo, world)
    await _settings_and_traces(gateway, world)
    # Last: blocking ends the match and closes the conversation.
    await peer_support.block_partner(gateway, world.survivor, match_id=pair.match.id)
    return world
