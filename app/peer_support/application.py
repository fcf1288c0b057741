"""A peer supporter applies (or updates their application): lived experience, offer, charter."""

from __future__ import annotations

from typing import Any, cast

import flet as ft

from app.i18n import error_message
from app.peer_support import routes as peer_routes
from app.peer_support.state import use_peer_support
from components import ActionButton, BodyText, ErrorArea, FormField, Screen
from components.choice_list import ChoiceList
from components.hooks import use_action, use_latest, use_t
from components.labelled_checkbox import LabelledCheckbox
from services.peer_support.models import DEFAULT_CAPACITY, SupportTopic

LANGUAGES = ("fr", "en", "ar", "es", "de", "it", "pt")


@ft.component
def PeerApplicationView() -> ft.Control:
    support = use_peer_support()
    t = use_t()
    page = ft.context.page
    latest = use_latest(
        cast(
            dict[str, Any],
            {
                "topics": [],
                "languages": ["fr"],
                "departement": "",
                "availability": "",
                "capacity": str(DEFAULT_CAPACITY),
                "stroke_year": "",
                "aphasia_experience": False,
                "returned_to_work": False,
                "drives_again": False,
                "accepts_charter": False,
            },
        )
    )
    form = latest.shown  # what is drawn; handlers read latest.now()
    action = use_action()

    async def load() -> None:
        existing = await support.my_application()
        if existing is not None:
            latest.set(
                {
                    "topics": [topic.value for topic in existing.topics],
                    "languages": list(existing.languages),
                    "departement": existing.departement,
                    "availability": existing.availability,
                    "capacity": str(existing.capacity),
                    "stroke_year": str(existing.stroke_year or ""),
                    "aphasia_experience": bool(existing.aphasia_experience),
                    "returned_to_work": bool(existing.returned_to_work),
                    "drives_again": bool(existing.drives_again),
                    "accepts_charter": False,  # accepted again with every change
                }
            )

    ft.use_effect(load, [])

    def setter(name: str):  # type: ignore[no-untyped-def]
        def changed(value: Any) -> None:
            latest.set({**latest.now(), name: value})

        return changed

    def checkbox(name: str, label_key: str) -> ft.Control:
        return LabelledCheckbox(t(label_key), bool(form[name]), setter(name))

    async def submit() -> None:
        async def work() -> None:
            form = latest.now()
            await support.submit_application(
                topics=form["topics"],
                languages=form["languages"],
                departement=form["departement"],
                availability=form["availability"],
                capacity=int(form["capacity"] or DEFAULT_CAPACITY),
                stroke_year=int(form["stroke_year"]) if form["stroke_year"] else None,
                aphasia_experience=form["aphasia_experience"] or None,
                returned_to_work=form["returned_to_work"] or None,
                drives_again=form["drives_again"] or None,
                accepts_charter=form["accepts_charter"],
            )
            await page.push_route(peer_routes.MESSAGES)

        await action.run(work)

    return Screen(
        title=t("messaging.peer.apply_title"),
        controls=[
            BodyText(t("messaging.peer.apply_intro"), muted=True),
            ChoiceList(
                label=t("messaging.field.topics"),
                options=[
                    (topic.value, t(f"messaging.topic.{topic.value}")) for topic in SupportTopic
                ],
                chosen=form["topics"],
                on_change=setter("topics"),
            ),
            ChoiceList(
                label=t("messaging.field.languages"),
                options=[(code, t(f"messaging.language_name.{code}")) for code in LANGUAGES],
                chosen=form["languages"],
                on_change=setter("languages"),
            ),
            FormField(
                label=t("field.departement"),
                value=form["departement"],
                on_change=setter("departement"),
                helper=t("field.departement_help"),
            ),
            FormField(
                label=t("messaging.field.availability"),
                value=form["availability"],
                on_change=setter("availability"),
                multiline=True,
                max_length=300,
            ),
            FormField(
                label=t("messaging.field.capacity"),
                value=form["capacity"],
                on_change=setter("capacity"),
                numbers_only=True,
                helper=t("messaging.field.capacity_help"),
            ),
            BodyText(t("messaging.peer.lived_experience"), muted=True),
            FormField(
                label=t("messaging.field.stroke_year"),
                value=form["stroke_year"],
                on_change=setter("stroke_year"),
                numbers_only=True,
            ),
            checkbox("aphasia_experience", "messaging.field.aphasia_experience"),
            checkbox("returned_to_work", "messaging.field.returned_to_work"),
            checkbox("drives_again", "messaging.field.drives_again"),
            ft.Semantics(identifier="peer-charter", content=BodyText(t("messaging.peer.charter"))),
            checkbox("accepts_charter", "messaging.field.accepts_charter"),
            ErrorArea(error_message(t, action.failure) if action.failure else None),
            ActionButton(
                t("messaging.peer.apply_submit"),
                on_click=submit,
                busy=action.busy,
                icon=ft.Icons.SEND,
            ),
        ],
    )
