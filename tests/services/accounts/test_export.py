"""The archive a person downloads: what it holds, in which language, and who may make it."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from services.accounts import auth
from services.errors import ErrorCode, RelaisError
from services.export.archive import archive_file_name, export_archive
from services.export.schema import FILES
from services.guide.content import load_catalogue
from services.local.gateway import LocalGateway
from services.models import Locale
from tests.export_factories import (
    CHECKLIST_NOTE,
    DIARY_NOTE,
    PEER_SAYS,
    SURVIVOR_SAYS,
    World,
    make_world,
)
from tests.factories import make_user


@pytest.fixture(scope="module")
async def world(gateway: LocalGateway, conninfo: str) -> World:
    return await make_world(gateway, conninfo)


def _open(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert opened.testzip() is None
        return {name: opened.read(name) for name in opened.namelist()}


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_the_archive_holds_every_file_documented_and_a_french_summary(
    world: World, gateway: LocalGateway
) -> None:
    files = _open(await export_archive(gateway, world.survivor, locale=Locale.FR))
    expected = {file.file_name for file in FILES} | {"README.txt", "schema.json", "summary.pdf"}
    assert set(files) == expected
    parsed = {name: json.loads(body) for name, body in files.items() if name.endswith(".json")}
    schema = parsed["schema.json"]
    assert set(schema["files"]) == {file.file_name for file in FILES}
    assert parsed["account.json"]["email"] == world.survivor.email
    assert parsed["profile.json"]["text_scale"] == 100
    bodies = [message["body"] for message in parsed["messages.json"]]
    assert SURVIVOR_SAYS in bodies and PEER_SAYS in bodies
    assert DIARY_NOTE in [entry["body"] for entry in parsed["diary_entries.json"]]
    readme = files["README.txt"].decode("utf-8")
    assert "Cette archive contient tout ce que Relais garde" in readme
    assert "- messages.json: Messages (2)" in readme
    pdf = files["summary.pdf"]
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert "Person asking" in text  # the survivor's display name
    assert "Mises en relation" in text and "Messages écrits : 1" in text
    mdph = load_catalogue().procedure("fr", "mdph-file")
    assert mdph is not None and mdph.title in text and CHECKLIST_NOTE in text


async def test_the_summary_speaks_english_to_an_english_speaker(
    world: World, gateway: LocalGateway
) -> None:
    files = _open(await export_archive(gateway, world.caregiver, locale=Locale.EN))
    assert "This archive holds everything Relais keeps about you" in files["README.txt"].decode()
    text = _pdf_text(files["summary.pdf"])
    assert "My Relais data — Aidant Export" in text
    assert "Role: caregiver" in text
    # The caregiver's archive carries their own side of the circle, not the survivor's messages.
    assert json.loads(files["messages.json"]) == []
    assert [row["my_side"] for row in json.loads(files["circle.json"])] == ["member"]


async def test_a_new_account_gets_a_complete_archive_of_empty_files(gateway: LocalGateway) -> None:
    newcomer = await make_user(gateway, role="caregiver", display_name="Nouveau")
    files = _open(await export_archive(gateway, newcomer, locale=Locale.FR))
    for file in FILES:
        value = json.loads(files[file.file_name])
        if file.key in ("account", "profile", "notification_settings"):
            continue
        if file.key == "sessions":
            assert len(value) == 1  # the session making the archive
        else:
            assert value in ([], None), file.file_name
    assert "Nouveau" in _pdf_text(files["summary.pdf"])


async def test_a_signed_out_session_cannot_make_an_archive(gateway: LocalGateway) -> None:
    person = await make_user(gateway, display_name="Partie")
    await auth.sign_out(gateway, person)
    with pytest.raises(RelaisError) as refusal:
        await export_archive(gateway, person, locale=Locale.FR)
    assert refusal.value.code is ErrorCode.SESSION_EXPIRED


def test_the_file_is_named_for_the_day() -> None:
    assert archive_file_name(dt.date(2026, 12, 7)) == "relais-my-data-2026-12-07.zip"
