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


def build_retriever(settings: Settings, *, embedder=None, client=None):
    """Embedder, store and library opened from the settings, wired into a hybrid retriever."""
    from assistant.retrieval.library import Library
    from assistant.retrieval.retriever import HybridRetriever
    from ingest.embedder import make_embedder
    from ingest.store import ChunkStore

    embedder = embedder or make_embedder(settings)
    embedder.embed_query("warm-up")  # load the model now, not inside the first answer
    store = ChunkStore.open(settings, embedder.name, client=client, create=False)
    library = Library.from_store(store)
    return HybridRetriever(store, embedder, library, settings.retrieval)


def build_assistant(settings: Settings, *, embedder=None, client=None, chat_model=None):
    """The assistant: hybrid retrieval, and a language model when one is configured
    (``OPENAI_API_KEY`` or a base URL), else the extractive answerer."""
    from assistant.core import Assistant

    retriever = build_retriever(settings, embedder=embedder, client=client)
    llm = None
    if chat_model is not None or settings.llm_enabled:
        from assistant.llm import LLMAnswerer, make_chat_model

        model = chat_model or make_chat_model(settings)
        name = f"llm:{getattr(model, 'model_name', None) or settings.llm.model}"
        llm = LLMAnswerer(model, name=name, max_words=settings.answer.max_words)
    return Assistant(retriever, settings, llm=llm)
