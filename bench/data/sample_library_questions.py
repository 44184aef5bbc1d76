"""Write bench/data/triage_library_questions.jsonl: stored questions of the library, as ordinary
(not urgent) questions for bench/triage.py. Run once; the output is committed.

    python bench/data/sample_library_questions.py --corpus ../shared/corpus --n 160

The questions are MedQuAD's (Ben Abacha & Demner-Fushman, BMC Bioinformatics 20:511, 2019),
CC BY 4.0; see bench/data/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tarfile
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="folder holding quicktakes-medquad.tar.gz")
    ap.add_argument("--n", type=int, default=160)
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--out", default=str(Path(__file__).with_name("triage_library_questions.jsonl")))
    args = ap.parse_args()
    tarball = Path(args.corpus) / "quicktakes-medquad.tar.gz"
    if not tarball.is_file():
        print(f"--corpus: no quicktakes-medquad.tar.gz in {args.corpus}", file=sys.stderr)
        return 2
    rows = []
    with tarfile.open(tarball, "r:gz") as tar:
        for m in tar:
            if not (m.isfile() and m.name.endswith(".md")):
                continue
            text = tar.extractfile(m).read().decode("utf-8", "replace")
            q = re.search(r"\nquestion: >-\n\s*(.+)\n", text)
            i = re.search(r"\nid: (\d+)", text)
            if q and i:
                rows.append({"id": int(i.group(1)), "subject": m.name.split("/")[1],
                             "text": q.group(1).strip().replace("\\n", " ")})
    rows.sort(key=lambda r: r["id"])
    random.Random(args.seed).shuffle(rows)
    picked = sorted(rows[:args.n], key=lambda r: (r["subject"], r["id"]))
    with open(args.out, "w", encoding="utf-8") as f:
        for r in picked:
            f.write(json.dumps({"text": r["text"], "level": "ordinary", "category": "",
                                "style": "library", "article_id": r["id"], "subject": r["subject"]},
                               ensure_ascii=False) + "\n")
    print(f"{len(picked)} questions of {len(rows)} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
