"""library.files.replaced: a file is replaced whole or not at all, and no temporary stays."""

from __future__ import annotations

import os

import pytest

from library.files import replaced


def test_a_file_is_replaced_whole_or_left_as_it_was(tmp_path):
    path = tmp_path / "feedback.jsonl"
    path.write_text("old\n", encoding="utf-8")
    os.chmod(path, 0o640)
    with pytest.raises(RuntimeError), replaced(path) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("killed part-way")
    assert path.read_text(encoding="utf-8") == "old\n"
    with replaced(path, keep_mode=True) as tmp:
        tmp.write_text("new\n", encoding="utf-8")
    assert path.read_text(encoding="utf-8") == "new\n" and (path.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feedback.jsonl"]  # no temporary left
