"""Files replaced whole: written beside their place, then renamed into it (``os.replace``), so a
reader, or a run killed part-way, sees the old file or the new one, never half of one. The
snapshot, the 8-bit model file and the ratings file are written this way.

Usage example::

    with replaced(path) as tmp:          # tmp: a new file's name in path's folder
        tmp.write_bytes(data)            # raise here and path is left as it was
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replaced(path: Path, *, keep_mode: bool = False) -> Iterator[Path]:
    """A temporary name beside ``path`` to write the new file to; on leaving the block without
    an error it replaces ``path`` (with ``path``'s permissions if ``keep_mode``); the temporary
    file never stays behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        yield tmp
        if keep_mode and path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
