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


S1_002_T3 = "2起行政诉讼。"  # seed 002 s1: "收到5件…行政复议，2起行政诉讼。" (复议 1/0/3/1/5, 复议后起诉 1/0/0/1/2)


def test_all_upheld_against_pending_and_other_results_names_each_group() -> None:
    report = with_section_text(seed("002"), "s1", S1_002_T3, "2起行政诉讼，均获维持。")
    found = of(check(report), "n_t3_upheld", "error")
    assert [f.detail["group"] for f in found] == ["review", "suit_after"]  # 直接起诉 has no case: nothing to uphold
    review, after = found
    assert review.detail["nonzero"] == {"其他结果": 3, "尚未审结": 1}
    assert review.actual == {"t3.review_correct": 0, "t3.review_other": 3, "t3.review_pending": 1}
    assert "行政复议共 5 件" in review.message and "其他结果 3、尚未审结 1" in review.message
    assert after.detail["nonzero"] == {"尚未审结": 1} and "复议后起诉" in after.message
    assert "均获维持" in (review.evidence[0].raw or "") and review.evidence[1].cell == "t3.review_maintain"


def test_only_other_results_make_a_warning_and_concluded_cases_skip_pending() -> None:
    text = "行政复议均予以维持。"
    only_other = with_cells(seed("002"), {"t3.review_pending": 0, "t3.review_other": 4})
    report = with_section_text(only_other, "s1", S1_002_T3, "2起行政诉讼。" + text)
    assert [f.severity.value for f in of(check(report), "n_t3_upheld")] == ["warning"]
    concluded = with_cells(seed("002"), {"t3.review_other": 0, "t3.review_maintain": 4})  # 4 upheld, 1 pending
    report = with_section_text(concluded, "s1", S1_002_T3, "2起行政诉讼。已审结的行政复议案件全部维持。")
    assert [f.severity.value for f in of(check(report), "n_t3_upheld")] == ["info"]
    report = with_section_text(concluded, "s1", S1_002_T3, "2起行政诉讼。行政复议案件全部维持。")
    assert [f.detail["nonzero"] for f in of(check(report), "n_t3_upheld", "error")] == [{"尚未审结": 1}]


def test_not_corrected_holds_in_stcsm_and_fails_when_the_table_corrects() -> None:
    found = of(check(corpus("stcsm-2024.md")), "n_t3_upheld")  # "该行政复议件未被复议审查机关纠错" (复议 1 维持)
    assert [(f.severity.value, f.detail["group"], f.detail["statement"]) for f in found] == [
        ("info", "review", "未被复议审查机关纠错")
    ]
    corrected = with_cells(corpus("stcsm-2024.md"), {"t3.review_maintain": 0, "t3.review_correct": 1})
    found = of(check(corrected), "n_t3_upheld", "error")
    assert len(found) == 1 and found[0].detail["nonzero"] == {"结果纠正": 1}


def test_upheld_statements_name_their_group() -> None:
    from gongkai.check.narrative import t3_groups

    assert t3_groups("因政府信息公开申请提起的行政复议5件，行政诉讼2起，") == ["review", "suit_direct", "suit_after"]
    assert t3_groups("复议后起诉的1件") == ["suit_after"]
    assert t3_groups("未经复议直接起诉的案件") == ["suit_direct"]
    assert t3_groups("行政复议1件") == ["review"]
    # 均胜诉 of 未经复议直接起诉: only that group, and 其他结果 is allowed
    report = with_cells(
        seed("002"), {"t3.suit_direct_maintain": 1, "t3.suit_direct_other": 1, "t3.suit_direct_total": 2}
    )
    report = with_section_text(report, "s1", S1_002_T3, "2起行政诉讼。未经复议直接起诉的2件均胜诉。")
    assert [(f.severity.value, f.detail["group"]) for f in of(check(report), "n_t3_upheld")] == [
        ("info", "suit_direct")
    ]


def test_no_review_statements_are_left_to_n_t3_counts() -> None:
    report = seed("003")  # "无行政复议和行政诉讼情况"
    assert not of(check(report), "n_t3_upheld")
