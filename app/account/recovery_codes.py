"""The coordinator's screen to issue a password recovery code (local mode).

The coordinator first checks who the person is, in person or by phone; the
screen says so before anything else. The code shows once, here, in large
type to read aloud; only its hash is kept. Below, the audit of codes issued.
The database refuses anyone who is not a coordinator, whatever this shows.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import cast
from uuid import UUID

import flet as ft

from app.account.recovery_routes import RECOVERY_CODES
from app.i18n import error_message, role_name_key
from app.state import use_app_state
from components import ActionButton, BodyText, ErrorArea, FormField, Heading, NoticeArea, Screen
from components.hooks import use_action, use_t
from services.accounts import profiles, recovery
from services.accounts.recovery import IssuedCode, RecoveryAudit
from services.accounts.recovery_mail import RecoveryMailer
from services.errors import RelaisError
from services.models import Profile

logger = logging.getLogger(__name__)

SHOWN_PEOPLE = 20


@ft.component
def RecoveryCodesLink() -> ft.Control:
    """The way in from the coordination home, worded by this feature's catalogue."""
    t = use_t()
    page = ft.context.page

    async def open_screen() -> None:
        await page.push_route(RECOVERY_CODES)

    return ActionButton(
        t("recovery.coord.open"), on_click=open_screen, primary=False, icon=ft.Icons.KEY
    )


def when(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


@ft.component
def RecoveryCodesView() -> ft.Control:
    state = use_app_state()
    t = use_t()
    people, set_people = ft.use_state(cast(list[Profile], []))
    audit, set_audit = ft.use_state(cast(list[RecoveryAudit], []))
    search, set_search = ft.use_state("")
    issued, set_issued = ft.use_state(cast(tuple[str, IssuedCode] | None, None))
    # None: no e-mail server; True/False: the code also went, or failed to go, by e-mail.
    emailed, set_emailed = ft.use_state(cast(bool | None, None))
    version, set_version = ft.use_state(0)
    failure, set_failure = ft.use_state(cast(RelaisError | None, None))
    issuing = use_action()

    async def load() -> None:
        session = state.session
        if session is None:
            return
        try:
            set_people(await profiles.list_profiles(state.gateway, session))
            set_audit(await recovery.list_recovery_audit(state.gateway, session))
            set_failure(None)
        except RelaisError as error:
            set_failure(error)

    ft.use_effect(load, [version])

    def issue_for(person: Profile) -> ft.Control:
        async def issue() -> None:
            async def work() -> None:
                session = state.session
                if session is None:
                    return
                code = await recovery.issue_recovery_code(
                    state.gateway, session, person_id=person.id
                )
                set_issued((person.display_name, code))
                set_version(lambda v: v + 1)
                set_emailed(await _email_code(state.recovery_mailer, person.id, code))

            await issuing.run(work)

        return ActionButton(
            t("recovery.coord.issue_for", name=person.display_name),
            on_click=issue,
            busy=issuing.busy,
            primary=False,
            icon=ft.Icons.KEY,
            identifier=f"issue-code-{person.id}",
        )

    names: dict[UUID, str] = {person.id: person.display_name for person in people}
    me = state.session.user_id if state.session else None
    wanted = search.strip().casefold()
    matching = [
        person
        for person in people
        if person.id != me and (not wanted or wanted in person.display_name.casefold())
    ]
    now = dt.datetime.now(dt.UTC)

    def audit_line(row: RecoveryAudit) -> ft.Control:
        text = t(
            "recovery.coord.audit_line",
            person=names.get(row.person_id, "—"),
            issuer=names.get(row.issued_by, "—") if row.issued_by else "—",
            when=when(row.created_at),
            status=t(f"recovery.coord.status.{row.status(now)}"),
        )
        return ft.Semantics(identifier=f"audit-{row.id}", content=BodyText(text))

    shown_code: list[ft.Control] = []
    if issued is not None:
        name, code = issued
        shown_code = [
            NoticeArea(
                t("recovery.coord.issued", name=name, until=when(code.expires_at)),
                identifier="issued-notice",
                icon=ft.Icons.CHECK_CIRCLE_OUTLINE,
            ),
            NoticeArea(
                None if emailed is None else t(f"recovery.coord.emailed.{str(emailed).lower()}"),
                identifier="issued-emailed",
                icon=ft.Icons.MAIL_OUTLINE,
            ),
            ft.Semantics(
                identifier="issued-code",
                label=t("recovery.coord.code_label", code=" ".join(code.readable)),
                content=ft.Text(
                    code.readable,
                    selectable=True,
                    theme_style=ft.TextThemeStyle.DISPLAY_SMALL,
                    weight=ft.FontWeight.W_700,
                    font_family="monospace",
                ),
            ),
            BodyText(t("recovery.coord.once")),
        ]

    return Screen(
        title=t("recovery.coord.title"),
        controls=[
            NoticeArea(
                t("recovery.coord.check_first"),
                identifier="check-identity",
                icon=ft.Icons.VERIFIED_USER_OUTLINED,
            ),
            BodyText(t("recovery.coord.how")),
            *shown_code,
            ErrorArea(error_message(t, issuing.failure) if issuing.failure else None),
            ErrorArea(error_message(t, failure) if failure else None, identifier="load-error"),
            Heading(t("recovery.coord.people"), level=2),
            FormField(t("recovery.coord.search"), search, set_search),
            *[
                ft.Column(
                    spacing=4,
                    controls=[
                        BodyText(
                            t(
                                "recovery.coord.person",
                                name=person.display_name,
                                role=t(role_name_key(person.role)),
                            )
                        ),
                        issue_for(person),
                    ],
                )
                for person in matching[:SHOWN_PEOPLE]
            ],
            *([] if matching else [BodyText(t("recovery.coord.nobody"), muted=True)]),
            Heading(t("recovery.coord.audit"), level=2),
            *(
                [audit_line(row) for row in audit]
                or [BodyText(t("recovery.coord.no_audit"), muted=True)]
            ),
        ],
    )


async def _email_code(
    mailer: RecoveryMailer | None, person_id: UUID, code: IssuedCode
) -> bool | None:
    """Also e-mail the code when the server can; a failure only means handing it over by voice."""
    if mailer is None:
        return None
    try:
        return await mailer.send(person_id, code)
    except Exception:  # SMTP down, refused, timed out: the code on screen still works
        logger.warning("could not e-mail a recovery code", exc_info=True)
        return False
