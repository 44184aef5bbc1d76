"""Emergency triage, run on every message before retrieval (see ``triage.py``)."""

from assistant.triage import cues
from assistant.triage.exemplars import ExemplarIndex
from assistant.triage.triage import Triage, TriageResult


def build_triage(embedder, settings, cache_dir=None) -> Triage:
    """Phrases and exemplars matched with ``embedder`` (None: phrases only);
    ``settings`` is ``TriageSettings``."""
    index = ExemplarIndex.load(embedder, cache_dir=cache_dir) if embedder is not None else None
    return Triage(index, settings)


__all__ = ["cues", "ExemplarIndex", "Triage", "TriageResult", "build_triage"]
