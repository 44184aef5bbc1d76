"""`quicktakes ask` and `quicktakes chat`."""

from __future__ import annotations

import argparse
import json
import re
import sys

from config import Settings


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ask", help="answer one question (or a JSON-lines batch) from the library",
        description="Answer a question from the indexed articles, every sentence cited. "
                    "Uses a language model when OPENAI_API_KEY or QUICKTAKES_LLM__BASE_URL is "
                    "set, else the offline extractive answerer.",
    )
    p.add_argument("question", nargs="?", help="the question, in your own words")
    p.add_argument("--batch", metavar="FILE.jsonl",
                   help='answer every line {"id", "question"} of FILE; one JSON answer per line out')
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--k", type=int, default=None, help="articles to retrieve (default from settings)")
    p.add_argument("--subject", default=None, help="only articles of this subject")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="a conversation in the terminal",
                       description="Ask questions one after another; follow-ups are understood "
                                   "in context. Empty line or Ctrl-D ends.")
    p.add_argument("--subject", default=None, help="only articles of this subject")
    p.add_argument("--resume", metavar="ID", default=None,
                   help="continue a saved conversation (its ID from `quicktakes history`)")
    p.set_defaults(func=cmd_chat)


def resolve_subject(assistant, given: str | None) -> str | None:
    """The library's own spelling of ``given`` ("rare diseases" -> "Rare Diseases"); case,
    spaces, hyphens and underscores do not matter. Raises ``ValueError`` listing the subjects."""
    if given is None:
        return None
    key = lambda s: re.sub(r"[\s_-]+", " ", s.strip().lower())  # noqa: E731
    subjects = assistant.library.subjects()
    for subject in subjects:
        if key(subject) == key(given):
            return subject
    raise ValueError(f"--subject: no subject {given!r} in the library; its subjects: {', '.join(subjects)}")


def render_text(answer) -> str:
    """The answer for a terminal: an emergency notice (or the info line) first, always."""
    lines, rest = [], answer.text
    if answer.lead:  # answer.text starts with it
        lines += [answer.lead, ""]
        rest = rest[len(answer.lead):].lstrip("\n")
    if answer.standalone_question:
        lines.append(f"(understood as: {answer.standalone_question})\n")
    lines += [rest, ""]
    if answer.citations:
        lines.append("Sources:")
        lines += [f"  [{c.n}] {c.title}\n      {c.url}" for c in answer.citations]
    elif answer.sources:
        lines.append("Closest articles:")
        lines += [f"  - {s.title}\n      {s.url}" for s in answer.sources]
    lines.append(f"\n(answered by {answer.answerer} in {answer.timings_ms.get('total_ms', 0):.0f} ms)")
    return "\n".join(lines)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.factory import build_assistant

    if bool(args.question) == bool(args.batch):
        print("quicktakes ask: give either a QUESTION or --batch FILE.jsonl", file=sys.stderr)
        return 2
    if args.batch:
        try:
            lines = open(args.batch, encoding="utf-8").read().splitlines()
        except OSError as exc:
            print(f"quicktakes ask: {args.batch}: {exc.strerror}", file=sys.stderr)
            return 2
    assistant = build_assistant(settings)
    try:
        args.subject = resolve_subject(assistant, args.subject)
    except ValueError as exc:
        print(f"quicktakes ask: {exc}", file=sys.stderr)
        return 2
    if not args.batch:
        answer = assistant.ask(args.question, k=args.k, subject=args.subject)
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2) if args.json
              else render_text(answer))
        return 0
    status = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            question = row["question"]
        except (json.JSONDecodeError, KeyError, TypeError):
            print(f"quicktakes ask: {args.batch}: line {n}: expected {{\"id\", \"question\"}}",
                  file=sys.stderr)
            status = 1
            continue
        answer = assistant.ask(str(question), k=args.k, subject=args.subject)
        print(json.dumps({"id": row.get("id"), **answer.to_json()}, ensure_ascii=False), flush=True)
    return status


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.conversation import Conversation
    from assistant.factory import build_assistant

    assistant = build_assistant(settings)
    try:
        args.subject = resolve_subject(assistant, args.subject)
    except ValueError as exc:
        print(f"quicktakes chat: {exc}", file=sys.stderr)
        return 2
    # the terminal's conversations are saved like the chat's (owner "terminal"); --resume goes
    # on with any saved one, under its owner
    store, saved, owner = None, None, "terminal"
    if settings.ui.save_conversations or args.resume:
        from history.conversations import HistoryStore

        store = HistoryStore(settings.history_file)
    conversation = Conversation()
    if args.resume:
        owner = store.owner_of(args.resume)
        if owner is None:
            print(f"quicktakes chat: --resume: no saved conversation {args.resume!r} "
                  "(quicktakes history lists them)", file=sys.stderr)
            return 2
        info = store.get(args.resume, owner)
        saved = info.id
        turns = [t.answer for t in store.turns(saved, owner)]
        conversation = Conversation.of(turns)
        print(f"Resuming “{info.title}” ({len(turns)} turns):")
        for turn in turns:
            print(f"\nyou> {turn.get('question', '')}\n\n{turn.get('answer', '')}")
    print(f"QuickTakes Assistant ({assistant.answerer_name}, {len(assistant.library):,} articles). "
          "Ask a question; an empty line ends.")
    while True:
        try:
            question = input("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question:
            return 0
        answer = assistant.ask(question, conversation, subject=args.subject)
        print("\n" + render_text(answer))
        conversation.add(answer)
        if store is not None:
            saved = saved or store.create(owner, question)
            store.add_turn(saved, owner, {**answer.to_json(), "body": answer.body})
