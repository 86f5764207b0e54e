"""PDF tables placed by column geometry: ruled, borderless and partly ruled tables with blank cells.

Generated reports (gongkai.synth) are printed as text-layer PDFs in the three rule styles and read
back.  Blanks sit in every column position: the first applicant column (自然人) blank throughout, a
middle one, the last one before 总计, whole rows, every zero, table one's and table three's zeros.
What a user checks: every cell as generated (blank stays blank), the six sections, agency and year,
and no error finding on these consistent documents.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

import gongkai
from gongkai import synth
from gongkai.check import Severity
from gongkai.synth.case import Case

FORMS = ("pdf_ruled", "pdf_borderless", "pdf_partial_rules")
PATTERNS = ("first", "middle", "last", "rows", "zeros")
SEEDS = (3, 10, 17, 40)  # between them: rows only, rows with a rule after the labels, 三线表, frame


def _plain(case: Case) -> Case:
    """The case with a narrative that states no numbers, so its cells may be changed freely."""
    sections = dict.fromkeys(case.sections, (("本部分情况从略，详见下表。",),))
    return replace(case, sections=sections)


def _move_column(cells: dict[str, Any], column: str) -> None:
    """Print ``column`` of table two blank throughout: its numbers go to 商业企业 (the row totals and
    every identity still hold)."""
    for cid in [c for c in cells if c.startswith("t2.") and c.endswith(f".{column}")]:
        into = cid.rsplit(".", 1)[0] + ".commercial"
        cells[into] = (cells[into] or 0) + (cells[cid] or 0)
        cells[cid] = None


def blanked(seed: int, pattern: str) -> Case:
    """A consistent case with blanks in one column position (see the module docstring)."""
    case = _plain(synth.make_case(seed))
    cells = dict(case.cells)
    if pattern == "first":
        _move_column(cells, "natural")
    elif pattern == "middle":
        _move_column(cells, "social")
    elif pattern == "last":
        _move_column(cells, "other")
    elif pattern == "rows":  # whole rows blank, and table one's zeros
        for row in {c.rsplit(".", 1)[0] for c in cells if c.startswith("t2.")}:
            ids = [c for c in cells if c.startswith(row + ".")]
            if all(cells[c] in (0, None) for c in ids):
                for c in ids:
                    cells[c] = None
        for c in cells:
            if c.startswith("t1.") and cells[c] == 0:
                cells[c] = None
    else:  # every zero printed blank, in all three tables
        cells = {c: None if v == 0 else v for c, v in cells.items()}
    return replace(case, cells=cells)


def _read(case: Case, form: str) -> tuple[gongkai.Report, Any]:
    data, suffix = synth.render(case, form)
    doc = gongkai.read_document(data, f"case{case.seed}{suffix}")
    return gongkai.extract(doc), doc


def _assert_reads_back(case: Case, form: str) -> None:
    report, doc = _read(case, form)
    wrong = {c: (want, report.cells.get(c)) for c, want in case.cells.items() if report.cells.get(c) != want}
    assert not wrong, f"{form} seed={case.seed}: {len(wrong)} cells differ (want, got): {dict(list(wrong.items())[:6])}"
    assert len(report.sections) == 6, [s.heading for s in report.sections]
    assert (report.agency, report.year) == (case.agency, case.year)
    errors = [f for f in gongkai.check(report, document=doc).findings if f.severity is Severity.ERROR]
    assert not errors, [f"{f.rule}: {f.message}" for f in errors]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("seed", SEEDS)
def test_blank_cells_in_every_column_position(form: str, pattern: str, seed: int) -> None:
    _assert_reads_back(blanked(seed, pattern), form)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("seed", "blank"), [(5, "some_blank"), (8, "some_blank"), (11, "blank_t1"), (26, "blank_t1")])
def test_generated_reports_with_blanks(form: str, seed: int, blank: Any) -> None:
    _assert_reads_back(synth.make_case(seed, blank=blank), form)


@pytest.mark.parametrize("seed", [2, 7])
def test_blank_first_cell_of_total_row_is_not_shifted(seed: int) -> None:
    """The （七）总计 row with its 自然人 cell blank, in a table without rules: the values stay in their
    columns (placed by order they moved one column left, and the checks accused the document of
    three t2_balance errors and a t2_row_total error)."""
    case = blanked(seed, "first")
    assert case.cells["t2.o_total.natural"] is None and case.cells["t2.o_total.commercial"]
    report, doc = _read(case, "pdf_borderless")
    for col in ("natural", "commercial", "research", "social", "legal", "other", "total"):
        assert report.cells[f"t2.o_total.{col}"] == case.cells[f"t2.o_total.{col}"], col
    total = report.value("t2.o_total.commercial")
    assert total.source.page is not None and total.source.bbox is not None and total.source.col is not None
    rules = {f.rule for f in gongkai.check(report, document=doc).findings if f.severity is Severity.ERROR}
    assert not rules & {"t2_balance", "t2_row_total", "t2_outcome_total"}, rules


def test_a_page_dense_with_numbers_is_read_in_bounded_time() -> None:
    """A page of thousands of numbers in a grid (not a report): read, with bounded work."""
    import io
    import time

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("Helvetica", 4)
    for r in range(150):
        for k in range(45):
            c.drawString(20 + k * 12.5, 830 - r * 5.5, str((r * k) % 97))
    c.showPage()
    c.save()
    started = time.process_time()
    doc = gongkai.read_document(buf.getvalue(), "dense.pdf")
    assert doc.blocks and time.process_time() - started < 10


def test_partial_rules_vary_per_document() -> None:
    """The partly ruled form draws rows only, a 三线表, rows in a frame (with a rule after the labels or
    without), or only the frame."""
    from gongkai.synth.pdf import partial_rules

    kinds = {partial_rules(synth.document(synth.make_case(seed))) for seed in range(40)}
    assert kinds == {"rows", "three_line", "rows_framed", "rows_labels", "frame"}


@pytest.mark.parametrize("form", ["pdf_borderless", "pdf_partial_rules"])
@pytest.mark.parametrize("seed", [35, 36, 49, 62, 67])
def test_first_row_label_over_two_lines_after_a_table_printed_blank(form: str, seed: int) -> None:
    """Every zero printed blank: table one's last block has no values, so its lines, the heading and table
    two's header read as one header; the first row's label (一、本年新收…申请数 / 量) runs over two lines
    with its values centred between them.  The label's first line is that row's, not the header's (it
    was taken for a header line, and the row's values were dropped as stray: 本年新收 unread)."""
    _assert_reads_back(blanked(seed, "zeros"), form)
