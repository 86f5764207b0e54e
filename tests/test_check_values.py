"""Value rules: non-negative integers, the fee in 万元, blank / dash / text cells."""

from __future__ import annotations

import pytest

from gongkai import check
from tests.check_helpers import of, seed, with_cells

VALUE_RULES = ("v_nonneg_int", "v_fee_decimal", "v_fee_unit", "v_blank_cell", "v_dash_cell", "v_text_cell")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_have_no_value_findings(prefix: str) -> None:
    result = check(seed(prefix))
    assert [f.message for f in result.findings if f.rule in VALUE_RULES] == []


def test_negative_count_is_an_error() -> None:
    result = check(with_cells(seed("002"), {"t1.licensing.decisions": -3}))
    found = of(result, "v_nonneg_int", "error")
    assert [f.cells for f in found] == [("t1.licensing.decisions",)]
    assert "负数" in found[0].message and found[0].actual == -3


def test_fractional_count_is_an_error() -> None:
    result = check(with_cells(seed("002"), {"t3.review_total": "5.5"}))
    assert [f.cells for f in of(result, "v_nonneg_int", "error")] == [("t3.review_total",)]


def test_fee_may_be_a_decimal_but_not_negative() -> None:
    assert not of(check(with_cells(seed("002"), {"t1.fees.amount_wan_yuan": "0.35"})), "v_fee_decimal")
    found = of(check(with_cells(seed("002"), {"t1.fees.amount_wan_yuan": "-0.35"})), "v_fee_decimal", "error")
    assert found and found[0].cells == ("t1.fees.amount_wan_yuan",)


def test_fee_that_looks_entered_in_yuan_is_warned() -> None:
    assert not of(check(with_cells(seed("002"), {"t1.fees.amount_wan_yuan": "12.5"})), "v_fee_unit")
    big = of(check(with_cells(seed("002"), {"t1.fees.amount_wan_yuan": "35000"})), "v_fee_unit", "warning")
    assert big and "亿元" in big[0].message
    yuan = of(check(with_cells(seed("002"), {"t1.fees.amount_wan_yuan": "1200元"})), "v_fee_unit", "warning")
    assert yuan and "0.12 万元" in yuan[0].message
    assert not of(check(with_cells(seed("002"), {"t1.fees.amount_wan_yuan": "3万元"})), "v_fee_unit")


def test_blank_dash_and_text_cells_are_reported() -> None:
    report = with_cells(seed("003"), {"t2.r_new.legal": "", "t3.review_other": "/", "t1.rules.valid": "见附件"})
    result = check(report)
    assert of(result, "v_blank_cell", "warning")[0].cells == ("t2.r_new.legal",)
    dash = of(result, "v_dash_cell", "warning")
    assert dash[0].cells == ("t3.review_other",) and "“/”" in dash[0].message
    text = of(result, "v_text_cell", "error")
    assert text[0].cells == ("t1.rules.valid",) and "见附件" in text[0].message
    # blank and dash count as 0, so no identity breaks (the seed's cells were 0)
    assert not [f for f in result.findings if f.rule.startswith(("t2_", "t3_"))]


def test_wu_counts_as_zero_with_a_warning() -> None:
    result = check(with_cells(seed("003"), {"t3.review_total": "无"}))
    assert of(result, "v_text_cell", "warning")[0].cells == ("t3.review_total",)
    assert not of(result, "t3_review_total")


@pytest.mark.parametrize(
    ("printed", "number"), [("395件", 395), ("12 个", 12), ("73802895.90元", 73802895.9), ("1,200元", 1200), ("3项", 3)]
)
def test_a_number_printed_with_its_unit_reads_as_that_number(printed: str, number: float) -> None:
    report = with_cells(seed("003"), {"t1.licensing.decisions": printed})
    assert report.cells["t1.licensing.decisions"] == number
    assert not of(check(report), "v_text_cell")


def test_an_amount_in_yuan_in_the_wan_yuan_column_is_read_and_warned() -> None:
    report = with_cells(seed("003"), {"t1.fees.amount_wan_yuan": "3000元"})
    assert report.cells["t1.fees.amount_wan_yuan"] == 3000
    found = of(check(report), "v_fee_unit")
    assert [f.severity.value for f in found] == ["warning"] and "单位是元" in found[0].message
