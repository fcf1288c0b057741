"""Which push services the sender may call, and whom they may contact about it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import Settings
from services.notifications.push import DEFAULT_PUSH_SERVICES, PushServices, VapidKeys, topic_for


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "https://web.push.apple.com/QGx",
        "https://wns2-par02p.notify.windows.com/w/?token=abc",
        "http://127.0.0.1:9999/push/abc",
    ],
)
def test_the_major_browsers_push_services_and_a_listed_origin_are_allowed(endpoint: str) -> None:
    assert PushServices((*DEFAULT_PUSH_SERVICES, "http://127.0.0.1:9999")).allows(endpoint)


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/abc",  # not HTTPS
        "https://fcm.googleapis.com:8443/fcm/send/abc",  # another port
        "https://fcm.googleapis.com.evil.example/x",
        "https://evilpush.apple.com/x",  # not a subdomain of push.apple.com
        "https://user:pw@fcm.googleapis.com/x",
        "https://169.254.169.254/latest/meta-data",
        "http://127.0.0.1:9998/push/abc",  # the listed origin's neighbour
        "http://localhost:9999/push/abc",
        "https://[::1/broken",
        "file:///etc/passwd",
    ],
)
def test_anything_else_is_refused(endpoint: str) -> None:
    services = PushServices(("fcm.googleapis.com", "*.push.apple.com", "http://127.0.0.1:9999"))
    assert not services.allows(endpoint)


def test_a_topic_is_short_url_safe_and_stable() -> None:
    topic = topic_for("/home/messages/1234")
    assert len(topic) == 32 and topic == topic_for("/home/messages/1234")
    assert topic.replace("-", "").replace("_", "").isalnum()
    assert topic != topic_for("/home/messages/5678")


def test_the_vapid_contact_is_the_setting_else_an_https_address_else_a_mailbox(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("RELAIS_VAPID_SUBJECT", "RELAIS_PUBLIC_URL", "SUPABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RELAIS_PUBLIC_URL", "https://relais.example.org")
    assert Settings().vapid_subject == "https://relais.example.org"
    monkeypatch.setenv("RELAIS_VAPID_SUBJECT", "mailto:dpo@chu.example.org")
    assert Settings().vapid_subject == "mailto:dpo@chu.example.org"
    monkeypatch.delenv("RELAIS_VAPID_SUBJECT")
    monkeypatch.delenv("RELAIS_PUBLIC_URL")
    assert Settings().vapid_subject == "mailto:relais@localhost"


def test_a_vapid_contact_that_is_neither_mail_nor_https_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RELAIS_VAPID_SUBJECT", "http://relais.example.org")
    with pytest.raises(ValueError, match="RELAIS_VAPID_SUBJECT"):
        Settings()


def test_a_vapid_key_given_in_settings_is_read_as_pem_or_base64url(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    made = VapidKeys.load(private_key=None, data_dir=tmp_path, subject="mailto:a@example.org")
    assert (tmp_path / "vapid_private.pem").stat().st_mode & 0o077 == 0
    again = VapidKeys.load(private_key=None, data_dir=tmp_path, subject="mailto:a@example.org")
    assert again.application_server_key == made.application_server_key
    pem = (tmp_path / "vapid_private.pem").read_text()
    monkeypatch.setenv("RELAIS_VAPID_PRIVATE_KEY", pem)
    assert VapidKeys.parse(Settings().vapid_private_key or "").public_key is not None
    monkeypatch.setenv("RELAIS_VAPID_PRIVATE_KEY", "not a key")
    with pytest.raises(ValueError, match="RELAIS_VAPID_PRIVATE_KEY"):
        Settings()
