"""Write an evaluation run as a folder a person can open and a program can re-check.

``write_run(out_dir, evaluation)`` writes:

* ``results.jsonl``: one JSON object per question with every per-question figure (the same
  names as in the summary), the question, the answer, the stored answer, citations, sources;
* ``summary.json``: ``metrics`` (each the mean of the non-null per-question values of the
  same name; booleans count 0/1), ``n`` (how many were not null), ``stderr``,
  ``latency_percentiles_ms``, ``definitions`` and ``run`` (mode, sample, seed, answerer,
  embedder, library size, settings);
* ``report.md``: the figures and the worst answers, as Markdown;
* ``report.html``: the same, self-contained: plots (similarity and groundedness
  distributions, hit@k, latency) embedded as base64 PNG (matplotlib, Agg), inline CSS, no
  script and nothing loaded from the internet; every piece of article text is HTML-escaped.

Usage example::

    ev = evaluate_stored(assistant, sample=100, seed=1)
    folder = write_run("runs/baseline", ev, worst=10)
    # runs/baseline/{results.jsonl, summary.json, report.md, report.html}
"""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.report.figures import WORST
from evaluation.report.markdown import render_markdown
from evaluation.report.page import render_html

FILES = ("results.jsonl", "summary.json", "report.md", "report.html")


def write_run(out_dir: str | Path, evaluation, *, worst: int = WORST) -> Path:
    """Write the four files of a run into ``out_dir`` (created if needed); returns the folder."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "results.jsonl", "w", encoding="utf-8") as fh:
        for record in evaluation.records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    (out / "summary.json").write_text(
        json.dumps(evaluation.summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(render_markdown(evaluation, worst=worst), encoding="utf-8")
    (out / "report.html").write_text(render_html(evaluation, worst=worst), encoding="utf-8")
    return out
