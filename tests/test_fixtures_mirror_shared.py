"""tests/fixtures/shared is an exact copy of the seeds and corpus in ../shared (so a bare clone tests the same)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHARED_BESIDE


def _files(root: Path, parts: tuple[str, ...] = ("seeds", "corpus")) -> dict[Path, Path]:
    return {p.relative_to(root): p for part in parts for p in (root / part).rglob("*") if p.is_file()}


def test_the_fixture_copy_is_there() -> None:
    files = _files(FIXTURES)
    assert len([p for p in files if p.parts[0] == "seeds"]) == 5
    assert len([p for p in files if p.parts[:2] == ("corpus", "gold")]) == 9


def test_fixtures_mirror_shared() -> None:
    if not (SHARED_BESIDE / "corpus" / "gold").is_dir():
        pytest.skip("../shared is not beside the checkout: nothing to compare the copy with")
    theirs, ours = _files(SHARED_BESIDE), _files(FIXTURES)
    assert sorted(theirs) == sorted(ours)
    changed = [str(rel) for rel, path in theirs.items() if path.read_bytes() != ours[rel].read_bytes()]
    assert not changed, f"tests/fixtures/shared differs from ../shared: {changed}"
