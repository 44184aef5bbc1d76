"""`compare`: a real change is marked, noise is not; paired when the runs share ids, Welch
otherwise; unreadable folders are refused."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from evaluation.compare import RunError, compare_runs, format_table, load_run


def write_fake_run(folder: Path, values: dict[str, list[float | None]], ids: list) -> Path:
    """A minimal run folder: per-question values and a summary of their means."""
    folder.mkdir(parents=True)
    records = [{"id": i, **{k: v[n] for k, v in values.items()}} for n, i in enumerate(ids)]
    metrics = {}
    for key, vals in values.items():
        present = [v for v in vals if v is not None]
        metrics[key] = sum(present) / len(present) if present else None
    (folder / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (folder / "summary.json").write_text(json.dumps({"mode": "stored", "metrics": metrics}))
    return folder


def row(rows, metric):
    return next(r for r in rows if r.metric == metric)


@pytest.fixture
def base():
    rng = random.Random(7)
    return [min(1.0, max(0.0, rng.gauss(0.6, 0.15))) for _ in range(60)]


def test_paired_real_change_is_marked_and_noise_is_not(tmp_path, base):
    rng = random.Random(11)
    ids = list(range(1000, 1060))
    better = [v + 0.05 + rng.gauss(0, 0.02) for v in base]  # small but consistent
    noisy = [v + (0.2 if i % 2 else -0.2) + rng.gauss(0, 0.01) for i, v in enumerate(base)]
    a = write_fake_run(tmp_path / "a", {"similarity": base, "groundedness": base}, ids)
    b = write_fake_run(tmp_path / "b", {"similarity": better, "groundedness": noisy}, ids)
    rows = compare_runs(a, b)
    sim, grounded = row(rows, "similarity"), row(rows, "groundedness")
    assert sim.paired and sim.n == 60
    assert sim.diff == pytest.approx(sum(better) / 60 - sum(base) / 60)
    assert sim.marked and sim.diff > 0
    assert grounded.paired and not grounded.marked  # large per-question swings, no shift
    table = format_table(rows, "a", "b")
    assert "| similarity |" in table and "* up" in table
    assert table.count("* ") == 1 + 1  # the mark, and the footnote


def test_identical_runs_mark_nothing(tmp_path, base):
    ids = list(range(60))
    a = write_fake_run(tmp_path / "a", {"hit@1": [1.0, 0.0] * 30, "similarity": base}, ids)
    b = write_fake_run(tmp_path / "b", {"hit@1": [1.0, 0.0] * 30, "similarity": base}, ids)
    rows = compare_runs(a, b)
    assert all(r.diff == 0 and not r.marked for r in rows)


def test_without_shared_ids_welch_is_used(tmp_path, base):
    rng = random.Random(3)
    other = [min(1.0, max(0.0, rng.gauss(0.6, 0.15))) for _ in range(60)]
    shifted = [v + 0.15 for v in other]
    a = write_fake_run(tmp_path / "a", {"similarity": base}, list(range(60)))
    same = write_fake_run(tmp_path / "same", {"similarity": other}, list(range(100, 160)))
    up = write_fake_run(tmp_path / "up", {"similarity": shifted}, list(range(200, 260)))
    r_same, r_up = compare_runs(a, same)[0], compare_runs(a, up)[0]
    assert not r_same.paired and not r_same.marked
    assert not r_up.paired and r_up.marked and r_up.n == 120


def test_a_figure_missing_in_one_run_is_not_compared(tmp_path):
    a = write_fake_run(tmp_path / "a", {"hit@1": [1.0, 0.0, 1.0]}, [1, 2, 3])
    b = write_fake_run(tmp_path / "b", {"hit@1": [None, None, None]}, [1, 2, 3])  # leave-one-out
    r = compare_runs(a, b)[0]
    assert r.b is None and r.diff is None and not r.marked


def test_not_a_run(tmp_path):
    with pytest.raises(RunError, match="not an evaluation run"):
        load_run(tmp_path)
    (tmp_path / "summary.json").write_text("{broken")
    (tmp_path / "results.jsonl").write_text("")
    with pytest.raises(RunError, match="unreadable"):
        load_run(tmp_path)
