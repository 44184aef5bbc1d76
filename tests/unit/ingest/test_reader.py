"""ingest.reader: the two real seeds parse and normalise; every kind of bad file is rejected."""

from __future__ import annotations

import shutil

import pytest

from ingest.article import Article, ArticleError
from ingest.reader import find_article_files, read_article
from ingest_testkit import (
    BAD_KINDS,
    SEED_HBSAG,
    SEED_INTERFERON,
    SITE_URL,
    TOO_BIG_LIMIT,
    article_text,
    bad_files,
)


def read(path, **kw) -> Article:
    return read_article(path, site_url=SITE_URL, **kw)


# ----- the seeds ----------------------------------------------------------------------------

def test_seed_hbsag_parses_and_normalises(seeds_dir):
    path = seeds_dir / SEED_HBSAG
    article = read(path)

    assert article.id == 140093 and type(article.id) is int
    assert article.question == ("Are there any new therapeutic agents for Hepatitis B that focus "
                                "on surface antigen clearance?")
    assert article.title == article.question
    # the two characters backslash-n became real line breaks
    assert "\\n" not in article.answer
    assert "\n\n1. **Novel Therapeutic Agents**: There has been" in article.answer
    assert article.answer.startswith("Recent advancements in the treatment of chronic hepatitis B")
    assert article.answer.endswith("in clinical practice.")
    assert article.answer.count("\n\n") == 5
    # markdown bold is kept as it is
    assert "**Importance of HBsAg Clearance**" in article.answer
    # site-relative url resolved against site_url
    assert article.url == (SITE_URL + "/learn/medicine/questions/are-there-any-new-therapeutic-"
                           "agents-for-hepatitis-b-that-focus-on-surface-antigen-clearance")
    assert article.date == "2024-12-20" and isinstance(article.date, str)
    assert article.subject == "Medicine"
    assert article.author == "QuickTakes"
    assert "HBsAg" in article.keywords and "functional cure" in article.keywords
    assert [r.id for r in article.related] == [140087, 140085, 140090, 140101, 140096]
    assert article.related[0].url == (SITE_URL + "/learn/medicine/questions/what-is-the-role-of-"
                                      "lamivudine-in-hepatitis-b-treatment")
    assert article.related[0].title == "What is the role of Lamivudine in Hepatitis B treatment?"
    assert article.file == str(path)
    assert len(article.file_sha) == 64


def test_seed_interferon_dedupes_repeated_related_articles(seeds_dir):
    article = read(seeds_dir / SEED_INTERFERON)

    assert article.id == 140091
    # related_article3 and related_article4 are the same article (140094): kept once, in order
    assert [r.id for r in article.related] == [140099, 140090, 140094, 140079]
    by_id = {r.id: r for r in article.related}
    assert by_id[140099].subject == "Health Studies"
    assert by_id[140099].url.startswith(SITE_URL + "/learn/health-studies/questions/")
    assert "\n\n5. **Finite Treatment Duration**" in article.answer
    assert "\\n" not in article.answer and "\\n" not in article.question


def test_content_hash_ignores_the_file_path(seeds_dir, tmp_path):
    moved = tmp_path / "elsewhere.md"
    shutil.copyfile(seeds_dir / SEED_HBSAG, moved)
    a, b = read(seeds_dir / SEED_HBSAG), read(moved)
    assert a.file != b.file
    assert a.content_hash == b.content_hash
    assert a.content_hash != read(seeds_dir / SEED_INTERFERON).content_hash


def test_unknown_keys_are_tolerated(tmp_path):
    path = tmp_path / "extra.md"
    extra = "mystery_key: 42\nnested_unknown:\n  a: [1, 2, 3]\n  b: {c: d}\nrelated_article9: nonsense"
    path.write_text(article_text(id=777, extra=extra), encoding="utf-8")
    article = read(path)
    assert article.id == 777
    assert article.answer == "First paragraph of the answer.\n\nSecond paragraph with **bold** text."


def test_numeric_string_id_is_accepted_as_int(tmp_path):
    path = tmp_path / "quoted-id.md"
    path.write_text(article_text(id="'4242'"), encoding="utf-8")
    assert read(path).id == 4242


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(document.cookie)",
                                 "data:text/html,<script>x</script>"])
def test_non_http_url_becomes_empty(tmp_path, url):
    path = tmp_path / "js.md"
    path.write_text(article_text(id=778, url=f"'{url}'"), encoding="utf-8")
    assert read(path).url == ""


def test_absolute_https_url_kept(tmp_path):
    path = tmp_path / "abs.md"
    url = "https://www.cancer.gov/types/leukemia/patient/adult-all-treatment-pdq"
    path.write_text(article_text(id=779, url=url), encoding="utf-8")
    assert read(path).url == url


def test_related_article_with_javascript_url_and_self_reference(tmp_path):
    extra = ("related_article1:\n    id: 780\n    title: me\n    url: /learn/x\n"
             "related_article2:\n    id: 781\n    title: >-\n        Other\n    url: 'javascript:x()'\n"
             "related_article3:\n    id: not-a-number\n    title: skipped\n")
    path = tmp_path / "rel.md"
    path.write_text(article_text(id=780, extra=extra), encoding="utf-8")
    related = read(path).related
    assert [r.id for r in related] == [781]
    assert related[0].url == "" and related[0].title == "Other"


