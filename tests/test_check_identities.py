"""The 42 identities: no false error on the seeds, every single-cell change caught and named, the
document's own break in 平潭 2020 reported as a document error, and unreadable cells as reading findings."""

from __future__ import annotations

import pytest

from gongkai import check
from gongkai.check import Origin
from gongkai.normalize import Kind
from tests.check_helpers import SEED_FILES, corpus, errors, of, seed, with_cells, with_kind

IDENTITY_RULES = {"t2_balance", "t2_outcome_total", "t2_row_total", "t3_review_total", "t3_suit_direct_total",
                  "t3_suit_after_total"}  # fmt: skip
PREFIXES = [p.name[:3] for p in SEED_FILES]


def test_there_are_five_seeds() -> None:
    assert PREFIXES == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_seeds_pass_every_identity(prefix: str) -> None:
    result = check(seed(prefix))
    assert [f.message for f in result.findings if f.rule in IDENTITY_RULES] == []
    assert errors(result) == []
    assert len(seed(prefix).spec.identities) == 42


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_single_cell_change_in_t2_and_t3_is_an_error_naming_the_cell(prefix: str) -> None:
    report = seed(prefix)
    cells = [*report.spec.tables["t2"].cells, *report.spec.tables["t3"].cells]
    assert len(cells) == 190
    missed = []
    for cid in cells:
        changed = with_cells(report, {cid: int(report.value(cid).number or 0) + 1})
        named = [f for f in errors(check(changed)) if cid in f.cells and f.rule in IDENTITY_RULES]
        if not named or named[0].origin is not Origin.DOCUMENT:
            missed.append(cid)
    assert missed == []


def test_a_failure_message_names_column_numbers_and_difference() -> None:
    report = with_cells(seed("002"), {"t2.o_open.natural": 3})  # printed 2 → 3
    result = check(report)
    outcome = of(result, "t2_outcome_total", "error")
    assert len(outcome) == 1
    f = outcome[0]
    assert "“自然人”列" in f.message and "相差 1" in f.message
    assert f.actual == 18 and f.expected == 19  # （七）总计 as printed vs the sum of the outcome rows
    assert {e.cell for e in f.evidence} == set(f.cells)
    assert all(e.source is not None and e.kind == "number" for e in f.evidence)
    row = of(result, "t2_row_total", "error")
    assert len(row) == 1 and "“（一）予以公开”" in row[0].message


def test_pingtan_2020_outcome_rows_break_the_total_in_the_document() -> None:
    result = check(corpus("pingtan-2020.txt"))
    broken = of(result, "t2_outcome_total", "error")
    assert {f.detail["identity"] for f in broken} == {"t2_outcome_total.natural", "t2_outcome_total.total"}
    assert all(f.origin is Origin.DOCUMENT for f in broken)
    natural = next(f for f in broken if f.detail["identity"].endswith("natural"))
    assert (natural.actual, natural.expected) == (20, 26)
    assert not of(result, "t2_balance", "error")


def test_pingtan_2019_is_consistent() -> None:
    assert errors(check(corpus("pingtan-2019.txt"))) == []


def test_blank_counts_as_zero_but_is_named() -> None:
    report = with_cells(seed("002"), {"t2.r_carried.natural": ""})  # printed 1
    result = check(report)
    balance = of(result, "t2_balance", "error")
    assert balance and "空白" in balance[0].message and "若该格为 1" in balance[0].message
    assert of(result, "v_blank_cell", "warning")[0].cells == ("t2.r_carried.natural",)


def test_an_ambiguous_cell_is_not_a_document_error() -> None:
    report = with_kind(seed("002"), "t2.o_open.natural", Kind.AMBIGUOUS)
    result = check(report)
    assert not [f for f in errors(result) if f.rule in IDENTITY_RULES]
    unverified = of(result, "identity_unverified")
    assert unverified and all(f.origin is Origin.READING for f in unverified)
    assert {f.detail["identity"] for f in unverified} == {"t2_outcome_total.natural", "t2_row_total.o_open"}


def test_a_failure_on_a_doubtful_reading_is_a_reading_finding() -> None:
    import dataclasses

    from gongkai.model import ReadingNote

    report = with_cells(seed("002"), {"t2.o_open.natural": 3})
    note = ReadingNote("row_by_order", "按官方行序认定", tuple(f"t2.o_open.{c}" for c in ("natural", "total")))
    result = check(dataclasses.replace(report, notes=(note,)))
    failures = [f for f in result.findings if f.rule in IDENTITY_RULES]
    assert failures and all(f.origin is Origin.READING for f in failures)
    assert of(result, "r_reading_note")[0].origin is Origin.READING


def test_hongze_2023_prints_review_totals_as_zero() -> None:
    from gongkai.errors import UnsupportedFormat

    try:
        report = corpus("hongze-2023.pdf")
    except UnsupportedFormat:
        pytest.skip("PDF reader not installed")
    result = check(report)
    broken = {f.rule: f for f in errors(result) if f.rule in IDENTITY_RULES}
    assert set(broken) == {"t3_review_total", "t3_suit_after_total"}
    assert (broken["t3_review_total"].actual, broken["t3_review_total"].expected) == (0, 11)
    assert (broken["t3_suit_after_total"].actual, broken["t3_suit_after_total"].expected) == (0, 5)
    assert all(f.origin is Origin.DOCUMENT for f in broken.values())
