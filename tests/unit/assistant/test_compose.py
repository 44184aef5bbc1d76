"""assistant.compose: an article's answer read as paragraphs and lists, and the answer composed
around the part that answers the question. Article texts are written in the shapes the
library's exports have (flattened lists, run-in headings, furniture)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from assistant.compose.composer import Composer
from assistant.compose.structure import is_furniture, parse
from evaluation.audit import audit
from assistant.retrieval.retriever import one_per_page
from assistant_fixtures import copied_units
from library.records import ArticleRecord

FLATTENED = ("Some common side effects of high blood pressure medicines include: - Cough - Diarrhea or "
             "constipation - Dizziness or light-headedness - Headache Tell your provider as soon as "
             "possible if you have side effects.")


def article(aid: int, question: str, answer: str, url: str = "") -> ArticleRecord:
    return ArticleRecord(id=aid, question=question, answer=answer, title=question,
                         url=url or f"https://example.org/{aid}", hash="h")


def hit(a: ArticleRecord, score: float = 0.8, similarity: float = 0.8, passage: str = ""):
    return SimpleNamespace(article=a, score=score, dense_similarity=similarity, passage=passage)


# ----- structure ------------------------------------------------------------------------------

def test_a_list_flattened_into_a_line_becomes_a_list_and_the_text_after_it_a_paragraph():
    blocks = parse(FLATTENED)
    assert [b.kind for b in blocks] == ["list", "paragraph"]
    assert blocks[0].lead == "Some common side effects of high blood pressure medicines include:"
    assert blocks[0].parts == ["Cough", "Diarrhea or constipation", "Dizziness or light-headedness", "Headache"]
    assert blocks[1].parts == ["Tell your provider as soon as possible if you have side effects."]


def test_headings_are_attached_not_shown():
    answer = ("Controlling the Infection The main goal of treatment is to control the infection. "
              "Medications Medications may be used with deep cleaning.\n\n"
              "SIDE EFFECTS OF MEDICINES Most medicines are easy to take.\n\nKey Points\n"
              "- Symptoms : Blood: - Severe change in acid level - Low blood pressure")
    blocks = parse(answer)
    assert [(b.heading, b.parts[0]) for b in blocks[:3]] == [
        ("Controlling the Infection", "The main goal of treatment is to control the infection."),
        ("Medications", "Medications may be used with deep cleaning."),
        ("SIDE EFFECTS OF MEDICINES", "Most medicines are easy to take."),
    ]
    assert all("Key Points" not in b.text for b in blocks)


def test_furniture_and_link_lists_are_dropped():
    answer = ("Psoriasis is a skin disease. The animation below shows psoriasis.\n\n"
              "These resources address the diagnosis or management of psoriasis: - Genetic Testing "
              "Registry: Psoriasis - MedlinePlus Encyclopedia: Psoriasis\n- Palliative Care\n\n"
              "It is not contagious.")
    text = "\n".join(b.text for b in parse(answer))
    assert text == "Psoriasis is a skin disease.\nIt is not contagious."
    assert is_furniture("See also: Skin conditions") and not is_furniture("See your doctor if it spreads.")


def test_export_damage_is_mended_by_cutting_never_by_adding():
    # a list printed twice (once without its markers), a parenthesis cut in two, a "click" aside
    answer = ("Topical treatments for psoriasis include - salicylic acid, - steroid-based creams - "
              "anthralin - and vitamin D analogues. salicylic acid, steroid-based creams anthralin "
              "and vitamin D analogues.\n\nComplications may include: - Kidney failure - Heart failure "
              "These complications can lead to death.)\n\nReadings of 138/82 are in this range. "
              "(Click the table on the right to see the stages.) A reading of 140/90 is high.")
    blocks = parse(answer)
    assert [(b.kind, b.lead) for b in blocks] == [
        ("list", "Topical treatments for psoriasis include"), ("list", "Complications may include:"),
        ("paragraph", ""), ("paragraph", "")]
    assert blocks[0].parts == ["salicylic acid", "steroid-based creams", "anthralin", "and vitamin D analogues."]
    assert blocks[2].parts == ["These complications can lead to death."]
    assert blocks[3].parts == ["Readings of 138/82 are in this range.", "A reading of 140/90 is high."]
    again = parse("Types include:\n- secondary cataract\n- traumatic cataract\n\nsecondary cataract traumatic "
                  "cataract. Secondary cataracts can form after surgery.")
    assert again[1].parts == ["Secondary cataracts can form after surgery."]
    echo = parse("Risk factors:\n- Age. Risk grows with age.\n- Gender. Men have a higher risk. Gender. Men have a "
                 "higher risk.")
    assert echo[0].parts == ["Age. Risk grows with age.", "Gender. Men have a higher risk."]
    for block in blocks:
        for unit in [block.lead, *block.parts]:
            assert unit in answer


def test_unmarked_items_after_a_lead_in_are_a_list():
    answer = "You can take steps to control asthma. For example:\nLearn about asthma.\nUse medicines as prescribed.\n\nMore text here is a paragraph."
    blocks = parse(answer)
    assert blocks[1].kind == "list" and blocks[1].lead == "For example:"
    assert blocks[1].parts == ["Learn about asthma.", "Use medicines as prescribed."]


def test_questions_lists_are_marked():
    blocks = parse("Questions to ask your doctor:\n- What is my GFR?\n- How often should I be tested?")
    assert blocks[0].questions


# ----- composition --------------------------------------------------------------------------

AF = article(1, "What is atrial fibrillation?",
             "Atrial fibrillation (AF) is an irregular heartbeat.\n\n"
             "Symptoms\nMany people feel palpitations. Others feel tired.\n\n"
             "Treatment\nTreatment for AF includes:\n- Medicines to control the heart rate\n"
             "- Blood thinners to prevent stroke\n- Procedures to restore the rhythm\n\n"
             "Outlook\nMost people with AF live normal lives.")


def test_the_part_that_answers_is_shown_with_its_list_and_one_marker():
    body, cited = Composer(max_words=60).compose("how is atrial fibrillation treated", [hit(AF)])
    assert cited == [1]
    assert body == ("Treatment for AF includes:\n- Medicines to control the heart rate\n"
                    "- Blood thinners to prevent stroke\n- Procedures to restore the rhythm [1]")


def test_what_is_questions_start_at_the_opening():
    body, _ = Composer(max_words=60).compose("what is atrial fibrillation", [hit(AF)])
    assert body.startswith("Atrial fibrillation (AF) is an irregular heartbeat.")


def test_long_parts_are_cut_at_a_sentence_or_item():
    long = article(2, "What causes anemia?", " ".join(f"Cause number {i} of anemia is explained here." for i in range(40)))
    body, _ = Composer(max_words=50).compose("what causes anemia", [hit(long)])
    assert len(body.split()) <= 60
    assert body.endswith(". [1]")
    for unit in copied_units(body.removesuffix(" [1]")):
        assert unit in long.answer


def test_a_second_article_only_for_what_the_first_does_not_cover():
    causes = article(3, "What causes atrial fibrillation?",
                     "High blood pressure and heart disease cause AF. Alcohol can trigger it.")
    body, cited = Composer(max_words=60).compose(
        "what is atrial fibrillation and what causes it", [hit(AF), hit(causes, similarity=0.79)])
    assert cited == [1, 3]
    assert body.count("[1]") == 1 and body.endswith("[2]")
    same = article(4, "What is AF?", "Atrial fibrillation (AF) is an irregular heartbeat. It is common.")
    body, cited = Composer(max_words=60).compose("what is atrial fibrillation", [hit(AF), hit(same)])
    assert cited == [1]  # nothing missing: no second paragraph


def test_unrelated_or_weaker_articles_add_nothing():
    other = article(5, "What are the side effects of methadone?", "Methadone may cause side effects.")
    metformin = article(6, "What should I know about metformin?", "Metformin may cause lactic acidosis.")
    body, cited = Composer().compose("what are the side effects of metformin", [hit(metformin), hit(other)])
    assert cited == [6]


def test_articles_sharing_a_page_are_one_source():
    a = article(7, "What is gout?", "Gout is a kind of arthritis.", url="https://example.org/gout")
    b = article(8, "What causes gout?", "Uric acid causes gout.", url="https://example.org/gout")
    _, cited = Composer().compose("what is gout and what causes it", one_per_page([hit(a), hit(b)]))
    assert cited == [7]


def test_yes_no_questions_lead_with_the_answering_sentence():
    shingles = article(9, "What is shingles?",
                       "Shingles is a painful rash caused by the chickenpox virus. It usually appears on one side "
                       "of the body.\n\nShingles is not contagious, but the virus can spread to people who never "
                       "had chickenpox.")
    body, _ = Composer().compose("is shingles contagious?", [hit(shingles)])
    assert body.startswith("Shingles is not contagious")


def test_nothing_to_compose():
    assert Composer().compose("anything", []) == ("", [])
    links = article(10, "Where can I read about X?", "These resources address X: - Registry: X - MedlinePlus: X")
    # nothing worth showing: the opening as it is, cited, rather than no answer
    assert Composer().compose("where can I read about X", [hit(links)]) == (
        "These resources address X: - Registry: X - MedlinePlus: X [1]", [10])


# ----- the audit ------------------------------------------------------------------------------

def test_the_audit_counts_what_a_reader_trips_over():
    old = ("Symptoms : Blood: - Severe change - Low blood pressure [1] Key Points [1]\n\n"
           "The animation below shows AF. [2]\n\nTreatment includes: [1]\n\nGet help. Get help now please. "
           "Get help now please. [1]")
    counts = audit(old, "what is AF")
    assert counts["flattened_list"] == 1 and counts["markers_per_paragraph"] == 1
    assert counts["furniture"] == 1 and counts["dangling_lead_in"] == 1 and counts["repeated_sentence"] == 1
    prose = ("Many men -- and some women -- lose hair as they grow older. [1]\n\nThere are two forms: "
             "ischemic - a blocked vessel, and hemorrhagic - bleeding. [1]")
    assert audit(prose)["flattened_list"] == 0 and audit("- Cough - Fever [1]")["flattened_list"] == 1
    composed, _ = Composer(max_words=60).compose("how is atrial fibrillation treated", [hit(AF)])
    assert not any(audit(composed, "how is atrial fibrillation treated").values())


@pytest.mark.parametrize("question", ["what is atrial fibrillation", "how is it treated", "outlook?"])
def test_every_unit_is_copied_from_the_article(question):
    body, _ = Composer(max_words=60).compose(question, [hit(AF)])
    for paragraph in body.split("\n\n"):
        assert re.search(r"\[1\]$", paragraph)
        for unit in copied_units(paragraph.removesuffix(" [1]")):
            assert unit in AF.answer


def test_a_part_does_not_open_on_a_reference_to_what_came_before():
    lice = article(11, "What are the treatments for head lice?",
                   "Treatment\nHead lice medicines are applied to the scalp and hair.\n\n"
                   "They should not get into the eyes; if they do, flush the eyes with water.")
    body, _ = Composer(max_words=80).compose("what if lice medicine gets into the eyes", [hit(lice)])
    assert body.startswith("Head lice medicines are applied")


def test_a_last_item_that_runs_on_into_text_is_cut_where_the_sentence_starts():
    answer = ("Group A strep causes\n- Strep throat - a sore, red throat\n- Scarlet fever - an illness that "
              "follows strep throat. It causes a red rash on the body.\n- Impetigo - a skin infection\n"
              "- Cellulitis and necrotizing fasciitis (flesh-eating disease) Group B strep can cause blood "
              "infections, pneumonia and meningitis in newborns.\n\n"
              "Infections include: - Colds - Flu - Infections caused by Lyme disease can be serious.\n\n"
              "Dry eye symptoms may include:\n- stinging of the eye\n- blurred vision - heavy eyelids\n- eye fatigue")
    blocks = parse(answer)
    assert blocks[0].parts[1] == "Scarlet fever - an illness that follows strep throat. It causes a red rash on the body."
    assert blocks[0].parts[-1] == "Cellulitis and necrotizing fasciitis (flesh-eating disease)"
    assert blocks[1].parts == ["Group B strep can cause blood infections, pneumonia and meningitis in newborns."]
    assert blocks[2].parts[-1] == "Infections caused by Lyme disease can be serious."  # not cut after "by"
    assert blocks[3].parts == ["stinging of the eye", "blurred vision", "heavy eyelids", "eye fatigue"]
    assert audit("- Skin - itching, hives\n- Nose - sneezing [1]")["flattened_list"] == 0
    assert audit("- stinging\n- blurred vision - heavy eyelids [1]")["flattened_list"] == 1


def test_an_article_s_bare_yes_is_not_shown_as_the_answer_to_another_question():
    other = article(30, "Am I at risk for type 2 diabetes?",
                    "Yes. Weight loss through diet changes and physical activity can delay type 2 diabetes. "
                    "The study showed that a small weight loss slowed it.")
    body, _ = Composer(max_words=60).compose("does metformin cause weight loss", [hit(other)])
    assert not body.startswith("Yes") and body.startswith("Weight loss through diet changes")


def test_an_article_is_parsed_once_per_version(monkeypatch):
    from dataclasses import replace

    from assistant.compose import structure

    calls = []
    monkeypatch.setattr(structure, "parse", lambda answer: calls.append(answer) or [answer])
    monkeypatch.setattr(structure, "_parsed", structure.Bounded(2))
    first = article(901, "What is gout?", "Gout is arthritis.")
    assert structure.article_blocks(first) is structure.article_blocks(replace(first))  # parsed once
    assert len(calls) == 1
    newer = replace(first, answer="Gout is a kind of arthritis.", hash="h2")  # re-ingested
    assert structure.article_blocks(newer) == ("Gout is a kind of arthritis.",)
    light = replace(first, answer="")  # a light record: same version, no answer held
    assert structure.article_blocks(light) == ("",) and structure.article_blocks(first) == ("Gout is arthritis.",)
    assert len(calls) == 4  # the cache keeps two articles: the first was written longest ago
