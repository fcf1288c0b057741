"""`python -m app guide check` and the refusal to start on broken guide content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from services.guide.content import DEFAULT_GUIDE_DIR
from tests.cli.test_command_line import run_app


@pytest.fixture
def broken_guide(tmp_path: Path) -> Path:
    guide = tmp_path / "guide"
    shutil.copytree(DEFAULT_GUIDE_DIR, guide)
    path = guide / "en" / "ajpa.yaml"
    path.write_text(
        path.read_text("utf-8").replace("https://www.caf.fr", "http://www.caf.fr"), "utf-8"
    )
    return guide


def test_guide_check_passes_on_the_shipped_content(tmp_path: Path) -> None:
    result = run_app("guide", "check", data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "Guide content is valid (en: 21, fr: 21 procedures)." in result.stdout


def test_guide_check_fails_and_names_the_file_and_field(tmp_path: Path, broken_guide: Path) -> None:
    result = run_app(
        "guide",
        "check",
        data_dir=tmp_path / "data",
        extra_env={"RELAIS_GUIDE_DIR": str(broken_guide)},
    )
    assert result.returncode == 1
    assert "en/ajpa.yaml: steps[2].link:" in result.stderr and "https" in result.stderr


def test_the_app_refuses_to_start_with_the_same_report(tmp_path: Path, broken_guide: Path) -> None:
    data_dir = tmp_path / "data"
    result = run_app(data_dir=data_dir, extra_env={"RELAIS_GUIDE_DIR": str(broken_guide)})
    assert result.returncode == 1
    assert "cannot start" in result.stderr
    assert "en/ajpa.yaml: steps[2].link:" in result.stderr
    assert not data_dir.exists()  # refused before the database was even created


def test_sync_sql_registers_every_procedure(tmp_path: Path) -> None:
    result = run_app("guide", "sync-sql", data_dir=tmp_path / "data")
    assert result.returncode == 0
    statement = result.stdout.strip().splitlines()[-1]
    assert statement.startswith("select private.sync_guide_catalogue('[")
    assert '"procedure": "ajpa"' in statement and '"declare-days"' in statement
