"""Ingest benchmark: our incremental ingest against the LangChain tutorial recipe.

Prints a Markdown table: articles/s, chunks/s, peak memory and index size for slices of the
corpus (and the whole corpus), the time of a re-ingest with nothing changed, and, on the same
1,000 articles in the same run, what a user would write from the LangChain tutorials
(DirectoryLoader + RecursiveCharacterTextSplitter(1000, 200) + Chroma.from_documents, same
embedding model).

Each measurement runs in its own process, so peak memory (ru_maxrss) is that run's own.

    .venv/bin/python bench/ingest_bench.py --sizes 1000 5000 all --tutorial 1000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_option, corpus_file  # noqa: E402


def extract_corpus(dest: Path, tarball: Path) -> list[Path]:
    if not (dest / "articles").is_dir():
        with tarfile.open(tarball) as tar:
            tar.extractall(dest, filter="data")
    return sorted((dest / "articles").rglob("*.md"))


def make_slice(files: list[Path], n: int | None, dest: Path, seed: int = 7) -> Path:
    """A folder with ``n`` articles drawn with a fixed seed (hard links: no copying)."""
    chosen = files if n is None else sorted(random.Random(seed).sample(files, n))
    if dest.exists():
        shutil.rmtree(dest)
    for f in chosen:
        target = dest / f.parent.name / f.name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(f, target)
        except OSError:
            shutil.copy2(f, target)
    return dest


def dir_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def run_worker(mode: str, articles: Path, data: Path) -> dict:
    """Run one measurement in a fresh process; it prints one JSON line."""
    env = {**os.environ, "QUICKTAKES_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, __file__, "--worker", mode, str(articles), str(data)],
        env=env, capture_output=True, text=True, check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"worker {mode} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ----- workers (run in their own process) ------------------------------------------------

def _maxrss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_ours(articles: str, data: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from config import load_settings
    from ingest.pipeline import Ingestor

    settings = load_settings(data_dir=data)
    started = time.monotonic()
    report = Ingestor(settings).run([articles])
    return {"seconds": time.monotonic() - started, "articles": report.added + report.updated,
            "unchanged": report.unchanged, "chunks": report.chunks_embedded,
            "failed": len(report.failed), "maxrss_mb": _maxrss_mb()}


def worker_tutorial(articles: str, data: str) -> dict:
    """The LangChain tutorial recipe, as a user would copy it."""
    sys.path.insert(0, str(ROOT))
    from langchain_chroma import Chroma
    from langchain_community.document_loaders import DirectoryLoader, TextLoader
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from ingest.embedder import LocalEmbedder

    started = time.monotonic()
    docs = DirectoryLoader(articles, glob="**/*.md", loader_cls=TextLoader,
                           loader_kwargs={"encoding": "utf-8"}).load()
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
    # Same model, read as sentence-transformers ships it (256 tokens), as a user would load it.
    embedder = LocalEmbedder(max_seq_length=256, query_max_seq_length=256)
    Chroma.from_documents(chunks, embedder, persist_directory=str(Path(data) / "tutorial"),
                          collection_name="tutorial")
    return {"seconds": time.monotonic() - started, "articles": len(docs), "chunks": len(chunks),
            "unchanged": 0, "failed": 0, "maxrss_mb": _maxrss_mb()}


# ----- main ------------------------------------------------------------------------------

def row(label: str, n_articles: int, r: dict, size_mb: float, reingest: float | None) -> str:
    secs = r["seconds"]
    return (f"| {label} | {n_articles:,} | {r['chunks']:,} | {secs:,.1f} | "
            f"{r['articles'] / secs:,.1f} | {r['chunks'] / secs:,.1f} | {r['maxrss_mb']:,.0f} | "
            f"{size_mb:,.0f} | {'—' if reingest is None else f'{reingest:.1f}'} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["1000", "5000", "all"],
                        help="slice sizes to index with our ingest ('all' = whole corpus)")
    parser.add_argument("--tutorial", type=int, default=1000,
                        help="articles for the tutorial recipe (0: skip)")
    parser.add_argument("--work", default=None, help="scratch folder (default: a temp folder)")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    add_option(parser)
    args = parser.parse_args()

    if args.worker:
        mode, articles, data = args.worker
        fn = {"ours": worker_ours, "tutorial": worker_tutorial}[mode]
        print(json.dumps(fn(articles, data)))
        return

    work = Path(args.work or tempfile.mkdtemp(prefix="qt-bench-"))
    files = extract_corpus(work / "corpus", corpus_file(args.corpus, "quicktakes-medquad.tar.gz"))
    lines = [
        f"Ingest benchmark, {os.cpu_count()} cores, corpus {len(files):,} articles "
        f"({time.strftime('%Y-%m-%d')})",
        "",
        "| recipe | articles | chunks embedded | seconds | articles/s | chunks/s | peak RSS MB "
        "| index MB | re-ingest unchanged s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    print("\n".join(lines), flush=True)
    for size in args.sizes:
        n = None if size == "all" else int(size)
        folder = make_slice(files, n, work / f"slice-{size}")
        data = work / f"data-{size}"
        shutil.rmtree(data, ignore_errors=True)
        first = run_worker("ours", folder, data)
        again = run_worker("ours", folder, data)
        assert again["chunks"] == 0, f"re-ingest embedded {again['chunks']} chunks"
        line = row(f"quicktakes ingest ({size})", n or len(files), first,
                   dir_size_mb(data), again["seconds"])
        lines.append(line)
        print(line, flush=True)
        if n == args.tutorial:
            tdata = work / f"tutorial-{size}"
            shutil.rmtree(tdata, ignore_errors=True)
            tut = run_worker("tutorial", folder, tdata)
            line = row(f"LangChain tutorial ({size})", n, tut, dir_size_mb(tdata), None)
            lines.append(line)
            print(line, flush=True)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest.md").write_text("\n".join(lines) + "\n")
    print(f"\nwritten to {out / 'ingest.md'}")


if __name__ == "__main__":
    main()
