"""Write the corpus slice the tests use: tests/data/corpus-slice.tar.gz and judged questions.

    python tests/data/make_corpus_slice.py --corpus ../shared/corpus

Picks ``SIZE`` articles at an even stride through the sorted member names of the corpus
tarball, adds the first ``MIN_PER_SUBJECT`` of any subject folder the stride left with fewer
(so all twelve are there), and, if none of them has an answer longer
than ``LONG_ANSWER_CHARS``, replaces the last pick by the first such article in name order.
Writes them as ``articles/<subject>/<slug>.md`` into a gzip tarball with fixed timestamps (the
same bytes every run), and ``judged_questions.jsonl`` / ``judged_qrels.tsv``: the stored
questions of every tenth picked article, reworded as a person might ask them, each judged
"excellent" (4) for its own article, to run the judged evaluation's mechanics offline.

The articles are MedQuAD's (CC BY 4.0); see tests/data/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZE = 300
MIN_PER_SUBJECT = 3
LONG_ANSWER_CHARS = 5000


def answer_length(data: bytes) -> int:
    text = data.decode("utf-8", "replace")
    start = text.find("\nanswer: >-\n")
    if start < 0:
        return 0
    begin = start + len("\nanswer: >-\n")
    end = text.find("\n", begin)
    return len(text[begin:end if end > 0 else len(text)].strip().replace("\\n", "\n"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, type=Path, help="folder holding quicktakes-medquad.tar.gz")
    args = ap.parse_args()
    tarball = args.corpus / "quicktakes-medquad.tar.gz"
    if not tarball.is_file():
        print(f"--corpus: no quicktakes-medquad.tar.gz in {args.corpus}", file=sys.stderr)
        return 2
    contents: dict[str, bytes] = {}
    first_long: tuple[str, bytes] | None = None
    with tarfile.open(tarball, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".md")]
        names = sorted(m.name for m in members)
        stride = max(1, len(names) // SIZE)
        picked = set(names[::stride][:SIZE])
        for subject in sorted({n.split("/")[1] for n in names}):  # every subject, 3 at least
            of_subject = [n for n in names if n.split("/")[1] == subject]
            if sum(n in picked for n in of_subject) < MIN_PER_SUBJECT:
                picked.update(of_subject[:MIN_PER_SUBJECT])
        for member in members:
            data = tar.extractfile(member).read()
            if member.name in picked:
                contents[member.name] = data
            if answer_length(data) > LONG_ANSWER_CHARS and (first_long is None or member.name < first_long[0]):
                first_long = (member.name, data)
    if not any(answer_length(d) > LONG_ANSWER_CHARS for d in contents.values()):
        contents.pop(max(contents))
        contents[first_long[0]] = first_long[1]

    out = HERE / "corpus-slice.tar.gz"
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for name in sorted(contents):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(contents[name]), 0, 0o644
            tar.addfile(info, io.BytesIO(contents[name]))
    with open(out, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw.getvalue())

    questions, qrels = [], []
    for i, name in enumerate(sorted(contents)):
        if i % 10:
            continue
        text = contents[name].decode("utf-8", "replace")
        q = re.search(r"\nquestion: >-\n\s*(.+)\n", text)
        aid = re.search(r"\nid: (\d+)", text)
        if not (q and aid):
            continue
        question = q.group(1).strip().replace("\\n", " ").rstrip(" ?")
        qid = f"slice-{len(questions) + 1:02d}"
        questions.append({"qid": qid, "subject": "", "message": f"hello, {question.lower()}? thanks"})
        qrels.append(f"{qid}\t4\t{aid.group(1)}")
    (HERE / "judged_questions.jsonl").write_text("".join(json.dumps(q) + "\n" for q in questions), encoding="utf-8")
    (HERE / "judged_qrels.tsv").write_text("\n".join(qrels) + "\n", encoding="utf-8")
    subjects = {n.split("/")[1] for n in contents}
    print(f"{len(contents)} articles in {len(subjects)} subjects -> {out} ({out.stat().st_size:,} bytes); "
          f"{len(questions)} judged questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
