"""Narrative ↔ tables with every admissible reading, and the narrative's own arithmetic."""

from __future__ import annotations

import pytest

from gongkai import check
from gongkai.check.arithmetic import producible
from tests.check_helpers import corpus, of, seed, with_cells, with_section_text


def test_seed_000_breakdown_adds_to_28_not_27() -> None:
    found = of(check(seed("000")), "n_breakdown_sums", "warning")
    assert len(found) == 1
    assert (found[0].expected, found[0].actual) == (27, 28)
    assert found[0].detail["items"] == [6, 12, 5, 1, 3, 1]
    assert "27条" in (found[0].evidence[0].raw or "")


def test_breakdowns_that_add_up_pass() -> None:
    for prefix in ("001", "002", "004"):  # 17 = 1+1+1+1+1+4+8; 3466 = 711+2678+77; 83 = 2+1+…+6
        assert not of(check(seed(prefix)), "n_breakdown_sums"), prefix
    fixed = with_section_text(seed("000"), "s1", "政府信息公开年报1条", "政府信息公开年报0条")
    assert not of(check(fixed), "n_breakdown_sums")


def test_pingtan_2020_breakdown_is_one_over() -> None:
    found = of(check(corpus("pingtan-2020.txt")), "n_breakdown_sums", "warning")
    assert [(f.expected, f.actual) for f in found] == [(2602, 2603)]


def test_seed_002_percentages_57_and_21_cannot_come_from_17_or_18() -> None:
    found = of(check(seed("002")), "n_percentages", "warning")
    assert sorted(f.actual for f in found) == ["21%", "57%"]
    assert all(set(f.detail["bases"]) == {17, 18} for f in found)


def test_producible_percentages() -> None:
    assert producible(22, 0, 18)  # 4/18 = 22.2 %
    assert not producible(57, 0, 17) and not producible(57, 0, 18)
    assert not producible(21, 0, 17) and not producible(21, 0, 18)
    assert producible(33.3, 1, 3) and producible(50, 0, 2)


def test_seed_002_narrative_counts_match_the_tables_with_the_reading_named() -> None:
    result = check(seed("002"))
    t2 = of(result, "n_t2_counts")
    assert t2 and all(f.severity.value == "info" for f in t2)
    assert {f.detail["reading"] for f in t2} >= {"本年新收", "办理结果（七）总计"}
    t3 = of(result, "n_t3_counts")
    assert {(f.expected, f.detail["reading"]) for f in t3} == {
        (5, "行政复议总计"),
        (2, "行政诉讼合计（直接起诉＋复议后起诉）"),
    }


def test_a_narrative_count_no_reading_explains_is_an_error() -> None:
    report = with_section_text(seed("002"), "s1", "收到受理政府信息公开申请17件", "收到受理政府信息公开申请15件")
    found = of(check(report), "n_t2_counts", "error")
    assert len(found) == 1
    f = found[0]
    assert f.expected == 15 and 17 in f.actual and 18 in f.actual
    assert "t2.r_new.total" in f.cells and "15件" in (f.evidence[0].raw or "")


def test_a_table_change_is_caught_by_the_narrative_too() -> None:
    report = with_cells(seed("002"), {"t3.review_total": 4, "t3.review_other": 2})
    assert of(check(report), "n_t3_counts", "error")


@pytest.mark.parametrize("prefix", ["001", "003"])
def test_no_review_or_litigation_requires_zero_t3_totals(prefix: str) -> None:
    assert not of(check(seed(prefix)), "n_t3_counts", "error")
    report = with_cells(seed(prefix), {"t3.review_total": 1, "t3.review_pending": 1})
    found = of(check(report), "n_t3_counts", "error")
    assert found and "t3.review_total" in found[0].cells


def test_t1_counts_in_the_narrative() -> None:
    report = with_section_text(
        seed("003"), "s1", "累计主动公开政府信息134条", "累计主动公开政府信息134条，作出行政许可2件"
    )
    assert [f.severity.value for f in of(check(report), "n_t1_counts")] == ["info"]
    wrong = with_section_text(
        seed("003"), "s1", "累计主动公开政府信息134条", "累计主动公开政府信息134条，作出行政许可5件"
    )
    found = of(check(wrong), "n_t1_counts", "warning")
    assert found and found[0].cells == ("t1.licensing.decisions",)
