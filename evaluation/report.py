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

import base64
import html
import io
import json
import math
from pathlib import Path

from evaluation import metrics as m

FILES = ("results.jsonl", "summary.json", "report.md", "report.html")
WORST = 10
FEEDBACK_SHOWN = 100
MD_TEXT_CHARS = 1500

TITLES = {"stored": "Evaluation against the stored answers",
          "leave_one_out": "Evaluation against the stored answers, leave one out",
          "judged": "Evaluation on judged questions",
          "feedback": "Thumbs-down questions asked again"}
RATE_KEYS = {"stored": ["hit@1", "hit@5", "mrr", "citation_precision", "groundedness", "refused"],
             "leave_one_out": ["citation_precision", "groundedness", "refused"],
             "judged": ["p@1", "mrr@10", "map@10", "judged@10", "groundedness", "refused"],
             "feedback": ["groundedness", "refused", "changed"]}


# ----- the folder -----------------------------------------------------------------------------

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


def worst_records(evaluation, n: int = WORST) -> list[dict]:
    """The answers to look at first: lowest similarity (then ROUGE-L) against the stored
    answer; judged questions: lowest avg score; feedback: every case, in file order."""
    records = evaluation.records
    if evaluation.mode == "feedback":
        return records[:FEEDBACK_SHOWN]
    if evaluation.mode == "judged":
        return sorted(records, key=lambda r: (r.get("avg_score") or 0, r.get("mrr@10") or 0))[:n]
    return sorted(records, key=lambda r: (_num(r.get("similarity")), _num(r.get("rouge_l"))))[:n]


def _num(v) -> float:
    return float(v) if v is not None else math.inf


def _fmt(v, digits: int = 3, key: str = "") -> str:
    if key == "latency_ms" and isinstance(v, (int, float)):
        digits = 1
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return str(v)
    return f"{v:.{digits}f}"


def _metric_rows(summary: dict) -> list[tuple[str, str, str, str, str]]:
    defs = summary.get("definitions", {})
    rows = []
    for key, value in summary["metrics"].items():
        digits = 1 if key == "latency_ms" else 3
        se = summary.get("stderr", {}).get(key)
        rows.append((key, _fmt(value, digits), str(summary["n"].get(key, 0)),
                     "" if se is None else f"±{se:.{digits}f}", defs.get(key, "")))
    return rows


def _run_line(summary: dict) -> list[tuple[str, str]]:
    run = summary.get("run", {})
    items = [("mode", summary["mode"]), ("questions", str(summary["questions"]))]
    for key in ("sample", "seed", "k", "answerer", "judge", "embedder", "library_articles",
                "questions_file", "qrels_file", "feedback_file", "created", "seconds"):
        if run.get(key) is not None:
            items.append((key, str(run[key])))
    return items


# ----- Markdown -------------------------------------------------------------------------------

def _md(text: str, limit: int | None = None) -> str:
    """Text safe inside Markdown: HTML-escaped, one line, pipes escaped, clipped."""
    text = m.normalise_space(str(text or ""))
    if limit and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=False).replace("|", "\\|")


def render_markdown(evaluation, *, worst: int = WORST) -> str:
    s = evaluation.summary
    lines = [f"# {TITLES.get(evaluation.mode, 'Evaluation')}", ""]
    lines += [f"- **{k}**: {_md(v)}" for k, v in _run_line(s)]
    lines += ["", "## Figures", "",
              "Each figure is the mean of the per-question values in `results.jsonl` that are "
              "not null (n of them).", "",
              "| metric | mean | n | std. error | definition |", "|---|---:|---:|---:|---|"]
    lines += [f"| {k} | {v} | {n} | {se} | {_md(d)} |" for k, v, n, se, d in _metric_rows(s)]
    lat = s.get("latency_percentiles_ms", {})
    lines += ["", "Latency (ms): " + ", ".join(f"{k} {_fmt(v, 1)}" for k, v in lat.items()), ""]
    if "judged_metrics" in s:
        lines += ["judged_metrics over all questions: "
                  + ", ".join(f"{k} {_fmt(v)}" for k, v in s["judged_metrics"].items()), ""]

    shown = worst_records(evaluation, worst)
    heading = {"feedback": "Thumbs-down cases", "judged": "Lowest-scoring questions"}.get(
        evaluation.mode, "Worst answers (lowest similarity to the stored answer)")
    lines += [f"## {heading}", ""]
    for i, r in enumerate(shown, 1):
        lines += [f"### {i}. {_md(r.get('question'), 300)}", ""]
        lines.append("- " + "; ".join(f"{k} {_fmt(r.get(k), key=k)}" for k in _record_keys(evaluation.mode)
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
                          f"{aid} ({_fmt(g)})" for aid, g in zip(r.get("sources", []), r.get("grades", []))),
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
    lines += ["---", "", _ATTRIBUTION, ""]
    return "\n".join(lines)


def _record_keys(mode: str) -> list[str]:
    if mode == "judged":
        return ["avg_score", "mrr@10", "p@1", "groundedness", "refused", "latency_ms"]
    if mode == "feedback":
        return ["refused", "changed", "groundedness", "latency_ms"]
    return ["similarity", "rouge_l", "groundedness", "citation_precision", "source_rank",
            "refused", "judge_score", "latency_ms"]


_ATTRIBUTION = ("Article texts shown here come from the indexed library and keep their "
                "sources' terms (the MedQuAD-derived test corpus: Ben Abacha & Demner-Fushman, "
                "BMC Bioinformatics 20:511, 2019, CC BY 4.0).")


# ----- plots ----------------------------------------------------------------------------------

def _png(fig) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _figure():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.2, 3.2))
    return fig, fig.subplots()


