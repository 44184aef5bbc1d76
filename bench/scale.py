"""Start-up, memory and latency of a reader, per index size, against the code before (issue 21).

For each index (``--index NAME=DATA_DIR``, e.g. the whole corpus and a 10x copy) and each code
tree (this checkout, and ``--before COMMIT`` checked out in a temporary worktree: the code that
rebuilt everything at every start), a fresh process:

- builds the assistant and answers one question: the start-up a `quicktakes ask` or a
  `quicktakes serve` pays before its first answer (time from the process's start);
- answers 100 questions (the judged and key-fact questions, then stored questions) one after
  another: p50 and p95 of retrieval + extractive answer;
- reports its peak resident memory (VmHWM).

Also the wall time of the command a person types, `quicktakes ask "What is gout?"`, for this tree.

    QUICKTAKES_DATA_DIR=... .venv/bin/python bench/scale.py --corpus ../shared/corpus \\
        --index 1x=/work/idx/data-all --before 12b34e9
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_option, dev_messages  # noqa: E402

CHILD = r"""
import json, os, sys, time
started = time.perf_counter()
sys.path.insert(0, os.getcwd())
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from assistant.factory import build_assistant
from config import load_settings
questions = json.loads(sys.argv[1])
assistant = build_assistant(load_settings())
assistant.ask(questions[0])
first = time.perf_counter() - started
took = []
for q in questions[1:]:
    t = time.perf_counter()
    assistant.ask(q)
    took.append((time.perf_counter() - t) * 1000)
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"first": first, "took": took, "peak_mb": peak / 1024, "articles": len(assistant.library)}))
"""


def child(tree: Path, data_dir: Path, questions: list[str]) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUICKTAKES_")}
    env["QUICKTAKES_DATA_DIR"] = str(data_dir)
    out = subprocess.run([sys.executable, "-c", CHILD, json.dumps(questions)], cwd=tree, env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"the reader in {tree} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def cli_ask(data_dir: Path, runs: int = 3) -> tuple[float, float]:
    """Median wall seconds and peak MB of `quicktakes ask "What is gout?"`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUICKTAKES_")}
    env["QUICKTAKES_DATA_DIR"] = str(data_dir)
    walls, peaks = [], []
    for _ in range(runs):
        out = subprocess.run(["/usr/bin/time", "-f", "%e %M", str(Path(sys.executable).parent / "quicktakes"),
                              "ask", "What is gout?"], env=env, capture_output=True, text=True, check=True)
        wall, peak = out.stderr.strip().splitlines()[-1].split()
        walls.append(float(wall))
        peaks.append(int(peak) / 1024)
    return statistics.median(walls), statistics.median(peaks)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_option(parser)
    parser.add_argument("--index", action="append", required=True, metavar="NAME=DATA_DIR",
                        help="a data folder holding an index (repeat: 1x, 10x)")
    parser.add_argument("--before", metavar="COMMIT", help="also run this commit's code on each index")
    parser.add_argument("--stored", type=int, default=30, help="stored questions added to the question set")
    args = parser.parse_args()

    questions = ["What is gout?"] + dev_messages(args.corpus)
    indexes = [(name, Path(path)) for name, _, path in (i.partition("=") for i in args.index)]

    trees = [("this code", ROOT)]
    worktree = None
    if args.before:
        worktree = Path(tempfile.mkdtemp(prefix="qt-before-")) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), args.before],
                       check=True, capture_output=True)
        trees.append((f"before ({args.before})", worktree))
    rows = []
    try:
        for name, data_dir in indexes:
            for label, tree in trees:
                child(tree, data_dir, questions[:2])  # once: a missing snapshot is built and saved here
                r = child(tree, data_dir, questions)
                wall, peak = cli_ask(data_dir) if tree == ROOT else (float("nan"), float("nan"))
                rows.append((name, r["articles"], label, r, wall, peak))
                print(f"{name} {label}: done", file=sys.stderr, flush=True)
    finally:
        if worktree is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                           capture_output=True)

    print(f"\n{len(questions) - 1} questions answered one after another per process\n")
    print("| index | articles | code | start-up to the first answer s | peak resident MB | p50 ms | p95 ms "
          "| `quicktakes ask` wall s / peak MB |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for name, articles, label, r, wall, peak in rows:
        cli = f"{wall:.2f} / {peak:.0f}" if wall == wall else "-"
        print(f"| {name} | {articles:,} | {label} | {r['first']:.2f} | {r['peak_mb']:.0f} "
              f"| {statistics.median(r['took']):.0f} | {pct(r['took'], 0.95):.0f} | {cli} |")


if __name__ == "__main__":
    main()
