"""The documents the benchmarks run over: the seeds and the corpus text forms (or the bundled example)."""

from __future__ import annotations

from pathlib import Path

from gongkai.examples import example_path

ROOT = Path(__file__).resolve().parents[1]
# the shared material beside the checkout, else the copy of its seeds and corpus the tests keep
SHARED = ROOT.parent / "shared"
if not (SHARED / "corpus" / "gold").is_dir():
    SHARED = ROOT / "tests" / "fixtures" / "shared"


def text_reports() -> list[tuple[str, bytes]]:
    """(name, bytes) of every seed and corpus text document; the bundled example when shared/ is absent."""
    files = sorted((SHARED / "seeds").glob("*.txt")) + sorted(
        p for p in (SHARED / "corpus").glob("*") if p.suffix in (".txt", ".md") and p.name != "README.md"
    )
    if not files:
        files = [example_path()]
    return [(p.name, p.read_bytes()) for p in files]
