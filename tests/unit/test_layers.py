"""The packages import only downwards, in the order the data flows (README, "Layout"):

    config <- library <- ingest <- assistant <- evaluation <- cli (imports them all)
                                            <- ui          <-
    library <- history <- ui, evaluation, cli

history holds what people leave behind: saved conversations and their ratings. The chat and the
terminal write it; the evaluation reads the ratings back as a question set through the one record
definition, ``history.feedback.FeedbackRecord``.

Every import statement of every module is read with ``ast``, those inside functions too, so a
late ``from ui.app import ...`` in the core is caught as well as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# what each top-level package may import from the project's other packages
ALLOWED: dict[str, set[str]] = {
    "config": set(),
    "history": {"library"},  # saved conversations and ratings (library.files writes them whole)
    "library": {"config"},
    "ingest": {"config", "library"},
    "assistant": {"config", "library", "ingest"},
    "evaluation": {"config", "library", "ingest", "assistant", "history"},  # FeedbackRecord
    "ui": {"config", "library", "ingest", "assistant", "history"},
    "cli": {"config", "library", "ingest", "assistant", "history", "evaluation", "ui"},
}


def upward_imports(root: Path, allowed: dict[str, set[str]]) -> list[str]:
    """``path:line imports pkg`` for every import of a project package that ``allowed`` forbids."""
    found = []
    for package, may in allowed.items():
        for path in sorted((root / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in allowed and top != package and top not in may:
                        found.append(f"{path.relative_to(root)}:{node.lineno} imports {name}")
    return found


def test_every_package_of_the_project_is_placed_in_a_layer():
    packages = {p.parent.name for p in REPO.glob("*/__init__.py")}
    assert packages == set(ALLOWED), packages ^ set(ALLOWED)


def test_no_import_runs_up_the_layers():
    assert upward_imports(REPO, ALLOWED) == []


def test_an_import_running_up_is_found_even_inside_a_function(tmp_path):
    (tmp_path / "assistant").mkdir()
    (tmp_path / "ui").mkdir()
    (tmp_path / "assistant" / "core.py").write_text(
        "import library.words\n\ndef serve():\n    from ui.app import build_app\n", encoding="utf-8")
    found = upward_imports(tmp_path, {"assistant": {"library"}, "ui": {"assistant"}, "library": set()})
    assert found == ["assistant/core.py:4 imports ui.app"]
