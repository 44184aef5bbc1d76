"""The report's plots (matplotlib, Agg, no display): similarity and groundedness histograms,
hit@k, the summary rates and latency, each a base64 PNG embedded in ``report.html``."""

from __future__ import annotations

import base64
import io

from evaluation import metrics as m

RATE_KEYS = {"stored": ["hit@1", "hit@5", "mrr", "citation_precision", "groundedness", "refused"],
             "leave_one_out": ["citation_precision", "groundedness", "refused"],
             "judged": ["p@1", "mrr@10", "map@10", "judged@10", "groundedness", "refused"],
             "feedback": ["groundedness", "refused", "changed"]}


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
