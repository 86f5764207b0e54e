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
