"""Safety: phrase lists as data, the crisis alert, the false-hope reminder, reports."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from services.errors import ErrorCode, RelaisError
from services.local.gateway import LocalGateway
from services.models import AuthSession
from services.peer_support import messaging, safety
from services.peer_support.message_models import CrisisCategory, ReportReason
from tests.factories import make_coordinator, make_user
from tests.peer_factories import Pair, make_pair


@pytest.fixture
async def coordinator(gateway: LocalGateway, conninfo: str) -> AuthSession:
    return await make_coordinator(gateway, conninfo)


@pytest.fixture
async def pair(gateway: LocalGateway, coordinator: AuthSession) -> Pair:
    return await make_pair(gateway, coordinator)


@pytest.mark.parametrize("language", safety.LANGUAGES)
def test_each_language_has_phrases_for_every_category(language: str) -> None:
    phrases = safety.load_phrases(language)
    assert set(phrases.crisis) == set(CrisisCategory)
    assert all(phrases.crisis.values()) and phrases.false_hope


def test_a_malformed_phrase_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fr.yaml").write_text(yaml.safe_dump({"crisis": {"panic": ["x y"]}}))
    with pytest.raises(ValidationError):
        safety.load_phrases("fr", tmp_path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'ai envie de mourir ce soir", (CrisisCategory.SUICIDAL_THOUGHTS,)),
        ("Je pense au SUICIDE.", (CrisisCategory.SUICIDAL_THOUGHTS,)),
        ("I want to die", (CrisisCategory.SUICIDAL_THOUGHTS,)),
        ("Son visage paralyse d'un coup", (CrisisCategory.STROKE_WARNING_SIGNS,)),
        (
            "my husband has a drooping face and slurred speech",
            (CrisisCategory.STROKE_WARNING_SIGNS,),
        ),
        ("Je n’arrive plus à parler", (CrisisCategory.STROKE_WARNING_SIGNS,)),
        ("Belle journée, merci !", ()),
        ("Suicidaire? non: je relis un article sur la prévention", ()),
    ],
)
def test_crisis_words(text: str, expected: tuple[CrisisCategory, ...]) -> None:
    assert safety.crisis_categories(text) == expected


@pytest.mark.parametrize(
    "draft",
    [
        "Ne t'inquiète pas, guérison complète assurée",
        "Tu vas guérir, j'en suis sûr",
        "Arrête ton traitement, ça ira mieux",
        "You will fully recover",
        "Just stop your medication for a week",
    ],
)
def test_false_hope_is_noticed(draft: str) -> None:
    assert safety.false_hope_phrases(draft)


# What people typed when they tried Relais (issue 10): each reached the survivor unnoticed.
@pytest.mark.parametrize(
    "draft",
    [
        "tu vas guérir complètement",
        "Tu vas guérir",
        "vous allez guérir",
        "Tu vas récupérer à 100 % !",
        "TU VAS GUERIR COMPLETEMENT",
        "Je te promets que tu marcheras",
    ],
)
def test_promises_people_typed_are_noticed(draft: str) -> None:
    assert safety.false_hope_phrases(draft)


@pytest.mark.parametrize("language", safety.LANGUAGES)
def test_every_listed_promise_is_noticed_as_written(language: str) -> None:
    # A phrase whose punctuation or spacing the matcher loses would never match.
    for phrase in safety.load_phrases(language).false_hope:
        assert safety.false_hope_phrases(f"Écoute : {phrase}, vraiment."), phrase


@pytest.mark.parametrize(
    "draft",
    ["Chaque progrès compte, même petit.", "Parle-en à ton médecin.", "Recovery takes time."],
)
def test_ordinary_encouragement_is_left_alone(draft: str) -> None:
    assert safety.false_hope_phrases(draft) == []


async def test_a_crisis_message_alerts_the_coordinator_once(
    gateway: LocalGateway, pair: Pair, coordinator: AuthSession
) -> None:
    sent = await messaging.send_message(
        gateway,
        pair.requester,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Je veux mourir",
    )
    # The partner's app noticing the same message adds nothing.
    await messaging.alert_if_crisis(gateway, pair.peer, sent)
    queue = await safety.list_safety_queue(gateway, coordinator)
    alerts = [item for item in queue if item.item_type == "alert" and item.excerpt == sent.body]
    assert len(alerts) == 1 and alerts[0].category == "suicidal_thoughts"


async def test_a_stranger_cannot_raise_an_alert_on_someone_elses_message(
    gateway: LocalGateway, pair: Pair
) -> None:
    sent = await messaging.send_message(
        gateway,
        pair.requester,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Hello",
    )
    stranger = await make_user(gateway)
    with pytest.raises(RelaisError) as refused:
        await safety.raise_crisis_alert(
            gateway, stranger, message_id=sent.id, category=CrisisCategory.SUICIDAL_THOUGHTS
        )
    assert refused.value.code is ErrorCode.FORBIDDEN


async def test_a_report_carries_only_the_surrounding_excerpt(
    gateway: LocalGateway, pair: Pair, coordinator: AuthSession
) -> None:
    sent = []
    for number in range(9):
        who = pair.peer if number % 2 else pair.requester
        sent.append(
            await messaging.send_message(
                gateway,
                who,
                message_id=uuid.uuid4(),
                conversation_id=pair.conversation_id,
                body=f"message {number}",
            )
        )
    reported = sent[5]  # from the peer
    report = await safety.report_message(
        gateway,
        pair.requester,
        message_id=reported.id,
        reason=ReportReason.FALSE_PROMISES,
        details="Promised a cure",
    )
    assert [e["body"] for e in report.excerpt] == [f"message {n}" for n in range(3, 8)]
    assert [e["reported"] for e in report.excerpt] == [False, False, True, False, False]
    queue = await safety.list_safety_queue(gateway, coordinator)
    [item] = [i for i in queue if i.item_id == report.id]
    assert item.category == "false_promises" and item.details == "Promised a cure"
    # Reporting twice changes nothing.
    again = await safety.report_message(
        gateway, pair.requester, message_id=reported.id, reason=ReportReason.OTHER
    )
    assert again.id == report.id


async def test_one_cannot_report_ones_own_message(gateway: LocalGateway, pair: Pair) -> None:
    mine = await messaging.send_message(
        gateway,
        pair.requester,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="Mine",
    )
    with pytest.raises(RelaisError) as refused:
        await safety.report_message(
            gateway, pair.requester, message_id=mine.id, reason=ReportReason.OTHER
        )
    assert refused.value.code is ErrorCode.INVALID_INPUT


async def test_an_unknown_reason_is_refused(gateway: LocalGateway, pair: Pair) -> None:
    with pytest.raises(RelaisError) as refused:
        await safety.report_message(
            gateway, pair.requester, message_id=uuid.uuid4(), reason="annoying"
        )
    assert refused.value.field == "reason"


async def test_the_coordinator_resolves_reports_and_acknowledges_alerts(
    gateway: LocalGateway, pair: Pair, coordinator: AuthSession
) -> None:
    worrying = await messaging.send_message(
        gateway,
        pair.peer,
        message_id=uuid.uuid4(),
        conversation_id=pair.conversation_id,
        body="sudden weakness in my arm",
    )
    report = await safety.report_message(
        gateway, pair.requester, message_id=worrying.id, reason=ReportReason.UPSETTING
    )
    queue = await safety.list_safety_queue(gateway, coordinator)
    [alert] = [i for i in queue if i.item_type == "alert" and i.excerpt == worrying.body]
    await safety.acknowledge_alert(gateway, coordinator, alert_id=alert.item_id)
    await safety.resolve_report(gateway, coordinator, report_id=report.id)
    remaining = {i.item_id for i in await safety.list_safety_queue(gateway, coordinator)}
    assert alert.item_id not in remaining and report.id not in remaining
    with pytest.raises(RelaisError) as refused:
        await safety.resolve_report(gateway, pair.requester, report_id=report.id)
    assert refused.value.code is ErrorCode.FORBIDDEN
