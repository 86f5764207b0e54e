"""PDF with a text layer → ``Document``.

- **Text and positions** come from pdfium (pypdfium2): every character with its box (and the font's
  box for it, for geometry), in the order of the text layer, cut into visual lines where pdfium marks
  a line break.
- **Ruled tables**: the page's path objects (lines, thin filled bars, stroked rectangles) are read with
  pdfium and handed to pdfplumber's table geometry (snap/join edges → intersections → cells → tables),
  which avoids pdfminer's slow second parse of the page.  A table's cells become a grid (merged cells
  expanded, copies ``spanned``); the characters inside a cell become its text.  A frame (one cell),
  ruled lines of one column, and rules that leave several values side by side in one cell are not a
  ruled table: their text is read like text without rules.
- **Tables without (complete) rules** (borderless, rows only, a 三线表, only a frame): found and read
  from the geometry of the text (``pdf_lines``: runs, lines, regions; ``pdf_columns``: the columns
  from the header cells and the x positions of the values; ``pdf_tables``: rows, wrapped labels, blank
  cells).  Values are placed by column, never by order; a part whose columns are not certain stays
  running text.
- **Reading order**: the lines outside tables and the tables, sorted top to bottom on each page.
- **Page breaks**: a table that ends a page and one that starts the next with the same columns are one
  table (the header printed again is dropped); a table without rules that continues on a page without
  its header (or under its first header printed again) keeps the columns it had; page-number lines
  (``- 3 -``, ``第3页``) go.
- **Provenance**: every paragraph has its page, line and bbox; every cell its page, table, row, col and
  bbox (PDF points, origin top-left; a blank cell of a table without rules: where its row and column
  cross).
- **Scans**: a page that carries (almost) no characters but an image is a scan: it is rendered and
  read by OCR (``readers/ocr.py``, the ``[ocr]`` extra) into the same page assembly, so a PDF mixing
  text pages and scanned pages reads as one document.  Without the extra, a PDF with no usable text
  layer gets a clear error saying OCR is needed and how to install it.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gongkai.document import Cell, Document, Paragraph, Source, Table
from gongkai.errors import CorruptInput, TooLarge, UnsupportedFormat
from gongkai.normalize import is_value_text
from gongkai.readers.grid import RawCell, expand, join_lines
from gongkai.readers.limits import LIMITS, Deadline, over
from gongkai.readers.pdf_columns import Columns
from gongkai.readers.pdf_lines import BBox, Glyph, find_regions, page_bands, page_runs
from gongkai.readers.pdf_streams import check_streams
from gongkai.readers.pdf_tables import LooseTable, read_region

MAX_PAGES = LIMITS.pdf_pages
SCAN_CHARS = 20  # a page with fewer characters has no usable text layer
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[—\-–－]\s*\d{1,3}\s*[—\-–－]|第\s*\d{1,3}\s*页(?:\s*[/／共]\s*\d+\s*页?)?|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
_LINE_BREAK = "\r\n"
_SPACE = re.compile(r"\s+")
_RULE_THICKNESS = 3.0  # a filled bar thinner than this is a drawn line
_MIN_EDGE = 3.0


@dataclass(slots=True)
class _Line:
    chars: list[Glyph]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def box(self) -> BBox | None:
        boxes = [c.box for c in self.chars if c.box is not None and c.text.strip()]
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))

    @property
    def top(self) -> float:
        """The top of the line as set (the font's box: a glyph without outline has a flat box)."""
        tops = [c.loose[1] for c in self.chars if c.loose is not None]
        if tops:
            return min(tops)
        box = self.box
        return box[1] if box else 0.0


# -- characters and lines ---------------------------------------------------------------------------


def _page_lines(page: Any, height: float, page_no: int, path: str | None) -> list[_Line]:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count > LIMITS.pdf_page_chars:
            raise over(path, f"PDF 第 {page_no} 页的字符", count, LIMITS.pdf_page_chars)
        text = textpage.get_text_range(0, count) if count else ""
        lines: list[_Line] = []
        current: list[Glyph] = []
        for i, ch in enumerate(text[:count]):
            if ch in _LINE_BREAK:
                if current:
                    lines.append(_Line(current))
                current = []
                continue
            left, bottom, right, top = textpage.get_charbox(i)
            box = (left, height - top, right, height - bottom) if right > left else None
            loose = None
            if box is not None and not ch.isspace():
                left, bottom, right, top = textpage.get_charbox(i, loose=True)
                loose = (left, height - top, right, height - bottom) if right > left and top > bottom else None
            current.append(Glyph(ch, box, loose))
        if current:
            lines.append(_Line(current))
        return lines
    finally:
        textpage.close()


# -- ruling lines → table cells -------------------------------------------------------------------


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def _page_edges(page: Any, height: float) -> list[dict[str, Any]]:
    """The page's ruling lines; none when there are more than ``LIMITS.pdf_edges`` (the table geometry is
    quadratic in them, and no report table has that many: the page is then read as text without rules)."""
    edges: list[dict[str, Any]] = []
    fill = pdfium_c.c_int()
    stroke = pdfium_c.FPDF_BOOL()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        if len(edges) > LIMITS.pdf_edges:
            return []
        left, bottom, right, top = obj.get_bounds()
        x0, x1, y0, y1 = left, right, height - top, height - bottom
        w, h = x1 - x0, y1 - y0
        pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
        if h <= _RULE_THICKNESS and w >= _MIN_EDGE:  # a horizontal rule (line or thin bar)
            edges.append(_edge(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2, "h"))
        elif w <= _RULE_THICKNESS and h >= _MIN_EDGE:  # a vertical rule
            edges.append(_edge((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, "v"))
        elif stroke.value and w >= _MIN_EDGE and h >= _MIN_EDGE:
            # a stroked shape: its segments (a rectangle, or a path drawing many rules)
            edges.extend(_segments(obj, height))
    return edges


def _segments(obj: Any, height: float) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    a, b, c, d, e, f = obj.get_matrix().get()
    n = pdfium_c.FPDFPath_CountSegments(obj.raw)
    if n > 5000:
        return out
    x = pdfium_c.FS_FLOAT()
    y = pdfium_c.FS_FLOAT()
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        point = (px, height - py)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = point
            continue
        if prev is not None and kind == pdfium_c.FPDF_SEGMENT_LINETO:
            out.extend(_axis_edge(prev, point))
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            out.extend(_axis_edge(point, start))
            prev = start
    return out


def _axis_edge(p: tuple[float, float], q: tuple[float, float]) -> list[dict[str, Any]]:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 1 and abs(x1 - x0) >= _MIN_EDGE:
        return [_edge(min(x0, x1), y0, max(x0, x1), y0, "h")]
    if abs(x0 - x1) < 1 and abs(y1 - y0) >= _MIN_EDGE:
        return [_edge(x0, min(y0, y1), x0, max(y0, y1), "v")]
    return []


def _table_cells(edges: list[dict[str, Any]]) -> list[list[BBox]]:
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    if len(edges) < 4 or len(edges) > LIMITS.pdf_edges:
        return []
    merged = merge_edges(edges, 3, 3, 3, 3)
    merged = [e for e in merged if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= 3]
    merged.extend(_closing_edges(merged))
    cells = intersections_to_cells(edges_to_intersections(merged, 3, 3))
    return [list(t) for t in cells_to_tables(cells)]


def _closing_edges(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules that close cells left open at a page break.

    A table cut by a page break has vertical rules that end on no horizontal rule; where two or more
    such loose ends sit at the same height, a horizontal rule joins them so the cells there exist.
    """
    horizontal = [e for e in edges if e["orientation"] == "h"]
    vertical = [e for e in edges if e["orientation"] == "v"]

    def closed(x: float, y: float) -> bool:
        return any(abs(h["top"] - y) <= 3 and h["x0"] - 3 <= x <= h["x1"] + 3 for h in horizontal)

    loose: dict[int, list[float]] = {}
    for v in vertical:
        for y in (v["top"], v["bottom"]):
            if not closed(v["x0"], y):
                loose.setdefault(round(y), []).append(v["x0"])
    out = []
    for y, xs in loose.items():
        if len(xs) >= 2:
            out.append(_edge(min(xs), float(y), max(xs), float(y), "h"))
    return out


# -- page assembly --------------------------------------------------------------------------------


def _axis(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(axis: list[float], v: float) -> int:
    return min(range(len(axis)), key=lambda i: abs(axis[i] - v))


def _cell_text(lines: list[list[Glyph]]) -> str:
    return join_lines([_SPACE.sub(" ", "".join(c.text for c in chars)).strip() for chars in lines])


@dataclass(slots=True)
class _PageTable:
    cells: list[BBox]
    xs: list[float]  # column boundaries (ruled) or column centres (read from geometry)
    ys: list[float]
    top: float
    rows: list[list[RawCell]]
    crowded: bool = False  # a cell holds several values side by side: the rules are incomplete
    loose: LooseTable | None = None  # read from geometry, not from rules

    @property
    def xs_end(self) -> list[float]:
        """The columns where the table ends (a table read from geometry changes them per part)."""
        return self.loose.columns.xs if self.loose is not None else self.xs


def _within(coarse: list[float], fine: list[float]) -> list[int] | None:
    """Where the column rules ``coarse`` stand among ``fine``'s when they are some of them (each within 4
    units of one, the outer ones of the outer ones, fewer of them): per rule of ``coarse`` its index in
    ``fine``; else None."""
    if len(coarse) < 2 or len(coarse) >= len(fine):
        return None
    at = [_index(fine, x) for x in coarse]
    if (
        at[0] == 0
        and at[-1] == len(fine) - 1
        and all(a < b for a, b in itertools.pairwise(at))
        and all(abs(fine[j] - x) <= 4 for j, x in zip(at, coarse, strict=True))
    ):
        return at
    return None


def _regrid(table: Table, at: list[int]) -> None:
    """``table``'s cells laid out on finer columns, its column rules at ``at`` among them (``_within``): a
    cell over several of the fine columns spans them, its copies stand in the rest."""
    for r, row in enumerate(table.rows):
        cells: list[Cell] = []
        for cell in row:
            if cell.col + 1 >= len(at):
                continue
            lo, hi = at[cell.col], at[cell.col + 1]
            span = at[min(cell.col + cell.colspan, len(at) - 1)] - lo
            for j in range(lo, hi):
                copy = cell.spanned or j > lo
                cells.append(
                    replace(
                        cell,
                        col=j,
                        source=replace(cell.source, col=j),
                        rowspan=1 if copy else cell.rowspan,
                        colspan=1 if copy else span,
                        spanned=copy,
                    )
                )
        table.rows[r] = cells


def _crowded(chars: list[Glyph]) -> bool:
    """Pieces of text standing apart on one line of a cell: a value beside other text, or two headers
    (not the spaced characters of 合　计): cells the rules missed."""
    runs = page_runs([chars])
    return any(
        ((a.value or b.value) and gap >= 0.8 * b.h) or (len(a.text) >= 2 and len(b.text) >= 2 and gap >= 1.5 * b.h)
        for a, b in itertools.pairwise(runs)
        for gap in (b.x0 - a.x1,)
    )


def _build_table(cell_boxes: list[BBox], lines: list[_Line], page_no: int, path: str | None) -> _PageTable:
    xs = _axis([b[0] for b in cell_boxes] + [b[2] for b in cell_boxes])
    ys = _axis([b[1] for b in cell_boxes] + [b[3] for b in cell_boxes])
    texts: dict[BBox, list[list[Glyph]]] = {b: [] for b in cell_boxes}
    slot: dict[tuple[int, int], BBox] = {}
    for b in cell_boxes:
        for r in range(_index(ys, b[1]), _index(ys, b[3])):
            for c in range(_index(xs, b[0]), _index(xs, b[2])):
                slot[(r, c)] = b
    for line in lines:
        per_cell: dict[BBox, list[Glyph]] = {}
        for ch in line.chars:
            if ch.box is None:
                continue
            cx, cy = (ch.box[0] + ch.box[2]) / 2, (ch.box[1] + ch.box[3]) / 2
            if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
                continue
            cell = slot.get((bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1))
            if cell is not None:
                per_cell.setdefault(cell, []).append(ch)
        for b, chars in per_cell.items():
            texts[b].append(chars)
    crowded = any(_crowded(chars) for parts in texts.values() for chars in parts)
    placed = sorted(cell_boxes, key=lambda b: (_index(ys, b[1]), _index(xs, b[0])))
    rows: dict[int, list[RawCell]] = {}
    for b in placed:
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        rows.setdefault(r0, []).append(
            RawCell(
                text=_cell_text(texts[b]),
                rowspan=max(1, r1 - r0),
                colspan=max(1, c1 - c0),
                source=Source(file=path, page=page_no, bbox=tuple(round(v, 1) for v in b)),  # type: ignore[arg-type]
                start_col=c0,
            )
        )
    n_rows = len(ys) - 1
    grid_rows = [rows.get(r, []) for r in range(n_rows)]
    return _PageTable(cell_boxes, xs, ys, ys[0], grid_rows, crowded)


def _line_in_table(line: _Line, tables: list[_PageTable]) -> bool:
    box = line.box
    if box is None:
        return False
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(
        t.xs[0] - 1 <= cx <= t.xs[-1] + 1 and t.ys[0] - 1 <= cy <= t.ys[-1] + 1 for t in tables if t.loose is None
    )


class _Builder:
    def __init__(self, path: str | None) -> None:
        self.path = path
        self.blocks: list[Paragraph | Table] = []
        self.table_count = 0
        self.open_table: tuple[Table, list[float]] | None = None  # last table, if it ended its page
        self.open_columns: Columns | None = None  # its columns, if it was read from geometry

    def add_page(self, page_no: int, lines: list[_Line], tables: list[_PageTable]) -> None:
        items: list[tuple[float, int, Any]] = []
        for n, line in enumerate(lines, start=1):
            text = _SPACE.sub(" ", line.text).strip()
            if not text or _PAGE_NUMBER.match(text) or _line_in_table(line, tables):
                continue
            box = line.box
            top = line.top
            bbox = tuple(round(v, 1) for v in box) if box else None
            items.append((top, 0, Paragraph(text, Source(file=self.path, page=page_no, line=n, bbox=bbox))))  # type: ignore[arg-type]
        for t in tables:
            items.append((t.top, 1, t))
        items.sort(key=lambda it: (it[0], it[1]))
        for index, (_, _, item) in enumerate(items):
            if isinstance(item, Paragraph):
                self.blocks.append(item)
                self.open_table = None
                continue
            if index == 0 and self.open_table is not None and (xs := self._continue(item)) is not None:
                self.open_table = (self.open_table[0], xs)
            else:
                table = expand(item.rows, Source(file=self.path, page=page_no), self.table_count, self.path)
                self.table_count += 1
                self.blocks.append(table)
                self.open_table = (table, item.xs_end)
        last = items[-1][2] if items else None
        if not isinstance(last, _PageTable):
            self.open_table = None
        self.open_columns = last.loose.columns if isinstance(last, _PageTable) and last.loose is not None else None

    def _continue(self, item: _PageTable) -> list[float] | None:
        """Join a table starting a page to the one that ended the previous page, if they line up: their
        columns where the table now ends, or None.  Ruled pieces line up too where one piece's column
        rules are some of the other's (a page that ends after table two's header and first row shows
        none of the rules between its label columns: every row there spans them)."""
        assert self.open_table is not None
        table, xs = self.open_table
        lined_up = len(xs) == len(item.xs) and all(abs(a - b) <= 4 for a, b in zip(xs, item.xs, strict=True))
        ruled = item.loose is None and self.open_columns is None
        coarse_here = _within(xs, item.xs) if ruled and not lined_up else None
        coarse_there = _within(item.xs, xs) if ruled and not lined_up and coarse_here is None else None
        if not lined_up and coarse_here is None and coarse_there is None:
            return None
        index = table.source.table or 0
        more = expand(item.rows, table.source, index, self.path)
        if coarse_here is not None:
            _regrid(table, coarse_here)
        if coarse_there is not None:
            _regrid(more, coarse_there)
        ends = item.xs_end if len(item.xs_end) >= len(xs) else xs
        new_rows = more.rows
        k = 0  # the header printed again on the new page: the rows that repeat the table's first rows
        while k < min(len(new_rows), len(table.rows)) and _texts(new_rows[k]) == _texts(table.rows[k]):
            k += 1
        if k and not any(is_value_text(c.text) for row in new_rows[:k] for c in row):
            new_rows = new_rows[k:]
        if new_rows and table.rows and item.loose is None:
            self._carry_split_cells(table.rows[-1], new_rows)
        offset = len(table.rows)
        for row in new_rows:
            table.rows.append(
                [
                    Cell(
                        text=c.text,
                        row=c.row + offset,
                        col=c.col,
                        source=replace(c.source, row=c.row + offset),
                        rowspan=c.rowspan,
                        colspan=c.colspan,
                        spanned=c.spanned,
                    )
                    for c in row
                ]
            )
        return ends

    @staticmethod
    def _carry_split_cells(last: list[Cell], new_rows: list[list[Cell]]) -> None:
        """A merged label cell cut by the page break: its empty part on the new page is a copy — in the
        label columns (left of every value on the new page) and under a row of the body.  A header row
        that ended the previous page (text over the value columns) continues nowhere: an empty cell
        under it is a blank value."""
        above = {c.col: c for c in last}
        values = [c.col for row in new_rows for c in row if is_value_text(c.text)]
        labels_end = min(values) if values else None
        if labels_end is not None and any(
            c.col >= labels_end and c.text.strip() and not is_value_text(c.text) for c in last
        ):
            return
        for cell in new_rows[0]:
            prev = above.get(cell.col)
            if cell.spanned or cell.text.strip() or prev is None or not prev.text.strip() or is_value_text(prev.text):
                continue
            if labels_end is not None and cell.col >= labels_end:
                continue
            for row in new_rows:
                for c in row:
                    if c.col == cell.col and (c is cell or (c.spanned and not c.text.strip())):
                        c.text, c.spanned = prev.text, True
                if not any(c.col == cell.col and c.spanned for c in row):
                    break


def _texts(row: list[Cell]) -> list[str]:
    return [c.text for c in row]


def _loose_tables(
    lines: list[_Line], ruled: list[_PageTable], page_no: int, path: str | None, previous: Columns | None
) -> tuple[list[_PageTable], list[_Line]]:
    """Tables without (complete) rules among the lines outside the ruled tables; the lines they leave."""
    free = [
        line
        for line in lines
        if not _line_in_table(line, ruled) and not _PAGE_NUMBER.match(_SPACE.sub(" ", line.text).strip())
    ]
    bands = page_bands(page_runs([line.chars for line in free]))
    out: list[_PageTable] = []
    taken: set[int] = set()
    ruled_top = min((t.top for t in ruled), default=float("inf"))
    for i, region in enumerate(find_regions(bands)):
        top = region[0].top
        at_top = i == 0 and ruled_top > top and all(b.bottom > top for b in bands if b.top < top)  # first on its page
        for lt in read_region(region, previous if at_top else None, page_no, path):
            bottom = max(r.bottom for r in lt.runs)
            out.append(_PageTable([], lt.xs, [lt.top, bottom], lt.top, lt.rows, loose=lt))
            taken.update(id(g) for r in lt.runs for g in r.glyphs)
    if not taken:
        return out, lines
    kept = [_Line([g for g in line.chars if id(g) not in taken]) for line in lines]
    return out, [line for line in kept if line.chars]


def _open(data: bytes, path: str | None) -> Any:
    check_streams(data, path)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if re.search(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b|/Count\s+0\b[^>]*/Type\s*/Pages\b", data[-65536:]):
            raise CorruptInput(path, "PDF 文件没有页面") from exc
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD and b"/Encrypt" in data:
            raise UnsupportedFormat(path, "PDF 文件已加密（需要密码才能打开），无法读取；请提供未加密的版本") from exc
        raise CorruptInput(path, f"PDF 文件损坏或无法打开（{exc}）") from exc


def _load_page(pdf: Any, index: int, path: str | None) -> Any:
    """Page ``index``, refused when pdfium cannot load it or it holds more objects than any report page."""
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise CorruptInput(path, f"PDF 第 {index + 1} 页损坏，无法读取（{exc}）") from exc
    objects = pdfium_c.FPDFPage_CountObjects(page.raw)
    if objects > LIMITS.pdf_page_objects:
        page.close()
        raise over(path, f"PDF 第 {index + 1} 页的图形和文字对象", objects, LIMITS.pdf_page_objects)
    return page


def read_pdf(data: bytes, path: str | None = None) -> Document:
    pdf = _open(data, path)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise CorruptInput(path, "PDF 文件没有页面")
        if n_pages > MAX_PAGES:
            raise TooLarge(path, f"PDF 页数过多（{n_pages} 页，上限 {MAX_PAGES} 页），不像年度报告")
        builder = _Builder(path)
        deadline = Deadline(path)
        chars = 0
        scans = _Scans(path)
        for index in range(n_pages):
            deadline.check("PDF 读取")
            page = _load_page(pdf, index, path)
            try:
                height = page.get_height()
                lines = _page_lines(page, height, index + 1, path)
                page_chars = sum(1 for line in lines for c in line.chars if c.text.strip())
                chars += page_chars
                if chars > LIMITS.pdf_chars:
                    raise over(path, "PDF 的字符", chars, LIMITS.pdf_chars)
                if page_chars < SCAN_CHARS and scans.read(page, index + 1, builder, deadline):
                    continue
                tables = []
                for cell_boxes in _table_cells(_page_edges(page, height)):
                    t = _build_table(cell_boxes, lines, index + 1, path)
                    # a frame, one column of ruled lines, or rules missing between cells are not a table;
                    # one row of three cells or more is (a table's last row carried onto a new page)
                    if len(t.xs) > 2 and (len(t.ys) > 2 or len(t.xs) > 3) and not t.crowded:
                        tables.append(t)
                loose, lines = _loose_tables(lines, tables, index + 1, path, builder.open_columns)
                builder.add_page(index + 1, lines, tables + loose)
            except pdfium.PdfiumError as exc:
                raise CorruptInput(path, f"PDF 第 {index + 1} 页损坏，无法读取（{exc}）") from exc
            finally:
                page.close()
        if not scans.pages and chars < SCAN_CHARS * n_pages:
            from gongkai.readers.ocr_engine import INSTALL_HINT

            raise UnsupportedFormat(
                path,
                f"PDF 没有可用的文字层（{n_pages} 页只有 {chars} 个字符），疑为扫描件，需要先做 OCR 文字识别才能读取"
                + (f"；请先安装 OCR 组件：{INSTALL_HINT}" if scans.missing else ""),
            )
        layout = "pdf" if not scans.pages else "ocr" if scans.pages == n_pages else "pdf+ocr"
        return Document(blocks=builder.blocks, path=path, layout=layout, doubts=scans.doubts(builder))
    finally:
        pdf.close()


class _Scans:
    """The pages of a PDF read by OCR: a page with (almost) no characters that shows an image."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.pages = 0
        self.missing = False  # a scanned page met without the [ocr] extra installed
        self.pending: dict[Any, Any] = {}

    def read(self, page: Any, page_no: int, builder: _Builder, deadline: Deadline) -> bool:
        """Read ``page`` by OCR into ``builder`` when it is a scan; whether it was."""
        if not _shows_image(page):
            return False
        from gongkai.readers.ocr_engine import available

        if not available():
            self.missing = True
            return False
        if self.pages >= LIMITS.ocr_pages:
            raise over(self.path, "需要 OCR 识别的扫描页", self.pages + 1, LIMITS.ocr_pages, "页")
        from gongkai.readers.ocr import ocr_page
        from gongkai.readers.ocr_image import render_pdf_page

        deadline.extend(LIMITS.ocr_page_seconds)
        image, scale = render_pdf_page(page)
        read = ocr_page(image, page_no, self.path, dpi=72.0 * scale)
        builder.add_page(page_no, read.lines, read.tables)
        self.pending.update(read.doubts)
        self.pages += 1
        return True

    def doubts(self, builder: _Builder) -> list[Any]:
        if not self.pending:
            return []
        from gongkai.readers.ocr import resolve_doubts

        return resolve_doubts(builder, self.pending)


def _shows_image(page: Any) -> bool:
    """Whether an image object covers a good part of the page (a scanned page)."""
    area = page.get_width() * page.get_height()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= 0.25 * area:
            return True
    return False


# the page assembly, shared with the OCR reader (``readers/ocr.py``)
Builder = _Builder
PageTable = _PageTable
TextLine = _Line
table_cells_from_edges = _table_cells
ruling_edge = _edge
axis = _axis
nearest = _index


__all__ = [
    "MAX_PAGES",
    "SCAN_CHARS",
    "Builder",
    "PageTable",
    "TextLine",
    "axis",
    "nearest",
    "read_pdf",
    "ruling_edge",
    "table_cells_from_edges",
]
