"""Settings from the environment (pydantic-settings).

`SUPABASE_URL` + `SUPABASE_ANON_KEY` select Supabase mode; without them Relais
runs on its embedded PostgreSQL under `RELAIS_DATA_DIR`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import platformdirs
from pydantic import AnyHttpUrl, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.guide.content import DEFAULT_GUIDE_DIR
from services.local.limits import AuthLimits, CallTimeouts
from services.notifications.push import VapidKeys


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("relais", appauthor=False))


# The limits' defaults live with the limits (services/local/limits.py); settings only override them.
_AUTH = AuthLimits()
_CALLS = CallTimeouts()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    supabase_url: AnyHttpUrl | None = Field(default=None, alias="SUPABASE_URL")
    supabase_anon_key: str | None = Field(default=None, alias="SUPABASE_ANON_KEY", min_length=20)
    data_dir: Path = Field(default_factory=_default_data_dir, alias="RELAIS_DATA_DIR")
    host: str = Field(default="127.0.0.1", alias="RELAIS_HOST", min_length=1)
    port: Annotated[int, Field(ge=1, le=65535)] = Field(default=8550, alias="RELAIS_PORT")
    # The procedures guide's content; another folder lets editors try a draft before shipping it.
    guide_dir: Path = Field(default=DEFAULT_GUIDE_DIR, alias="RELAIS_GUIDE_DIR")
    # The address people reach Relais at (behind a proxy, the proxy's): links in
    # e-mails and invitations, the websocket's Origin check and Web Push name it.
    public_url_setting: AnyHttpUrl | None = Field(default=None, alias="RELAIS_PUBLIC_URL")
    # Notifications (DESIGN.md decision 11). Without a VAPID key, one is made at
    # the first start and kept in the data folder.
    vapid_private_key: str | None = Field(default=None, alias="RELAIS_VAPID_PRIVATE_KEY")
    vapid_subject_setting: str | None = Field(
        default=None,
        alias="RELAIS_VAPID_SUBJECT",
        pattern=r"^(mailto:[^@\s]+@[^@\s]+|https://\S+)$",
    )
    # Extra push services the sender may call, comma-separated (`host`, `*.suffix` or an origin).
    push_services_extra: str = Field(default="", alias="RELAIS_PUSH_SERVICES")
    smtp_url: str | None = Field(default=None, alias="RELAIS_SMTP_URL", pattern=r"^smtps?://")
    # Supabase mode: the database connection (session pooler, as relais_sender)
    # of the outbox sender and of the live-update listener.
    supabase_db_url: str | None = Field(default=None, alias="RELAIS_SUPABASE_DB_URL")
    # Proxies whose X-Forwarded-For names the real client (uvicorn's
    # forwarded_allow_ips: comma-separated addresses or networks, "*" for any).
    # Sign-in throttling counts by the client address, so only a proxy listed
    # here may name it; anyone else could pick a fresh address per guess.
    trusted_proxies: str = Field(default="127.0.0.1", alias="RELAIS_TRUSTED_PROXIES")
    # Local mode's sign-in throttle (services/local/limits.py says how it slows).
    sign_in_free_per_email: Annotated[int, Field(ge=1, le=100)] = Field(
        default=_AUTH.per_email, alias="RELAIS_SIGN_IN_FREE_PER_EMAIL"
    )
    sign_in_free_per_address: Annotated[int, Field(ge=1, le=10_000)] = Field(
        default=_AUTH.per_address, alias="RELAIS_SIGN_IN_FREE_PER_ADDRESS"
    )
    sign_in_free_per_device: Annotated[int, Field(ge=1, le=100)] = Field(
        default=_AUTH.per_device, alias="RELAIS_SIGN_IN_FREE_PER_DEVICE"
    )
    sign_in_first_delay: Annotated[float, Field(gt=0, le=60)] = Field(
        default=_AUTH.first_delay, alias="RELAIS_SIGN_IN_FIRST_DELAY_SECONDS"
    )
    sign_in_max_delay: Annotated[float, Field(gt=0, le=3600)] = Field(
        default=_AUTH.max_delay, alias="RELAIS_SIGN_IN_MAX_DELAY_SECONDS"
    )
    # Every statement of a user's call (local mode), in milliseconds.
    statement_timeout_ms: Annotated[int, Field(ge=100, le=600_000)] = Field(
        default=_CALLS.statement_ms, alias="RELAIS_STATEMENT_TIMEOUT_MS"
    )
    lock_timeout_ms: Annotated[int, Field(ge=100, le=600_000)] = Field(
        default=_CALLS.lock_ms, alias="RELAIS_LOCK_TIMEOUT_MS"
    )
    # Web sessions one client address may hold before new ones are slowed (not
    # refused: a hospital ward's Wi-Fi is one address). See app/web/sessions.py.
    sessions_per_address: Annotated[int, Field(ge=1)] = Field(
        default=100, alias="RELAIS_SESSIONS_PER_ADDRESS"
    )
    # A request whose line and headers are larger is refused (400) and its connection closed.
    max_header_bytes: Annotated[int, Field(ge=4096, le=1048576)] = Field(
        default=16384, alias="RELAIS_MAX_HEADER_BYTES"
    )
    # Tests only: GET /_relais/sessions tells how many sessions the process holds.
    expose_session_counts: bool = Field(default=False, alias="RELAIS_EXPOSE_SESSION_COUNTS")

    @field_validator("public_url_setting")
    @classmethod
    def _public_url_is_an_origin(cls, url: AnyHttpUrl | None) -> AnyHttpUrl | None:
        # Links are built by appending a route: a path, query or fragment here would garble them.
        if url is not None and (url.path not in (None, "", "/") or url.query or url.fragment):
            raise ValueError(
                "must be an origin such as https://relais.example.org/, without a path"
            )
        return url

    @field_validator("vapid_private_key")
    @classmethod
    def _vapid_key_is_a_key(cls, key: str | None) -> str | None:
        if key:
            VapidKeys.parse(key)
        return key

    @model_validator(mode="after")
    def _supabase_settings_come_in_pairs(self) -> Settings:
        if (self.supabase_url is None) != (self.supabase_anon_key is None):
            raise ValueError("SUPABASE_URL and SUPABASE_ANON_KEY must be set together")
        return self

    @property
    def auth_limits(self) -> AuthLimits:
        return AuthLimits(
            per_email=self.sign_in_free_per_email,
            per_address=self.sign_in_free_per_address,
            per_device=self.sign_in_free_per_device,
            first_delay=self.sign_in_first_delay,
            max_delay=self.sign_in_max_delay,
        )

    @property
    def call_timeouts(self) -> CallTimeouts:
        return CallTimeouts(statement_ms=self.statement_timeout_ms, lock_ms=self.lock_timeout_ms)

    @property
    def local_mode(self) -> bool:
        return self.supabase_url is None

    @property
    def local_url(self) -> str:
        """Where this process answers, as printed at start."""
        host = "localhost" if self.host in ("127.0.0.1", "0.0.0.0") else self.host  # noqa: S104
        return f"http://{host}:{self.port}/"

    @property
    def public_url(self) -> str:
        """The origin people use, with a trailing slash: RELAIS_PUBLIC_URL, else the local URL."""
        if self.public_url_setting is None:
            return self.local_url
        url = self.public_url_setting
        port = "" if url.port in (None, 80 if url.scheme == "http" else 443) else f":{url.port}"
        return f"{url.scheme}://{url.host}{port}/"

    @property
    def vapid_subject(self) -> str:
        """Whom push services may contact: the setting, else the public address if HTTPS.

        Push services want a `mailto:` or `https:` contact; a local server gets a
        stand-in address (set RELAIS_VAPID_SUBJECT for real use: Apple refuses
        `mailto:` addresses at localhost).
        """
        if self.vapid_subject_setting:
            return self.vapid_subject_setting
        if self.public_url.startswith("https://"):
            return self.public_url.rstrip("/")
        host = self.public_url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]
        return f"mailto:relais@{host}"

    @property
    def push_services(self) -> tuple[str, ...]:
        return tuple(entry for entry in self.push_services_extra.split(",") if entry.strip())


class SettingsError(Exception):
    """A bad setting, with a message that names the variable."""


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = ".".join(str(part) for part in item["loc"]) or "settings"
            problems.append(f"{name}: {item['msg']}")
        raise SettingsError("Invalid setting — " + "; ".join(problems)) from None
