"""The language-model answerer: an LCEL chain over the same retrieved articles.

``prompt | chat model | text``, with the retrieved articles numbered in the prompt so the
model cites them inline as ``[n]``; markers that name no source are removed afterwards by the
assistant. Works with OpenAI and any OpenAI-compatible server (vLLM, Ollama, llama.cpp).

The same prompt and model as an LCEL chain over the library's ``Document``s::

    chain = {"documents": LibraryRetriever(retriever=...), "question": RunnablePassthrough()} \
        | answerer.answer_chain
    chain.invoke("what does interferon do?")

Usage example::

    answerer = LLMAnswerer(make_chat_model(settings), name="llm:gpt-4o-mini")
    for item in answerer.stream("what does interferon do?", hits):
        ...   # the text so far, then a Draft (assistant.answerer)
"""

from __future__ import annotations

from collections.abc import Iterator

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnablePassthrough

from assistant.answer import clean_markers, markers
from assistant.answerer import UNGROUNDED, Draft
from assistant.retrieval.langchain_retriever import hit_document
from config import Settings

ANSWER_SYSTEM = """You answer health questions using ONLY the numbered sources below, which are \
articles from the QuickTakes library.
Rules:
- Every sentence must end with the marker of the source it comes from, like [1] or [2].
- Say only what the sources say. If they do not answer the question, say so plainly.
- Be short: at most {max_words} words, plain language.
- Do not give a diagnosis or a personal treatment plan; do not invent doses or facts."""

ANSWER_HUMAN = """Sources:
{sources}

Question: {question}

Answer with [n] citations:"""

CONDENSE_SYSTEM = """Rewrite the user's last message as one standalone question that can be \
understood without the conversation. Keep the user's words where possible. Reply with the \
question only."""

CONDENSE_HUMAN = """Conversation:
{history}

Last message: {question}

Standalone question:"""

SOURCE_CHARS = 1500
SOURCES = 4  # articles the model is shown


def make_chat_model(settings: Settings):
    """``ChatOpenAI`` for OpenAI or any OpenAI-compatible server, with no retries."""
    from langchain_openai import ChatOpenAI

    api_key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    # langchain-openai sends only `max_completion_tokens`, which some compatible servers
    # (llama.cpp's) ignore: send the classic field too, so an answer has a bound.
    extra = {"extra_body": {"max_tokens": settings.llm.max_tokens}} if settings.llm_base_url else {}
    return ChatOpenAI(
        model=settings.llm.model,
        base_url=settings.llm_base_url,
        api_key=api_key,
        temperature=settings.llm.temperature,
        max_tokens=settings.llm.max_tokens,
        timeout=settings.answer.llm_timeout_s,
        max_retries=0,
        streaming=True,
        use_responses_api=False,
        **extra,
    )


def format_sources(documents: list) -> str:
    """The numbered sources of the prompt, from the library's ``Document``s
    (``assistant.retrieval.langchain_retriever``): "[n] title" and the part of the article
    that answers the question (``metadata["focus"]``, composed as for the offline answer), or
    the article's answer."""
    blocks = []
    for n, doc in enumerate(documents, 1):
        answer = doc.metadata.get("focus") or doc.metadata.get("answer") or doc.page_content
        if len(answer) > SOURCE_CHARS:
            answer = answer[:SOURCE_CHARS].rsplit(" ", 1)[0] + " ..."
        blocks.append(f"[{n}] {doc.metadata.get('title', '')}\n{answer}")
    return "\n\n".join(blocks)


def format_history(history: list[dict], turns: int = 3) -> str:
    lines = []
    for msg in history[-2 * turns:]:
        role = "User" if msg.get("role") == "user" else "Assistant"
        lines.append(f"{role}: {str(msg.get('content', ''))[:500]}")
    return "\n".join(lines)


class LLMAnswerer:
    """An ``assistant.answerer.Answerer``: the model writes from the first ``SOURCES`` hits;
    markers naming no source are removed, and an answer citing none is not grounded."""

    def __init__(self, chat_model, name: str, max_words: int = 150, focus=None, contexts=None):
        self.name = name
        # focus(question, hit) -> the part of the article that answers (assistant.compose)
        self.focus = focus
        # contexts(question, hits, n, exclude) -> [(hit, text)]: the sources and what the model
        # reads of each, the selected units first (compose.model_context); None: hits and focus
        self.contexts = contexts
        self.max_words = max_words
        parser = StrOutputParser()
        self.chat_model = chat_model
        self.answer_prompt = ChatPromptTemplate.from_messages([("system", ANSWER_SYSTEM), ("human", ANSWER_HUMAN)])
        # {"question", "documents"} -> the answer text; documents as the library retriever gives them
        self.answer_chain = (
            RunnablePassthrough.assign(sources=lambda x: format_sources(x["documents"]),
                                       max_words=lambda x: self.max_words)
            | self.answer_prompt | chat_model | parser
        )
        self.condense_chain = (
            ChatPromptTemplate.from_messages([("system", CONDENSE_SYSTEM), ("human", CONDENSE_HUMAN)])
            | chat_model | parser
        )

    def stream(self, question: str, hits: list, exclude: frozenset[int] = frozenset()) -> Iterator[str | Draft]:
        """The answer as it is produced (text so far, markers checked), then the ``Draft``."""
        texts = None
        if self.contexts is not None and hits:
            pairs = self.contexts(question, hits, SOURCES, exclude)
            hits, texts = [h for h, _ in pairs], [t for _, t in pairs]
        used = hits[:SOURCES]
        valid = set(range(1, len(used) + 1))
        raw = ""
        for piece in self.stream_raw(question, used, texts):
            raw += piece
            yield clean_markers(raw, valid)
        body = clean_markers(raw.strip(), valid)
        numbers = list(dict.fromkeys(markers(body)))
        citations = [(n, used[n - 1].article.id) for n in numbers]
        yield Draft(body, citations, grounded=bool(citations), notice="" if citations else UNGROUNDED,
                    answerer=self.name, sources=[h.article for h in used])

    def stream_raw(self, question: str, hits: list, texts: list[str] | None = None) -> Iterator[str]:
        """The model's text as it comes.

        Streams from the chat model directly rather than through ``answer_chain.stream``:
        LangChain's output parser drains the model's stream when the consumer stops early,
        and a person who clears the chat must free the worker at once.
        """
        documents = [hit_document(h) for h in hits]
        if texts is not None:
            for doc, text in zip(documents, texts):
                doc.metadata["focus"] = text
        elif self.focus is not None:
            for doc, hit in zip(documents, hits):
                doc.metadata["focus"] = self.focus(question, hit)
        messages = self.answer_prompt.invoke(
            {"question": question, "sources": format_sources(documents), "max_words": self.max_words}
        )
        for chunk in self.chat_model.stream(messages):
            text = chunk.content if isinstance(chunk.content, str) else "".join(
                b.get("text", "") for b in chunk.content if isinstance(b, dict))
            if text:
                yield text

    def condense(self, question: str, history: list[dict]) -> str:
        text = self.condense_chain.invoke({"question": question, "history": format_history(history)})
        text = text.strip().strip('"').splitlines()[0].strip() if text.strip() else ""
        return text or question
