"""Télécharger toutes mes données, in a real Chromium: the zip arrives and opens.

The person's diary and quiet hours are made through the services in the
server's own database; the download itself is the real one (the file
picker's save, which the browser turns into a download).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from services.accounts import auth
from services.diary import journal as diary
from services.diary.models import GoalCategory
from services.local.gateway import LocalGateway
from services.peer_support import messaging

from .a11y_audit import audit
from .conftest import NewPerson
from .journeys import PASSWORD, Person, a_person, expect_home, fr, open_profile, sign_in
from .server_data import run

pytestmark = pytest.mark.e2e

DIARY_WORDS = "Premier tour du quartier sans canne"


async def _person_with_data(conninfo: str, person: Person) -> None:
    gateway = await LocalGateway.open(conninfo, pool_size=1)
    try:
        session = await auth.sign_up(
            gateway, email=person.email, password=PASSWORD,
            display_name=person.display_name, role="survivor", locale="fr",
        )  # fmt: skip
        goal = await diary.create_goal(
            gateway, session, survivor_id=session.user_id, title="Marcher dehors",
            category=GoalCategory.MOBILITY,
        )  # fmt: skip
        await diary.add_entry(
            gateway, session, survivor_id=session.user_id, body=DIARY_WORDS, mood=4,
            goal_id=goal.id, progress_percent=30, entry_date=dt.date.today(),
        )  # fmt: skip
        await messaging.set_quiet_hours(gateway, session, starts_at=dt.time(22), ends_at=dt.time(7))
    finally:
        await gateway.close()


@contextlib.contextmanager
def _export_refused(conninfo: str) -> Iterator[None]:
    grant = "{} execute on function public.export_my_data() {} authenticated"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(grant.format("revoke", "from"))
        try:
            yield
        finally:
            conn.execute(grant.format("grant", "to"))


def test_a_person_downloads_all_their_data_and_the_archive_opens(
    new_person: NewPerson, server_db: str, tmp_path: Path
) -> None:
    person = a_person("Élise Archive")
    run(_person_with_data(server_db, person))
    screen = new_person().open()
    sign_in(screen, person)
    expect_home(screen, person)
    open_profile(screen)
    screen.tap(fr("export.open"))
    screen.expect_text(fr("export.intro"))
    screen.expect_text(fr("export.not_contains"))
    # The accessibility audit's own checks (48 px, reading and Tab order, all the way down).
    assert audit(screen, "export") == []

    with screen.page.expect_download() as download:
        screen.tap(fr("export.download"))
    path = tmp_path / "archive.zip"
    download.value.save_as(path)
    assert download.value.suggested_filename.startswith("relais-my-data-")
    screen.expect_text(fr("export.done"))

    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    parsed = {name: json.loads(body) for name, body in files.items() if name.endswith(".json")}
    assert len(parsed) >= 20  # one per kind of data, and schema.json
    assert parsed["account.json"]["email"] == person.email
    assert parsed["profile.json"]["display_name"] == person.display_name
    assert [entry["body"] for entry in parsed["diary_entries.json"]] == [DIARY_WORDS]
    assert parsed["quiet_hours.json"]["starts_at"].startswith("22:00")
    pdf = files["summary.pdf"]
    assert pdf.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert person.display_name in text

    # When the database refuses (here: the export function withheld, as on a
    # database missing the migration), the screen says so in words and stays usable.
    with _export_refused(server_db):
        screen.tap(fr("export.download"))
        screen.expect_text(fr("error.forbidden"))
    expect(screen.button(fr("export.download"))).to_be_enabled()
