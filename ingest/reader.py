"""Read QuickTakes article files: validate, normalise, or reject with a clear reason.

Usage example::

    from ingest.reader import read_article, find_article_files
    for path in find_article_files(["samples/articles"]):
        article = read_article(path, site_url="https://www.quicktakes.io")
        print(article.id, article.url)

A rejected file raises ``ArticleError(file, field, reason)``; callers collect those and go on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from urllib.parse import urljoin, urlparse

import frontmatter
import yaml

from ingest.article import Article, ArticleError, RelatedArticle

MAX_RELATED = 5


def find_article_files(paths: list[str | Path]) -> list[Path]:
    """Markdown files under ``paths`` (files are taken as given), sorted, absolute.

    A path that does not exist raises ``FileNotFoundError``.
    """
    found: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.update(p.resolve() for p in path.rglob("*.md") if p.is_file())
        elif path.is_file():
            found.add(path.resolve())
        else:
            raise FileNotFoundError(f"no such file or folder: {raw}")
    return sorted(found)


def file_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_article(path: str | Path, *, site_url: str, max_bytes: int = 1_000_000,
                 data: bytes | None = None) -> Article:
    """Parse one file into an ``Article``; raise ``ArticleError`` naming the field at fault."""
    name = str(path)
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ArticleError(name, "file", f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise ArticleError(name, "file", f"{len(data)} bytes, over the limit of {max_bytes} "
                                         "(setting ingest.max_file_bytes)")
    if not data.strip():
        raise ArticleError(name, "file", "is empty")
    if b"\x00" in data:
        raise ArticleError(name, "file", "is binary, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(name, "file", f"is not UTF-8 text (byte {exc.start})") from None
    if not text.lstrip().startswith("---"):
        raise ArticleError(name, "front matter", "missing: the file must start with a '---' YAML block")
    try:
        meta, _body = frontmatter.parse(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ArticleError(name, "front matter", f"invalid YAML{line}: {problem}") from None
    except (ValueError, TypeError) as exc:  # e.g. `date: 2024-02-30`, `id: !!int abc`
        raise ArticleError(name, "front matter", f"a value cannot be read: {exc}") from None
    if not isinstance(meta, dict) or not meta:
        raise ArticleError(name, "front matter", "missing or not a mapping of keys")

    article_id = _integer(meta.get("id"), name, "id")
    question = _text(meta.get("question"), name, "question")
    answer = _text(meta.get("answer"), name, "answer")
    title = _optional_text(meta.get("title")) or question
    url = _resolve_url(_optional_text(meta.get("url")), site_url)
    return Article(
        id=article_id,
        question=question,
        answer=answer,
        title=title,
        url=url,
        subject=_optional_text(meta.get("subject")),
        date=_iso_date(meta.get("date")),
        author=_optional_text(meta.get("author")),
        keywords=_keywords(meta),
        related=_related(meta, site_url),
        file=name,
        file_sha=file_sha(data),
    )


# ----- field helpers ------------------------------------------------------------------

def _unescape(value: str) -> str:
    """QuickTakes exports keep paragraph breaks as the two characters backslash and n."""
    return value.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", " ").strip()


def _integer(value, file: str, field: str) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ArticleError(file, field, "missing or empty")
    if isinstance(value, bool):
        raise ArticleError(file, field, f"must be an integer, got {value!r}")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int):
        raise ArticleError(file, field, f"must be an integer, got {value!r}")
    if not -(2**63) <= value < 2**63:  # the store keeps 64-bit integers
        raise ArticleError(file, field, f"{value} is out of the 64-bit integer range")
    return value


def _text(value, file: str, field: str) -> str:
    if value is None:
        raise ArticleError(file, field, "missing")
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ArticleError(file, field, f"must be text, got {type(value).__name__}")
    text = _unescape(str(value))
    if not text:
        raise ArticleError(file, field, "empty")
    return text


def _optional_text(value) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return _unescape(str(value))


def _iso_date(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return _optional_text(value)


def _resolve_url(url: str, site_url: str) -> str:
    """Absolute http(s) URL, or "" for anything else (javascript:, data:, ...)."""
    if not url:
        return ""
    absolute = urljoin(site_url.rstrip("/") + "/", url) if url.startswith("/") else url
    scheme = urlparse(absolute).scheme.lower()
    return absolute if scheme in ("http", "https") else ""


def _keywords(meta: dict) -> tuple[str, ...]:
    seo = meta.get("seo") if isinstance(meta.get("seo"), dict) else {}
    raw = seo.get("page_keywords") or meta.get("keywords") or ""
    items = raw if isinstance(raw, list) else str(raw).split(",")
    return tuple(dict.fromkeys(k.strip() for k in map(str, items) if k and k.strip()))


def _related(meta: dict, site_url: str) -> tuple[RelatedArticle, ...]:
    """``related_article1..5``, repeats removed, entries without an integer id skipped."""
    seen: dict[int, RelatedArticle] = {}
    for n in range(1, MAX_RELATED + 1):
        entry = meta.get(f"related_article{n}")
        if not isinstance(entry, dict):
            continue
        rid = entry.get("id")
        if isinstance(rid, bool) or not isinstance(rid, (int, str)) or not str(rid).strip().isdigit():
            continue
        rid = int(rid)
        if rid in seen or rid == meta.get("id"):
            continue
        seen[rid] = RelatedArticle(
            id=rid,
            title=_optional_text(entry.get("title")),
            url=_resolve_url(_optional_text(entry.get("url")), site_url),
            subject=_optional_text(entry.get("subject")),
        )
    return tuple(seen.values())
