"""What every reader builds from the index, built once per index generation and saved.

A reader (``quicktakes ask``, ``serve``, a benchmark) needs more than the vectors: the library
of committed articles (to rank, show and cite them), the BM25 index and its document
frequencies, the acronyms the library defines, the topic and brand names the question reader
knows, and the follow-up vocabulary. On the whole corpus these take about 9 s to build from the
store; they depend only on what is committed, so they are built once and saved as one file,
and every reader after that loads them in a fraction of a second. The library is saved light
(``Library.lighten``): the answers, which only the builders and the articles shown need, stay in
the store and are fetched by id.

**Code.** The file's name also carries a fingerprint of the code and packages that compute
its contents: after an upgrade the snapshot is rebuilt once, never read stale.

**Generation.** Ingest writes a new token into the collection's metadata whenever a run
changes what is committed (``ChunkStore.set_generation``). A snapshot file is named by the
collection and that token, so a reader never uses one built from another version of the
index: a snapshot of an older generation is simply not the file it looks for. A reader that
finds none (a new generation whose snapshot is not written yet, a removed file, a file it
cannot read) builds it from the store, says so in one line, and saves it for the next reader,
unless the generation changed while it was building (an ingest beside it); then it keeps what
it built in memory and saves nothing.

Articles committed after a reader started are still found by meaning and shown in their new
version (``Library.current``); the word index catches up when the reader restarts.

The file is a pickle: load only snapshots from a data folder you trust (the same trust the
Chroma folder beside it needs). With ``store.mode=http`` the snapshot lives in the reader's
``data_dir`` (point several machines' ``data_dir`` at one shared folder, or let each build its
own once): a Chroma server stores vectors and metadata, not files of this size.

Usage example::

    snapshot = load_snapshot(settings, store)      # saved one, or built and saved
    snapshot.library, snapshot.lexical, snapshot.reader
"""

from __future__ import annotations

import functools
import gc
import hashlib
import pickle
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.followup import FollowUps
from assistant.retrieval.acronyms import Acronyms
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.library import Library
from assistant.understand.reader import QuestionReader
from library.files import replaced
from library.store import PENDING_PREFIX
from library.words import import_bm25s

FORMAT = 1  # raise when the snapshot's contents change shape; older files are then rebuilt
KEEP = 2  # snapshots of a collection kept on disk (the newest), so a reader loading one races no delete


@dataclass
class Snapshot:
    generation: str
    library: Library
    lexical: LexicalIndex
    acronyms: Acronyms
    reader: QuestionReader
    followups: FollowUps
    format: int = FORMAT

    @classmethod
    def build(cls, store, generation: str, max_df: float) -> Snapshot:
        library = Library.from_store(store)
        snapshot = cls(
            generation=generation,
            library=library,
            lexical=LexicalIndex(library, max_df=max_df),
            acronyms=Acronyms.from_texts(a.text for a in library.articles),
            reader=QuestionReader.from_library(library),
            followups=FollowUps.from_library(library),
        )
        library.lighten()  # built from the answers; they stay in the store, fetched when shown
        return snapshot

    def attach(self, store) -> Snapshot:
        """Let the library read versions committed after this snapshot from ``store``."""
        self.library.store = store
        return self


# What the snapshot's contents are computed by: a change to any of them (a `git pull`, another
# version of bm25s) gives the snapshot another name, so it is rebuilt, never read stale.
_SOURCES = ("assistant/snapshot.py", "assistant/followup.py", "assistant/followup_cues.py",
            "assistant/retrieval/lexical.py", "assistant/retrieval/acronyms.py", "assistant/retrieval/library.py",
            "assistant/understand", "library/records.py", "library/words.py", "library/sentences.py",
            "library/bounded.py")
_PACKAGES = ("bm25s", "PyStemmer", "abbreviations", "wordfreq")


