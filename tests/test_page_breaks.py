"""Tables cut by a page break, as Word and LibreOffice print them when a row may break across pages or
a header row may end a page:

- a row's label cell cut in two (``4.保护第`` with the row's values at the foot of one page,
  ``三方合法权益`` with empty cells at the top of the next): the first part names its row;
- a table's header rows ending one page and its rows beginning the next: an empty value cell at the
  top of the new page is a blank value, not the header cell above it continued (the label columns'
  merged cells still are).
"""

from __future__ import annotations

import io

import gongkai


def _ruled_pdf(
    heading: str, widths: list[float], blocks: list[tuple[int, float, list[list[tuple[str, int]]]]]
) -> bytes:
    """A heading, then ruled tables over columns of ``widths``: (page, top, rows of (text, colspan))."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    width, height = 595.27, 841.89
    c = canvas.Canvas(buf, pagesize=(width, height))
    left, row_h, size = 40.0, 24.0, 8.0
    edges = [left]
    for w in widths:
        edges.append(edges[-1] + w)
    page = 1
    c.setFont("STSong-Light", 14)
    c.drawString(left, height - 80, "某县统计局2023年政府信息公开工作年度报告")
    c.drawString(left, height - 120, heading)
    for on_page, top, rows in blocks:
        while page < on_page:
            c.showPage()
            page += 1
        c.setFont("STSong-Light", size)
        for r, row in enumerate(rows):
            y = height - top - r * row_h
            c.line(left, y, edges[-1], y)
            c.line(left, y - row_h, edges[-1], y - row_h)
            c.line(left, y, left, y - row_h)
            k = 0
            for text, span in row:
                x0, x1 = edges[k], edges[k + span]
                if text:
                    c.drawString(x0 + (x1 - x0 - size * len(text)) / 2, y - row_h + 8, text)
                k += span
                c.line(x1, y, x1, y - row_h)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_an_empty_cell_under_a_header_that_ended_the_page_is_blank() -> None:
    """Table one's header rows end page one and its rows begin page two: 规章's empty 本年制发件数 and
    本年废止件数 are blank cells (they were read as the header's text continued, and 2 went astray)."""
    header = [
        [("第二十条第（一）项", 4)],
        [("信息内容", 1), ("本年制发件数", 1), ("本年废止件数", 1), ("现行有效件数", 1)],
    ]
    rows = [[("规章", 1), ("", 1), ("", 1), ("2", 1)], [("行政规范性文件", 1), ("", 1), ("94", 1), ("10", 1)]]
    data = _ruled_pdf("二、主动公开政府信息情况", [130.0] * 4, [(1, 700.0, header), (2, 72.0, rows)])
    report = gongkai.extract(gongkai.read_document(data, "header-at-page-foot.pdf"))
    got = {c: report.cells.get(c) for c in ("t1.rules.issued", "t1.rules.abolished", "t1.rules.valid")}
    assert got == {"t1.rules.issued": None, "t1.rules.abolished": None, "t1.rules.valid": 2}
    got = {c: report.cells.get(c) for c in ("t1.normative.issued", "t1.normative.abolished", "t1.normative.valid")}
    assert got == {"t1.normative.issued": None, "t1.normative.abolished": 94, "t1.normative.valid": 10}
    assert report.value("t1.rules.issued").source.page == 2
    assert not [n for n in report.notes if set(n.cells) & {"t1.rules.issued", "t1.rules.valid"}]


def test_a_label_cut_by_a_page_break_names_its_row() -> None:
    """Table two's row 4.保护第三方合法权益 breaks across pages: ``4.保护第`` and the row's values end page
    one, ``三方合法权益`` with empty cells begins page two.  The values are that row's (they were dropped
    as stray: the cut label named no row)."""
    widths = [60.0, 60.0, 115.0] + [40.0] * 7
    head = [("", 3), ("自然人", 1), ("商业企业", 1), ("科研机构", 1), ("社会公益", 1), ("法律服务", 1), ("其他", 1)]
    head.append(("总计", 1))

    def row(label: str, *values: str) -> list[tuple[str, int]]:
        return [("", 1), ("", 1), (label, 1), *[(v, 1) for v in values]]

    first = [
        head,
        [("三、本年度办理结果", 1), ("（三）不予公开", 1), ("3.危及三安全一稳定", 1), *[("", 1)] * 7],
        row("4.保护第", "11", "", "", "", "", "5", "16"),
    ]
    second = [row("三方合法权益", *[""] * 7), row("5.属于三类内部事务信息", *["0"] * 7)]
    data = _ruled_pdf("三、收到和处理政府信息公开申请情况", widths, [(1, 720.0, first), (2, 72.0, second)])
    report = gongkai.extract(gongkai.read_document(data, "label-cut-by-page-break.pdf"))
    cols = ("natural", "commercial", "research", "social", "legal", "other", "total")
    got = {c: report.cells.get(f"t2.o_deny_third.{c}") for c in cols}
    want = {"natural": 11, "commercial": None, "research": None, "social": None, "legal": None, "other": 5}
    assert got == {**want, "total": 16}
    assert report.value("t2.o_deny_third.total").source.page == 1
    assert report.cells.get("t2.o_deny_internal.total") == 0
