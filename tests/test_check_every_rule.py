"""Every registered rule has a passing and a failing case, built from a real seed or corpus report.

Passing: the rule gives nothing at its registered (most serious) severity, nor anything more serious
(a narrative rule still says "consistent" as info).  Failing: the same real report with its text or one
of its cells changed gives a finding at the rule's severity.  A new rule must add its pair here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from gongkai import check
from gongkai.check import rules
from gongkai.model import ReadingNote, Report
from gongkai.normalize import Kind
from tests.check_helpers import corpus, seed, with_cells, with_kind, with_meta, with_section_text

Case = Callable[[], tuple[Report, Report | None]]


def one(make: Callable[[], Report]) -> Case:
    return lambda: (make(), None)


def _year(report: Report, year: int) -> Report:
    return dataclasses.replace(report, year=year)


def _drop_section(report: Report, section: str) -> Report:
    return dataclasses.replace(report, sections=tuple(s for s in report.sections if s.id != section))


def _heading(report: Report, section: str, heading: str) -> Report:
    return dataclasses.replace(
        report,
        sections=tuple(dataclasses.replace(s, heading=heading) if s.id == section else s for s in report.sections),
    )


def _s1_years(report: Report, old: str, new: str) -> Report:
    return dataclasses.replace(
        report,
        sections=tuple(
            dataclasses.replace(s, text=s.text.replace(old, new)) if s.id == "s1" else s for s in report.sections
        ),
    )


def _drop_row(report: Report, prefix: str) -> Report:
    return dataclasses.replace(report, values={k: v for k, v in report.values.items() if not k.startswith(prefix)})


def _note(report: Report, code: str, cells: tuple[str, ...]) -> Report:
    return dataclasses.replace(report, notes=(ReadingNote(code, "连写数字有多种拆分", cells),))


PERIOD_2023 = {"raw": "统计期限自2023年1月1日起至2023年12月31日", "start": "2023-01-01", "end": "2023-12-31"}
S1_002_APPS = "收到受理政府信息公开申请17件"
S1_002_T3 = "2起行政诉讼。"
S6_002_FEE = "本年度依申请公开政府信息未收取任何费用。"
S6_000_FEE = "2024年度未收取依申请公开信息处理费。"
S6_003_FEE = "(一)依申请公开收费情况:本年度依申请公开,未收取任何信息处理费。"
S1_003 = "累计主动公开政府信息134条"

# rule id → (passing case, failing case)
CASES: dict[str, tuple[Case, Case]] = {
    # identities
    "t2_balance": (
        one(lambda: seed("002")),
        one(lambda: with_cells(seed("002"), {"t2.r_new.natural": 6, "t2.r_new.total": 18})),
    ),
    "t2_outcome_total": (one(lambda: seed("002")), one(lambda: with_cells(seed("002"), {"t2.o_open.natural": 3}))),
    "t2_row_total": (one(lambda: seed("002")), one(lambda: with_cells(seed("002"), {"t2.o_open.natural": 3}))),
    "t3_review_total": (one(lambda: seed("002")), one(lambda: with_cells(seed("002"), {"t3.review_total": 6}))),
    "t3_suit_direct_total": (
        one(lambda: seed("002")),
        one(lambda: with_cells(seed("002"), {"t3.suit_direct_total": 1})),
    ),
    "t3_suit_after_total": (
        one(lambda: seed("002")),
        one(lambda: with_cells(seed("002"), {"t3.suit_after_total": 3})),
    ),
    "identity_unverified": (
        one(lambda: seed("002")),
        one(lambda: with_kind(seed("002"), "t2.o_open.natural", Kind.AMBIGUOUS)),
    ),
    # values
    "v_nonneg_int": (one(lambda: seed("002")), one(lambda: with_cells(seed("002"), {"t1.licensing.decisions": -3}))),
    "v_fee_decimal": (
        one(lambda: with_cells(seed("002"), {"t1.fees.amount_wan_yuan": "0.35"})),
        one(lambda: with_cells(seed("002"), {"t1.fees.amount_wan_yuan": "-0.35"})),
    ),
    "v_fee_unit": (
        one(lambda: with_cells(seed("002"), {"t1.fees.amount_wan_yuan": "12.5"})),
        one(lambda: with_cells(seed("002"), {"t1.fees.amount_wan_yuan": "1200元"})),
    ),
    "v_blank_cell": (one(lambda: seed("003")), one(lambda: with_cells(seed("003"), {"t2.r_new.legal": ""}))),
    "v_dash_cell": (one(lambda: seed("003")), one(lambda: with_cells(seed("003"), {"t3.review_other": "/"}))),
    "v_text_cell": (one(lambda: seed("003")), one(lambda: with_cells(seed("003"), {"t1.rules.valid": "见附件"}))),
    # structure
    "s_sections": (one(lambda: seed("000")), one(lambda: _drop_section(seed("000"), "s5"))),
    "s_section_title": (one(lambda: seed("000")), one(lambda: _heading(seed("000"), "s5", "五、存在的不足"))),
    "s_section_numbering": (one(lambda: seed("000")), one(lambda: seed("001"))),
    "s_subsection_numbering": (one(lambda: seed("000")), one(lambda: seed("003"))),
    "s_tables": (one(lambda: seed("002")), one(lambda: _drop_row(seed("002"), "t2.o_none_make."))),
    "s_format_version": (
        one(lambda: corpus("pingtan-2020.txt")),
        one(lambda: _year(corpus("pingtan-2020.txt"), 2021)),
    ),
    # dates
    "d_period": (one(lambda: seed("002")), one(lambda: with_meta(seed("002"), statistics_period=PERIOD_2023))),
    "d_years_agree": (one(lambda: seed("000")), one(lambda: _s1_years(seed("000"), "2024", "2023"))),
    "d_deadline": (one(lambda: seed("003")), one(lambda: with_meta(seed("003"), published="2025-02-20"))),
    # narrative
    "n_breakdown_sums": (one(lambda: seed("001")), one(lambda: seed("000"))),
    "n_percentages": (one(lambda: seed("000")), one(lambda: seed("002"))),
    "n_t2_counts": (
        one(lambda: seed("002")),
        one(lambda: with_section_text(seed("002"), "s1", S1_002_APPS, "收到受理政府信息公开申请15件")),
    ),
    "n_t3_counts": (
        one(lambda: seed("002")),
        one(lambda: with_cells(seed("002"), {"t3.review_total": 4, "t3.review_other": 2})),
    ),
    "n_t1_counts": (
        one(lambda: with_section_text(seed("003"), "s1", S1_003, S1_003 + "，作出行政许可2件")),
        one(lambda: with_section_text(seed("003"), "s1", S1_003, S1_003 + "，作出行政许可5件")),
    ),
    "n_t3_upheld": (
        one(lambda: corpus("stcsm-2024.md")),
        one(lambda: with_section_text(seed("002"), "s1", S1_002_T3, "2起行政诉讼，均获维持。")),
    ),
    "n_fee_statements": (
        one(lambda: seed("002")),
        one(lambda: with_section_text(seed("002"), "s6", S6_002_FEE, "收取信息处理费300元。")),
    ),
    "n_fee_t1": (
        one(
            lambda: with_section_text(
                with_cells(seed("003"), {"t1.fees.amount_wan_yuan": "1.5"}),
                "s1",
                S1_003,
                S1_003 + "，行政事业性收费1.5万元",
            )
        ),
        one(
            lambda: with_section_text(
                with_cells(seed("003"), {"t1.fees.amount_wan_yuan": "1.5"}),
                "s1",
                S1_003,
                S1_003 + "，行政事业性收费2万元",
            )
        ),
    ),
    "n_fee_applications": (
        one(lambda: seed("000")),
        one(lambda: with_section_text(seed("000"), "s6", S6_000_FEE, "2024年度收取依申请公开信息处理费200元。")),
    ),
    "n_fee_reported": (
        one(lambda: seed("003")),
        one(lambda: with_section_text(seed("003"), "s6", S6_003_FEE, "(一)本年度无其他需要报告的事项。")),
    ),
    # cross-year
    "x_pair": (
        lambda: (corpus("pingtan-2020.txt"), corpus("pingtan-2019.txt")),
        lambda: (seed("002"), _year(seed("000"), 2023)),
    ),
    "x_carry": (
        lambda: (corpus("pingtan-2020.txt"), corpus("pingtan-2019.txt")),
        lambda: (
            corpus("pingtan-2020.txt"),
            with_cells(corpus("pingtan-2019.txt"), {"t2.r_next.commercial": 2, "t2.r_next.total": 2}),
        ),
    ),
    "x_normative_stock": (
        lambda: (seed("002"), _year(with_cells(seed("002"), {"t1.normative.valid": 12}), 2023)),
        lambda: (seed("002"), _year(with_cells(seed("002"), {"t1.normative.valid": 10}), 2023)),
    ),
    "x_s5_similarity": (
        lambda: (seed("002"), _year(seed("000"), 2023)),
        lambda: (seed("002"), _year(seed("002"), 2023)),
    ),
    # reading
    "r_reading_note": (
        one(lambda: seed("002")),
        one(lambda: _note(seed("002"), "split_ambiguous", ("t2.o_open.natural",))),
    ),
}


def test_every_rule_has_a_case() -> None:
    assert sorted(r.id for r in rules()) == sorted(CASES)


RANKS = {r.id: r.severity.rank for r in rules()}


@pytest.mark.parametrize("rule_id", list(CASES))
def test_passes(rule_id: str) -> None:
    report, previous = CASES[rule_id][0]()
    found = [f for f in check(report, previous=previous).findings if f.rule == rule_id]
    assert [f.message for f in found if f.severity.rank <= RANKS[rule_id]] == []


@pytest.mark.parametrize("rule_id", list(CASES))
def test_fails(rule_id: str) -> None:
    report, previous = CASES[rule_id][1]()
    found = [f for f in check(report, previous=previous).findings if f.rule == rule_id]
    assert any(f.severity.rank == RANKS[rule_id] for f in found), [(f.severity.value, f.message) for f in found]