# ----- rejected files -----------------------------------------------------------------------

@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_file_is_rejected_naming_file_and_field(tmp_path, kind):
    data, field = bad_files()[kind]
    path = tmp_path / f"bad-{kind}.md"
    path.write_bytes(data)

    with pytest.raises(ArticleError) as info:
        read(path, max_bytes=TOO_BIG_LIMIT)

    err = info.value
    assert err.file == str(path)
    assert err.field == field
    assert err.reason
    message = str(err)
    assert str(path) in message and f": {field}: " in message
    as_dict = err.as_dict()
    assert as_dict["file"] == str(path) and as_dict["error"].startswith(f"{field}: ")


def test_bad_kinds_cover_the_brief():
    assert set(BAD_KINDS) == {
        "missing_question", "empty_answer", "missing_id", "id_not_integer", "id_float",
        "broken_yaml", "no_front_matter", "not_utf8", "binary", "empty", "too_big",
    }


def test_size_limit_applies_only_above_max_bytes(tmp_path):
    """The too-big file is a valid article: it fails on its size, nothing else."""
    data, _ = bad_files()["too_big"]
    path = tmp_path / "big.md"
    path.write_bytes(data)
    assert read(path, max_bytes=len(data)).id == 900107
    with pytest.raises(ArticleError, match="over the limit"):
        read(path, max_bytes=len(data) - 1)


def test_whitespace_only_file_is_empty(tmp_path):
    path = tmp_path / "blank.md"
    path.write_bytes(b"  \n\n\t \n")
    with pytest.raises(ArticleError) as info:
        read(path)
    assert info.value.field == "file" and "empty" in info.value.reason


def test_boolean_id_is_rejected(tmp_path):
    path = tmp_path / "bool-id.md"
    path.write_text(article_text(id="true"), encoding="utf-8")
    with pytest.raises(ArticleError) as info:
        read(path)
    assert info.value.field == "id"


def test_missing_answer_is_rejected(tmp_path):
    path = tmp_path / "no-answer.md"
    path.write_text(article_text(id=782, answer=None), encoding="utf-8")
    with pytest.raises(ArticleError) as info:
        read(path)
    assert info.value.field == "answer"


def test_unreadable_path_is_an_article_error(tmp_path):
    missing = tmp_path / "gone.md"
    with pytest.raises(ArticleError) as info:
        read(missing)
    assert info.value.file == str(missing) and info.value.field == "file"


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + article_text(id=783).encode("utf-8"))
    assert read(path).id == 783


# ----- finding files ------------------------------------------------------------------------

def test_find_article_files_sorted_absolute_md_only(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text("x")
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "notes.txt").write_text("x")
    single = tmp_path / "b" / "z.md"
    found = find_article_files([tmp_path, single])
    assert found == sorted([(tmp_path / "a.md").resolve(), single.resolve()])
    assert all(p.is_absolute() for p in found)


def test_find_article_files_missing_path_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        find_article_files([tmp_path / "nope"])


# ----- values the YAML loader cannot build --------------------------------------------------

@pytest.mark.parametrize("date", ["2024-13-45", "2024-02-30"])
def test_impossible_date_is_a_clean_outcome(tmp_path, date):
    """YAML reads ``2024-13-45`` as a timestamp and fails with ValueError: that must not escape.

    Either the file is rejected naming it (field ``front matter`` or ``date``) or the article
    is read with the date left out or kept as text; never a crash of the whole ingest run.
    """
    path = tmp_path / "bad-date.md"
    path.write_text(article_text(id=790, date=date), encoding="utf-8")
    try:
        article = read(path)
    except ArticleError as err:
        assert err.file == str(path) and err.field in ("front matter", "date")
    else:
        assert article.date in ("", date)


def test_id_tag_that_cannot_be_built_is_rejected(tmp_path):
    path = tmp_path / "int-tag.md"
    path.write_text(article_text(id="!!int abc"), encoding="utf-8")
    with pytest.raises(ArticleError) as info:
        read(path)
    assert info.value.file == str(path) and info.value.field in ("id", "front matter")


@pytest.mark.parametrize("article_id", [2**63, 10**20 + 1])
def test_id_beyond_64_bits_is_rejected(tmp_path, article_id):
    """Chroma keeps integer metadata as 64-bit; a larger id comes back as a float (1e+20),
    no longer matches its chunks' ids, and the pipeline sweeps its chunks as stale."""
    path = tmp_path / "huge-id.md"
    path.write_text(article_text(id=article_id), encoding="utf-8")
    with pytest.raises(ArticleError) as info:
        read(path)
    assert info.value.field == "id"


def test_largest_64_bit_id_is_accepted(tmp_path):
    path = tmp_path / "max-id.md"
    path.write_text(article_text(id=2**63 - 1), encoding="utf-8")
    assert read(path).id == 2**63 - 1
