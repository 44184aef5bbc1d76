"""Minimum (or maximum) figures an evaluation run must reach, per mode: ``quicktakes eval
--thresholds`` exits 1 and names each figure that misses (``config/eval_thresholds.yaml``).

Usage example::

    failures = check_thresholds(evaluation.summary, load_thresholds())
    # ["groundedness = 0.8100 is below the threshold 0.9000"]
"""

from __future__ import annotations

from pathlib import Path

from config.settings import DEFAULTS_FILE

DEFAULT_THRESHOLDS = DEFAULTS_FILE.with_name("eval_thresholds.yaml")  # config/eval_thresholds.yaml


def load_thresholds(path: str | Path | None = None) -> dict:
    """The thresholds YAML (default ``config/eval_thresholds.yaml``): ``{mode: {metric: min}}``;
    a metric may also be ``{min: x}`` or ``{max: x}`` (e.g. refusals, latency)."""
    import yaml

    path = Path(path) if path else DEFAULT_THRESHOLDS
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of mode -> metric -> threshold")
    return data


def check_thresholds(summary: dict, thresholds: dict) -> list[str]:
    """Failures of ``summary`` against the thresholds of its mode; [] when all pass."""
    failures = []
    rules = thresholds.get(summary["mode"]) or {}
    for metric, rule in rules.items():
        if not isinstance(rule, dict):
            rule = {"min": rule}
        value = summary["metrics"].get(metric)
        if value is None:
            failures.append(f"{metric}: no value in this run")
            continue
        if "min" in rule and value < float(rule["min"]):
            failures.append(f"{metric} = {value:.4f} is below the threshold {float(rule['min']):.4f}")
        if "max" in rule and value > float(rule["max"]):
            failures.append(f"{metric} = {value:.4f} is above the threshold {float(rule['max']):.4f}")
    return failures

