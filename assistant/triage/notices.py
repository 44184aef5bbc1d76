"""What the person is told: an urgent notice naming what to do and whom to call, or a one-line
note when they ask about an emergency topic. Numbers come from the region's settings
(``triage.regions``), never from the text here.

Usage example::

    notices = Notices(settings.triage.contacts)
    notices.urgent(["poisoning"])   # "Call 911 now ... Poison Control at 1-800-222-1222 ..."
    notices.info("stroke")          # "If this is happening now, call 911."
"""

from __future__ import annotations

import re

# The first category listed decides the opening line; poisoning and suicide add their line.
PRIORITY = ["unresponsive", "breathing", "anaphylaxis", "heart", "stroke", "bleeding", "seizure",
            "child", "poisoning", "suicide", "head_injury", "headache", "pregnancy", "sepsis",
            "burns", "vision"]

_URGENT = {
    "heart": "Chest pain or pressure can be a heart attack. Call {emergency} now. Stop what you "
             "are doing and sit down; do not drive yourself to hospital.",
    "stroke": "These can be signs of a stroke. Call {emergency} now and note the time the "
              "symptoms started: treatment works best in the first hours.",
    "breathing": "Trouble breathing or choking is an emergency. Call {emergency} now.",
    "anaphylaxis": "This can be a severe allergic reaction (anaphylaxis). Use an adrenaline "
                   "(epinephrine) auto-injector if there is one, and call {emergency} now.",
    "unresponsive": "Call {emergency} now. If the person is not breathing normally, start CPR; "
                    "the dispatcher will talk you through it.",
    "bleeding": "Call {emergency} now. Press firmly on the wound with a clean cloth and keep "
                "pressing until help arrives.",
    "poisoning": "If the person is hard to wake, has trouble breathing or is having a seizure, "
                 "call {emergency} now.",
    "suicide": "",
    "seizure": "Call {emergency} now if a seizure lasts more than 5 minutes, is a first "
               "seizure, or another follows before the person wakes. Lay them on their side and "
               "put nothing in their mouth.",
    "child": "These are danger signs in a baby or child. Call {emergency} or go to the nearest "
             "emergency department now.",
    "head_injury": "These are warning signs after a head injury. Call {emergency} or go to the "
                   "emergency department now.",
    "headache": "A sudden, severe headache, or a headache with a stiff neck and fever, needs "
                "care at once. Call {emergency} or go to the emergency department now.",
    "pregnancy": "This can be a pregnancy emergency. Call {emergency} or go to the emergency "
                 "department (or your labour and delivery unit) now.",
    "burns": "A large, deep, electrical or chemical burn, or a burn on the face, is an "
             "emergency. Call {emergency} now; cool the burn under cool running water (not ice) "
             "while you wait.",
    "vision": "Sudden loss of vision needs treatment within hours. Call {emergency} or go to "
              "the emergency department now.",
    "sepsis": "An infection with confusion, fast breathing or mottled skin can be sepsis. Call "
              "{emergency} or go to the emergency department now and say you are worried "
              "about sepsis.",
}

_INFO = {
    "poisoning": "If someone has been poisoned or has overdosed now, call {poison_line}, or "
                 "{emergency} if they are hard to wake or struggling to breathe.",
    "suicide": "If you or someone you know is thinking about suicide, {crisis_line} "
               "(or {emergency} in an emergency).",
}
_INFO_DEFAULT = "If this is happening now, call {emergency} or go to the nearest emergency department."


class Notices:
    def __init__(self, contacts):
        self.contacts = contacts

    def _fill(self, template: str) -> str:
        c = self.contacts
        poison = c.poison
        crisis = c.crisis
        poison_line = (f"{poison.name} at {poison.number}" if poison.number and poison.number not in poison.name
                       else poison.name)
        about = ", ".join(p for p in (crisis.name, crisis.note) if p)
        crisis_line = (f"you can {crisis.how} {crisis.number} ({about})" if crisis.number
                       else f"you can call {about}")
        return template.format(emergency=c.emergency, poison_line=poison_line, crisis_line=crisis_line)

    def urgent(self, categories: list[str], *, other_person: bool = False,
               carbon_monoxide: bool = False) -> str:
        cats = sorted(set(categories), key=lambda c: PRIORITY.index(c) if c in PRIORITY else 99)
        lines = []
        first = cats[0] if cats else ""
        if first and first not in ("suicide", "poisoning"):
            lines.append(_URGENT[first])
        if "poisoning" in cats:
            if carbon_monoxide:
                lines.append("Get everyone out into fresh air first.")
            lines.append(("Call {emergency} now if the person is hard to wake, has trouble breathing or is "
                          "having a seizure; otherwise call {poison_line} right away. Do not make them vomit.")
                         if first == "poisoning" or not lines
                         else "For a poisoning or overdose, also call {poison_line}.")
        if "suicide" in cats:
            if other_person:
                lines.append("If someone may act on thoughts of suicide, stay with them, and "
                             "{crisis_line} for help on what to do; if they are in danger now, call {emergency}.")
            else:
                lines.append("I'm sorry you are going through this; you don't have to face it alone. "
                             "Right now {crisis_line} and talk with someone, any time. If you are in "
                             "danger or have already hurt yourself, call {emergency}.")
        if not lines:
            lines.append("This may be an emergency. Call {emergency} or go to the nearest emergency department now.")
        return self._fill(" ".join(lines))

    def info(self, category: str) -> str:
        return self._fill(_INFO.get(category, _INFO_DEFAULT))

    def numbers(self, categories: list[str]) -> list[tuple[str, str]]:
        """(label, number) of the numbers a notice names, for ``tel:`` links."""
        c = self.contacts
        out = [("Emergency", c.emergency)]
        if "poisoning" in categories and c.poison.number:
            out.append((c.poison.name, c.poison.number))
        if "suicide" in categories and c.crisis.number:
            out.append((re.sub(r"^the ", "", c.crisis.name), c.crisis.number))
        return out
