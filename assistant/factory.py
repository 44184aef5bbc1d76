"""The one place that wires the product from the settings.

The CLI, the UI, the evaluation and the tests all get their assistant here, so none of them
builds a store, an embedder or a chain by hand.

Usage example::

    from config import load_settings
    from assistant.factory import build_assistant
    assistant = build_assistant(load_settings())
    answer = assistant.ask("What is the mechanism of action of interferon in hepatitis B?")
"""

from __future__ import annotations

from config import Settings


def build_retriever(settings: Settings, *, embedder=None, client=None, kind: str = "hybrid",
                    rerank=None):
    """Embedder, store and library opened from the settings, wired into the retrieval stages.

    ``kind``: hybrid (the product's), or dense, lexical, bm25 (what the benchmarks compare it
    with); ``rerank``: a stage that re-orders the fused candidates (default: the one
    ``retrieval.rerank`` names, question entailment).
    """
    from assistant.retrieval.dense import DenseSearch
    from assistant.retrieval.retriever import Retriever
    from assistant.retrieval.stages import retrieval_stages
    from assistant.snapshot import load_snapshot
    from ingest.embedder import make_embedder
    from library.chroma_store import ChunkStore

    embedder = embedder or make_embedder(settings)
    embedder.embed_query("warm-up")  # load the model now, not inside the first answer
    store = ChunkStore.open(settings, embedder.name, client=client, create=False)
    # the library, BM25, acronyms, topic names: saved once per index generation
    snapshot = load_snapshot(settings, store)
    library, lexical, reader = snapshot.library, snapshot.lexical, snapshot.reader
    r = settings.retrieval
    dense = DenseSearch(store, embedder, library)
    acronyms = snapshot.acronyms if r.expand_acronyms else None
    if rerank is None and kind == "hybrid" and (r.rerank == "entailment" or r.named_topic_covers):
        from assistant.retrieval.entailment import QuestionEntailment

        # "entailment" re-orders; "none" keeps fusion's order but the stage still judges which
        # articles are about the topic the message names, for the refusal (named_topic_covers)
        weight = r.entailment_weight if r.rerank == "entailment" else 0.0
        rerank = QuestionEntailment(library, reader, weight=weight)
    return Retriever(library, r, dense, lexical, retrieval_stages(kind, dense, lexical, r, rerank, library),
                     acronyms, names=reader if r.expand_acronyms else None, snapshot=snapshot)


def triage_embedder(settings: Settings, embedder):
    """The model the triage matches exemplars with: the bundled MiniLM its thresholds were
    calibrated for. Shared with retrieval when retrieval uses it too; the fake embedder of the
    unit tests gets none (the triage then reads phrases only)."""
    from ingest.embedder import LocalEmbedder, bundled_model_path

    if settings.embedding.provider == "fake":
        return None
    if isinstance(embedder, LocalEmbedder) and embedder.model_path == bundled_model_path():
        return embedder
    return LocalEmbedder(query_max_seq_length=settings.embedding.query_max_seq_length)


def build_selector(retriever, settings: Settings):
    """Question understanding and answer selection over the retriever's library: the reader
    learns the library's topic names, the selector reads units of the retrieved articles and
    their same-topic siblings and compares the best few by meaning with the retriever's model
    (a floor on that similarity only with the bundled MiniLM it was measured with)."""
    from assistant.compose.select import AnswerSelector
    from assistant.understand.reader import QuestionReader

    library = retriever.library
    reader = retriever.names or (retriever.snapshot.reader if retriever.snapshot
                                 else QuestionReader.from_library(library))
    from ingest.embedder import LocalEmbedder, bundled_model_path

    # the floor was measured with the bundled MiniLM; another model's cosines are on another scale
    embedder = retriever.embedder
    bundled = isinstance(embedder, LocalEmbedder) and embedder.model_path == bundled_model_path()
    floor = settings.answer.min_unit_similarity if bundled else 0.0
    return AnswerSelector(reader, lookup=library.meta, fetch=library.get_many,
                          embed=retriever.embedder.embed_queries,
                          embed_units=retriever.embedder.embed_documents, min_similarity=floor,
                          pages=library.page)


def build_assistant(settings: Settings, *, embedder=None, client=None, chat_model=None):
    """The assistant: emergency triage, hybrid retrieval, and a language model when one is
    configured (``OPENAI_API_KEY`` or a base URL), else the extractive answerer."""
    from assistant.answerer import FallbackAnswerer
    from assistant.core import Assistant
    from assistant.extractive import ExtractiveAnswerer
    from assistant.triage import build_triage
    from ingest.embedder import make_embedder

    embedder = embedder or make_embedder(settings)
    retriever = build_retriever(settings, embedder=embedder, client=client)
    triage = build_triage(triage_embedder(settings, embedder), settings.triage,
                          cache_dir=settings.data_dir)
    answerer = ExtractiveAnswerer(settings.answer.max_words, selector=build_selector(retriever, settings))
    verifier = None
    if chat_model is not None or settings.llm_enabled:
        from functools import partial

        from assistant.compose.model_context import model_contexts
        from assistant.llm import LLMAnswerer, make_chat_model
        from assistant.verify.support import SupportChecker

        if settings.verify.check:
            veto = None
            if settings.verify.contradiction:
                from assistant.verify.contradiction import ContradictionModel

                veto = ContradictionModel.load(threshold=settings.verify.contradiction_threshold)
            verifier = SupportChecker(retriever.embedder.embed_documents,
                                      min_similarity=settings.verify.min_similarity,
                                      min_coverage=settings.verify.min_coverage, contradiction=veto)

        model = chat_model or make_chat_model(settings)
        name = f"llm:{getattr(model, 'model_name', None) or settings.llm.model}"
        answerer = FallbackAnswerer(LLMAnswerer(model, name=name, max_words=settings.answer.max_words,
                                                focus=answerer.composer.focus,
                                                contexts=partial(model_contexts, answerer.composer)), answerer)
    return Assistant(retriever, settings, answerer, triage=triage, verifier=verifier,
                     followups=retriever.snapshot.followups if retriever.snapshot else None)
