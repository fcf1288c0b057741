"""What a lock screen and an e-mail say, in the recipient's language.

The rule (DESIGN.md decision 11): a notification names a kind of event and,
if the person allows it, who acted; never what anyone wrote, never a medical
word. Reminders name the procedure ("Rappel : MDPH"), which is administrative.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.models import Locale, typeset
from services.notifications.models import NotificationKind, RenderedEmail

_PUSH: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Relais",
        "message": "Nouveau message",
        "message_from": "Nouveau message de {name}",
        "match": "Du nouveau pour votre mise en relation",
        "diary": "Un commentaire sur votre journal",
        "diary_from": "{name} a réagi à votre journal",
        "reminder": "Rappel : {subject}",
        "reminder_plain": "Rappel : une démarche à faire aujourd'hui",
        "coordination": "Une demande attend la coordination",
        "crisis": "Alerte de sécurité : à traiter maintenant",
        "held": "Pendant vos heures calmes : {count} notifications",
    },
    "en": {
        "title": "Relais",
        "message": "New message",
        "message_from": "New message from {name}",
        "match": "News about your peer match",
        "diary": "A comment on your diary",
        "diary_from": "{name} responded to your diary",
        "reminder": "Reminder: {subject}",
        "reminder_plain": "Reminder: a step to take today",
        "coordination": "Something is waiting for coordination",
        "crisis": "Safety alert: needs you now",
        "held": "During your quiet hours: {count} notifications",
    },
}

_SETTINGS_LABEL = {"fr": "Réglages", "en": "Settings"}

# (one, several): "1 nouveau message", "3 nouveaux messages".
_KIND_NAMES: dict[str, dict[str, tuple[str, str]]] = {
    "fr": {
        "message": ("nouveau message", "nouveaux messages"),
        "match": ("nouvelle sur votre mise en relation", "nouvelles sur votre mise en relation"),
        "diary": (
            "commentaire ou réaction sur votre journal",
            "commentaires ou réactions sur votre journal",
        ),
        "reminder": ("rappel de démarche", "rappels de démarches"),
        "coordination": ("demande pour la coordination", "demandes pour la coordination"),
        "crisis": ("alerte de sécurité", "alertes de sécurité"),
    },
    "en": {
        "message": ("new message", "new messages"),
        "match": ("piece of news about your peer match", "pieces of news about your peer match"),
        "diary": ("comment or reaction on your diary", "comments or reactions on your diary"),
        "reminder": ("reminder of a step to take", "reminders of steps to take"),
        "coordination": ("request for coordination", "requests for coordination"),
        "crisis": ("safety alert", "safety alerts"),
    },
}

_EMAIL: dict[str, dict[str, str]] = {
    "fr": {
        "digest_subject": "Relais : votre résumé du jour",
        "digest_intro": "Bonjour,\n\nDepuis votre dernier résumé, sur Relais :",
        "digest_on_subject": "Relais : résumé quotidien activé",
        "digest_on_body": (
            "Bonjour,\n\nVous recevrez désormais un courriel par jour, le matin, "
            "quand quelque chose vous attend sur Relais et que les notifications "
            "de votre téléphone ne vous ont pas prévenu. Il ne contient jamais "
            "le texte de vos échanges."
        ),
        "open": "Ouvrir Relais : {url}",
        "unsubscribe": "Ne plus recevoir ces courriels : {url}",
    },
    "en": {
        "digest_subject": "Relais: your daily summary",
        "digest_intro": "Hello,\n\nSince your last summary, on Relais:",
        "digest_on_subject": "Relais: daily summary turned on",
        "digest_on_body": (
            "Hello,\n\nFrom now on you will get one e-mail a day, in the morning, "
            "when something is waiting for you on Relais and your phone's "
            "notifications did not tell you. It never contains what anyone wrote."
        ),
        "open": "Open Relais: {url}",
        "unsubscribe": "Stop these e-mails: {url}",
    },
}

# Where the e-mails' unsubscribe link leads: the notification settings.
SETTINGS_ROUTE = "/home/profile/notifications"


def _language(locale: str | None) -> Locale:
    return Locale(locale) if locale in _PUSH else Locale.FR


def push_text(
    kind: NotificationKind,
    locale: str | None,
    *,
    actor_name: str | None = None,
    subject: str | None = None,
) -> tuple[str, str]:
    """The title and body of one notification."""
    lang = _language(locale)
    words = _PUSH[lang]
    key = kind.value
    fields: dict[str, Any] = {}
    if actor_name and kind in (NotificationKind.MESSAGE, NotificationKind.DIARY):
        key, fields = f"{key}_from", {"name": actor_name}
    elif kind is NotificationKind.REMINDER:
        key, fields = ("reminder", {"subject": subject}) if subject else ("reminder_plain", {})
    return words["title"], typeset(lang, words[key].format(**fields))


def settings_label(locale: str | None) -> str:
    return _SETTINGS_LABEL[_language(locale)]


def held_text(count: int, locale: str | None) -> tuple[str, str]:
    lang = _language(locale)
    return _PUSH[lang]["title"], typeset(lang, _PUSH[lang]["held"].format(count=count))


def render_email(
    template: str, data: Mapping[str, Any], locale: str | None, public_url: str
) -> RenderedEmail:
    lang = _language(locale)
    words = _EMAIL[lang]
    base = public_url.rstrip("/")
    footer = "\n\n" + typeset(
        lang,
        "\n".join(
            (
                words["open"].format(url=base + "/home"),
                words["unsubscribe"].format(url=base + SETTINGS_ROUTE),
            )
        ),
    )
    if template == "digest_on":
        return RenderedEmail(
            subject=typeset(lang, words["digest_on_subject"]),
            body=typeset(lang, words["digest_on_body"]) + footer,
        )
    counts = data.get("counts") or {}
    lines = [
        f"- {int(count)} {_kind_name(lang, str(kind), int(count))}"
        for kind, count in sorted(counts.items())
    ]
    return RenderedEmail(
        subject=typeset(lang, words["digest_subject"]),
        body=typeset(lang, words["digest_intro"]) + "\n" + "\n".join(lines) + footer,
    )


def _kind_name(lang: Locale, kind: str, count: int) -> str:
    one, several = _KIND_NAMES[lang].get(kind, (kind, kind))
    # French counts 0 and 1 as singular; English only 1.
    return one if count == 1 or (count == 0 and lang is Locale.FR) else several
