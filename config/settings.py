"""One typed settings tree for the whole product.

Values come, highest priority first, from: keyword arguments, the environment
(``QUICKTAKES_...``, nested with ``__``), the YAML file (``config/defaults.yaml`` or the
file named by ``QUICKTAKES_CONFIG``). Secrets come only from the environment.

Usage example::

    from config import load_settings
    settings = load_settings(data_dir="/tmp/qt")        # overrides win over env and YAML
    settings.store_path        # -> Path("/tmp/qt/chroma")

Settings are passed into constructors (see ``assistant.factory``); no module imports a
global settings object.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

from config.sections import (
    AnswerSettings,
    EmbeddingSettings,
    IngestSettings,
    LLMSettings,
    RetrievalSettings,
    StoreSettings,
    TriageSettings,
    UISettings,
    VerifySettings,
)

DEFAULTS_FILE = Path(__file__).with_name("defaults.yaml")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="QUICKTAKES_",
        env_nested_delimiter="__",
        extra="ignore",
    )

    data_dir: Path = Field(Path("./data"), description="Index, feedback and logs live here.")
    site_url: str = Field(
        "https://www.quicktakes.io", description="Site-relative article URLs are resolved against this."
    )
    ingest: IngestSettings = IngestSettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    store: StoreSettings = StoreSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()
    verify: VerifySettings = VerifySettings()
    llm: LLMSettings = LLMSettings()
    triage: TriageSettings = TriageSettings()
    ui: UISettings = UISettings()

    # Secrets and connection details: environment only.
    openai_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("OPENAI_API_KEY", "QUICKTAKES_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        None, validation_alias=AliasChoices("QUICKTAKES_LLM_BASE_URL", "OPENAI_BASE_URL")
    )
    ui_user: str | None = Field(None, validation_alias=AliasChoices("QUICKTAKES_UI_USER"))
    ui_password: SecretStr | None = Field(None, validation_alias=AliasChoices("QUICKTAKES_UI_PASSWORD"))
    # more than one login: "alice:password1,bob:password2" (each sees only their own conversations)
    ui_users: SecretStr | None = Field(None, validation_alias=AliasChoices("QUICKTAKES_UI_USERS"))

    def logins(self) -> list[tuple[str, str]]:
        """Every (user, password) that may log in to the chat; empty: no login."""
        pairs = []
        if self.ui_user and self.ui_password:
            pairs.append((self.ui_user, self.ui_password.get_secret_value()))
        for item in filter(None, (self.ui_users.get_secret_value() if self.ui_users else "").split(",")):
            user, sep, password = item.strip().partition(":")
            if not sep or not user or not password:
                raise ConfigError(f"QUICKTAKES_UI_USERS: {user or item.strip()!r} is not 'user:password' "
                                  "(entries are separated by commas)")
            pairs.append((user, password))
        return pairs

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        yaml_file = Path(os.environ.get("QUICKTAKES_CONFIG") or DEFAULTS_FILE)
        if not yaml_file.is_file():
            raise ConfigError(f"QUICKTAKES_CONFIG: no such file: {yaml_file}")
        return (init_settings, env_settings, YamlConfigSettingsSource(settings_cls, yaml_file=yaml_file))

    # ----- derived values -------------------------------------------------------------
    @property
    def store_path(self) -> Path:
        return Path(self.store.path) if self.store.path else self.data_dir / "chroma"

    @property
    def feedback_file(self) -> Path:
        return self.data_dir / "feedback.jsonl"

    @property
    def history_file(self) -> Path:
        return self.data_dir / "conversations.sqlite3"

    @property
    def llm_base_url(self) -> str | None:
        return self.llm.base_url or self.openai_base_url or None

    @property
    def llm_enabled(self) -> bool:
        """A language model answers when an API key or a server address is given."""
        return bool(self.openai_api_key or self.llm_base_url)

    def store_location(self) -> str:
        if self.store.mode == "http":
            return f"http://{self.store.host}:{self.store.port} (collection {self.store.collection})"
        return f"{self.store_path} (collection {self.store.collection})"


class ConfigError(ValueError):
    """A setting is missing or wrong; the message says which."""


def _env_name(loc) -> str:
    return "QUICKTAKES_" + "__".join(str(p).upper() for p in loc)


def load_settings(**overrides) -> Settings:
    """Build the settings from YAML, the environment and ``overrides``.

    Raises ``ConfigError`` with one readable line naming the setting (and its environment
    variable) and what it expects, when a value is invalid.
    """
    import re

    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])} ({_env_name(err['loc'])}): {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from None
    except SettingsError as exc:  # e.g. QUICKTAKES_STORE=http: a group of settings given one value
        m = re.search(r'field "(\w+)"', str(exc))
        field = m.group(1) if m else "?"
        model = Settings.model_fields.get(field)
        sub = getattr(getattr(model, "annotation", None), "model_fields", None)
        if sub:
            names = ", ".join(f"{_env_name([field, name])}" for name in sub)
            raise ConfigError(f"invalid setting {_env_name([field])}: it is a group of settings, "
                              f"not one value; set one of {names} "
                              f"(e.g. {_env_name([field, next(iter(sub))])}=...)") from None
        raise ConfigError(f"invalid setting {_env_name([field])}: {exc}") from None
