"""Print the README's layout table: each package of the project in data-flow order, its modules
and their sizes in lines, so the table can be kept true by running this after a change.

    python scripts/layout.py            # the Markdown rows, to paste under "Layout"
    python scripts/layout.py --over 300 # only the modules longer than 300 lines
"""

from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# data-flow order, as tests/unit/test_layers.py allows the imports
PACKAGES = ["config", "library", "ingest", "assistant", "history", "evaluation", "ui", "cli"]


def modules(package: str) -> list[tuple[str, int]]:
    """``(module path inside the package, lines)`` for each non-empty module, sorted by path."""
    root = REPO / package
    out = []
    for path in sorted(root.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if path.name == "__init__.py" and lines < 20:
            continue  # a package marker, not a module with code of its own
        name = path.relative_to(root).as_posix().removesuffix(".py").removesuffix("/__init__")
        out.append((name, lines))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--over", type=int, default=0, metavar="N", help="list only modules over N lines")
    args = parser.parse_args(argv)
    if args.over:
        for package in PACKAGES:
            for name, lines in modules(package):
                if lines > args.over:
                    print(f"{package}/{name}: {lines}")
        return 0
    print("| package | lines | modules (lines) |")
    print("|---|---:|---|")
    for package in PACKAGES:
        mods = modules(package)
        listed = ", ".join(f"`{name}` {lines}" for name, lines in mods)
        print(f"| `{package}/` | {sum(n for _, n in mods):,} | {listed} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
