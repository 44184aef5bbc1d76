"""The `quicktakes` command line: one parser, one module per command group."""

from __future__ import annotations

import argparse
import os
import sys

from cli import ask_cmds, eval_cmds, history_cmds, ingest_cmds, serve_cmds

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quicktakes",
        description="QuickTakes Assistant: grounded answers to medical questions from a library "
                    "of QuickTakes articles, every claim cited. Settings come from "
                    "config/defaults.yaml and QUICKTAKES_* environment variables.",
    )
    parser.add_argument("--data-dir", help="data folder (index, feedback); default ./data "
                                           "or $QUICKTAKES_DATA_DIR")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (ingest_cmds, ask_cmds, serve_cmds, history_cmds, eval_cmds):
        module.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from assistant.memory import limit_arenas

    limit_arenas()  # before any thread: fewer allocator arenas holding freed memory
    from history.conversations import HistoryError
    from config import ConfigError, load_settings

    args = build_parser().parse_args(argv)
    try:
        overrides = {"data_dir": args.data_dir} if args.data_dir else {}
        settings = load_settings(**overrides)
        return args.func(args, settings)
    except ConfigError as exc:
        print(f"quicktakes {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except HistoryError as exc:  # the conversation file (data/conversations.sqlite3)
        print(f"quicktakes {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"quicktakes {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
