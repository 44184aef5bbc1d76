"""One conversation type for the core, the terminal chat and the web chat."""

from __future__ import annotations

from assistant.conversation import Conversation, Turn


def test_read_from_every_shape_a_front_end_sends():
    messages = [{"role": "user", "content": "what is AF?"}, {"role": "assistant", "content": "AF is [1]."},
                {"role": "user", "content": [{"type": "text", "text": "how is it treated?"}]}]
    assert Conversation.of(messages).turns == [Turn("what is AF?", "AF is [1]."), Turn("how is it treated?")]
    assert Conversation.of([("q1", "a1")]).turns == [Turn("q1", "a1")]
    record = {"question": "q", "body": "b [1]", "standalone_question": "q full", "citations": [{"id": 7}]}
    assert Conversation.of([record]).turns == [Turn("q", "b [1]", "q full", [7])]
    conversation = Conversation([Turn("x")])
    assert Conversation.of(conversation) is conversation and Conversation.of(None).turns == []


def test_follow_up_through_a_conversation_object(extractive_seed_assistant):
    conversation = Conversation()
    first = extractive_seed_assistant.ask("How does interferon work in hepatitis B?", conversation)
    turn = conversation.add(first)
    assert turn.sources == [c.id for c in first.citations] and turn.answer == first.body
    follow = extractive_seed_assistant.ask("and its side effects?", conversation)
    assert follow.standalone_question == "and interferon's side effects?"
    assert conversation.messages()[0] == {"role": "user", "content": "How does interferon work in hepatitis B?"}
