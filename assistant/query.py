"""Turn a person's message into a search query.

Real consumer messages carry greetings, thanks, signatures, contact details and reference
numbers around the question. Those words match nothing useful and dilute both the lexical
and the dense query, so they are removed; the wording of the question itself is kept.

Usage example::

    clean_query("Hi, I have celiac disease. Do these tablets contain gluten? Thank you! Mary")
    # -> 'I have celiac disease. Do these tablets contain gluten?'
"""

from __future__ import annotations

import re

_GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening))\b"
    r"(?:(?:\s+[\w.'/-]+){0,3}?\s*[,!:\n-]+|\s*[,.!:\n-]*)\s*)+",
    re.IGNORECASE,
)
# A sign-off and everything after it (a name, a phone number...).
_SIGN_OFF = re.compile(
    r"(?:^|(?<=[.!?\n]))\s*(?:thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much)?(?:\s+in\s+advance)?|"
    r"thanking\s+you|many\s+thanks|best\s+regards|kind\s+regards|regards|sincerely|respectfully|"
    r"cheers|god\s+bless|sent\s+from\s+my)\b[^?]{0,120}$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+?\d[\d\s().-]{7,}\d)")
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z _-]{1,30}\]")  # anonymised [NAME], [CONTACT], ...
_SPACES = re.compile(r"\s+")


def clean_query(text: str) -> str:
    """The message without greetings, sign-offs, e-mail addresses, links and phone numbers."""
    text = text or ""
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _PHONE.sub(" ", text)
    text = _PLACEHOLDER.sub(" ", text)
    text = _GREETING.sub("", text)
    stripped = _SIGN_OFF.sub("", text)
    if len(stripped.strip()) >= 10:  # never strip a message down to nothing
        text = stripped
    return _SPACES.sub(" ", text).strip(" ,;-")


def join_subject(subject: str | None, message: str | None) -> str:
    """A consumer message's subject line and body as one question."""
    subject = (subject or "").strip()
    message = (message or "").strip()
    if subject and message and subject.lower() not in message.lower():
        return f"{subject}. {message}"
    return message or subject
