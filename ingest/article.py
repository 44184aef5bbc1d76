"""The article as the rest of the system sees it, after reading and normalising."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class RelatedArticle:
    id: int
    title: str
    url: str
    subject: str = ""


@dataclass(frozen=True)
class Article:
    """One QuickTakes article, normalised.

    ``answer`` and ``question`` hold real line breaks (the files store them as the two
    characters backslash and n); ``url`` is absolute; ``date`` is an ISO string or "".
    """

    id: int
    question: str
    answer: str
    title: str
    url: str
    subject: str = ""
    date: str = ""
    author: str = ""
    keywords: tuple[str, ...] = ()
    related: tuple[RelatedArticle, ...] = ()
    file: str = ""
    file_sha: str = ""

    @property
    def content_hash(self) -> str:
        """Hash of everything that is indexed; the file's path is not part of it."""
        payload = {k: v for k, v in asdict(self).items() if k not in ("file", "file_sha")}
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


@dataclass(frozen=True)
class ArticleError(Exception):
    """A file that cannot be ingested; names the file and the field at fault."""

    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.reason}"

    def as_dict(self) -> dict:
        return {"file": self.file, "field": self.field, "error": f"{self.field}: {self.reason}"}
