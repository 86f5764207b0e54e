"""Structure: sections, their titles and numbering, sub-heading sequences, tables, format version."""

from __future__ import annotations

import dataclasses

from gongkai import check
from gongkai.check import Origin
from tests.check_helpers import corpus, of, seed, with_section_text


def test_seed_001_numbers_sections_two_to_five_with_arabic_digits() -> None:
    found = of(check(seed("001")), "s_section_numbering", "warning")
    assert len(found) == 1
    assert found[0].actual == ["2、", "3、", "4、", "5、"]
    assert found[0].expected == ["二、", "三、", "四、", "五、"]
    assert found[0].detail["sections"] == ["s2", "s3", "s4", "s5"]
    assert all(e.source is not None for e in found[0].evidence)


def test_seed_004_numbers_section_three_with_an_arabic_digit() -> None:
    found = of(check(seed("004")), "s_section_numbering")
    assert [f.actual for f in found] == [["3、"]]


def test_well_numbered_seeds_pass() -> None:
    for prefix in ("000", "002", "003"):
        assert not of(check(seed(prefix)), "s_section_numbering"), prefix


def test_seed_003_repeats_er_in_section_six() -> None:
    found = of(check(seed("003")), "s_subsection_numbering")
    assert len(found) == 1
    f = found[0]
    assert f.detail["section"] == "s6" and f.detail["kind"] == "重复" and f.detail["position"] == 4
    assert f.actual == "(二)" and f.expected == "（四）"


def test_seed_002_skips_wu_in_section_six() -> None:
    found = of(check(seed("002")), "s_subsection_numbering")
    assert len(found) == 1
    f = found[0]
    assert f.detail["section"] == "s6" and f.detail["kind"] == "跳号"
    assert f.actual == "（六）" and f.expected == "（五）"


def test_consistent_numbering_passes_and_a_new_skip_is_found() -> None:
    assert not of(check(seed("000")), "s_subsection_numbering")
    report = with_section_text(seed("000"), "s5", "（二）具体的解决办法", "（三）具体的解决办法")
    found = of(check(report), "s_subsection_numbering")
    assert [f.detail["section"] for f in found] == ["s5"]


def test_missing_section_is_an_error() -> None:
    report = seed("000")
    dropped = dataclasses.replace(report, sections=tuple(s for s in report.sections if s.id != "s5"))
    found = of(check(dropped), "s_sections", "error")
    assert [f.detail["section"] for f in found] == ["s5"]
    assert not of(check(report), "s_sections")


def test_title_variant_is_info_and_unknown_title_is_warning() -> None:
    found = of(check(seed("003")), "s_section_title")
    assert [(f.severity.value, f.detail["section"]) for f in found] == [("info", "s4")]
    report = seed("000")
    sections = tuple(dataclasses.replace(s, heading="五、存在的不足") if s.id == "s5" else s for s in report.sections)
    found = of(check(dataclasses.replace(report, sections=sections)), "s_section_title")
    assert [(f.severity.value, f.actual) for f in found] == [("warning", "五、存在的不足")]


def test_missing_rows_are_reported_as_reading_uncertainty() -> None:
    report = seed("002")
    values = {k: v for k, v in report.values.items() if not k.startswith("t2.o_none_make.")}
    found = of(check(dataclasses.replace(report, values=values)), "s_tables", "warning")
    assert len(found) == 1 and found[0].origin is Origin.READING
    assert len(found[0].cells) == 7 and "2.没有现成信息需要另行制作" in found[0].message
    assert not of(check(report), "s_tables")


def test_2019_tables_in_a_2021_report_are_flagged() -> None:
    assert not of(check(corpus("pingtan-2020.txt")), "s_format_version")  # 2020: the 2019 format is right
    late = dataclasses.replace(corpus("pingtan-2020.txt"), year=2021)
    found = of(check(late), "s_format_version", "warning")
    assert {f.expected for f in found} == {"2021", "三行"}
    assert not of(check(seed("002")), "s_format_version")
