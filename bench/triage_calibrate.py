"""Calibrate the semantic thresholds of the emergency triage on data.

The exemplar match makes a sentence urgent when its nearest urgent exemplar is at least
``triage.urgent_similarity`` close and ``triage.urgent_margin`` closer than any non-urgent
exemplar; a message at least ``triage.info_similarity`` close to an emergency exemplar gets the
"if this is happening now" note. This sweeps those thresholds on the ``calibration`` half of
the triage set and picks:

- urgent: the highest urgent recall with false urgent <= --max-false-urgent of the ordinary
  questions (then fewest info questions called urgent, then the stricter threshold);
- info: the best (info questions noted) - (ordinary questions noted).

It prints the choice with its figures on both halves (the ``check`` half was not used to
choose), and the figures of the values in the settings now. Copy the choice into
config/defaults.yaml.

    .venv/bin/python bench/triage_calibrate.py [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import add_option  # noqa: E402
from triage_data import load_cases  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_option(ap)
    ap.add_argument("--max-false-urgent", type=float, default=0.015,
                    help="share of ordinary questions allowed to be called urgent (default 0.015)")
    args = ap.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.triage import ExemplarIndex, Triage, cues
    from config import load_settings
    from ingest.embedder import make_embedder

    cases, note = load_cases(args.corpus)
    if note:
        print(f"note: {note}")
    settings = load_settings()
    embedder = make_embedder(settings)
    index = ExemplarIndex.load(embedder)
    triage = Triage(index, settings.triage)

    # Everything that does not depend on the thresholds, computed once per message.
    rows = []
    for case in cases:
        phrase = triage.signals(case.text, matches=[])  # phrases, combinations, topic words
        units = Triage.units(case.text)
        rows.append({
            "case": case,
            "phrase_urgent": any(s.level == "urgent" for s in phrase),
            "phrase_info": any(s.level == "info" for s in phrase),
            "units": [(m, Triage.urgent_as(cues.normalise(u))) for u, m in zip(units, index.match(units))],
        })

    def decide(row, th):
        levels = {Triage.exemplar_level(m, urgent_as, th) for m, urgent_as in row["units"]}
        if row["phrase_urgent"] or "urgent" in levels:
            return "urgent"
        return "info" if row["phrase_info"] or "info" in levels else None

    def figures(split, th):
        sel = [r for r in rows if r["case"].split == split]
        got = [(r["case"].level, decide(r, th)) for r in sel]
        u = [g for lvl, g in got if lvl == "urgent"]
        i = [g for lvl, g in got if lvl == "info"]
        o = [g for lvl, g in got if lvl == "ordinary"]
        return {"recall": np.mean([g == "urgent" for g in u]),
                "false_urgent": np.mean([g == "urgent" for g in o]),
                "info_as_urgent": np.mean([g == "urgent" for g in i]),
                "info_noted": np.mean([g is not None for g in i]),
                "ordinary_noted": np.mean([g == "info" for g in o]),
                "n": (len(u), len(i), len(o))}

    def th(t_u, weight, margin, t_i):
        return SimpleNamespace(urgent_similarity=float(t_u), urgent_margin_weight=float(weight),
                               urgent_margin=float(margin), info_similarity=float(t_i))

    best = None
    for weight in (0.0, 0.5, 1.0, 1.5, 2.0):
        for t_u in np.arange(0.50, 1.01, 0.01):
            for margin in np.arange(-0.04, 0.21, 0.02):
                f = figures("calibration", th(t_u, weight, margin, 2.0))
                if f["false_urgent"] > args.max_false_urgent:
                    continue
                key = (round(f["recall"], 4), -round(f["info_as_urgent"], 4), round(t_u, 2), round(margin, 2))
                if best is None or key > best[0]:
                    best = (key, round(float(t_u), 2), weight, round(float(margin), 2))
    _, t_u, weight, margin = best
    scored = []
    for t_i in np.arange(0.45, 0.86, 0.01):
        f = figures("calibration", th(t_u, weight, margin, t_i))
        scored.append((f["info_noted"] - f["ordinary_noted"], round(float(t_i), 2)))
    t_i = max(scored)[1]
    chosen = th(t_u, weight, margin, t_i)

    def show(label, thresholds):
        for split in ("calibration", "check", "holdout"):
            f = figures(split, thresholds)
            print(f"| {label} | {split} {f['n']} | {100 * f['recall']:.1f}% | {100 * f['false_urgent']:.1f}% "
                  f"| {100 * f['info_as_urgent']:.1f}% | {100 * f['info_noted']:.1f}% | {100 * f['ordinary_noted']:.1f}% |")

    print("\n| thresholds | half (urgent, info, ordinary) | urgent recall | ordinary false urgent "
          "| info as urgent | info noted | ordinary noted |")
    print("|---|---|---|---|---|---|---|")
    s = settings.triage
    show(f"chosen {t_u}/{weight}/{margin}/{t_i}", chosen)
    show(f"settings {s.urgent_similarity}/{s.urgent_margin_weight}/{s.urgent_margin}/{s.info_similarity}", s)
    show("phrases only", th(9, 0, 9, 9))
    print(f"\nchosen (similarity/weight/margin/info):\n  urgent_similarity: {t_u}\n  "
          f"urgent_margin_weight: {weight}\n  urgent_margin: {margin}\n  info_similarity: {t_i}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