@functools.cache
def code_fingerprint() -> str:
    from importlib.metadata import PackageNotFoundError, version

    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(str(FORMAT).encode())
    for name in _SOURCES:
        path = root / name
        for f in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(f.relative_to(root).as_posix().encode() + f.read_bytes())
    for package in _PACKAGES:
        try:
            digest.update(f"{package}=={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(package.encode())
    return digest.hexdigest()[:12]


def snapshot_path(settings, collection: str, generation: str) -> Path:
    return settings.data_dir / "snapshots" / f"{collection}-{generation}-{code_fingerprint()}.pickle"


def _notice(message: str) -> None:
    print(f"quicktakes: {message}", file=sys.stderr, flush=True)


def read_snapshot(path: Path, generation: str, max_df: float) -> Snapshot | None:
    """The snapshot saved at ``path``, or None (with a notice) if it is absent or unusable."""
    if not path.is_file():
        return None
    try:
        # the collector would walk the growing object graph again and again while it is read
        # (at 10x: 4.7-9.5 s to load with it, 1.2-2.4 s without)
        import_bm25s()  # the file holds bm25s objects: import it here, without numba
        collecting = gc.isenabled()
        gc.disable()
        try:
            with path.open("rb") as f:
                snapshot = pickle.load(f)
        finally:
            if collecting:
                gc.enable()
        gc.freeze()  # held for the process's life: later collections need not walk it
    except Exception as exc:  # a truncated or foreign file: rebuild, never serve it
        _notice(f"cannot read the saved snapshot {path} ({type(exc).__name__}: {exc}); rebuilding it")
        return None
    if (not isinstance(snapshot, Snapshot) or getattr(snapshot, "format", None) != FORMAT
            or snapshot.generation != generation or snapshot.lexical.max_docs
            != max(50, int(max_df * len(snapshot.lexical.ids)))):
        _notice(f"the saved snapshot {path} is of another format or settings; rebuilding it")
        return None
    return snapshot


def write_snapshot(snapshot: Snapshot, path: Path) -> None:
    """Written beside, then renamed into place: a reader sees the whole file or none."""
    store, snapshot.library.store = snapshot.library.store, None
    try:
        with replaced(path) as tmp, tmp.open("wb") as f:
            pickle.dump(snapshot, f, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        snapshot.library.store = store
    collection = path.name[:-len(".pickle")].rsplit("-", 2)[0]
    # this collection's snapshots, also those named before the code fingerprint was added
    mine = re.compile(re.escape(collection) + r"-[0-9a-f]{16}(?:-[0-9a-f]{12})?\.pickle")
    older = sorted((p for p in path.parent.glob("*.pickle") if mine.fullmatch(p.name)),
                   key=lambda p: p.stat().st_mtime, reverse=True)
    for old in older[KEEP:]:
        old.unlink(missing_ok=True)


def load_snapshot(settings, store) -> Snapshot:
    """The snapshot of the store's current generation: loaded if saved, else built (and saved
    when the generation did not change meanwhile)."""
    max_df = settings.retrieval.lexical_max_df
    generation = store.generation()
    name = store.name
    if generation.startswith(PENDING_PREFIX):  # an ingest is writing, or one was killed
        started = time.perf_counter()
        snapshot = Snapshot.build(store, generation, max_df).attach(store)
        _notice(f"read the index in {time.perf_counter() - started:.1f} s while an ingest is writing "
                "it (or after one stopped part-way: run `quicktakes ingest` again); not saved")
        return snapshot
    if generation:
        path = snapshot_path(settings, name, generation)
        saved = read_snapshot(path, generation, max_df)
        if saved is not None:
            return saved.attach(store)
    started = time.perf_counter()
    snapshot = Snapshot.build(store, generation or "", max_df).attach(store)
    seconds = time.perf_counter() - started
    if not generation:
        _notice(f"read the index in {seconds:.1f} s; it has no generation yet, so nothing was saved "
                "(run `quicktakes ingest` once to save it and start in about a second)")
    elif store.generation() == generation:
        write_snapshot(snapshot, path)
        _notice(f"no saved snapshot of this index; built it in {seconds:.1f} s and saved it to {path}")
    else:
        _notice(f"read the index in {seconds:.1f} s while an ingest changed it; not saved")
    return snapshot


def save_snapshot(settings, store) -> tuple[Path, float] | None:
    """Build and save the snapshot of the store's current generation (ingest calls this at the
    end of a run that changed the index); None if the store has no generation."""
    generation = store.generation()
    if not generation or generation.startswith(PENDING_PREFIX):
        return None
    started = time.perf_counter()
    snapshot = Snapshot.build(store, generation, settings.retrieval.lexical_max_df)
    path = snapshot_path(settings, store.name, generation)
    write_snapshot(snapshot, path)
    return path, time.perf_counter() - started
