"""n_breakdown_sums reads where a "共 N，其中 a、b…" list ends: not past a semicolon, a new subject (复议 → 诉讼),
or the subject of the next 其中 — while a list that really adds up wrong is still reported."""

from __future__ import annotations

import dataclasses

import pytest

import gongkai
from gongkai import synth


def breakdown_findings(sentence: str) -> list[gongkai.Finding]:
    case = synth.make_case(7, version="2021")
    case = dataclasses.replace(case, sections={**case.sections, "s1": ((sentence,),)})
    data, suffix = synth.render(case, "word_tab")
    report = gongkai.read(data, f"x{suffix}")
    return [f for f in gongkai.check(report).findings if f.rule == "n_breakdown_sums"]


@pytest.mark.parametrize(
    "sentence",
    [
        "政府信息公开行政复议8件，其中1件被复议机关维持，1件被纠正，3件以其他方式结案，3件尚未审结；被提起行政诉讼12件（未经复议直接起诉11件、复议后起诉1件）。",
        "政府信息公开行政复议10件，其中4件被复议机关维持、3件以其他方式结案、3件尚未审结，政府信息公开行政诉讼7件（未经复议直接起诉2件、复议后起诉5件），其中结果维持2件，结果纠正2件，其他结果0件，未审结3件。",
        "收到35件因政府信息公开申请提起的行政复议，其中结果维持1件，结果纠正30件，其他结果2件，未审结2件，政府信息公开行政诉讼9件（未经复议直接起诉9件、复议后起诉0件）。",
        "收到3件行政复议，其中结果维持2件，其他结果1件，政府信息公开行政诉讼13件，已审结13件，尚未审结0件。",
        "关于行政复议和行政诉讼：政府信息公开行政复议17件，其中结果维持2件、结果纠正0件、尚未审结15件，31起行政诉讼，已审结6件，尚未审结25件。",
    ],
)
def test_a_list_ends_where_its_subject_ends(sentence: str) -> None:
    assert [f.message for f in breakdown_findings(sentence) if f.severity.value == "warning"] == []


def test_a_list_that_adds_up_wrong_is_still_reported() -> None:
    found = breakdown_findings(
        "全年主动公开政府信息27条，其中部门会议类6条、工作动态12条、通知公告5条、人事信息1条、规划计划3条、其他1条。"
    )
    assert [(f.severity.value, f.expected, f.actual) for f in found] == [("warning", 27, 28)]
    suit = breakdown_findings("政府信息公开行政诉讼7件，其中未经复议直接起诉5件、复议后起诉3件。")
    assert [(f.severity.value, f.expected, f.actual) for f in suit] == [("warning", 7, 8)]
