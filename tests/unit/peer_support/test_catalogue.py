"""The peer-support screens' sentences exist in French and English, with the same placeholders."""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

import pytest

from services.peer_support.matching import Flag, ReasonCode
from services.peer_support.message_models import CrisisCategory, QuickReply, ReportReason
from services.peer_support.models import SupportTopic
from services.peer_support.safety import CRISIS_CONTACTS

ROOT = Path(__file__).resolve().parents[3]
CATALOGUES = {lang: ROOT / "assets" / "locales" / lang / "messaging.json" for lang in ("fr", "en")}
# The Peers screen and the Messages tab's frame speak with the shell's catalogue.
SHELL_SCREENS = {"coordination_peers.py", "messages.py"}
SCREENS = [
    *sorted(
        path
        for path in (ROOT / "app" / "peer_support").glob("*.py")
        if path.name not in SHELL_SCREENS
    ),
    *sorted((ROOT / "components" / "peer_support").glob("*.py")),
]
# Keys the shell's catalogues own (shared words used by these screens too).
SHELL_KEYS = {"messages.title", "field.departement", "field.departement_help"}


def catalogue(lang: str) -> dict[str, str]:
    loaded: dict[str, str] = json.loads(CATALOGUES[lang].read_text("utf-8"))
    return loaded


def literal_keys() -> set[str]:
    keys = set()
    for path in SCREENS:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                keys.add(node.args[0].value)
    return keys - SHELL_KEYS


def enumerated_keys() -> set[str]:
    return {
        *(f"messaging.topic.{t.value}" for t in SupportTopic),
        *(f"messaging.chat.quick.{r.value}" for r in QuickReply),
        *(f"messaging.chat.reason.{r.value}" for r in ReportReason),
        *(f"messaging.safety.report.{r.value}" for r in ReportReason),
        *(f"messaging.safety.alert.{c.value}" for c in CrisisCategory),
        *(f"messaging.safety.contact.{c.key}" for c in CRISIS_CONTACTS),
        *(f"messaging.match.reason.{r.value}" for r in ReasonCode),
        *(f"messaging.match.flag.{f.value}" for f in Flag),
        *(
            f"messaging.field.{name}"
            for name in (
                "wants_nearby",
                "wants_aphasia_experience",
                "wants_returned_to_work",
                "wants_same_gender",
                "accepts_charter",
                "aphasia_experience",
                "returned_to_work",
                "drives_again",
            )
        ),
        "messaging.safety.alert_title",
        "messaging.safety.report_title",
        "messaging.safety.alert_done",
        "messaging.safety.report_done",
    }


@pytest.mark.parametrize("lang", CATALOGUES)
def test_every_key_the_screens_use_is_translated(lang: str) -> None:
    missing = (literal_keys() | enumerated_keys()) - set(catalogue(lang))
    assert not missing, f"{lang}: missing {sorted(missing)}"


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    french, english = catalogue("fr"), catalogue("en")
    assert set(french) == set(english)
    for key in french:
        fields = {f for _, f, _, _ in string.Formatter().parse(french[key]) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(english[key]) if f}, key
