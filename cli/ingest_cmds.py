"""`quicktakes ingest` and `quicktakes stats`."""

from __future__ import annotations

import argparse
import json
import sys

from config import Settings

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest", help="index article files (only new and changed ones are embedded)",
        description="Read QuickTakes articles (Markdown with YAML front matter) from files or "
                    "folders, and bring the index up to date: new and changed articles are "
                    "embedded, unchanged ones cost nothing, articles whose files are gone are "
                    "removed. Exit status: 0 all files went in, 1 some files were rejected (the "
                    "rest are in), 2 usage or configuration error.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders (searched for *.md)")
    p.add_argument("--rebuild", action="store_true",
                   help="start over: build a fresh index, swapped in when complete")
    p.add_argument("--keep-missing", action="store_true",
                   help="keep indexed articles whose files are gone")
    p.add_argument("--json", action="store_true", help="print one JSON summary instead of text")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("stats", help="what the index holds",
                       description="Articles, chunks, subjects, embedding model and store location.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)


class TqdmProgress:
    """Files, chunks, rate and time left on a terminal; silent when not a terminal."""

    def __init__(self):
        self.bar = None
        self.chunks = 0

    def start(self, total_files: int) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total_files, unit="file", desc="ingest", file=sys.stderr,
                        disable=None, dynamic_ncols=True)

    def advance(self, files: int, chunks: int) -> None:
        self.chunks += chunks
        if self.bar is not None:
            self.bar.update(files)
            if chunks:
                self.bar.set_postfix(chunks_embedded=self.chunks, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import Ingestor

    from ingest.reader import find_article_files

    if args.keep_missing:
        settings.ingest.keep_missing = True
    try:  # before the index is opened: a wrong folder must not empty it
        for path in args.paths:
            if not find_article_files([path]):
                print(f"quicktakes ingest: no .md files in {path}; nothing was changed", file=sys.stderr)
                return EXIT_USAGE
    except FileNotFoundError as exc:
        print(f"quicktakes ingest: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        ingestor = Ingestor(settings)
        report = ingestor.run(args.paths, rebuild=args.rebuild, progress=TqdmProgress())
    except FileNotFoundError as exc:
        print(f"quicktakes ingest: {exc}", file=sys.stderr)
        return EXIT_USAGE
    summary = report.as_dict()
    # what readers load at start-up, saved for the new version of the index (None: unchanged)
    summary["snapshot_seconds"] = _save_snapshot(settings, ingestor) if report.generation else None
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
              f"removed {report.removed}, failed {len(report.failed)}; "
              f"{report.answer_chunks_embedded} answer chunks and "
              f"{report.chunks_embedded - report.answer_chunks_embedded} article records embedded "
              f"in {report.seconds:.1f} s")
        for failure in report.failed:
            print(f"  rejected {failure['file']}: {failure['error']}", file=sys.stderr)
    return EXIT_SOME_FAILED if report.failed else EXIT_OK


def _save_snapshot(settings: Settings, ingestor) -> float | None:
    """What readers build from the index at start-up, saved for the new generation (so the
    next `ask` or `serve` starts in about a second); a failure here leaves the index as it is,
    and the first reader builds it instead."""
    from assistant.snapshot import save_snapshot
    from library.chroma_store import ChunkStore

    try:
        store = ChunkStore.open(settings, ingestor.embedder.name, client=ingestor.client, create=False)
        saved = save_snapshot(settings, store)
    except Exception as exc:  # noqa: BLE001 - the index is committed; only the shortcut is lost
        print(f"quicktakes ingest: the index is updated, but its snapshot was not saved "
              f"({type(exc).__name__}: {exc}); the next reader builds it", file=sys.stderr)
        return None
    if saved is None:
        return None
    path, seconds = saved
    print(f"saved what readers load at start-up to {path} in {seconds:.1f} s", file=sys.stderr)
    return round(seconds, 3)


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.embedder import make_embedder
    from library.chroma_store import ChunkStore

    store = ChunkStore.open(settings, make_embedder(settings).name, create=False)
    summary = store.summary()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return EXIT_OK
    print(f"articles:        {summary['articles']}")
    print(f"answer chunks:   {summary['chunks']} (plus one article record per article)")
    print(f"embedding model: {summary['embedding_model']}")
    print(f"store:           {summary['store']}")
    print("subjects:")
    for subject, n in summary["subjects"].items():
        print(f"  {n:>7}  {subject}")
    return EXIT_OK
