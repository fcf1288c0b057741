"""A survivor or caregiver asks for a peer supporter: topics, preferences, a few words.

No "same gender as me" wish: nobody's profile says a gender, so the wish
could never be honoured; it is not offered.
"""

from __future__ import annotations

from typing import Any, cast

import flet as ft

from app.i18n import error_message
from app.peer_support import routes as peer_routes
from app.peer_support.state import use_peer_support
from components import ActionButton, BodyText, ErrorArea, FormField, OneOf, Screen
from components.choice_list import ChoiceList
from components.hooks import use_action, use_latest, use_t
from components.labelled_checkbox import LabelledCheckbox
from services.peer_support.models import SupportTopic


@ft.component
def AskForPeerView() -> ft.Control:
    support = use_peer_support()
    t = use_t()
    page = ft.context.page
    latest = use_latest(
        cast(
            dict[str, Any],
            {
                "topics": [],
                "language": support.locale(),
                "departement": "",
                "wants_nearby": False,
                "wants_aphasia_experience": False,
                "wants_returned_to_work": False,
                "about": "",
            },
        )
    )
    form = latest.shown  # what is drawn; handlers read latest.now()
    action = use_action()

    def setter(name: str):  # type: ignore[no-untyped-def]
        def changed(value: Any) -> None:
            latest.set({**latest.now(), name: value})

        return changed

    def checkbox(name: str) -> ft.Control:
        return LabelledCheckbox(t(f"messaging.field.{name}"), bool(form[name]), setter(name))

    async def submit() -> None:
        async def work() -> None:
            form = latest.now()
            await support.request_peer(
                topics=form["topics"],
                language=form["language"],
                departement=form["departement"].strip() or None,
                wants_nearby=form["wants_nearby"],
                wants_aphasia_experience=form["wants_aphasia_experience"],
                wants_returned_to_work=form["wants_returned_to_work"],
                about=form["about"],
            )
            await page.push_route(peer_routes.MESSAGES)

        await action.run(work)

    return Screen(
        title=t("messaging.peer.ask_title"),
        controls=[
            BodyText(t("messaging.peer.ask_intro"), muted=True),
            ChoiceList(
                label=t("messaging.field.topics"),
                options=[
                    (topic.value, t(f"messaging.topic.{topic.value}")) for topic in SupportTopic
                ],
                chosen=form["topics"],
                on_change=setter("topics"),
            ),
            OneOf(
                t("messaging.field.language_wanted"),
                [(code, t(f"messaging.language_name.{code}")) for code in ("fr", "en")],
                form["language"],
                setter("language"),
            ),
            FormField(
                label=t("field.departement"),
                value=form["departement"],
                on_change=setter("departement"),
                helper=t("field.departement_help"),
            ),
            checkbox("wants_nearby"),
            checkbox("wants_aphasia_experience"),
            checkbox("wants_returned_to_work"),
            FormField(
                label=t("messaging.field.about"),
                value=form["about"],
                on_change=setter("about"),
                multiline=True,
                max_length=500,
                helper=t("messaging.field.about_help"),
            ),
            ErrorArea(error_message(t, action.failure) if action.failure else None),
            ActionButton(
                t("messaging.peer.ask_submit"),
                on_click=submit,
                busy=action.busy,
                icon=ft.Icons.SEND,
            ),
        ],
    )
