"""Words printed between a section's heading and its table, or under it, are not the table's cells
(generated).

Reports put a sentence, a caption or a stray number there: ``本年度制发规范性文件5件``, ``表3：2023年度
行政复议、行政诉讼情况``, a page number, an OCR slip in the heading (``儿、1政府信息公开行政复议…``).
A number in them was read as the table's first value and the whole table was lost.  Under a table: a
note (``注：…``), the date the figures run to.  Every standard layout, every table: what is read with
them is what is read without them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import pytest

import gongkai
from gongkai import synth
from gongkai.synth.doc import GenDoc, Grid, Para

SEEDS = (1, 2)

PROSE = {
    "sentence": {
        "t1": "本年度制发规范性文件5件，废止2件。",
        "t2": "本年度共收到申请7件，按时办结率100%。",
        "t3": "本年度发生行政复议3件，行政诉讼2件。",
    },
    "caption": {
        "t1": "表1  2023年主动公开政府信息情况",
        "t2": "表2  2023年收到和处理政府信息公开申请情况",
        "t3": "表3：2023年度行政复议、行政诉讼情况",
    },
    "article": {  # the row group's legal basis with Arabic numbers
        "t1": "依据《条例》第20条第1项、第5项公开的信息如下：",
        "t2": "依据《条例》第36条办理申请的情况如下：",
        "t3": "依据《条例》第51条，相关情况如下：",
    },
}
NOTES = {
    "note": {
        "t1": "注：本年度制发规范性文件5件。",
        "t2": "注：其中依申请公开7件，按时办结率100%。",
        "t3": "注：本年度行政复议3件，均已审结。",
    },
    "date": dict.fromkeys(("t1", "t2", "t3"), "（数据统计截至2023年12月31日）"),
}
STRAY = {"t2": "1", "t3": "1"}  # a number alone on a line: a page number, a mark a scan read as a digit


def _read(doc: GenDoc, form: str) -> dict[str, str]:
    write, suffix = synth.writer(form)
    report = gongkai.extract(gongkai.read_document(write(doc), "report" + suffix))
    return {cell: value.raw for cell, value in report.values.items()}


def _changed(plain: dict[str, str], read: dict[str, str]) -> dict[str, tuple[str | None, str | None]]:
    return {c: (plain.get(c), read.get(c)) for c in plain.keys() | read.keys() if plain.get(c) != read.get(c)}


def _with(doc: GenDoc, table: str, text: str, after: bool = False) -> GenDoc:
    blocks = list(doc.blocks)
    grids = [k for k, b in enumerate(blocks) if isinstance(b, Grid) and b.table == table]
    blocks.insert(grids[-1] + 1 if after else grids[0], Para(text))
    return dataclasses.replace(doc, blocks=tuple(blocks))


def _reads_as_without(form: str, edits: Callable[[GenDoc], Iterator[tuple[str, GenDoc]]]) -> None:
    """Every edit of each seed's report (what it did, the edited report) reads as the report without it."""
    for seed in SEEDS:
        doc = synth.document(synth.make_case(seed))
        plain = _read(doc, form)
        for what, edited in edits(doc):
            changed = _changed(plain, _read(edited, form))
            assert not changed, f"seed {seed}, {what}: {changed}"


@pytest.mark.parametrize("form", synth.forms())
@pytest.mark.parametrize("kind", sorted(PROSE))
def test_prose_before_a_table_changes_nothing_read(form: str, kind: str) -> None:
    _reads_as_without(form, lambda doc: ((f"{t!r} before {k}", _with(doc, k, t)) for k, t in PROSE[kind].items()))


@pytest.mark.parametrize("form", synth.forms())
@pytest.mark.parametrize("kind", sorted(NOTES))
def test_a_note_under_a_table_changes_nothing_read(form: str, kind: str) -> None:
    _reads_as_without(
        form, lambda doc: ((f"{t!r} under {k}", _with(doc, k, t, after=True)) for k, t in NOTES[kind].items())
    )


@pytest.mark.parametrize("form", synth.forms())
def test_a_stray_number_before_a_table_is_not_its_first_cell(form: str) -> None:
    _reads_as_without(form, lambda doc: ((f"a line {t!r} before {k}", _with(doc, k, t)) for k, t in STRAY.items()))


@pytest.mark.parametrize("form", synth.forms())
def test_a_digit_misread_in_a_heading_is_not_a_cell(form: str) -> None:
    """An OCR slip: 四、 read as 儿、 and a speck as 1 — the heading is still found, the table still read."""

    def misread(doc: GenDoc) -> Iterator[tuple[str, GenDoc]]:
        slip = "儿、1政府信息公开行政复议、行政诉讼情况"
        blocks = tuple(
            dataclasses.replace(b, text=slip) if isinstance(b, Para) and b.section == "s4" else b for b in doc.blocks
        )
        yield slip, dataclasses.replace(doc, blocks=blocks)

    _reads_as_without(form, misread)
