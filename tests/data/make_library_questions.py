"""Write tests/data/library-questions.txt.gz: the stored question of every article of the
corpus, one per line, sorted, the same bytes every run.

    python tests/data/make_library_questions.py --corpus ../shared/corpus

The follow-up tests read it to build the library's topic vocabulary (assistant/followup.py)
as the whole library would, without the articles. MedQuAD's questions (CC BY 4.0); see
tests/data/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import re
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
_QUESTION = re.compile(r"^question: >-\n((?:  .*\n)+)", re.MULTILINE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", required=True, help="the folder holding quicktakes-medquad.tar.gz")
    args = parser.parse_args()
    questions = set()
    with tarfile.open(Path(args.corpus) / "quicktakes-medquad.tar.gz") as tar:
        for member in tar:
            if not member.name.endswith(".md"):
                continue
            text = tar.extractfile(member).read().decode("utf-8", "replace")
            m = _QUESTION.search(text)
            if m:
                questions.add(" ".join(m.group(1).split()).replace("\\n", " "))
    out = HERE / "library-questions.txt.gz"
    with open(out, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write("".join(q + "\n" for q in sorted(questions)).encode("utf-8"))
    print(f"{len(questions):,} questions -> {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
