"""Fees in the narrative: 信息处理费 in sections 一 and 六, 行政事业性收费 against table one, section 六's item."""

from __future__ import annotations

import pytest

from gongkai import check
from gongkai.check.fees import statements
from gongkai.check.registry import Context
from tests.check_helpers import corpus, of, seed, with_cells, with_section_text

S6_002 = "本年度依申请公开政府信息未收取任何费用。"  # seed 002 s6 （一）收取信息处理费的情况
S1_002 = "本年度无依申请公开收费和减免事项。"  # seed 002 s1 "2. 收费和减免情况"


def test_the_seeds_state_fees_in_every_wording_as_not_collected() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        found = statements(Context(seed(prefix)))
        assert found, prefix
        assert all(f.kind == "processing" and f.yuan == 0 for f in found), prefix
    found = statements(Context(corpus("hongze-2023.pdf")))  # "全年收取政府信息公开信息处理费 0 元"
    assert [(f.printed, f.unit) for f in found] == [("0 元", "元")]
    assert statements(Context(corpus("stcsm-2024.md")))[0].printed == "未发生"  # "未发生政府信息公开收费事项"


def test_sections_one_and_six_agree_on_no_fee() -> None:
    for prefix in ("001", "002"):
        found = of(check(seed(prefix)), "n_fee_statements")
        assert [f.severity.value for f in found] == ["info"], prefix
        assert found[0].detail["reading"] == "均为未收取（0 元）"


def test_section_six_contradicting_section_one_is_an_error() -> None:
    report = with_section_text(seed("002"), "s6", S6_002, "本年度依申请公开政府信息收取信息处理费300元。")
    found = of(check(report), "n_fee_statements", "error")
    assert len(found) == 1
    f = found[0]
    assert (f.expected, f.actual) == ("0", "300")
    assert f.detail == {"unit": "元", "s1": "无依申请公开收费", "s6": "300元"}
    assert f.evidence[0].raw == "2. 收费和减免情况:本年度无依申请公开收费和减免事项。"
    assert f.evidence[1].raw == "(一)收取信息处理费的情况本年度依申请公开政府信息收取信息处理费300元。"


@pytest.mark.parametrize(
    ("s1", "s6", "reading"),
    [
        ("本年度收取信息处理费300元。", "本年度依申请公开政府信息收取信息处理费0.03万元。", "元与万元换算后相同"),
        ("本年度收取信息处理费320元。", "本年度依申请公开政府信息收取信息处理费0.03万元。", "万元金额四舍五入后相同"),
        ("本年度收取信息处理费300元。", "本年度依申请公开政府信息共收取费用300元。", "金额相同"),
    ],
)
def test_yuan_and_wan_yuan_are_converted(s1: str, s6: str, reading: str) -> None:
    report = with_section_text(seed("002"), "s1", S1_002, s1)
    report = with_section_text(report, "s6", S6_002, s6)
    found = of(check(report), "n_fee_statements")
    assert [(f.severity.value, f.detail.get("reading")) for f in found] == [("info", reading)]


def test_same_digits_in_other_units_are_an_error_that_says_so() -> None:
    report = with_section_text(seed("002"), "s1", S1_002, "本年度收取信息处理费300元。")
    report = with_section_text(report, "s6", S6_002, "本年度依申请公开政府信息收取信息处理费300万元。")
    found = of(check(report), "n_fee_statements", "error")
    assert len(found) == 1 and "数字相同而单位不同" in found[0].message
    assert (found[0].expected, found[0].actual) == ("300", "3000000")


def test_fee_words_that_are_not_fees_collected_are_ignored() -> None:
    report = with_section_text(
        seed("002"), "s1", S1_002, "本年度信息公开工作经费20万元，申请人逾期未按收费通知要求缴纳费用的0件。"
    )
    assert not [f for f in statements(Context(report)) if f.sentence.section.id == "s1"]
    assert not of(check(report), "n_fee_statements")


def test_administrative_fees_in_the_text_are_compared_with_table_one() -> None:
    base = with_cells(seed("003"), {"t1.fees.amount_wan_yuan": "1.5"})
    said = "累计主动公开政府信息134条"
    for text in ("行政事业性收费1.5万元", "收取行政事业性收费15000元", "收取行政事业性收费14800元"):
        report = with_section_text(base, "s1", said, f"{said}，{text}")
        found = of(check(report), "n_fee_t1")
        assert [(f.severity.value, f.detail.get("reading")) for f in found] == [("info", "按万元换算")], text
        assert found[0].cells == ("t1.fees.amount_wan_yuan",)
    wrong = with_section_text(base, "s1", said, f"{said}，收取行政事业性收费20000元")
    found = of(check(wrong), "n_fee_t1", "warning")
    assert len(found) == 1 and (found[0].expected, found[0].actual) == (2.0, 1.5)
    assert found[0].evidence[1].cell == "t1.fees.amount_wan_yuan"


