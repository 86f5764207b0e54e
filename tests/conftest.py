"""Shared test fixtures: where the shared material lives, and the gold cases."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["tests.store_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
# the shared material beside the checkout (as in CI); a bare clone uses the copy of its seeds and corpus kept
# in tests/fixtures/shared (test_fixtures_mirror_shared keeps the two equal whenever both are there)
SHARED_BESIDE = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "fixtures" / "shared"
SHARED = SHARED_BESIDE if (SHARED_BESIDE / "corpus" / "gold").is_dir() else FIXTURES
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
GOLD = CORPUS / "gold"


@dataclass(frozen=True)
class GoldCase:
    name: str
    path: Path
    gold: dict[str, Any]

    @property
    def cells(self) -> dict[str, Any]:
        return dict(self.gold["cells"])

    @property
    def meta(self) -> dict[str, Any]:
        return dict(self.gold["meta"])

    def wrong_cells(self, cells: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        """Gold cells that ``cells`` reads differently: id → (gold, ours); a missing id counts as null."""
        return {cid: (want, cells.get(cid)) for cid, want in self.cells.items() if cells.get(cid) != want}


def _source_files(name: str, meta: dict[str, Any]) -> list[Path]:
    src = meta["source"]
    sources = src if isinstance(src, list) else [src]
    return [(GOLD / ".." / s).resolve() if s.startswith("..") else CORPUS / s for s in sources]


def gold_cases(suffixes: tuple[str, ...] = (".txt", ".md")) -> list[GoldCase]:
    """Every document with a gold file whose form has one of ``suffixes``."""
    if not GOLD.is_dir():
        return []
    cases = []
    for gold_file in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        for path in _source_files(gold_file.stem, gold["meta"]):
            if path.suffix in suffixes and path.exists():
                cases.append(GoldCase(f"{gold_file.stem}{path.suffix}", path, gold))
    return cases


def require_shared() -> None:
    if not GOLD.is_dir():
        pytest.skip("neither ../shared nor tests/fixtures/shared holds the seeds, corpus and gold")
