"""The people and data the accessibility audit looks at, made through the services.

One survivor with a goal (with its Goal Attainment Scale), entries with faces
and comments, a caregiver in the circle and an invite code; an approved peer
supporter matched with the survivor, in a conversation where the survivor spoke
of a crisis and reported a message; a second survivor whose request waits for a
match; a pending applicant; a fresh peer supporter who has not applied; a
coordinator.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from services.accounts import auth, profiles
from services.care_circle import invitations, sharing
from services.care_circle.sharing import CircleAccess
from services.diary import feedback, journal
from services.local import admin
from services.local.gateway import LocalGateway
from services.notifications import preferences
from services.notifications.models import NotificationSettings, PushSubscriptionIn
from services.peer_support import matches, messaging, safety
from tests.circle_factories import join_circle

from .journeys import PASSWORD, Person, a_person

TRAINED_ON = dt.date(2026, 1, 15)
APPLICATION: dict[str, Any] = {
    "topics": ["emotional_support"],
    "languages": ["fr"],
    "departement": "69",
    "availability": "Le soir",
    "accepts_charter": True,
    "stroke_year": 2019,
}


@dataclass
class AuditWorld:
    people: dict[str, Person]
    addresses: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


async def _sign_up(gateway: LocalGateway, person: Person, role: str) -> Any:
    return await auth.sign_up(
        gateway, email=person.email, password=PASSWORD,
        display_name=person.display_name, role=role, locale="fr",
    )  # fmt: skip


async def make_world(conninfo: str) -> AuditWorld:
    tag = uuid.uuid4().hex[:4]
    roles = {
        "survivor": "survivor", "caregiver": "caregiver", "peer": "peer",
        "new_peer": "peer", "applicant": "peer", "waiting": "survivor", "coordinator": "survivor",
    }  # fmt: skip
    people = {key: a_person(f"{key.replace('_', ' ').title()} {tag}") for key in roles}
    world = AuditWorld(people)
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        s = {key: await _sign_up(gateway, people[key], role) for key, role in roles.items()}
        assert admin.make_coordinator(conninfo, people["coordinator"].email)
        coordinator = await auth.sign_in(
            gateway, email=people["coordinator"].email, password=PASSWORD
        )
        await _peer_support(gateway, s, coordinator, world)
        await _diary(gateway, s, world)
        await _notifications(gateway, s)
        return world
    finally:
        await gateway.close()


async def _peer_support(
    gateway: LocalGateway, s: dict[str, Any], coordinator: Any, world: AuditWorld
) -> None:
    for key in ("peer", "applicant"):
        await matches.submit_application(gateway, s[key], **APPLICATION)
    await matches.approve_peer(
        gateway, coordinator, peer_id=s["peer"].user_id, training_completed_on=TRAINED_ON
    )
    request = await matches.request_peer(
        gateway, s["survivor"], topics=["emotional_support"], language="fr"
    )
    match = await matches.propose_match(
        gateway, coordinator, request_id=request.id, peer_id=s["peer"].user_id
    )
    for key in ("survivor", "peer"):
        await matches.respond_to_match(gateway, s[key], match_id=match.id, accept=True)
    conversation = (await matches.list_my_matches(gateway, s["survivor"]))[0].conversation_id
    assert conversation is not None
    world.addresses["conversation"] = f"/home/messages/{conversation}"
    said = await messaging.send_message(
        gateway, s["peer"], message_id=uuid.uuid4(), conversation_id=conversation,
        body="Bonjour, je suis là pour vous écouter.",
    )  # fmt: skip
    await messaging.send_message(
        gateway, s["survivor"], message_id=uuid.uuid4(), conversation_id=conversation,
        body="Merci. Certains jours je veux mourir.",
    )  # fmt: skip
    await safety.report_message(gateway, s["survivor"], message_id=said.id, reason="other")
    waiting = await matches.request_peer(
        gateway, s["waiting"], topics=["emotional_support"], language="fr"
    )
    world.addresses["request"] = f"/home/coordination/requests/{waiting.id}"


async def _diary(gateway: LocalGateway, s: dict[str, Any], world: AuditWorld) -> None:
    survivor = s["survivor"]
    me = survivor.user_id
    await join_circle(gateway, survivor, s["caregiver"], access=CircleAccess.EDITOR)
    invite = await sharing.create_invite(gateway, survivor, access=CircleAccess.READER)
    world.addresses["join"] = f"/home/diary/join/{invite.code}"
    # E-mail invitations waiting: one on the survivor's sharing screen, one for the caregiver.
    await invitations.invite_by_email(
        gateway, survivor, email="un-proche@example.org", access=CircleAccess.READER
    )
    await invitations.invite_by_email(
        gateway, s["waiting"], email=s["caregiver"].email, access=CircleAccess.READER
    )
    goal = await journal.create_goal(
        gateway, survivor, survivor_id=me, title="Marcher jusqu'à la boulangerie",
        category="mobility", gas_minus_2="Je reste à la maison", gas_minus_1="Jusqu'au portail",
        gas_0="Jusqu'au coin de la rue", gas_plus_1="Jusqu'à la boulangerie",
        gas_plus_2="Aller-retour sans pause", gas_level=-1,
    )  # fmt: skip
    today = dt.date.today()
    for days_ago, level, mood in ((20, -2, 2), (10, -1, 3), (2, 0, 4)):
        entry = await journal.add_entry(
            gateway, survivor, survivor_id=me, entry_date=today - dt.timedelta(days=days_ago),
            body="Un peu plus loin aujourd'hui.", mood=mood, fatigue=3,
            goal_id=goal.id, gas_level=level,
        )  # fmt: skip
    await feedback.add_comment(
        gateway, s["caregiver"], survivor_id=me, entry_id=entry.id, body="Bravo, continue !"
    )
    await journal.add_entry(gateway, survivor, survivor_id=me, body="Rien de spécial.", mood=3)
    book = f"/home/diary/d/{me}"
    world.addresses.update(
        book=book, goal=f"{book}/goal/{goal.id}", entry=f"{book}/entry/{entry.id}"
    )
    world.names["caregiver"] = world.people["caregiver"].display_name


async def _notifications(gateway: LocalGateway, s: dict[str, Any]) -> None:
    """A device and an e-mail to list (the device's host is on no allowed list: never called)."""
    survivor = s["survivor"]
    await preferences.save_push_subscription(
        gateway, survivor,
        PushSubscriptionIn(
            endpoint=f"https://push.invalid/audit/{survivor.user_id}",
            p256dh="B" + "A" * 86, auth="A" * 22, device_label="Chrome · Android",
        ),
    )  # fmt: skip
    await preferences.save_notification_settings(
        gateway, survivor, NotificationSettings(email_digest=True)
    )


async def set_display(conninfo: str, person: Person, *, text_scale: int, contrast: bool) -> None:
    """The person's own display choices, as the profile screen stores them."""
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        session = await auth.sign_in(gateway, email=person.email, password=PASSWORD)
        await profiles.update_my_profile(
            gateway, session, text_scale=text_scale, high_contrast=contrast
        )
    finally:
        await gateway.close()
