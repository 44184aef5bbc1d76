"""The QuickTakes library as a LangChain retriever, for a chain of your own.

Each ``Document`` is the passage of one article that matched best; its metadata carries what a
citation needs (article id, title, url, subject), the scores and the related articles. The same
hybrid retrieval as the assistant (dense + BM25, per article).

Usage example::

    from assistant.factory import build_retriever
    from assistant.retrieval.langchain_retriever import LibraryRetriever
    library = LibraryRetriever(retriever=build_retriever(settings), k=4)
    docs = library.invoke("how is hepatitis B treated?")
    chain = {"context": library | format_documents, "question": RunnablePassthrough()} | prompt | llm
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever


def hit_document(hit) -> Document:
    """A retrieved article as a ``Document``: its best passage, and where it comes from."""
    a = hit.article
    return Document(
        page_content=hit.passage or a.answer,
        metadata={"article_id": a.id, "title": a.title, "url": a.url, "subject": a.subject,
                  "question": a.question, "answer": a.answer, "score": hit.score, "similarity": hit.dense_similarity,
                  "related": [dict(r) for r in a.related]},
    )


def format_documents(docs: list[Document]) -> str:
    """Numbered sources for a prompt: "[1] title (url)\\npassage"."""
    return "\n\n".join(f"[{n}] {d.metadata.get('title', '')} ({d.metadata.get('url', '')})\n{d.page_content}"
                       for n, d in enumerate(docs, 1))


class LibraryRetriever(BaseRetriever):
    """``retriever``: the assistant's ``Retriever`` (``assistant.factory.build_retriever``)."""

    retriever: Any
    k: int = 5
    subject: str | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        retrieval = self.retriever.retrieve(query, k=self.k, subject=self.subject)
        return [hit_document(h) for h in retrieval.hits]
