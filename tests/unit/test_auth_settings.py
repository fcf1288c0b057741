"""Sign-in limits, call timeouts and trusted proxies are settings (issue 13 §6, §10)."""

from __future__ import annotations

import pytest

from app.device_token import DEVICE_TOKEN_KEY, sign_in_origin
from app.settings import SettingsError, load_settings
from services.local.limits import AuthLimits, CallTimeouts

NAMES = (
    "RELAIS_SIGN_IN_FREE_PER_EMAIL",
    "RELAIS_SIGN_IN_FREE_PER_ADDRESS",
    "RELAIS_SIGN_IN_FREE_PER_DEVICE",
    "RELAIS_SIGN_IN_FIRST_DELAY_SECONDS",
    "RELAIS_SIGN_IN_MAX_DELAY_SECONDS",
    "RELAIS_STATEMENT_TIMEOUT_MS",
    "RELAIS_LOCK_TIMEOUT_MS",
    "RELAIS_TRUSTED_PROXIES",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SUPABASE_URL", "SUPABASE_ANON_KEY", *NAMES):
        monkeypatch.delenv(name, raising=False)


def test_the_defaults_are_the_documented_ones() -> None:
    settings = load_settings()
    assert settings.auth_limits == AuthLimits()
    assert settings.call_timeouts == CallTimeouts(statement_ms=5000, lock_ms=2000)
    # Only a proxy on this machine may name the client's address.
    assert settings.trusted_proxies == "127.0.0.1"


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    values = ("3", "50", "8", "1.5", "120", "8000", "1000", "10.0.0.2")
    for name, value in zip(NAMES, values, strict=True):
        monkeypatch.setenv(name, value)
    settings = load_settings()
    limits = settings.auth_limits
    assert (limits.per_email, limits.per_address, limits.per_device) == (3, 50, 8)
    assert (limits.first_delay, limits.max_delay) == (1.5, 120.0)
    assert settings.call_timeouts == CallTimeouts(statement_ms=8000, lock_ms=1000)
    assert settings.trusted_proxies == "10.0.0.2"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RELAIS_SIGN_IN_FREE_PER_EMAIL", "0"),
        ("RELAIS_SIGN_IN_FIRST_DELAY_SECONDS", "-1"),
        ("RELAIS_STATEMENT_TIMEOUT_MS", "0"),
        ("RELAIS_LOCK_TIMEOUT_MS", "many"),
    ],
)
def test_a_bad_limit_names_itself(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load_settings()


class MemoryStore:
    def __init__(self) -> None:
        self.saved: dict[str, str] = {}

    async def load(self, key: str) -> str | None:
        return self.saved.get(key)

    async def save(self, key: str, value: str) -> None:
        self.saved[key] = value

    async def forget(self, key: str) -> None:
        self.saved.pop(key, None)


async def test_a_browser_keeps_one_device_token_across_sign_ins() -> None:
    store = MemoryStore()
    first = await sign_in_origin(store, "203.0.113.7")
    again = await sign_in_origin(store, "203.0.113.8")
    assert first.device_token and first.device_token == again.device_token
    assert store.saved[DEVICE_TOKEN_KEY] == first.device_token
    assert (first.address, again.address) == ("203.0.113.7", "203.0.113.8")
    # A token someone tampered with in localStorage is replaced, not sent.
    store.saved[DEVICE_TOKEN_KEY] = "x"
    assert (await sign_in_origin(store, None)).device_token != "x"
