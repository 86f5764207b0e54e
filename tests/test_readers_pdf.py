"""The PDF reader: the real PDF gives its gold; tables keep page, cell and bbox; scans and empty PDFs fail clearly."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest

import gongkai
from gongkai.document import Table
from gongkai.errors import CorruptInput, UnsupportedFormat
from tests.conftest import GoldCase, gold_cases

CASES = gold_cases((".pdf",))


def test_the_real_pdf_is_there() -> None:
    assert len(CASES) >= 1


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_real_pdf_equals_gold(case: GoldCase) -> None:
    report = gongkai.read(case.path)
    wrong = case.wrong_cells(report.cells)
    assert not wrong, f"{len(wrong)} cells differ (gold, ours): {wrong}"
    assert (report.agency, report.year, report.format) == (case.meta["agency"], case.meta["year"], case.meta["format"])


def test_real_pdf_provenance_and_page_break() -> None:
    case = next(c for c in CASES if c.name.startswith("hongze"))
    report = gongkai.read(case.path)
    total = report.value("t2.o_total.total")
    assert total.number == 21
    assert total.source.page == 4 and total.source.bbox is not None and total.source.row is not None
    assert report.value("t3.review_total").number == 0  # printed 0 (the document's error) stays 0
    doc = gongkai.read_document(case.path)
    # table three runs from page 3 onto page 4: one table, stitched
    t2 = next(b for b in doc.blocks if isinstance(b, Table) and any("本年新收" in c.text for c in b.rows[3]))
    pages = {c.source.page for row in t2.rows for c in row}
    assert pages == {3, 4}
    assert any("（七）总计" in c.text for row in t2.rows for c in row)
    # page numbers are gone
    assert not any(p.text.strip() in ("- 1 -", "- 3 -") for p in doc.paragraphs)


def _blank_pdf(pages: int) -> bytes:
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_scan_needs_ocr() -> None:
    with pytest.raises(UnsupportedFormat) as info:
        gongkai.read(_blank_pdf(2), "scan.pdf")
    assert "scan.pdf" in str(info.value) and "OCR" in str(info.value)


def test_pdf_without_pages() -> None:
    with pytest.raises(CorruptInput) as info:
        gongkai.read(_blank_pdf(0), "empty.pdf")
    assert "没有页面" in str(info.value)


def test_truncated_pdf() -> None:
    data = CASES[0].path.read_bytes()
    with pytest.raises((CorruptInput, UnsupportedFormat, gongkai.NotAReport)):
        gongkai.read(data[: len(data) // 3], "cut.pdf")
