"""Safety in conversations: crisis words, the "false hope" reminder, reports, alerts.

The phrase lists are data (assets/safety/<lang>.yaml), validated when first
loaded. Every message is checked against every language's lists: people
write in the language they think in, not the one the app is shown in.

Detection is deliberately simple and transparent (normalised whole-word
phrases): it only decides whether to show a banner, a reminder, or tell the
coordinator. It never blocks a message.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Annotated
from uuid import UUID

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints

from services.errors import ErrorCode, RelaisError
from services.gateway import Gateway
from services.models import AuthSession
from services.peer_support.matches import as_uuid
from services.peer_support.message_models import (
    REPORT_DETAILS_MAX_LENGTH,
    CrisisCategory,
    CrisisContact,
    Report,
    ReportReason,
    SafetyItem,
)
from services.text import check_text

SAFETY_DIR = Path(__file__).resolve().parents[2] / "assets" / "safety"
LANGUAGES = ("fr", "en")

Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]


# France's emergency numbers, shown in this order in the crisis banner.
CRISIS_CONTACTS = (
    CrisisContact(number="15", key="samu"),
    CrisisContact(number="112", key="european_emergency"),
    CrisisContact(number="114", key="deaf_or_speechless_sms", sms=True),
    CrisisContact(number="3114", key="suicide_prevention"),
)


class PhraseList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    crisis: dict[CrisisCategory, list[Phrase]]
    false_hope: list[Phrase]


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "œ": "oe", "æ": "ae"})
_NOT_A_WORD = re.compile(r"[^\w']+")


def normalise(text: str) -> str:
    """Lower case, no accents, one apostrophe style, words separated by single spaces."""
    folded = text.casefold().translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", folded)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_A_WORD.sub(" ", plain).split())


def load_phrases(language: str, directory: Path = SAFETY_DIR) -> PhraseList:
    with (directory / f"{language}.yaml").open(encoding="utf-8") as handle:
        return PhraseList.model_validate(yaml.safe_load(handle))


class _Matcher:
    def __init__(self, lists: list[PhraseList]) -> None:
        self.crisis: dict[CrisisCategory, list[str]] = {category: [] for category in CrisisCategory}
        self.false_hope: list[str] = []
        for phrases in lists:
            for category, items in phrases.crisis.items():
                self.crisis[category] += [normalise(item) for item in items]
            self.false_hope += [normalise(item) for item in phrases.false_hope]

    @staticmethod
    def found(phrases: list[str], text: str) -> list[str]:
        padded = f" {normalise(text)} "
        return [phrase for phrase in phrases if f" {phrase} " in padded]


@functools.cache
def _matcher() -> _Matcher:
    return _Matcher([load_phrases(language) for language in LANGUAGES])


def crisis_categories(text: str) -> tuple[CrisisCategory, ...]:
    """The kinds of crisis `text` speaks of, most urgent first; empty when none."""
    matcher = _matcher()
    return tuple(
        category for category in CrisisCategory if matcher.found(matcher.crisis[category], text)
    )


def false_hope_phrases(text: str) -> list[str]:
    """Promises of recovery or medical advice found in a draft (normalised)."""
    matcher = _matcher()
    return matcher.found(matcher.false_hope, text)


# -- reports and alerts (authorization is in SQL) ------------------------------------
async def report_message(
    gateway: Gateway,
    session: AuthSession,
    *,
    message_id: UUID | str,
    reason: ReportReason | str,
    details: str | None = None,
) -> Report:
    try:
        chosen = ReportReason(reason)
    except ValueError:
        raise RelaisError(ErrorCode.INVALID_INPUT, "unknown reason", field="reason") from None
    cleaned = check_text(details or "", field="details").strip() or None
    if cleaned is not None:
        check_text(cleaned, field="details", visible=True)
    if cleaned is not None and len(cleaned) > REPORT_DETAILS_MAX_LENGTH:
        raise RelaisError(ErrorCode.TEXT_TOO_LONG, "details", field="details")
    row = await gateway.rpc(
        session,
        "report_message",
        {
            "message_id": str(as_uuid(message_id, field="message_id")),
            "reason": chosen.value,
            "details": cleaned,
        },
    )
    return Report.model_validate(row)


async def raise_crisis_alert(
    gateway: Gateway, session: AuthSession, *, message_id: UUID, category: CrisisCategory
) -> UUID:
    alert_id = await gateway.rpc(
        session, "raise_crisis_alert", {"message_id": str(message_id), "category": category.value}
    )
    return UUID(str(alert_id))


async def list_safety_queue(gateway: Gateway, session: AuthSession) -> list[SafetyItem]:
    rows = await gateway.rpc(session, "list_safety_queue")
    return [SafetyItem.model_validate(row) for row in rows or []]


async def resolve_report(gateway: Gateway, session: AuthSession, *, report_id: UUID | str) -> None:
    await gateway.rpc(session, "resolve_report", {"report_id": str(as_uuid(report_id))})


async def acknowledge_alert(
    gateway: Gateway, session: AuthSession, *, alert_id: UUID | str
) -> None:
    await gateway.rpc(session, "acknowledge_crisis_alert", {"alert_id": str(as_uuid(alert_id))})
