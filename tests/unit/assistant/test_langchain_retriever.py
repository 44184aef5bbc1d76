"""The library as a LangChain retriever: Documents with what a citation needs, in an LCEL chain."""

from __future__ import annotations

from assistant_fixtures import INTERFERON_ID, INTERFERON_QUESTION, INTERFERON_URL, fake_chat


def test_documents_carry_the_article_and_compose_in_an_lcel_chain(extractive_seed_assistant):
    from langchain_core.output_parsers import StrOutputParser
    from langchain_core.prompts import ChatPromptTemplate
    from langchain_core.runnables import RunnableLambda, RunnablePassthrough

    from assistant.retrieval.langchain_retriever import LibraryRetriever, format_documents

    library = LibraryRetriever(retriever=extractive_seed_assistant.retriever, k=2)
    docs = library.invoke(INTERFERON_QUESTION)
    assert len(docs) == 2
    first = docs[0].metadata
    assert first["article_id"] == INTERFERON_ID and first["url"] == INTERFERON_URL
    assert {"title", "subject", "score", "similarity", "related", "question"} <= set(first)
    assert docs[0].page_content and isinstance(first["related"], list)

    seen = {}

    def remember(prompt_value):
        seen["prompt"] = prompt_value.to_string()
        return prompt_value

    prompt = ChatPromptTemplate.from_messages([("human", "Sources:\n{context}\n\nQuestion: {question}")])
    chain = ({"context": library | format_documents, "question": RunnablePassthrough()}
             | prompt | RunnableLambda(remember) | fake_chat("Interferon boosts immunity [1].") | StrOutputParser())
    assert chain.invoke(INTERFERON_QUESTION) == "Interferon boosts immunity [1]."
    assert f"[1] {first['title']} ({INTERFERON_URL})" in seen["prompt"]
    assert INTERFERON_QUESTION in seen["prompt"]


def test_the_language_model_chain_runs_on_the_library_retriever(extractive_seed_assistant):
    from langchain_core.runnables import RunnablePassthrough

    from assistant.llm import LLMAnswerer
    from assistant.retrieval.langchain_retriever import LibraryRetriever

    model = fake_chat("Interferon modulates the immune response [1].")
    answerer = LLMAnswerer(model, name="llm:fake")
    chain = ({"documents": LibraryRetriever(retriever=extractive_seed_assistant.retriever, k=2),
              "question": RunnablePassthrough()} | answerer.answer_chain)
    from langchain_core.callbacks import BaseCallbackHandler

    class Spy(BaseCallbackHandler):
        prompts: list[str] = []

        def on_chat_model_start(self, serialized, messages, **kw):
            self.prompts.append("\n".join(m.content for m in messages[0]))

    spy = Spy()
    assert chain.invoke(INTERFERON_QUESTION, config={"callbacks": [spy]}) == \
        "Interferon modulates the immune response [1]."
    title = extractive_seed_assistant.retriever.retrieve(INTERFERON_QUESTION, k=1).hits[0].article.title
    assert f"[1] {title}" in spy.prompts[0] and INTERFERON_QUESTION in spy.prompts[0]
