"""Articles and settings for the evaluation unit tests (used by conftest.py and the tests).

Six synthetic articles: two pairs of related articles (iron, migraine), an answer full of
HTML (to check the report escapes it) and gout, related to the first iron article.
"""

from __future__ import annotations

from pathlib import Path

HTML_ID = 910005
HTML_ANSWER = ("The flu vaccine teaches the immune system to recognise the virus. "
               "<script>alert('owned')</script> Vaccines & boosters are updated <b>every year</b>.")

SYNTHETIC = [
    dict(id=910001, question="What causes iron deficiency anemia?", related=[910002],
         answer=r"Iron deficiency anemia is caused by too little iron in the body. Blood loss from "
                r"heavy periods or the gut is a common cause.\n\nA diet poor in iron and poor "
                r"absorption in coeliac disease also lead to it."),
    dict(id=910002, question="How is iron deficiency anemia treated?", related=[910001],
         answer=r"Iron deficiency anemia is treated with iron tablets taken for several months. "
                r"Intravenous iron is used when tablets are not tolerated.\n\nThe cause of the "
                r"iron loss must also be found and treated."),
    dict(id=910003, question="What are the symptoms of migraine?", related=[910004],
         answer=r"Migraine causes a throbbing headache, often on one side of the head. Nausea "
                r"and sensitivity to light and sound are common.\n\nSome people see an aura "
                r"before the headache starts."),
    dict(id=910004, question="Which medicines prevent migraine attacks?", related=[910003],
         answer=r"Beta blockers such as propranolol can prevent migraine attacks. Topiramate "
                r"and amitriptyline are also used for migraine prevention.\n\nNewer antibodies "
                r"against CGRP reduce the number of migraine days."),
    dict(id=HTML_ID, question="How does the flu vaccine work?", related=[],
         answer=HTML_ANSWER),
    dict(id=910006, question="What is gout?", related=[910001],
         answer=r"Gout is a form of arthritis caused by uric acid crystals in a joint. It "
                r"often starts in the big toe with sudden severe pain and swelling."),
]


def write_article(folder: Path, *, id: int, question: str, answer: str, related: list[int]) -> Path:
    slug = "".join(c if c.isalnum() else "-" for c in question.lower()).strip("-")
    lines = ["---", "_schema: default", f"id: {id}", "date: 2024-12-20",
             "title: >-", f"    {question}", "author: QuickTakes",
             "question: >-", f"    {question}", "answer: >-", f"    {answer}",
             "subject: Medicine", f"url: /learn/medicine/questions/{slug}", "score: -1.0"]
    by_id = {s["id"]: s for s in SYNTHETIC}
    for n, rid in enumerate(related, 1):
        lines += [f"related_article{n}:", f"    id: {rid}", "    title: >-",
                  f"        {by_id[rid]['question']}", "    subject: Medicine",
                  f"    url: /learn/medicine/questions/related-{rid}"]
    lines += ["---", "", "&nbsp;"]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def settings_for(data_dir: Path, **overrides):
    from config import load_settings

    overrides.setdefault("embedding", {"provider": "fake"})
    return load_settings(data_dir=data_dir, **overrides)
