"""`quicktakes history`: the saved conversations of the chat (history/conversations.py): list them,
show or export one as Markdown, delete one (with its ratings in the feedback file)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from config import Settings


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "history", help="list, export or delete saved conversations",
        description="The conversations the chat saved in the data folder (conversations.sqlite3). "
                    "Each belongs to an owner: 'user:NAME' with a login, else the browser's id.",
    )
    p.add_argument("--owner", default=None, help="only this owner's conversations (default: all owners)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--export", metavar="ID", help="print conversation ID as Markdown, with its numbered sources")
    p.add_argument("--delete", metavar="ID", help="delete conversation ID for good, and its ratings "
                                                  "in feedback.jsonl")
    p.set_defaults(func=cmd_history)


def cmd_history(args: argparse.Namespace, settings: Settings) -> int:
    from history.conversations import HistoryError, HistoryStore
    from history.feedback import delete_conversation

    if not settings.history_file.exists():
        print(f"quicktakes history: no saved conversations in {settings.data_dir} yet", file=sys.stderr)
        return 0 if not (args.export or args.delete) else 1
    store = HistoryStore(settings.history_file)
    if args.export or args.delete:  # a HistoryError is one line, exit 1 (cli.main)
        cid = args.export or args.delete
        owner = store.owner_of(cid)
        if owner is None or (args.owner and owner != args.owner):
            raise HistoryError(f"no conversation {cid!r}" + (f" for owner {args.owner!r}" if args.owner else ""))
        if args.export:
            sys.stdout.write(store.export_markdown(cid, owner))
        else:
            try:  # its ratings too; if they cannot be removed, nothing is deleted
                gone = delete_conversation(store, settings.feedback_file, cid, owner)
            except OSError as exc:
                raise HistoryError(f"{settings.feedback_file} could not be rewritten ({exc.strerror or exc}): "
                                   f"conversation {cid} not deleted") from None
            also = f" and its {gone} rating{'' if gone == 1 else 's'} in {settings.feedback_file}" if gone else ""
            print(f"deleted conversation {cid}{also}")
        return 0
    rows = [(owner, c) for owner in store.owners() if args.owner in (None, owner) for c in store.list(owner)]
    if args.json:
        print(json.dumps([{**c.to_json(), "owner": o} for o, c in rows], ensure_ascii=False, indent=1))
        return 0
    for owner, c in sorted(rows, key=lambda r: -r[1].updated):
        when = datetime.fromtimestamp(c.updated).strftime("%Y-%m-%d %H:%M")
        turns = f"{c.turns} turn" + ("" if c.turns == 1 else "s")
        print(f"{c.id}  {when}  {turns:>9}  {owner:<20.20}  {c.title}")
    if not rows:
        print("no saved conversations")
    return 0
