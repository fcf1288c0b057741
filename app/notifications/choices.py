"""The checkboxes of the notification screen: which kinds, names, and the e-mail digest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from components import Heading
from components.i18n import Translator
from components.labelled_checkbox import LabelledCheckbox
from services.notifications.models import COORDINATOR_KINDS, NotificationKind, NotificationSettings

Choose = Callable[[NotificationSettings], Awaitable[None]]

EVERYONE_KINDS = tuple(kind for kind in NotificationKind if kind not in COORDINATOR_KINDS)


def kind_choices(
    t: Translator,
    settings: NotificationSettings,
    choose: Choose,
    *,
    coordinator: bool,
    disabled: bool,
) -> list[ft.Control]:
    kinds = EVERYONE_KINDS + (COORDINATOR_KINDS if coordinator else ())

    def toggle(kind: NotificationKind) -> Callable[[bool], Awaitable[None]]:
        async def changed(wanted: bool) -> None:
            await choose(settings.choosing(kind, wanted))

        return changed

    return [
        Heading(t("notifications.kinds"), level=2),
        *(
            LabelledCheckbox(
                t(f"notifications.kind.{kind.value}"),
                settings.wants(kind),
                toggle(kind),
                disabled=disabled,
            )
            for kind in kinds
        ),
        Heading(t("notifications.lock_screen"), level=2),
        LabelledCheckbox(
            t("notifications.show_names"),
            settings.show_names,
            lambda wanted: choose(settings.model_copy(update={"show_names": wanted})),
            disabled=disabled,
        ),
    ]


def digest_choice(
    t: Translator, settings: NotificationSettings, choose: Choose, *, disabled: bool
) -> ft.Control:
    return LabelledCheckbox(
        t("notifications.email_digest"),
        settings.email_digest,
        lambda wanted: choose(settings.model_copy(update={"email_digest": wanted})),
        disabled=disabled,
    )
