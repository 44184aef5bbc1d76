"""Where the benchmarks find the whole corpus and the judged consumer questions.

``--corpus DIR`` (every benchmark that reads them has it), else ``$QUICKTAKES_CORPUS_DIR``,
else ``../shared/corpus`` beside the checkout. A file that is not there stops the script with
one line naming the option. The tests never read this folder (tests/data has their slice).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def default_dir() -> Path:
    return Path(os.environ.get("QUICKTAKES_CORPUS_DIR") or ROOT.parent / "shared" / "corpus")


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, default=None, metavar="DIR",
                        help="folder with quicktakes-medquad.tar.gz, dev_questions.jsonl and "
                             "dev_qrels.tsv (default: $QUICKTAKES_CORPUS_DIR or ../shared/corpus)")


def corpus_file(folder: Path | None, name: str) -> Path:
    """``name`` in the corpus folder; exit 2 with one line if it is not there."""
    folder = folder or default_dir()
    path = folder / name
    if not path.is_file():
        print(f"{Path(sys.argv[0]).name}: --corpus: no {name} in {folder} "
              "(give the corpus folder with --corpus DIR or QUICKTAKES_CORPUS_DIR)", file=sys.stderr)
        raise SystemExit(2)
    return path


def dev_messages(folder: Path | None) -> list[str]:
    """The messages the serving benchmarks ask: the 30 judged consumer messages, then the 40
    key-fact dev questions (real consumer wording, long and short)."""
    import json

    messages = [json.loads(line).get("message", "") for line in
                corpus_file(folder, "dev_questions.jsonl").open(encoding="utf-8") if line.strip()]
    messages += [json.loads(line)["question"] for line in
                 corpus_file(folder, "keyfacts_dev.jsonl").open(encoding="utf-8") if line.strip()]
    return [m for m in messages if m.strip()]
