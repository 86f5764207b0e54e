"""Every seed and every real text document in the corpus reads to its gold, cell by cell."""

from __future__ import annotations

import pytest

import gongkai
from tests.conftest import GoldCase, gold_cases

CASES = gold_cases()


def test_the_corpus_is_there() -> None:
    # the golden tests below must never pass by finding nothing to compare
    assert len(CASES) >= 8, [c.name for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_cells_equal_gold(case: GoldCase) -> None:
    report = gongkai.read(case.path)
    wrong = case.wrong_cells(report.cells)
    assert not wrong, f"{len(wrong)} cells differ (gold, ours): {wrong}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_metadata_equals_gold(case: GoldCase) -> None:
    report = gongkai.read(case.path)
    assert report.agency == case.meta["agency"]
    assert report.year == case.meta["year"]
    assert report.format == case.meta["format"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_gold_null_stays_null(case: GoldCase) -> None:
    report = gongkai.read(case.path)
    for cid, want in case.cells.items():
        if want is None:
            assert report.value(cid).number is None, cid
