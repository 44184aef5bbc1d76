"""config.load_settings: YAML defaults, environment overrides, keyword overrides, clear errors."""

from __future__ import annotations

import pytest

from config import ConfigError, load_settings


def test_defaults_come_from_the_yaml_file(tmp_path):
    s = load_settings()
    assert s.data_dir == tmp_path  # the autouse fixture's QUICKTAKES_DATA_DIR
    assert s.store.mode == "persistent" and s.store.collection == "quicktakes"
    assert s.embedding.provider == "local"
    assert s.store_path == tmp_path / "chroma"
    assert s.openai_api_key is None and not s.llm_enabled


def test_nested_env_overrides(monkeypatch):
    monkeypatch.setenv("QUICKTAKES_STORE__MODE", "http")
    monkeypatch.setenv("QUICKTAKES_STORE__PORT", "9123")
    monkeypatch.setenv("QUICKTAKES_INGEST__BATCH_ARTICLES", "8")
    monkeypatch.setenv("QUICKTAKES_EMBEDDING__PROVIDER", "fake")
    s = load_settings()
    assert s.store.mode == "http" and s.store.port == 9123
    assert s.ingest.batch_articles == 8
    assert s.embedding.provider == "fake"
    assert s.store.host == "127.0.0.1"  # untouched siblings keep their YAML values
    assert s.store_location().startswith("http://127.0.0.1:9123")


def test_keyword_overrides_win_over_env_and_merge_with_it(monkeypatch, tmp_path):
    monkeypatch.setenv("QUICKTAKES_INGEST__BATCH_ARTICLES", "8")
    monkeypatch.setenv("QUICKTAKES_INGEST__CHUNK_CHARS", "700")
    s = load_settings(data_dir=tmp_path / "x", ingest={"batch_articles": 3})
    assert s.ingest.batch_articles == 3
    assert s.ingest.chunk_chars == 700
    assert s.data_dir == tmp_path / "x"


def test_store_path_setting(tmp_path):
    s = load_settings(store={"path": str(tmp_path / "elsewhere")})
    assert s.store_path == tmp_path / "elsewhere"


def test_config_file_from_env(monkeypatch, tmp_path):
    cfg = tmp_path / "custom.yaml"
    cfg.write_text("ingest:\n  chunk_chars: 800\nstore:\n  collection: other_one\n", encoding="utf-8")
    monkeypatch.setenv("QUICKTAKES_CONFIG", str(cfg))
    s = load_settings()
    assert s.ingest.chunk_chars == 800 and s.store.collection == "other_one"


def test_missing_config_file_is_a_config_error(monkeypatch, tmp_path):
    monkeypatch.setenv("QUICKTAKES_CONFIG", str(tmp_path / "nope.yaml"))
    with pytest.raises(ConfigError, match="QUICKTAKES_CONFIG"):
        load_settings()


def test_secrets_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    s = load_settings()
    assert s.openai_api_key.get_secret_value() == "sk-test"
    assert "sk-test" not in repr(s)


@pytest.mark.parametrize(("env", "value", "field"), [
    ("QUICKTAKES_STORE__MODE", "bogus", "store.mode"),
    ("QUICKTAKES_STORE__PORT", "not-a-port", "store.port"),
    ("QUICKTAKES_STORE__COLLECTION", "a", "store.collection"),
    ("QUICKTAKES_INGEST__CHUNK_CHARS", "10", "ingest.chunk_chars"),
    ("QUICKTAKES_INGEST__BATCH_ARTICLES", "0", "ingest.batch_articles"),
    ("QUICKTAKES_EMBEDDING__PROVIDER", "magic", "embedding.provider"),
])
def test_invalid_env_value_names_the_field(monkeypatch, env, value, field):
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert field in str(info.value)


def test_invalid_keyword_value_names_the_field():
    with pytest.raises(ConfigError, match=r"ingest\.max_file_bytes"):
        load_settings(ingest={"max_file_bytes": 0})
