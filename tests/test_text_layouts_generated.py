"""Every text layout, many generated reports: each cell read right or flagged — never silently wrong.

For each text form (and the converter variants in ``gongkai.synth.text``) and many consistent generated
cases (zeros printed, some rows blank, table one blank), the reading is scored against the generated truth
(``synth.evaluate``):

- no cell is **wrong** without our reading saying it is unsure (ambiguous, missing, or named by a note);
- the lossless layouts (Word tab text, web-page pipe text, Markdown) read **every** cell right;
- a consistent report gets no error finding that blames the document (原文问题);
- a table row printed all blank reads as blank (not missing), in every layout that shows it, and a row of
  values only (table three's) that starts with blank cells keeps them (Word's text marks a merged label
  with an empty cell too, but a row with no label has none).
"""

from __future__ import annotations

import pytest

import gongkai
from gongkai import synth
from gongkai.normalize import Kind
from gongkai.synth.evaluate import evaluate
from gongkai.synth.text import VARIANTS

FORMS = (
    "word_tab",
    "web_pipe",
    "markdown",
    "pdf_text",
    "crawler",
    "crawler_spaced",
    "pdf_text_wrapped",
    "web_pipe_bare",
)
LOSSLESS = frozenset({"word_tab", "web_pipe", "markdown"})
CASES = [
    *((seed, None) for seed in range(20)),
    *((seed, "some_blank") for seed in range(100, 114)),
    *((seed, "blank_t1") for seed in range(200, 206)),
    *((seed, "all_blank") for seed in range(300, 310)),  # every zero printed blank
]


def _render(case: synth.Case, form: str) -> tuple[bytes, str]:
    if form in VARIANTS:
        return VARIANTS[form](synth.document(case)), ".txt"
    return synth.render(case, form)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("seed", "blank"), CASES, ids=[f"{s}-{b or 'drawn'}" for s, b in CASES])
def test_every_cell_read_or_flagged(form: str, seed: int, blank: str | None) -> None:
    case = synth.make_case(seed, blank=blank) if blank else synth.make_case(seed)
    out = evaluate(case, form, *_render(case, form))
    assert out.read_error is None
    assert not out.wrong, f"silently wrong (truth, read): {out.wrong}"
    if form in LOSSLESS:
        assert not out.flagged, f"flagged on a lossless layout: {out.flagged}"
    assert not out.false_document, out.false_document


@pytest.mark.parametrize("form", [*sorted(LOSSLESS), "pdf_text", "crawler"])
@pytest.mark.parametrize("seed", range(100, 110))
def test_blank_rows_read_as_blank_not_missing(form: str, seed: int) -> None:
    case = synth.make_case(seed, blank="some_blank")
    data, suffix = _render(case, form)
    report = gongkai.read(data, f"blank{seed}{suffix}")
    blank_rows = {
        cid.rsplit(".", 1)[0]
        for cid in case.cells
        if cid.startswith("t2.")
        and all(case.cells[c] is None for c in case.cells if c.rsplit(".", 1)[0] == cid.rsplit(".", 1)[0])
    }
    for row in blank_rows:
        kinds = {report.value(c).kind for c in case.cells if c.rsplit(".", 1)[0] == row}
        assert kinds == {Kind.BLANK}, (row, kinds)
    assert not any(n.code in ("cells_missing", "table_missing") for n in report.notes)


def test_a_value_run_into_an_arabic_heading_keeps_its_digits() -> None:
    """Crawler text "…行政事业性收费8283、收到和处理…": the value is 828 and the heading is 3、 — not 82 and 83、."""
    from gongkai.synth.case import with_cells

    case = next(c for c in map(synth.make_case, range(400)) if c.headings["s3"][:2] == "3、")
    case = with_cells(case, {**case.cells, "t1.fees.amount_wan_yuan": 828})
    data, suffix = synth.render(case, "crawler")
    assert "8283、".encode() in data  # the value runs into the heading
    report = gongkai.read(data, f"fused{suffix}")
    assert report.cells["t1.fees.amount_wan_yuan"] == 828
    s3 = report.section("s3")
    assert s3 is not None and s3.ordinal == "3、"


def test_table_three_row_starting_with_blank_cells_is_read_whole_in_word_text() -> None:
    """结果维持 and 结果纠正 of 行政复议 printed blank: Word's text starts table three's value row with two
    empty cells.  They are blank values (read as blank), not merged labels (that left the row two short)."""
    from dataclasses import replace

    tried = 0
    for seed in range(400, 460):
        case = synth.make_case(seed, blank="zero")
        if case.cells["t3.review_maintain"] != 0 or case.cells["t3.review_correct"] != 0:
            continue
        case = replace(case, cells={**case.cells, "t3.review_maintain": None, "t3.review_correct": None})
        outcome = evaluate(case, "word_tab")
        assert outcome.correct == outcome.cells and not outcome.flagged, (seed, outcome.summary())
        tried += 1
    assert tried >= 3