def _histogram(values: list[float], title: str, xlabel: str, bins, xlim=None) -> str:
    fig, ax = _figure()
    ax.hist(values, bins=bins, color="#3b6ea5", edgecolor="white")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("questions")
    if xlim:
        ax.set_xlim(*xlim)
    return _png(fig)


def _bars(labels: list[str], values: list[float], title: str, ylim=(0, 1.12)) -> str:
    fig, ax = _figure()
    bars = ax.bar(labels, values, color="#5a9e6f")
    for bar, v in zip(bars, values):
        ax.annotate(f"{v:.2f}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom", fontsize=8)
    ax.set_title(title, pad=8)
    if ylim:
        ax.set_ylim(*ylim)
        ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.tick_params(axis="x", labelrotation=20, labelsize=8)
    return _png(fig)


def plots(evaluation) -> list[tuple[str, str]]:
    """``(caption, base64 PNG)`` for each plot that has data."""
    records, mode, s = evaluation.records, evaluation.mode, evaluation.summary
    out = []
    sim = m.values_of(records, "similarity")
    if sim:
        out.append(("Similarity of the answer to the stored answer",
                    _histogram(sim, "Similarity to the stored answer", "cosine similarity",
                               [i / 20 for i in range(-4, 21)], (min(0.0, min(sim)), 1.0))))
    grounded = m.values_of(records, "groundedness")
    if grounded:
        out.append(("Groundedness (share of sentences supported by the cited article)",
                    _histogram(grounded, "Groundedness", "share of supported sentences",
                               [i / 10 for i in range(11)], (0, 1))))
    if mode == "stored":
        k = max(int(s.get("run", {}).get("k") or 5), 1)
        ranks = [r.get("source_rank") for r in records]
        hits = [sum(1 for x in ranks if x is not None and x <= i) / len(ranks) for i in range(1, k + 1)]
        out.append(("hit@k: share of questions whose source article is within the first k",
                    _bars([f"hit@{i}" for i in range(1, k + 1)], hits, "hit@k")))
    rates = [(key, s["metrics"].get(key)) for key in RATE_KEYS.get(mode, [])]
    rates = [(key, v) for key, v in rates if v is not None]
    if rates:
        out.append(("Summary figures", _bars([k for k, _ in rates], [v for _, v in rates],
                                             "Summary figures")))
    lat = m.values_of(records, "latency_ms")
    if lat:
        out.append(("Latency of each answer", _histogram(lat, "Latency", "milliseconds", 20)))
    return out


# ----- HTML -----------------------------------------------------------------------------------

def _e(text) -> str:
    return html.escape(str(text if text is not None else ""), quote=True)


def _link(title: str, url: str) -> str:
    url = str(url or "")
    if url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(title)}</a>'
    return _e(title)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem auto;max-width:1200px;
 padding:0 1rem;color:#1d232a;line-height:1.4}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd;padding:.25rem .5rem;
 vertical-align:top;font-size:.9rem}th{background:#eef1f5;text-align:left}td.num{text-align:right;
 font-variant-numeric:tabular-nums}.plots{display:flex;flex-wrap:wrap;gap:1rem}.plots figure{margin:0}
