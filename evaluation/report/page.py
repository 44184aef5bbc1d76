"""The run as one self-contained HTML page (``report.html``): plots embedded, inline CSS, no
script and nothing loaded from the internet; every piece of article text is HTML-escaped."""

from __future__ import annotations

import html

from evaluation.report.figures import (ATTRIBUTION, TITLES, WORST, fmt, metric_rows, record_keys,
                                       run_line, worst_records)
from evaluation.report.plots import plots


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
    parts += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in run_line(s)]
    parts += ["</table>", "<h2>Figures</h2>",
              "<p>Each figure is the mean of the per-question values in <code>results.jsonl"
              "</code> that are not null (n of them).</p>",
              "<table><tr><th>metric</th><th>mean</th><th>n</th><th>std. error</th>"
              "<th>definition</th></tr>"]
    parts += [f'<tr><td>{_e(k)}</td><td class="num">{_e(v)}</td><td class="num">{_e(n)}</td>'
              f'<td class="num">{_e(se)}</td><td>{_e(d)}</td></tr>'
              for k, v, n, se, d in metric_rows(s)]
    parts.append("</table>")
    lat = s.get("latency_percentiles_ms", {})
    parts.append("<p>Latency (ms): " + _e(", ".join(f"{k} {fmt(v, 1)}" for k, v in lat.items())) + "</p>")
    if "judged_metrics" in s:
        parts.append("<p>judged_metrics over all questions: " + _e(", ".join(
            f"{k} {fmt(v)}" for k, v in s["judged_metrics"].items())) + "</p>")

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
    parts += [f"<footer>{_e(ATTRIBUTION)}</footer>", "</body></html>"]
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
    meta = "; ".join(f"{k} {fmt(r.get(k), key=k)}" for k in record_keys(mode) if k in r)
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
        rows = "".join(f"<li>{_e(aid)} {_e(t)} <b>{_e(fmt(g))}</b></li>" for aid, t, g in
                       zip(r.get("sources", []), r.get("source_titles", []), r.get("grades", [])))
        out.append(_pair("Assistant's answer", answer, "Returned articles (grade; – = unjudged)",
                         f'<ol class="meta">{rows}</ol>'))
    else:
        out.append(f'<div class="meta">source article {_e(r.get("source_id"))}: '
                   f'{_link(r.get("source_title", ""), r.get("source_url", ""))}; '
                   f'returned at rank {_e(fmt(r.get("source_rank")))}</div>')
        if r.get("judge_reason"):
            out.append(f'<div class="meta">judge: {_e(r.get("judge_score"))}, {_e(r["judge_reason"])}</div>')
        out.append(_pair("Assistant's answer", answer, "Stored answer", _text(r.get("stored_answer"))))
    if r.get("unsupported"):
        items = "".join(f"<li>{_e(u)}</li>" for u in r["unsupported"])
        out.append(f'<div class="label bad">Unsupported sentences</div><ul class="meta">{items}</ul>')
    out.append("</div>")
    return "\n".join(out)
