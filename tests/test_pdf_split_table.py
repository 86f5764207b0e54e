"""A ruled table split by a page break where one piece shows fewer column rules than the other: every row
of it spans table two's three label columns (the header and 一、本年新收… before the break, or 四、结转下年度
继续办理 alone after it), so no rule between those columns is printed there.  The pieces are one table:
the coarse piece's cells span the fine piece's columns, and no row is lost (seed 9108 as a scan lost
本年新收: its piece was read as a table of its own)."""

from __future__ import annotations

import pytest

import gongkai
from gongkai.document import Document, Source, Table
from gongkai.readers.grid import RawCell
from gongkai.readers.pdf import Builder, PageTable

LABELS = 3  # table two's label columns: 三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密
FINE = [80.0, 120.0, 160.0, 240.0] + [240.0 + 40 * k for k in range(1, 8)]  # three label columns, seven values
COARSE = [FINE[0], *FINE[LABELS:]]  # the label columns as one
VALUES = ["natural", "commercial", "research", "social", "legal", "other", "total"]


def _cell(text: str, colspan: int = 1, rowspan: int = 1, start: int | None = None) -> RawCell:
    return RawCell(text, rowspan, colspan, Source(file="split.pdf", page=1), start)


def _numbers(n: int) -> list[RawCell]:
    return [_cell(str(n)), *[_cell("") for _ in range(5)], _cell(str(n))]


def _header(labels: int) -> list[list[RawCell]]:
    corner = _cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", labels, 3)
    return [
        [corner, _cell("申请人情况", 7)],
        [_cell("自然人", 1, 2), _cell("法人或其他组织", 5), _cell("总计", 1, 2)],
        [_cell(t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]


def _row(label: str, n: int, labels: int) -> list[RawCell]:
    return [_cell(label, labels), *_numbers(n)]


def _results(deny: int) -> list[list[RawCell]]:
    """The results rows as printed with their three label columns (a few of them: 予以公开 and 不予公开's)."""
    rows = [[_cell("三、本年度办理结果", 1, 4), _cell("（一）予以公开", 2), *_numbers(3)]]
    rows.append([_cell("（三）不予公开", 1, 3), _cell("1.属于国家秘密"), *_numbers(0)])
    rows.append([_cell("2.其他法律行政法规禁止公开"), *_numbers(0)])
    rows.append([_cell("3.危及“三安全一稳定”"), *_numbers(deny)])
    return rows


def _piece(xs: list[float], rows: list[list[RawCell]], top: float) -> PageTable:
    ys = [top + 30 * k for k in range(len(rows) + 1)]
    return PageTable([], xs, ys, top, rows)


def _read(pages: list[list[PageTable]]) -> Document:
    builder = Builder("split.pdf")
    for page_no, tables in enumerate(pages, start=1):
        builder.add_page(page_no, [], tables)
    return Document(blocks=builder.blocks, path="split.pdf")


@pytest.mark.parametrize("before_break", [1, 2])
def test_table_two_split_after_rows_that_span_its_label_columns_is_one_table(before_break: int) -> None:
    """The header and 一、本年新收 (and 二、上年结转) end a page, printed over one label column; the
    results rows go on on the next, with three."""
    first = [*_header(1), _row("一、本年新收政府信息公开申请数量", 35, 1)]
    rest = [_row("二、上年结转政府信息公开申请数量", 5, LABELS)]
    if before_break == 2:
        first, rest = [*first, _row("二、上年结转政府信息公开申请数量", 5, 1)], []
    rest += _results(32)
    doc = _read([[_piece(COARSE, first, 600)], [_piece(FINE, rest, 60)]])
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1, "the two pieces are one table"
    widths = {len(row) for row in tables[0].rows}
    assert widths == {len(FINE) - 1}, "every row on the fine piece's columns"
    cells = gongkai.extract(doc).cells
    assert [cells[f"t2.r_new.{c}"] for c in VALUES] == [35, None, None, None, None, None, 35]
    assert [cells[f"t2.r_carried.{c}"] for c in VALUES] == [5, None, None, None, None, None, 5]
    assert cells["t2.o_deny_safety.natural"] == 32


def test_a_last_row_alone_on_a_page_over_one_label_column_joins_its_table() -> None:
    """四、结转下年度继续办理 alone at the top of a page, printed over one label column."""
    first = _header(LABELS) + [_row(t, n, LABELS) for t, n in (("一、本年新收政府信息公开申请数量", 40),)]
    first += _results(37)
    last = [_row("四、结转下年度继续办理", 2, 1)]
    doc = _read([[_piece(FINE, first, 100)], [_piece(COARSE, last, 60)]])
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1, "the two pieces are one table"
    assert {len(row) for row in tables[0].rows} == {len(FINE) - 1}
    cells = gongkai.extract(doc).cells
    assert cells["t2.r_next.natural"] == 2 and cells["t2.r_next.total"] == 2
    assert cells["t2.r_new.natural"] == 40


def test_tables_whose_rules_do_not_line_up_stay_apart() -> None:
    """A table starting a page whose rules are not some of the last one's is another table."""
    other = [80.0, 200.0, 330.0, 460.0, 520.0]
    rows = [[_cell("信息内容"), _cell("本年制发件数"), _cell("本年废止件数"), _cell("现行有效件数")]]
    first = [*_header(1), _row("一、本年新收政府信息公开申请数量", 35, 1)]
    doc = _read([[_piece(COARSE, first, 600)], [_piece(other, rows, 60)]])
    assert len([b for b in doc.blocks if isinstance(b, Table)]) == 2
