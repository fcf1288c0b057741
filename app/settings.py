"""Settings from the environment (pydantic-settings).

`SUPABASE_URL` + `SUPABASE_ANON_KEY` select Supabase mode; without them Relais
runs on its embedded PostgreSQL under `RELAIS_DATA_DIR`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import platformdirs
from pydantic import AnyHttpUrl, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.guide.content import DEFAULT_GUIDE_DIR


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("relais", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    supabase_url: AnyHttpUrl | None = Field(default=None, alias="SUPABASE_URL")
    supabase_anon_key: str | None = Field(default=None, alias="SUPABASE_ANON_KEY", min_length=20)
    data_dir: Path = Field(default_factory=_default_data_dir, alias="RELAIS_DATA_DIR")
    host: str = Field(default="127.0.0.1", alias="RELAIS_HOST", min_length=1)
    port: Annotated[int, Field(ge=1, le=65535)] = Field(default=8550, alias="RELAIS_PORT")
    # The procedures guide's content; another folder lets editors try a draft before shipping it.
    guide_dir: Path = Field(default=DEFAULT_GUIDE_DIR, alias="RELAIS_GUIDE_DIR")

    @model_validator(mode="after")
    def _supabase_settings_come_in_pairs(self) -> Settings:
        if (self.supabase_url is None) != (self.supabase_anon_key is None):
            raise ValueError("SUPABASE_URL and SUPABASE_ANON_KEY must be set together")
        return self

    @property
    def local_mode(self) -> bool:
        return self.supabase_url is None

    @property
    def public_url(self) -> str:
        host = "localhost" if self.host in ("127.0.0.1", "0.0.0.0") else self.host  # noqa: S104
        return f"http://{host}:{self.port}/"


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