def test_a_table_filled_in_yuan_is_named_as_such() -> None:
    base = with_cells(seed("003"), {"t1.fees.amount_wan_yuan": "15000"})
    report = with_section_text(
        base, "s1", "累计主动公开政府信息134条", "累计主动公开政府信息134条，收取行政事业性收费15000元"
    )
    found = of(check(report), "n_fee_t1", "warning")
    assert len(found) == 1 and found[0].detail["reading"] == "表中数字按元填写"
    assert "1.5 万元" in found[0].message


def test_processing_fees_are_never_compared_with_table_one() -> None:
    report = with_cells(seed("002"), {"t1.fees.amount_wan_yuan": "12.5"})  # the agency's own fees
    result = check(report)
    assert not of(result, "n_fee_t1")
    assert [f.severity.value for f in of(result, "n_fee_statements")] == ["info"]  # "未收取" 信息处理费 stays fine


def test_the_2019_table_one_has_no_fee_amount_to_compare() -> None:
    report = corpus("pingtan-2020.txt")
    said = report.sections[0].text[:20]
    changed = with_section_text(report, "s1", said, said + "收取行政事业性收费20000元。")
    assert not of(check(changed), "n_fee_t1")


def test_a_fee_collected_without_any_application_is_a_warning() -> None:
    assert not of(check(seed("000")), "n_fee_applications")  # 0 applications, no fee
    report = with_section_text(
        seed("000"), "s6", "2024年度未收取依申请公开信息处理费。", "2024年度收取依申请公开信息处理费200元。"
    )
    found = of(check(report), "n_fee_applications", "warning")
    assert len(found) == 1 and found[0].cells == ("t2.r_new.total", "t2.r_carried.total")
    assert found[0].actual == 0 and "200元" in found[0].message
    assert not of(check(with_section_text(seed("002"), "s6", S6_002, "收取信息处理费200元。")), "n_fee_applications")


def test_section_six_must_report_the_processing_fee_from_2021_on() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        assert not of(check(seed(prefix)), "n_fee_reported"), prefix
    s6 = "(一)依申请公开收费情况:本年度依申请公开,未收取任何信息处理费。"
    silent = with_section_text(seed("003"), "s6", s6, "(一)本年度无其他需要报告的事项。")
    found = of(check(silent), "n_fee_reported", "warning")
    assert len(found) == 1 and found[0].cells == () and found[0].detail["unpaid"] == 0
    unpaid = with_cells(silent, {"t2.o_other_fee.total": 1})
    found = of(check(unpaid), "n_fee_reported", "warning")
    assert found[0].cells == ("t2.o_other_fee.total",) and "1 件申请因逾期未缴纳信息处理费" in found[0].message


def test_a_fee_stated_only_in_section_one_is_an_info() -> None:
    s6 = "2023年度，我单位在办理政府信息公开申请过程中，依据《政府信息公开信息处理费管理办法》未收取任何信息处理费。"
    report = with_section_text(seed("001"), "s6", s6, "")
    report = with_section_text(report, "s6", "（一）依申请公开信息处理费收费情况", "（一）其他事项")
    found = of(check(report), "n_fee_reported")
    assert [f.severity.value for f in found] == ["info"] and "未收取" in found[0].message


def test_reports_before_2021_need_no_fee_item() -> None:
    for name in ("pingtan-2019.txt", "pingtan-2020.txt"):  # 2019 trial format: no 信息处理费 item yet
        report = corpus(name)
        assert report.year is not None and report.year < 2021
        assert not of(check(report), "n_fee_reported")


def test_a_whole_number_of_wan_yuan_is_exact() -> None:
    report = with_section_text(seed("002"), "s1", S1_002, "本年度收取信息处理费1万元。")
    report = with_section_text(report, "s6", S6_002, "本年度依申请公开政府信息收取信息处理费8000元。")
    found = of(check(report), "n_fee_statements")
    assert [(f.severity.value, f.expected, f.actual) for f in found] == [("error", "10000", "8000")]


def test_thousands_separators_are_read() -> None:
    report = with_section_text(seed("002"), "s1", S1_002, "本年度收取信息处理费1,200元。")
    report = with_section_text(report, "s6", S6_002, "本年度依申请公开政府信息收取信息处理费0.12万元。")
    found = of(check(report), "n_fee_statements")
    assert [(f.severity.value, f.detail.get("reading")) for f in found] == [("info", "元与万元换算后相同")]
