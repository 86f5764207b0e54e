"""Rows of (possibly merged) cells → a rectangular grid with spans expanded.

Every form with real tables (HTML ``rowspan``/``colspan``, DOCX ``gridSpan``/``vMerge``, PDF ruled
cells) describes a table as rows of cells where one cell may cover several grid slots.  ``expand`` lays
them out on a grid: the origin cell keeps its text and spans, every other slot it covers gets a copy
with ``spanned=True`` (the text repeated, so a reader of the grid sees the merged label everywhere it
stands, while extraction skips the copies).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from gongkai.document import Cell, Source, Table
from gongkai.errors import TooLarge

MAX_COLSPAN = 1000  # as HTML clamps it
MAX_GRID_SLOTS = 200_000  # a report table has a few hundred; beyond this the input is hostile


@dataclass(slots=True)
class RawCell:
    """A cell as the form gives it: text, spans, and where it came from (source minus row/col)."""

    text: str
    rowspan: int = 1  # 0 = to the end of the table (HTML)
    colspan: int = 1
    source: Source | None = None
    start_col: int | None = None  # a fixed grid column when the form says so (DOCX gridBefore)


def _at(base: Source, table: int, row: int, col: int) -> Source:
    return Source(base.file, base.line, base.char, base.page, table, row, col, base.bbox)


def expand(rows: list[list[RawCell]], table_source: Source, table_index: int, path: str | None) -> Table:
    """Lay ``rows`` out on a grid; each slot is a ``Cell`` whose source names table, row and column."""
    n_rows = len(rows)
    occupied: dict[tuple[int, int], Cell] = {}
    width = 0
    slots = 0
    for r, row in enumerate(rows):
        col = 0
        for raw in row:
            if raw.start_col is not None and raw.start_col > col:
                col = raw.start_col
            while (r, col) in occupied:
                col += 1
            colspan = max(1, min(raw.colspan, MAX_COLSPAN))
            rowspan = raw.rowspan if raw.rowspan > 0 else n_rows - r
            rowspan = max(1, min(rowspan, n_rows - r))
            slots += colspan * rowspan
            if slots > MAX_GRID_SLOTS:
                raise TooLarge(path, f"表格过大（超过 {MAX_GRID_SLOTS} 个单元格），不像年度报告，拒绝读取")
            base = raw.source or table_source
            origin = Cell(
                text=raw.text,
                row=r,
                col=col,
                source=_at(base, table_index, r, col),
                rowspan=rowspan,
                colspan=colspan,
            )
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr == 0 and dc == 0:
                        occupied[(r, col)] = origin
                        continue
                    rr, cc = r + dr, col + dc
                    if (rr, cc) in occupied:
                        continue
                    occupied[(rr, cc)] = Cell(
                        text=raw.text,
                        row=rr,
                        col=cc,
                        source=_at(base, table_index, rr, cc),
                        rowspan=1,
                        colspan=1,
                        spanned=True,
                    )
            col += colspan
            width = max(width, col)
    grid: list[list[Cell]] = []
    for r in range(n_rows):
        cells = [occupied[(r, c)] for c in range(width) if (r, c) in occupied]
        if cells:
            grid.append(cells)
    return Table(rows=grid, source=replace(table_source, table=table_index))


def join_lines(parts: list[str]) -> str:
    """Join the lines of one cell as printed: nothing between CJK pieces, one space between ASCII words."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out
