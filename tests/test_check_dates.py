"""Dates: statistics period, years that agree, publication against the deadline of 条例第四十九条."""

from __future__ import annotations

import dataclasses

import pytest

from gongkai import check
from gongkai.check.dates import body_kind
from tests.check_helpers import corpus, of, seed, with_meta


def test_seed_003_is_published_on_time_against_the_31_january_deadline() -> None:
    found = of(check(seed("003")), "d_deadline")
    assert len(found) == 1
    f = found[0]
    assert f.severity.value == "info" and f.actual == "2025-01-15" and f.expected == "2025-01-31"
    assert f.detail["body_kind"] == "department" and "按时" in f.message


def test_a_late_department_report_is_an_error() -> None:
    found = of(check(with_meta(seed("003"), published="2025-02-20")), "d_deadline", "error")
    assert found and "逾期 20 天" in found[0].message


def test_a_government_report_has_until_31_march() -> None:
    found = of(check(corpus("pingtan-2020.txt")), "d_deadline")  # 2021-03-05, 本级政府 report
    assert [f.severity.value for f in found] == ["info"] and found[0].expected == "2021-03-31"
    late = of(check(with_meta(corpus("pingtan-2020.txt"), published="2021-04-02")), "d_deadline", "error")
    assert late


def test_unknown_kind_says_which_deadline_was_assumed() -> None:
    report = dataclasses.replace(seed("003"), agency="某某")
    found = of(check(with_meta(report, published="2025-02-10", publisher=None)), "d_deadline")
    assert found[0].severity.value == "warning" and found[0].detail["body_kind"] == "unknown"
    assert "机关类型不明" in found[0].message and "3月31日" in found[0].message


def test_unknown_publication_date_is_said() -> None:
    found = of(check(seed("000")), "d_deadline")
    assert [f.severity.value for f in found] == ["info"] and "未能确定发布日期" in found[0].message


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("淄博高新技术产业开发区发展改革局", "department"),
        ("市中区人民政府办公室", "department"),
        ("洪泽区人民政府", "government"),
        ("平潭综合实验区", "government"),
        ("某某镇人民政府", "township"),
        ("某某街道办事处", "township"),
        (None, "unknown"),
    ],
)
def test_body_kind(name: str | None, kind: str) -> None:
    assert body_kind(name) == kind


def test_period_must_be_the_report_year() -> None:
    assert not of(check(seed("002")), "d_period")
    period = {"raw": "统计期限自2023年1月1日起至2023年12月31日", "start": "2023-01-01", "end": "2023-12-31"}
    found = of(check(with_meta(seed("002"), statistics_period=period)), "d_period", "error")
    assert found and found[0].expected == ["2024-01-01", "2024-12-31"]
    assert of(check(with_meta(seed("002"), statistics_period=period)), "d_years_agree", "error")


def test_narrative_year_must_agree() -> None:
    assert not of(check(seed("000")), "d_years_agree")
    report = seed("000")
    s1 = report.section("s1")
    assert s1 is not None
    moved = dataclasses.replace(report, sections=tuple(
        dataclasses.replace(s, text=s.text.replace("2024", "2023")) if s.id == "s1" else s for s in report.sections
    ))  # fmt: skip
    found = of(check(moved), "d_years_agree", "error")
    assert found and found[0].actual == 2023 and found[0].expected == 2024


def test_a_page_dated_years_after_the_deadline_is_not_called_late_with_certainty() -> None:
    """A 2024 report on a page dated 2026 is more simply a migrated or edited page: a warning, not 原文问题."""
    from gongkai.check import Origin

    found = of(check(with_meta(seed("003"), published="2026-06-01")), "d_deadline")
    assert [(f.severity.value, f.origin) for f in found] == [("warning", Origin.READING)]
    assert "迁移" in found[0].message
    months_late = of(check(with_meta(seed("003"), published="2025-06-30")), "d_deadline")
    assert [(f.severity.value, f.origin) for f in months_late] == [("error", Origin.DOCUMENT)]
