"""assistant.retrieval.stages: each stage alone (ranked candidates in, ranked candidates out),
and the retriever that runs them, with fake searches standing in for Chroma and BM25."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from assistant.retrieval.dense import DenseHit
from assistant.retrieval.library import Library
from assistant.retrieval.retriever import Retriever
from assistant.retrieval.stages import (
    Candidate,
    DenseStage,
    LexicalStage,
    Query,
    ScoreFusion,
    retrieval_stages,
)
from library.records import ArticleRecord

SETTINGS = SimpleNamespace(k=3, candidates=10, min_dense_similarity=0.5, lexical_weight=0.5,
                           strong_similarity=1.0, min_similarity_with_words=0.25, min_word_coverage=0.5,
                           named_topic_covers=True)


class FakeDense:
    def __init__(self, hits: list[DenseHit]):
        self.hits = hits
        self.asked: list[tuple] = []

    def search(self, text, n, subject=None):
        self.asked.append((text, n, subject))
        return self.hits[:n]


class FakeLexical:
    def __init__(self, hits: list[tuple[int, float]], coverage: float = 0.0):
        self.hits = hits
        self.all_words = None
        self.covered = coverage

    def coverage(self, text, article_ids):
        return self.covered if article_ids else 0.0

    def search(self, text, n, subject=None, all_words=False):
        self.all_words = all_words
        return self.hits[:n]

    def passage(self, text, answer, max_chars=600):
        return answer.split("\n\n")[-1][:max_chars]


def hit(aid: int, score: float, similarity: float | None = None, matched: str = "chunk") -> DenseHit:
    return DenseHit(aid, score if similarity is None else similarity, score, f"passage {aid}", matched)


def article(aid: int) -> ArticleRecord:
    return ArticleRecord(id=aid, question=f"Question {aid}?", answer=f"Answer of {aid}. " * 80,
                         title=f"Title {aid}", url=f"https://x/{aid}", hash="h")


DENSE = [hit(1, 0.80), hit(2, 0.70), hit(3, 0.60, matched="question")]
LEXICAL = [(3, 12.0), (4, 6.0)]


def test_dense_stage_ranks_by_dense_score_and_leaves_out_excluded():
    search = FakeDense(DENSE)
    out = DenseStage(search)(Query("q", n=5, exclude=frozenset({2})), [])
    assert [c.article_id for c in out] == [1, 3]
    assert search.asked == [("q", 6, None)]  # asks for one more per excluded article
    assert out[0] == Candidate(1, score=0.80, dense_score=0.80, similarity=0.80,
                               passage="passage 1", matched="chunk")


def test_lexical_stage_adds_new_articles_and_scores_only_those():
    dense = DenseStage(FakeDense(DENSE))(Query("q", n=5), [])
    lexical = FakeLexical(LEXICAL)
    out = LexicalStage(lexical)(Query("q", n=5), dense)
    by_id = {c.article_id: c for c in out}
    assert set(by_id) == {1, 2, 3, 4}
    assert by_id[3].score == 0.60 and by_id[3].lexical_score == 12.0  # found by both: dense score kept
    assert by_id[4].score == 6.0 and by_id[4].dense_score is None  # found by words only
    assert lexical.all_words is False
    LexicalStage(lexical, all_words=True)(Query("q", n=5), [])
    assert lexical.all_words is True


def test_fusion_lifts_a_name_match_and_gives_word_only_articles_the_weakest_dense_score():
    query = Query("q", n=5)
    candidates = LexicalStage(FakeLexical(LEXICAL))(query, DenseStage(FakeDense(DENSE))(query, []))
    fused = {c.article_id: c.score for c in ScoreFusion(0.5)(query, candidates)}
    assert fused[3] == pytest.approx(0.60 + 0.5 * 12 / 12)  # BM25 relative to the query's best
    assert fused[4] == pytest.approx(0.60 + 0.5 * 6 / 12)  # floor = weakest dense score
    assert fused[1] == pytest.approx(0.80) and fused[2] == pytest.approx(0.70)
    assert [c.article_id for c in ScoreFusion(0.5)(query, candidates)] == [3, 4, 1, 2]
    assert [c.article_id for c in ScoreFusion(0.0)(query, candidates)][:2] == [1, 2]


def test_fusion_without_lexical_hits_keeps_the_dense_order():
    query = Query("q", n=5)
    candidates = DenseStage(FakeDense(DENSE))(query, [])
    assert ScoreFusion(0.5)(query, candidates) == candidates


def test_stage_kinds():
    names = {kind: [s.name for s in retrieval_stages(kind, FakeDense([]), FakeLexical([]), SETTINGS)]
             for kind in ("hybrid", "dense", "lexical", "bm25")}
    assert names == {"hybrid": ["dense", "lexical", "fusion"], "dense": ["dense"],
                     "lexical": ["lexical"], "bm25": ["bm25"]}
    with pytest.raises(ValueError, match="expected one of hybrid"):
        retrieval_stages("garbage", None, None, SETTINGS)


class Reverse:
    """A re-ranking stage: what a later step plugs into the empty slot."""

    name = "rerank"

    def __call__(self, query, candidates):
        return [replace(c, score=-c.score) for c in reversed(candidates)]


def make_retriever(dense_hits, lexical_hits, rerank=None, coverage=0.0) -> Retriever:
    library = Library([article(i) for i in range(1, 6)])
    dense, lexical = FakeDense(dense_hits), FakeLexical(lexical_hits, coverage)
    return Retriever(library, SETTINGS, dense, lexical,
                     retrieval_stages("hybrid", dense, lexical, SETTINGS, rerank))


def test_retriever_runs_the_stages_and_resolves_articles():
    retrieval = make_retriever(DENSE, LEXICAL).retrieve("Hello! what is question three?")
    assert [h.article.id for h in retrieval.hits] == [3, 4, 1]  # k=3
    assert retrieval.best_similarity == pytest.approx(0.80)
    assert retrieval.covered
    assert set(retrieval.timings_ms) == {"dense_ms", "lexical_ms", "fusion_ms"}
    three, four, one = retrieval.hits
    assert one.passage == "passage 1"  # a matched answer chunk is the passage
    assert three.passage == article(3).answer[:600]  # matched the question: the answer opens
    assert four.passage == article(4).answer[:600] and four.dense_similarity == 0.0


def test_the_rerank_slot_reorders_the_fused_list():
    retrieval = make_retriever(DENSE, LEXICAL, rerank=Reverse()).retrieve("question")
    assert [h.article.id for h in retrieval.hits] == [2, 1, 4]
    assert "rerank_ms" in retrieval.timings_ms


def test_not_covered_when_nothing_is_close_enough():
    retrieval = make_retriever([hit(1, 0.3), hit(2, 0.2)], [(5, 3.0)]).retrieve("question")
    assert retrieval.hits and not retrieval.covered
    assert retrieval.best_similarity == pytest.approx(0.3)
    assert not make_retriever([], []).retrieve("question").covered


def test_a_weaker_match_is_covered_when_its_articles_hold_the_question_s_words():
    weak = [hit(1, 0.3), hit(2, 0.2)]
    assert not make_retriever(weak, [], coverage=0.4).retrieve("question").covered
    covered = make_retriever(weak, [], coverage=0.5).retrieve("question")
    assert covered.covered and covered.coverage == 0.5
    assert not make_retriever([hit(1, 0.2)], [], coverage=1.0).retrieve("question").covered  # below 0.25


def test_of_a_question_split_into_parts_the_part_holding_the_query_words_answers():
    # a page that splits one question into three articles: the same question, the same URL
    parts = [ArticleRecord(id=i, question="What are the symptoms of Parkinson's Disease ?", answer=text,
                           title="Parkinson's", url="https://x/parkinsons", hash="h")
             for i, text in ((7, "Doctors may prescribe medicines for the non-motor symptoms."),
                             (8, "Early symptoms are often dismissed as normal aging: a tremor."),
                             (9, "Parkinson's is a movement disorder."))]
    library = Library([article(1), *parts])
    assert [a.id for a in library.parts(parts[2])] == [7, 8, 9] and library.parts(article(1)) == [article(1)]

    class Words(FakeLexical):
        def scores(self, text, ids):
            return {a: float(sum(w in library.get(a).answer.lower() for w in text.lower().split())) for a in ids}

    dense, lexical = FakeDense([hit(7, 0.8, matched="question"), hit(1, 0.5)]), Words([])
    retriever = Retriever(library, SETTINGS, dense, lexical,
                          retrieval_stages("hybrid", dense, lexical, SETTINGS, library=library))
    first = retriever.retrieve("early symptoms of parkinson's").hits[0]
    assert first.article.id == 8 and first.dense_similarity == pytest.approx(0.8)
    assert first.passage == parts[1].answer[:600]



def test_the_best_part_is_chosen_before_the_re_ranker_which_orders_what_is_shown():
    parts = [ArticleRecord(id=i, question="What are the symptoms of Gout ?", answer=text, title="Gout",
                           url="https://x/gout", hash="h")
             for i, text in ((7, "Gout is a kind of arthritis."), (8, "A sudden painful swollen big toe at night."))]
    library = Library([article(1), *parts])
    seen = []

    class Recorder:
        name = "recorder"

        def __call__(self, query, candidates):
            seen.extend(c.article_id for c in candidates)
            return candidates

    class Words(FakeLexical):
        def scores(self, text, ids):
            return {a: float(sum(w in library.get(a).answer.lower() for w in text.lower().split())) for a in ids}

    dense, lexical = FakeDense([hit(7, 0.8, matched="question"), hit(1, 0.5)]), Words([])
    stages = retrieval_stages("hybrid", dense, lexical, SETTINGS, Recorder(), library=library)
    assert [s.name for s in stages][-2:] == ["best_part", "recorder"]
    hits = Retriever(library, SETTINGS, dense, lexical, stages).retrieve("swollen toe at night").hits
    assert seen[0] == 8 and hits[0].article.id == 8  # the re-ranker saw the part that is shown


def test_an_article_found_by_words_alone_carries_the_paragraph_that_holds_them():
    a = ArticleRecord(id=5, question="What is Favism ?", title="Favism", url="https://x/5", hash="h",
                      answer="Favism is a reaction.\n\nEating fava beans can cause hemolysis.")
    library = Library([article(1), a])
    dense, lexical = FakeDense([hit(1, 0.6)]), FakeLexical([(5, 3.0)])
    candidates = []
    for stage in retrieval_stages("hybrid", dense, lexical, SETTINGS, library=library):
        candidates = stage(Query("fava beans", 10), candidates)
    word_only = next(c for c in candidates if c.article_id == 5)
    assert word_only.matched == "words" and word_only.passage == "Eating fava beans can cause hemolysis."
    hits = Retriever(library, SETTINGS, dense, lexical,
                     retrieval_stages("hybrid", dense, lexical, SETTINGS, library=library)).retrieve("fava beans", k=3).hits
    assert next(h for h in hits if h.article.id == 5).passage == "Eating fava beans can cause hemolysis."


def test_the_re_rankers_judgement_counts_in_the_refusal_above_the_weaker_floor():
    retriever = Retriever(Library([article(1)]), SETTINGS, FakeDense([]), FakeLexical([]), [])
    assert not retriever.covers(0.45, coverage=0.0)  # weak match, words missing: refused
    assert retriever.covers(0.45, coverage=0.0, entailment=1.0)  # an entailed article: answered
    assert retriever.covers(0.45, coverage=0.0, entailment=0.5)  # an article on the named topic too
    assert not retriever.covers(0.20, coverage=0.0, entailment=1.0)  # below the floor: refused



def test_the_lexical_index_passage_is_the_paragraph_holding_most_query_words():
    from assistant.retrieval.lexical import LexicalIndex

    a = ArticleRecord(id=5, question="What is Favism ?", title="Favism", url="https://x/5", hash="h",
                      answer="Favism is a reaction.\n\nEating fava beans can cause hemolysis.\n\nSee a doctor.")
    index = LexicalIndex(Library([a, article(1)]))
    assert index.passage("can fava beans cause it", a.answer) == "Eating fava beans can cause hemolysis."
    assert index.passage("favism", a.answer) == "Favism is a reaction."


def test_retrieve_passes_the_re_rankers_judgement_to_the_refusal():
    class Judge:
        name = "judge"

        def __init__(self, value):
            self.value = value

        def __call__(self, query, candidates):
            return [replace(c, entailment=self.value) for c in candidates]

    library = Library([article(1)])
    dense, lexical = FakeDense([hit(1, 0.45)]), FakeLexical([], coverage=0.0)
    weak = SimpleNamespace(**{**vars(SETTINGS), "min_similarity_with_words": 0.4})
    for value, covered in ((None, False), (0.0, False), (0.5, True), (1.0, True)):
        stages = retrieval_stages("hybrid", dense, lexical, weak, Judge(value))
        got = Retriever(library, weak, dense, lexical, stages).retrieve("q")
        assert got.covered is covered and got.entailment == (value or 0.0)


def test_a_pages_articles_are_found_by_its_url():
    same = [replace(article(i), url="https://x/drug") for i in (3, 2)]
    library = Library([*same, article(1)])
    assert library.page("https://x/drug") == [2, 3] and library.page("https://x/1") == [1]
    assert library.page("") == [] and library.page("https://x/none") == []