.plots figcaption{font-size:.8rem;color:#555;max-width:520px}.case{border:1px solid #ccd;
 border-radius:6px;padding:.75rem;margin:1rem 0}.case h3{font-size:1rem;margin:.2rem 0 .5rem}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}.text{white-space:pre-wrap;
 background:#f7f8fa;border:1px solid #e3e6ea;padding:.5rem;max-height:26em;overflow:auto;
 font-size:.88rem}.meta{font-size:.85rem;color:#444}.bad{color:#9b1c1c}.label{font-weight:600;
 font-size:.85rem;margin-bottom:.2rem}footer{margin-top:2rem;font-size:.8rem;color:#666}
"""


def render_html(evaluation, *, worst: int = WORST) -> str:
    s = evaluation.summary
    title = TITLES.get(evaluation.mode, "Evaluation")
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{_e(title)}</h1>", '<table class="run">']
    parts += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in _run_line(s)]
    parts += ["</table>", "<h2>Figures</h2>",
              "<p>Each figure is the mean of the per-question values in <code>results.jsonl"
              "</code> that are not null (n of them).</p>",
              "<table><tr><th>metric</th><th>mean</th><th>n</th><th>std. error</th>"
              "<th>definition</th></tr>"]
    parts += [f'<tr><td>{_e(k)}</td><td class="num">{_e(v)}</td><td class="num">{_e(n)}</td>'
              f'<td class="num">{_e(se)}</td><td>{_e(d)}</td></tr>'
              for k, v, n, se, d in _metric_rows(s)]
    parts.append("</table>")
    lat = s.get("latency_percentiles_ms", {})
    parts.append("<p>Latency (ms): " + _e(", ".join(f"{k} {_fmt(v, 1)}" for k, v in lat.items())) + "</p>")
    if "judged_metrics" in s:
        parts.append("<p>judged_metrics over all questions: " + _e(", ".join(
            f"{k} {_fmt(v)}" for k, v in s["judged_metrics"].items())) + "</p>")

    figs = plots(evaluation)
    if figs:
        parts += ["<h2>Plots</h2>", '<div class="plots">']
        parts += [f'<figure><img alt="{_e(cap)}" src="data:image/png;base64,{png}">'
                  f"<figcaption>{_e(cap)}</figcaption></figure>" for cap, png in figs]
        parts.append("</div>")

    heading = {"feedback": "Thumbs-down cases: old answer and new answer",
               "judged": "Lowest-scoring questions"}.get(
        evaluation.mode, "Worst answers (lowest similarity), side by side with the stored answers")
    parts.append(f"<h2>{_e(heading)}</h2>")
    for i, r in enumerate(worst_records(evaluation, worst), 1):
        parts.append(_case_html(i, r, evaluation.mode))
    parts += [f"<footer>{_e(_ATTRIBUTION)}</footer>", "</body></html>"]
    return "\n".join(parts)


def _citations_html(r: dict) -> str:
    if not r.get("citations"):
        return ""
    items = "".join(f"<li>[{_e(c['n'])}] {_link(c.get('title', ''), c.get('url', ''))} "
                    f"<span class=\"meta\">(id {_e(c['id'])})</span></li>" for c in r["citations"])
    return f'<div class="label">Cited</div><ul class="meta">{items}</ul>'


def _pair(left_label: str, left_html: str, right_label: str, right_html: str) -> str:
    return (f'<div class="pair"><div><div class="label">{_e(left_label)}</div>{left_html}</div>'
            f'<div><div class="label">{_e(right_label)}</div>{right_html}</div></div>')


def _text(text) -> str:
    return f'<div class="text">{_e(text)}</div>'


def _case_html(i: int, r: dict, mode: str) -> str:
    """One case: the question, its figures, and the two texts side by side (all escaped)."""
    meta = "; ".join(f"{k} {_fmt(r.get(k), key=k)}" for k in _record_keys(mode) if k in r)
    out = ['<div class="case">', f"<h3>{i}. {_e(r.get('question'))}</h3>",
           f'<div class="meta">{_e(meta)}</div>']
    answer = _text(r.get("answer")) + _citations_html(r)
    if mode == "feedback":
        out.append(f'<div class="meta">rated {_e(r.get("rating"))} at {_e(r.get("time"))}; '
                   f'comment: {_e(r.get("comment") or "–")}</div>')
        out.append(_pair(f"Old answer ({r.get('old_answerer') or '?'})", _text(r.get("old_answer")),
                         f"New answer ({r.get('answerer') or '?'})",
                         _text(r.get("answer_text") or r.get("answer")) + _citations_html(r)))
    elif mode == "judged":
        rows = "".join(f"<li>{_e(aid)} {_e(t)} <b>{_e(_fmt(g))}</b></li>" for aid, t, g in
                       zip(r.get("sources", []), r.get("source_titles", []), r.get("grades", [])))
        out.append(_pair("Assistant's answer", answer, "Returned articles (grade; – = unjudged)",
                         f'<ol class="meta">{rows}</ol>'))
    else:
        out.append(f'<div class="meta">source article {_e(r.get("source_id"))}: '
                   f'{_link(r.get("source_title", ""), r.get("source_url", ""))}; '
                   f'returned at rank {_e(_fmt(r.get("source_rank")))}</div>')
        if r.get("judge_reason"):
            out.append(f'<div class="meta">judge: {_e(r.get("judge_score"))}, {_e(r["judge_reason"])}</div>')
        out.append(_pair("Assistant's answer", answer, "Stored answer", _text(r.get("stored_answer"))))
    if r.get("unsupported"):
        items = "".join(f"<li>{_e(u)}</li>" for u in r["unsupported"])
        out.append(f'<div class="label bad">Unsupported sentences</div><ul class="meta">{items}</ul>')
    out.append("</div>")
    return "\n".join(out)
