"""The catalogue keys built from enums, and the translation functions views use.

Building a key from an enum in one place lets the catalogue test check every
key the code can ask for. The catalogue itself, and `t`, are components.i18n's:
components translate too, through the context the shell provides.
"""

from __future__ import annotations

from components.i18n import (
    DEFAULT_LOCALE,
    LOCALES_DIR,
    Translator,
    catalogue_files,
    error_message,
    field_key,
    is_known_key,
    load_catalogue,
    translate,
    translator,
)
from services.models import Locale, PeerStatus, Role

# Views import the translation functions from here with the key helpers.
__all__ = [
    "DEFAULT_LOCALE",
    "LOCALES_DIR",
    "Translator",
    "catalogue_files",
    "error_message",
    "field_key",
    "is_known_key",
    "language_key",
    "load_catalogue",
    "own_language_names",
    "peer_status_key",
    "peer_status_short_key",
    "peer_status_text",
    "role_key",
    "role_name_key",
    "translate",
    "translator",
]


def role_key(role: Role) -> str:
    return f"role.{role.value}"


def role_name_key(role: Role) -> str:
    """The role as a noun ("Peer supporter"); `role_key` is the sign-up phrase ("I am...")."""
    return f"role_name.{role.value}"


def peer_status_key(status: PeerStatus) -> str:
    return f"peer_status.{status.value}"


def peer_status_text(t: Translator, status: PeerStatus | None) -> str | None:
    """Where a peer supporter's application stands, in words; None for everyone else."""
    return t(peer_status_key(status)) if status is not None else None


def peer_status_short_key(status: PeerStatus) -> str:
    return f"peer_status.short.{status.value}"


def language_key(locale: Locale) -> str:
    return f"language.{locale.value}"


def own_language_names() -> dict[Locale, str]:
    """Each language named in itself ("English" stays "English"), so anyone finds theirs."""
    return {locale: translate(locale, language_key(locale)) for locale in Locale}
