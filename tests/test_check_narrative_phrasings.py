"""Narrative phrasings real reports print, and the principle the narrative rules follow.

**A narrative rule reports an error only when the sentence has one admissible reading and it contradicts
every admissible table reading; otherwise a 提示 (info) or nothing.**  Each regression case below is a
phrasing that was once read wrongly (and accused a consistent report), built on a generated report whose
tables are known; the generated cases at the end check the whole family over many seeds: no narrative
error on a consistent report, and a changed number in a checked statement is an error of its rule.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

import gongkai
from gongkai import check, synth
from gongkai.check import Finding, Origin, Severity
from gongkai.model import Report
from gongkai.normalize import Kind
from gongkai.synth.case import Case
from gongkai.synth.mutate import mutate_statement

NARRATIVE = ("n_t2_counts", "n_t3_counts", "n_t3_upheld", "n_fee_statements")


@cache
def _case(seed: int) -> Case:
    return synth.make_case(seed, version="2021", blank="zero")


def find_case(ok: Callable[[Case], bool]) -> Case:
    """The first generated 2021-format case (every cell printed) whose tables satisfy ``ok``."""
    return next(c for c in map(_case, range(400)) if ok(c))


def t2(case: Case, row: str) -> int:
    return int(case.cells[f"t2.{row}.total"] or 0)


def t3(**groups: tuple[int, int, int, int]) -> dict[str, int]:
    """t3 cells (维持, 纠正, 其他, 尚未审结 per group, totals added); groups not given are all 0."""
    out: dict[str, int] = {}
    for group in ("review", "suit_direct", "suit_after"):
        parts = groups.get(group, (0, 0, 0, 0))
        for name, v in zip(("maintain", "correct", "other", "pending"), parts, strict=True):
            out[f"t3.{group}_{name}"] = v
        out[f"t3.{group}_total"] = sum(parts)
    return out


def report(case: Case, *s1: str, cells: dict[str, Any] | None = None, agency: str | None = None) -> Report:
    """``case`` printed as Word text with ``s1`` as the paragraphs of section 一 (tables changed by ``cells``)."""
    sections = {**case.sections, "s1": tuple((p,) for p in s1)}
    changed = dataclasses.replace(
        case, sections=sections, cells={**case.cells, **(cells or {})}, agency=agency or case.agency
    )
    data, suffix = synth.render(changed, "word_tab")
    return gongkai.read(data, f"case{case.seed}{suffix}")


def of(r: Report, rule: str, severity: str | None = None) -> list[Finding]:
    return [f for f in check(r).findings if f.rule == rule and (severity is None or f.severity.value == severity)]


def errors(r: Report, *rules: str) -> list[Finding]:
    return [f for f in check(r).findings if f.severity is Severity.ERROR and f.rule in (rules or NARRATIVE)]


BUSY = find_case(lambda c: t2(c, "o_open") > 0 and t2(c, "o_partial") > 0 and t2(c, "r_carried") > 0)


# --- 申请 -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("words", ["予以公开及部分公开", "同意公开和部分公开共", "予以公开、部分公开合计"])
def test_open_and_partial_together_is_their_sum(words: str) -> None:
    both = t2(BUSY, "o_open") + t2(BUSY, "o_partial")
    text = f"全年共收到政府信息公开申请{t2(BUSY, 'r_new')}件，其中{words}{both}件。"
    found = of(report(BUSY, text), "n_t2_counts")
    assert not [f for f in found if f.severity is Severity.ERROR]
    assert ("予以公开＋部分公开", both) in [(f.detail.get("reading"), f.expected) for f in found]
    wrong = errors(report(BUSY, text.replace(f"{both}件", f"{both + 1}件")), "n_t2_counts")
    assert [(f.expected, f.actual) for f in wrong] == [(both + 1, [both])]


def test_outcome_after_its_count_takes_the_words_after_it() -> None:
    a, b = t2(BUSY, "o_open"), t2(BUSY, "o_partial")
    text = (
        f"收到政府信息公开申请{t2(BUSY, 'r_new')}件，共办结{t2(BUSY, 'o_total')}件，其中{a}件予以公开，{b}件部分公开。"
    )
    assert not errors(report(BUSY, text))
    wrong = errors(report(BUSY, text.replace(f"{b}件部分公开", f"{b + 2}件部分公开")))
    assert [f.cells for f in wrong] == [("t2.o_partial.total",)]
    # without a word of requests before it, "办结 … 件" may be about anything: no accusation
    assert not errors(report(BUSY, text.split("，", 1)[1].replace(f"{b}件部分公开", f"{b + 2}件部分公开")))


def test_counts_before_their_words_in_one_clause_take_the_words_after_them() -> None:
    a, b = t2(BUSY, "o_open"), t2(BUSY, "o_partial")
    text = f"收到政府信息公开申请{t2(BUSY, 'r_new')}件，其中{a}件予以公开、{b}件部分公开。"
    found = of(report(BUSY, text), "n_t2_counts")
    assert {(f.expected, f.detail.get("reading")) for f in found} >= {(a, "予以公开"), (b, "部分公开")}
    wrong = errors(report(BUSY, text.replace(f"{a}件予以公开", f"{a + b + 1}件予以公开")))
    assert [f.cells for f in wrong] == [("t2.o_open.total",)]
    cases = "因政府信息公开被申请行政复议6件，其中3件被复议机关维持、1件以其他方式结案、2件尚未审结。"
    assert {f.detail["reading"] for f in of(report(BUSY, cases, cells=CASES), "n_t3_counts")} == {
        "行政复议总计",
        "行政复议结果维持",
        "行政复议其他结果",
        "行政复议尚未审结",
    }
    # words on both sides of a count leave it ambiguous: no accusation
    assert not errors(report(BUSY, f"收到政府信息公开申请{t2(BUSY, 'r_new') + 9}件已全部办结。"))


@pytest.mark.parametrize(
    "text",
    [
        "其中自然人提出申请{k}件。",  # an applicant column, not the total
        "通过网上收到申请{k}件。",  # a channel
        "收到涉及房屋征收的申请{k}件。",  # a topic
        "上年度收到政府信息公开申请{k}件。",  # last year's figure
        "{prev}年收到政府信息公开申请{k}件。",
        "收到政府信息公开申请近{k}件。",  # approximate numbers
        "收到政府信息公开申请{k}件左右。",
        "收到政府信息公开申请同比增加{k}件。",  # a change, not a count
        "尚未办结{k}件。",  # may be counted when the report was written
        "新收和上年结转申请共{k}件。",  # two roles at once
    ],
)
def test_a_number_about_something_else_is_never_an_error(text: str) -> None:
    k = t2(BUSY, "r_new") + t2(BUSY, "r_carried") + t2(BUSY, "r_next") + 7  # no table reading gives it
    lead = f"{BUSY.year}年共收到政府信息公开申请{t2(BUSY, 'r_new')}件。"
    assert not errors(report(BUSY, lead + text.format(k=k, prev=BUSY.year - 1)))


def test_a_bare_verb_after_a_request_clause_is_about_requests() -> None:
    new, total = t2(BUSY, "r_new"), t2(BUSY, "o_total")
    ok = f"收到政府信息公开申请{new}件，同比增加3件，共答复{total}件。"
    assert not errors(report(BUSY, ok))
    wrong = errors(report(BUSY, ok.replace(f"答复{total}件", f"答复{total + new + 50}件")))
    assert len(wrong) == 1 and wrong[0].expected == total + new + 50
    # the same verb after a clause about something else says nothing about requests
    other = f"收到政府信息公开申请{new}件，办理人大代表建议5件，答复{total + new + 50}件。"
    assert not errors(report(BUSY, other))


@pytest.mark.parametrize("agency", ["北京市信访局", "某某区政务服务管理办公室", "某某区行政审批服务局"])
def test_an_agency_whose_name_names_other_business_still_speaks_of_requests(agency: str) -> None:
    text = f"{BUSY.year}年，{agency}收到政府信息公开申请{t2(BUSY, 'r_new') + 40}件。"
    wrong = errors(report(BUSY, text, agency=agency), "n_t2_counts")
    assert [f.expected for f in wrong] == [t2(BUSY, "r_new") + 40]


def test_no_requests_received_requires_zero_new_requests() -> None:
    no_new = {cid: 0 for cid in BUSY.cells if cid.startswith("t2.r_new.")}  # (the balance no longer holds)
    r = report(BUSY, "本年度，本机关未收到政府信息公开申请。", cells=no_new)
    assert not errors(r) and [f.detail["reading"] for f in of(r, "n_t2_counts")] == ["本年新收"]
    found = errors(report(BUSY, "本年度，本机关未收到政府信息公开申请。"), "n_t2_counts")
    assert [(f.expected, f.cells) for f in found] == [(0, ("t2.r_new.total",))]
    # 未收到 a kind of request is not 未收到 any
    assert not errors(report(BUSY, "本年度未收到法人或其他组织的政府信息公开申请。"))


# --- 复议、诉讼 -------------------------------------------------------------------------------------------

CASES = t3(review=(3, 0, 1, 2), suit_direct=(2, 0, 0, 1), suit_after=(1, 0, 0, 0))  # 复议 6, 诉讼 3 + 1


@pytest.mark.parametrize(
    "text",
    [
        "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。",
        "本年度未发生因政府信息公开被行政复议纠错或行政诉讼败诉的情况。",
        "行政复议和行政诉讼均未被纠错。",
    ],
)
def test_no_correction_or_lost_suit_is_not_no_suit(text: str) -> None:
    lead = "因政府信息公开被申请行政复议6件，被提起行政诉讼4件。"
    r = report(BUSY, lead + text, cells=CASES)
    assert not errors(r)
    upheld = of(r, "n_t3_upheld")
    assert {f.detail["group"] for f in upheld} == {"review", "suit_direct", "suit_after"}
    assert all(f.severity is Severity.INFO and f.expected == {f.cells[1]: 0} for f in upheld)
    corrected = {**CASES, "t3.review_maintain": 2, "t3.review_correct": 1}
    found = errors(report(BUSY, lead + text, cells=corrected))
    assert [(f.rule, f.detail["group"], f.detail["nonzero"]) for f in found] == [
        ("n_t3_upheld", "review", {"结果纠正": 1})
    ]


@pytest.mark.parametrize("semicolon", [";", "；"])
def test_pending_count_is_not_a_negation(semicolon: str) -> None:
    text = (
        f"政府信息公开行政复议6件，其中结果维持3件，其他结果1件，未审结2件{semicolon}"
        "政府信息公开行政诉讼4件,其中结果维持3件,尚未审结1件。"
    )
    r = report(BUSY, text, cells=CASES)
    assert not errors(r)
    readings = {(f.expected, f.detail["reading"]) for f in of(r, "n_t3_counts")}
    assert readings >= {(2, "行政复议尚未审结"), (4, "行政诉讼合计（直接起诉＋复议后起诉）")}
    assert (3, "行政诉讼结果维持（两类起诉合计）") in readings  # 其中… takes the group of the clause before
    wrong = errors(report(BUSY, text.replace("未审结2件", "未审结5件"), cells=CASES))
    assert [(f.expected, f.cells) for f in wrong] == [(5, ("t3.review_pending",))]


@pytest.mark.parametrize("agency", ["无极县人民政府办公室", "西安市未央区教育局", "无锡市某某局", "不夜城区财政局"])
def test_place_name_with_wu_is_not_a_negation(agency: str) -> None:
    text = f"{BUSY.year}年，{agency}因政府信息公开被申请行政复议6件，被提起行政诉讼4件。"
    r = report(BUSY, text, cells=CASES, agency=agency)
    assert not errors(r)
    # and a negation that follows the place name still counts
    none = f"{BUSY.year}年，{agency}未发生因政府信息公开引起的行政复议和行政诉讼。"
    found = errors(report(BUSY, none, cells=CASES, agency=agency), "n_t3_counts")
    assert sorted(f.expected for f in found) == [0, 0] and len(found) == 2


def test_all_upheld_after_a_list_covers_the_list_and_stops_at_stated_results() -> None:
    cells = t3(review=(4, 1, 0, 0), suit_direct=(2, 0, 0, 0))
    listed = "因政府信息公开被申请行政复议5件，被提起行政诉讼2件，均获维持。"
    assert [f.detail["group"] for f in errors(report(BUSY, listed, cells=cells))] == ["review"]
    after_results = "因政府信息公开被申请行政复议5件，其中结果维持4件，结果纠正1件，被提起行政诉讼2件，均获维持。"
    assert not errors(report(BUSY, after_results, cells=cells))
    rest = "因政府信息公开被申请行政复议5件，1件被纠正，其余均获维持。"
    assert not errors(report(BUSY, rest, cells=cells))


def test_a_review_body_reporting_its_own_caseload_is_not_accused() -> None:
    text = "全年共办理行政复议案件120件，行政诉讼应诉案件35件。"
    assert not errors(report(BUSY, text, cells=CASES))


def test_a_table_reading_that_cannot_be_evaluated_is_no_accusation() -> None:
    text = "因政府信息公开被提起行政诉讼9件。"
    r = report(BUSY, text, cells=CASES)
    assert errors(r, "n_t3_counts")  # 9 is neither 4, 3 nor either kind alone
    values = dict(r.values)
    missing = dataclasses.replace(r.value("t3.suit_direct_total"), raw="", kind=Kind.MISSING)
    values["t3.suit_direct_total"] = dataclasses.replace(missing, number=None)
    assert not errors(dataclasses.replace(r, values=values), "n_t3_counts")


# --- generated reports: the whole family ------------------------------------------------------------------

SEEDS = range(160)


@pytest.mark.parametrize("form", ["word_tab", "pdf_text", "crawler"])
def test_consistent_generated_reports_have_no_narrative_error(form: str) -> None:
    accused: list[str] = []
    for seed in SEEDS if form == "word_tab" else range(60):
        case = synth.make_case(seed)
        data, suffix = synth.render(case, form)
        doc = gongkai.read_document(data, f"case{seed}{suffix}")
        r = gongkai.extract(doc)
        assert len(r.sections) == 6, (seed, case.headings)
        accused += [f"{seed}: {f.message}" for f in check(r, document=doc).findings if _narrative_error(f)]
    assert not accused


def _narrative_error(f: Finding) -> bool:
    return f.severity is Severity.ERROR and f.rule.startswith("n_")


def test_a_changed_number_in_a_checked_statement_is_an_error_of_its_rule() -> None:
    checked = 0
    for seed in SEEDS:
        bad = mutate_statement(synth.make_case(seed), random.Random(seed))
        if bad is None:
            continue
        assert bad.mutation is not None
        data, suffix = synth.render(bad, "word_tab")
        findings = check(gongkai.read(data, f"case{seed}{suffix}")).findings
        rule = bad.mutation["rules"][0]
        caught = [f for f in findings if f.rule == rule and f.severity is Severity.ERROR]
        if not caught:  # only when the new number happens to be what another admissible reading gives
            consistent = [f for f in findings if f.rule == rule and f.severity is Severity.INFO]
            stated = [str(f.expected) for f in consistent]
            assert any(s in bad.mutation["text"] for s in stated), (seed, bad.mutation["text"])
            continue
        assert all(f.origin is Origin.DOCUMENT for f in caught), seed
        checked += 1
    assert checked >= len(SEEDS) * 0.9


def test_table_one_statements_are_compared_as_warnings() -> None:
    case = find_case(lambda c: int(c.cells["t1.punishment.decisions"] or 0) > 0)
    value = int(case.cells["t1.punishment.decisions"] or 0)
    assert [f.severity for f in of(report(case, f"全年作出行政处罚决定{value}件。"), "n_t1_counts")] == [Severity.INFO]
    wrong = of(report(case, f"全年作出行政处罚决定{value + 3}件。"), "n_t1_counts")
    assert [(f.severity, f.expected) for f in wrong] == [(Severity.WARNING, value + 3)]
    assert not of(report(case, f"全年作出行政处罚决定{value + 3}余件。"), "n_t1_counts")
