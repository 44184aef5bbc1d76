"""The note every answer carries. Emergencies are handled by the triage step
(``assistant/triage/``), which runs before retrieval."""

from __future__ import annotations

DISCLAIMER = (
    "This answer is drawn from the QuickTakes article library and is not medical advice. "
    "Ask a doctor or other health professional about your own situation."
)
