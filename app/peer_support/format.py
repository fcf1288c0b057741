"""Small wording helpers shared by the peer-support screens."""

from __future__ import annotations

import datetime as dt

from app.i18n import Translator
from services.peer_support.models import SupportTopic


def age(t: Translator, since: dt.datetime, now: dt.datetime | None = None) -> str:
    """How long something has waited, in the coarsest unit that says it (minutes, hours, days)."""
    elapsed = (now or dt.datetime.now(dt.UTC)) - since
    minutes = max(int(elapsed.total_seconds() // 60), 0)
    if minutes < 60:
        return t("messaging.age.minutes", count=minutes)
    if minutes < 48 * 60:
        return t("messaging.age.hours", count=minutes // 60)
    return t("messaging.age.days", count=minutes // (24 * 60))


def topics(t: Translator, chosen: list[SupportTopic]) -> str:
    return ", ".join(t(f"messaging.topic.{topic.value}") for topic in chosen)
