"""Settings: the mode is chosen by the environment, and a bad value names itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SUPABASE_URL",
        "SUPABASE_ANON_KEY",
        "RELAIS_DATA_DIR",
        "RELAIS_HOST",
        "RELAIS_PORT",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_to_local_mode_on_loopback() -> None:
    settings = load_settings()
    assert settings.local_mode
    assert (settings.host, settings.port) == ("127.0.0.1", 8550)
    assert "relais" in str(settings.data_dir)


def test_supabase_mode_needs_url_and_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPABASE_URL", "https://project.supabase.co")
    monkeypatch.setenv("SUPABASE_ANON_KEY", "a" * 40)
    assert not load_settings().local_mode


def test_data_dir_and_port_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RELAIS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RELAIS_PORT", "9000")
    settings = load_settings()
    assert (settings.data_dir, settings.port) == (tmp_path, 9000)
    assert settings.public_url == settings.local_url == "http://localhost:9000/"


@pytest.mark.parametrize(
    ("value", "origin"),
    [
        ("https://relais.example.org", "https://relais.example.org/"),
        ("https://relais.example.org:443/", "https://relais.example.org/"),
        ("https://relais.example.org:8443", "https://relais.example.org:8443/"),
        ("http://192.0.2.10:8080/", "http://192.0.2.10:8080/"),
    ],
)
def test_the_public_address_is_an_origin(
    monkeypatch: pytest.MonkeyPatch, value: str, origin: str
) -> None:
    monkeypatch.setenv("RELAIS_PUBLIC_URL", value)
    settings = load_settings()
    assert settings.public_url == origin
    assert settings.local_url == "http://localhost:8550/"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("RELAIS_PORT", "eighty"),
        ("RELAIS_PORT", "70000"),
        ("RELAIS_HOST", ""),
        ("SUPABASE_URL", "not a url"),
        ("RELAIS_PUBLIC_URL", "relais.example.org"),
        ("RELAIS_PUBLIC_URL", "https://relais.example.org/app"),
        ("RELAIS_PUBLIC_URL", "https://relais.example.org/?next=/home"),
    ],
)
def test_a_bad_setting_is_named(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    if variable == "SUPABASE_URL":
        monkeypatch.setenv("SUPABASE_ANON_KEY", "a" * 40)
    with pytest.raises(SettingsError, match=variable):
        load_settings()


def test_half_a_supabase_configuration_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPABASE_URL", "https://project.supabase.co")
    with pytest.raises(SettingsError, match="SUPABASE_URL and SUPABASE_ANON_KEY"):
        load_settings()
