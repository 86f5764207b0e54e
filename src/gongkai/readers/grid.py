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
from gongkai.readers.limits import LIMITS, over

MAX_COLSPAN = LIMITS.colspan  # as HTML clamps it
MAX_GRID_SLOTS = LIMITS.grid_slots  # a report table has a few hundred; beyond this the input is hostile


def small_int(raw: str | None, default: int, cap: int) -> int:
    """A count as a document writes it (a span, a level, a start number), clamped to ``0 … cap``: a
    hostile ``colspan="9999…"`` is ``cap``, not a ten-thousand-digit number; anything else ``default``."""
    raw = (raw or "").strip()
    if not raw.isdecimal():
        return default
    return cap if len(raw) > len(str(cap)) else min(int(raw), cap)


@dataclass(slots=True)
class RawCell:
    """A cell as the form gives it: text, spans, and where it came from (source minus row/col)."""

    text: str
    rowspan: int = 1  # 0 = to the end of the table (HTML)
    colspan: int = 1
    source: Source | None = None
    start_col: int | None = None  # a fixed grid column when the form says so (DOCX gridBefore)


def expand(rows: list[list[RawCell]], table_source: Source, table_index: int, path: str | None) -> Table:
    """Lay ``rows`` out on a grid; each slot is a ``Cell`` whose source names table, row and column."""
    n_rows = len(rows)
    if n_rows > LIMITS.table_rows:
        raise over(path, "表格行数", n_rows, LIMITS.table_rows, "行")
    occupied: list[dict[int, Cell]] = [{} for _ in range(n_rows)]  # per grid row: column → cell
    slots = 0
    for r, row in enumerate(rows):
        taken = occupied[r]
        col = 0
        for raw in row:
            if raw.start_col is not None and raw.start_col > col:
                col = raw.start_col
            while col in taken:
                col += 1
            colspan = raw.colspan
            if not 1 <= colspan <= MAX_COLSPAN:
                colspan = 1 if colspan < 1 else MAX_COLSPAN
            rowspan = raw.rowspan  # 0 (or anything past the last row): to the end of the table
            if rowspan <= 0 or rowspan > n_rows - r:
                rowspan = n_rows - r
            slots += colspan * rowspan
            if slots > MAX_GRID_SLOTS:
                raise over(path, "表格单元格（展开合并单元格后）", slots, MAX_GRID_SLOTS)
            base = raw.source or table_source
            file, line, char, page, bbox = base.file, base.line, base.char, base.page, base.bbox
            text = raw.text
            taken[col] = Cell(text, r, col, Source(file, line, char, page, table_index, r, col, bbox), rowspan, colspan)
            if rowspan > 1 or colspan > 1:
                for rr in range(r, r + rowspan):
                    below = occupied[rr]
                    for cc in range(col, col + colspan):
                        if cc not in below:  # the origin itself, or a slot an earlier span took
                            below[cc] = Cell(
                                text, rr, cc, Source(file, line, char, page, table_index, rr, cc, bbox), 1, 1, True
                            )
            col += colspan
    grid: list[list[Cell]] = []
    for taken in occupied:
        if taken:
            grid.append([taken[c] for c in sorted(taken)])
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
