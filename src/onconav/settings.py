"""The one settings object.

Values come, in order of precedence, from keyword arguments, ``ONCONAV_*``
environment variables, the config file ``$ONCONAV_HOME/config.toml`` and the
defaults below. Code receives a ``Settings`` instance; nothing deep in the code
reads the environment itself.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)


def _default_home() -> Path:
    return Path.home() / ".onconav"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ONCONAV_", extra="ignore")

    home: Path = Field(default_factory=_default_home, description="Data directory")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default is SQLite inside home"
    )
    secret_key: SecretStr | None = Field(
        default=None, description="Key for encrypting records at rest (base64, 32 bytes)"
    )
    session_key: SecretStr | None = Field(
        default=None, description="Key for signing web sessions; never the data key"
    )

    # Safety numbers are settings because they differ by country.
    emergency_number: str = "911"
    crisis_line: str = "988"
    crisis_line_name: str = "the 988 Suicide & Crisis Lifeline (call or text 988)"

    # Limits protecting the machine from hostile or accidental input.
    max_question_chars: int = 2000
    max_upload_bytes: int = 50 * 1024 * 1024
    max_pdf_pages: int = 500

    # Web app. "local": one person on their own machine, no sign-in, loopback only.
    # "multi": accounts with sign-in, for a hosted server.
    web_mode: Literal["local", "multi"] = "local"
    host: str = "127.0.0.1"
    port: int = 8000
    # Extra Host header values accepted (the public name of a hosted server).
    allowed_hosts: list[str] = Field(default_factory=list)
    # Session cookies are Secure unless explicitly turned off for plain-HTTP testing.
    secure_cookies: bool = True
    session_max_age_hours: int = 12
    sign_in_attempts_per_minute: int = 5

    # Optional LLM rephraser (OpenAI-compatible). Off unless a base URL is set.
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None

    @field_validator("home", mode="before")
    @classmethod
    def _expand_home(cls, value: Any) -> Any:
        if isinstance(value, str):
            return Path(value).expanduser()
        if isinstance(value, Path):
            return value.expanduser()
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _ConfigFileSource(settings_cls, env_settings))

    @property
    def index_dir(self) -> Path:
        return self.home / "index"


class _ConfigFileSource(PydanticBaseSettingsSource):
    """Reads ``config.toml`` from the home directory chosen by env or default."""

    def __init__(
        self, settings_cls: type[BaseSettings], env_settings: PydanticBaseSettingsSource
    ) -> None:
        super().__init__(settings_cls)
        self._env_settings = env_settings

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        env_values = self._env_settings()
        home = Path(env_values.get("home") or _default_home()).expanduser()
        path = home / "config.toml"
        if not path.is_file():
            return {}
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        return {key: value for key, value in data.items() if key in self.settings_cls.model_fields}


def load_settings(**overrides: Any) -> Settings:
    return Settings(**overrides)
