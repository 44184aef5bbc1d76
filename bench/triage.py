"""Emergency triage, measured: confusion per category and overall, false alarms on ordinary
questions, and the latency the step adds; against the regular-expression list it replaced.

    .venv/bin/python bench/triage.py [--corpus ../shared/corpus] [--split check] [--misses]

Rows: "regex v0" (the old check, urgent or nothing), "phrases" (assistant/triage/phrases.py
and cues.py alone), "exemplars" (the semantic match alone), "triage" (both: what the assistant runs).
Targets (issue 10): urgent recall >= 97%, false urgent <= 2% of ordinary questions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import add_option  # noqa: E402
from triage_data import load_cases  # noqa: E402


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   - "


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_option(ap)
    ap.add_argument("--split", choices=["all", "calibration", "check", "holdout"], default="all",
                    help="which part to score: the two halves of the set (calibrate on one, read the "
                         "other), or the separately written holdout set; all: everything")
    ap.add_argument("--misses", action="store_true", help="print every wrong decision of the full triage")
    args = ap.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.triage import ExemplarIndex, Triage
    from baselines.regex_v0 import is_emergency
    from config import load_settings
    from ingest.embedder import make_embedder

    cases, note = load_cases(args.corpus)
    if args.split != "all":
        cases = [c for c in cases if c.split == args.split]
    settings = load_settings()
    embedder = make_embedder(settings)
    embedder.embed_query("warm-up")
    t0 = time.perf_counter()
    index = ExemplarIndex.load(embedder)  # no disk cache: the start-up cost is measured
    startup = time.perf_counter() - t0
    triage = Triage(index, settings.triage)

    predictions: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
    latency = []
    for case in cases:
        t = time.perf_counter()
        signals = triage.signals(case.text)
        full = triage.decide(case.text, signals)
        latency.append((time.perf_counter() - t) * 1000)
        predictions["triage"].append((full.level, full.category))
        for name, how in (("phrases", {"phrase", "combo", "topic"}), ("exemplars", {"exemplar"})):
            r = triage.decide(case.text, [s for s in signals if s.how in how])
            predictions[name].append((r.level, r.category))
        predictions["regex v0"].append(("urgent" if is_emergency(case.text) else None, None))

    by_level = Counter(c.level for c in cases)
    print(f"\n{len(cases)} messages ({args.split}): {by_level['urgent']} urgent, {by_level['info']} info, "
          f"{by_level['ordinary']} ordinary ({Counter(c.source for c in cases if c.level == 'ordinary')})")
    if note:
        print(f"note: {note}")
    print("\n| detector | urgent recall | urgent as info | urgent missed | info as urgent | info noted "
          "| ordinary false urgent | ordinary with info note |")
    print("|---|---|---|---|---|---|---|---|")
    for name in ("regex v0", "phrases", "exemplars", "triage"):
        pred = predictions[name]
        u = [p for c, p in zip(cases, pred) if c.level == "urgent"]
        i = [p for c, p in zip(cases, pred) if c.level == "info"]
        o = [p for c, p in zip(cases, pred) if c.level == "ordinary"]
        n = len
        print(f"| {name} | {pct(sum(p[0] == 'urgent' for p in u), n(u))} | {pct(sum(p[0] == 'info' for p in u), n(u))} "
              f"| {pct(sum(p[0] is None for p in u), n(u))} | {pct(sum(p[0] == 'urgent' for p in i), n(i))} "
              f"| {pct(sum(p[0] == 'info' for p in i), n(i))} | {pct(sum(p[0] == 'urgent' for p in o), n(o))} "
              f"({sum(p[0] == 'urgent' for p in o)}/{n(o)}) | {pct(sum(p[0] == 'info' for p in o), n(o))} |")

    print("\nPer category (triage):\n")
    print("| category | urgent | recall | right category | info | info as urgent | info noted |")
    print("|---|---|---|---|---|---|---|")
    cats = sorted({c.category for c in cases if c.category})
    pred = predictions["triage"]
    for cat in cats:
        u = [(c, p) for c, p in zip(cases, pred) if c.level == "urgent" and c.category == cat]
        i = [(c, p) for c, p in zip(cases, pred) if c.level == "info" and c.category == cat]
        print(f"| {cat} | {len(u)} | {pct(sum(p[0] == 'urgent' for _, p in u), len(u))} "
              f"| {pct(sum(p[0] == 'urgent' and p[1] == cat for _, p in u), len(u))} | {len(i)} "
              f"| {pct(sum(p[0] == 'urgent' for _, p in i), len(i))} | {pct(sum(p[0] == 'info' for _, p in i), len(i))} |")

    latency.sort()
    print(f"\nLatency added per message (phrases + embedding the message and its sentences + matching "
          f"{len(index.texts)} exemplars): p50 {statistics.median(latency):.1f} ms, "
          f"p95 {latency[int(0.95 * (len(latency) - 1))]:.1f} ms, max {latency[-1]:.1f} ms; "
          f"exemplars embedded at start-up in {startup:.2f} s (then cached in the data folder).")

    if args.misses:
        print("\nWrong decisions (expected -> got):")
        for c, p in zip(cases, pred):
            expected = {"urgent": "urgent", "info": "info", "ordinary": None}[c.level]
            wrong = (c.level == "urgent" and p[0] != "urgent") or (c.level == "info" and p[0] == "urgent") \
                or (c.level == "ordinary" and p[0] == "urgent")
            if wrong:
                print(f"  [{c.level}/{c.category or '-'} -> {p[0]}/{p[1]}] ({c.source}) {c.text[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
