"""The run as Markdown (``report.md``): every piece of text HTML-escaped, one line, clipped."""

from __future__ import annotations

import html

from evaluation import metrics as m
from evaluation.report.figures import (ATTRIBUTION, TITLES, WORST, fmt, metric_rows, record_keys,
                                       run_line, worst_records)

MD_TEXT_CHARS = 1500


def _md(text: str, limit: int | None = None) -> str:
    """Text safe inside Markdown: HTML-escaped, one line, pipes escaped, clipped."""
    text = m.normalise_space(str(text or ""))
    if limit and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=False).replace("|", "\\|")


def render_markdown(evaluation, *, worst: int = WORST) -> str:
    s = evaluation.summary
    lines = [f"# {TITLES.get(evaluation.mode, 'Evaluation')}", ""]
    lines += [f"- **{k}**: {_md(v)}" for k, v in run_line(s)]
    lines += ["", "## Figures", "",
              "Each figure is the mean of the per-question values in `results.jsonl` that are "
              "not null (n of them).", "",
              "| metric | mean | n | std. error | definition |", "|---|---:|---:|---:|---|"]
    lines += [f"| {k} | {v} | {n} | {se} | {_md(d)} |" for k, v, n, se, d in metric_rows(s)]
    lat = s.get("latency_percentiles_ms", {})
    lines += ["", "Latency (ms): " + ", ".join(f"{k} {fmt(v, 1)}" for k, v in lat.items()), ""]
    if "judged_metrics" in s:
        lines += ["judged_metrics over all questions: "
                  + ", ".join(f"{k} {fmt(v)}" for k, v in s["judged_metrics"].items()), ""]

    shown = worst_records(evaluation, worst)
    heading = {"feedback": "Thumbs-down cases", "judged": "Lowest-scoring questions"}.get(
        evaluation.mode, "Worst answers (lowest similarity to the stored answer)")
    lines += [f"## {heading}", ""]
    for i, r in enumerate(shown, 1):
        lines += [f"### {i}. {_md(r.get('question'), 300)}", ""]
        lines.append("- " + "; ".join(f"{k} {fmt(r.get(k), key=k)}" for k in record_keys(evaluation.mode)
                                      if k in r))
        if evaluation.mode == "feedback":
            lines += [f"- comment: {_md(r.get('comment')) or '–'}", "",
                      f"**Old answer** ({_md(r.get('old_answerer'))}):", "",
                      f"> {_md(r.get('old_answer'), MD_TEXT_CHARS)}", "",
                      f"**New answer** ({_md(r.get('answerer'))}):", "",
                      f"> {_md(r.get('answer'), MD_TEXT_CHARS)}", ""]
        elif evaluation.mode == "judged":
            lines += ["", "**Answer:**", "", f"> {_md(r.get('answer'), MD_TEXT_CHARS)}", "",
                      "**Returned articles (grade):** " + "; ".join(
                          f"{aid} ({fmt(g)})" for aid, g in zip(r.get("sources", []), r.get("grades", []))),
                      ""]
        else:
            lines += [f"- source: {r.get('source_id')} {_md(r.get('source_title'), 200)}", "",
                      "**Answer:**", "", f"> {_md(r.get('answer'), MD_TEXT_CHARS)}", "",
                      "**Stored answer:**", "", f"> {_md(r.get('stored_answer'), MD_TEXT_CHARS)}", ""]
        if r.get("citations"):
            lines.append("Cited: " + "; ".join(f"[{c['n']}] {c['id']} {_md(c['title'], 120)}"
                                               for c in r["citations"]))
            lines.append("")
        if r.get("unsupported"):
            lines.append("Unsupported sentences: " + " / ".join(_md(u, 300) for u in r["unsupported"]))
            lines.append("")
    lines += ["---", "", ATTRIBUTION, ""]
    return "\n".join(lines)
