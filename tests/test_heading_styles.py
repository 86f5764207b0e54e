"""Section headings printed in an unusual style are found where they are numbered (``第二部分``,
``二 `` and a space, ``2）``), and where they are not, cost no table and accuse no one (generated).

Without its headings a report's tables are found by their own first words (第二十条第, 申请人情况,
行政复议).  In crawler text that runs a whole report into one line, every table's region was the whole
line: a narrative's ``部分公开 18 件`` was read as the row, and the row sums then "failed" — a false
原文问题 on a consistent report.  A heading numbered ``4）`` glued its digit to the last row before it.
Every form: the tables read as with the official headings, and a consistent report has no error.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

import gongkai
from gongkai import synth
from gongkai.spec import load
from gongkai.synth.doc import GenDoc, Para

CN = "一二三四五六"
STYLES: dict[str, Callable[[int, str], str]] = {
    "part": lambda k, t: f"第{CN[k - 1]}部分 {t}",
    "part_colon": lambda k, t: f"第{CN[k - 1]}部分：{t}",
    "space": lambda k, t: f"{CN[k - 1]} {t}",
    "bare": lambda k, t: t,
    "bracket": lambda k, t: f"【{t}】",
    "arabic_paren": lambda k, t: f"{k}）{t}",
}
NUMBERED = ("part", "part_colon", "space", "arabic_paren")  # numbered, as a heading the reader knows
SEEDS = (0, 1, 2)


def _restyled(doc: GenDoc, style: Callable[[int, str], str]) -> GenDoc:
    titles = {s.id: s.title for s in load().sections}
    blocks = tuple(
        dataclasses.replace(b, text=style(int(b.section[1:]), titles[b.section]))
        if isinstance(b, Para) and b.section
        else b
        for b in doc.blocks
    )
    return dataclasses.replace(doc, blocks=blocks)


def _report(doc: GenDoc, form: str) -> gongkai.Report:
    write, suffix = synth.writer(form)
    return gongkai.extract(gongkai.read_document(write(doc), "report" + suffix))


@pytest.mark.parametrize("form", synth.forms())
@pytest.mark.parametrize("style", sorted(STYLES))
def test_unknown_heading_styles_lose_no_table_and_accuse_no_one(form: str, style: str) -> None:
    for seed in SEEDS:
        doc = synth.document(synth.make_case(seed))
        official = _report(doc, form)
        plain = {c: v.raw for c, v in official.values.items()}
        report = _report(_restyled(doc, STYLES[style]), form)
        if style in NUMBERED:  # and the sections are found as with the official headings
            assert [s.id for s in report.sections] == [s.id for s in official.sections], seed
        errors = [(f.rule, f.message) for f in gongkai.check(report).errors]
        assert not errors, f"seed {seed}: a consistent report accused: {errors}"
        read = {c: v.raw for c, v in report.values.items()}
        changed = {c: (plain.get(c), read.get(c)) for c in plain.keys() | read.keys() if plain.get(c) != read.get(c)}
        if style == "arabic_paren":  # a heading's 4） may glue to the row before it, or stand among a
            # table's values: a cell may be left unread (and said so), never read as another number
            changed = {c: old_new for c, old_new in changed.items() if report.cells.get(c) is not None}
        assert not changed, f"seed {seed}: {changed}"
