"""The metamorphic corpus: one consistent report, rendered into every form gongkai reads, reads back to
exactly its cells and is accused of nothing; one deliberate error in it is caught as 原文问题.

A fast sample of ``gongkai.synth``: each form gets its own seeds (so the sample covers more reports), a
blank-heavy share, and as many mutated reports.  ``python3 bench/bench_trust.py --n 2000`` runs the same
over thousands of documents and prints the rates.
"""

from __future__ import annotations

import random

import pytest

from gongkai import synth
from gongkai.synth.evaluate import Outcome, evaluate
from gongkai.synth.mutate import mutate

FORMS = synth.forms()
# forms that lose nothing the tables print: every cell must be read, none merely flagged
LOSSLESS = {"word_tab", "markdown", "docx", "html", "html_gbk", "html_cms_nested", "html_split_headings"}
LOSSLESS |= {"html_meta_only", "pdf_ruled"}
PER_FORM = 12


def _cases(form: str) -> list[synth.Case]:
    base = 1000 * (FORMS.index(form) + 1)
    cases = [synth.make_case(base + k) for k in range(PER_FORM)]
    cases += [synth.make_case(base + 500 + k, blank="some_blank") for k in range(PER_FORM // 3)]
    return cases


def _problems(o: Outcome, form: str) -> list[str]:
    out = []
    if o.read_error:
        return [f"读取失败：{o.read_error}"]
    if o.wrong:
        out.append(f"silently wrong cells {o.wrong}")
    if form in LOSSLESS and o.flagged:
        out.append(f"cells flagged on a lossless form {o.flagged[:5]}")
    if o.meta_wrong:
        out.append(f"metadata {o.meta_wrong}")
    if o.false_document or o.false_reading:
        out.append(f"errors on a consistent report {o.false_document + o.false_reading}")
    return out


@pytest.mark.parametrize("form", FORMS)
def test_every_consistent_report_reads_back_and_is_accused_of_nothing(form: str) -> None:
    failures = {}
    for case in _cases(form):
        problems = _problems(evaluate(case, form), form)
        if problems:
            failures[case.seed] = problems
    assert not failures, f"{form}: {failures}"


@pytest.mark.parametrize("form", FORMS)
def test_every_deliberate_error_is_caught_as_the_documents(form: str) -> None:
    """Caught as 原文问题 — or, on a form that lost the cells involved, flagged as unverifiable (never silent)."""
    missed = {}
    for case in _cases(form):
        bad = mutate(case, random.Random(case.seed))
        o = evaluate(bad, form)
        if o.read_error or not (o.caught or (form not in LOSSLESS and o.unverifiable)):
            missed[case.seed] = o.read_error or bad.mutation
    assert not missed, f"{form}: {missed}"


def test_every_form_of_the_corpus_is_generated() -> None:
    assert {"word_tab", "web_pipe", "markdown", "pdf_text", "crawler", "docx"} <= set(FORMS)


@pytest.mark.parametrize("width", [3, 8, 12])
def test_a_heading_wrapped_onto_a_second_line_is_one_heading(width: int) -> None:
    """PDF text of a report whose section headings are printed large: each long heading runs onto a second
    line.  The six sections are found with their whole titles and the same bodies as when unwrapped."""
    import re

    import gongkai

    case = synth.make_case(77)
    data, suffix = synth.render(case, "pdf_text")
    lines = data.decode("utf-8").split("\n")
    heading = re.compile(r"^[一二三四五六]、(?:总体|主动|收到|政府信息公开行政|存在|其他)")
    wrapped = [part for line in lines for part in ([line[:width], line[width:]] if heading.match(line) else [line])]
    assert len(wrapped) >= len(lines) + 6
    flat = gongkai.extract(gongkai.read_document(data, "flat" + suffix))
    split = gongkai.extract(gongkai.read_document("\n".join(wrapped).encode("utf-8"), "wrapped" + suffix))
    assert [(s.id, s.heading, s.text) for s in split.sections] == [(s.id, s.heading, s.text) for s in flat.sections]
    assert len(split.sections) == 6
    assert split.cells == flat.cells


def test_a_fee_changed_in_the_narrative_is_an_error_whatever_its_unit() -> None:
    """A fee stated in 元 in one section and in 万元 (to 0.01 万元) in the other: a deliberate error moves
    the 元 figure past that rounding (300 → 302 元 against 0.03 万元 is the same fee), so every such
    error is one the checks can catch — and they do."""
    from gongkai.synth.mutate import mutate_statement

    missed, tried = {}, 0
    for seed in range(7000, 10000):
        case = synth.make_case(seed)
        bad = mutate_statement(case, random.Random(seed))
        if bad is None or bad.mutation is None or bad.mutation["family"] != "fee":
            continue
        tried += 1
        if not evaluate(bad, "markdown").caught:
            missed[seed] = bad.mutation["text"]
        if tried == 12:
            break
    assert tried == 12
    assert not missed, missed
