"""Text-layer PDFs of a generated report (reportlab), laid out as agencies' Word/WPS exports are.

A4 pages with a title, paragraphs wrapped at the text width (section headings sometimes printed larger,
a long one wrapping onto a second line), the three tables (table two sometimes on a landscape page of
its own) and ``- 2 -`` page numbers.  Table cells wrap long labels onto several lines inside their cell, values are centred or
right-aligned, blank cells stay empty, merged cells are one cell, and a table runs over a page break
(its header sometimes printed again).  The forms differ only in the rules drawn:

- ``pdf_ruled``: every cell ruled; a merged cell is drawn as one cell (no rule through it);
- ``pdf_borderless``: no rules at all, the text placed in its columns;
- ``pdf_partial_rules``: only horizontal rules (between rows, or a 三线表), only the outer frame, or
  rows in a frame with one rule after the label columns (cells holding several values).

Column widths, font sizes, paddings, alignment and the rule style vary per document, drawn from
``random.Random(doc.title)`` so a document is reproducible.  The font is the built-in CID font
STSong-Light (no font file needed; pdfium extracts its text).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from typing import Any, Literal

from gongkai.synth import register
from gongkai.synth.doc import GenDoc, Grid, Para, Slot

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.27, 841.89
Rules = Literal["all", "none", "rows", "three_line", "frame", "rows_framed", "rows_labels"]
_NO_LINE_START = "，。、；：？！）》」』”’%"


@dataclass(frozen=True, slots=True)
class _Style:
    rules: Rules
    margin: float
    body: float  # body font size
    table: float  # table font size
    leading: float  # line pitch / font size
    pad_x: float
    pad_y: float
    value_align: Literal["center", "right"]
    label_align: Literal["left", "center"]
    valign: Literal["middle", "top"]
    repeat_header: bool
    rect_cells: bool  # ruled: each cell a stroked rectangle (else separate lines)
    line_width: float
    heading: float  # heading font size / body font size
    wrap_headings: bool  # a heading too wide for the line wraps onto a second one (else it is set smaller)


def _style(rng: random.Random, rules: Rules, headings: random.Random) -> _Style:
    body = rng.choice((12.0, 12.0, 14.0, 15.0, 16.0))
    return _Style(
        rules=rules,
        margin=rng.uniform(56, 80),
        body=body,
        table=rng.choice((9.0, 10.0, 10.5, 10.5, 12.0)) if body > 12 else rng.choice((9.0, 10.0, 10.5, 12.0)),
        leading=rng.uniform(1.15, 1.5),
        pad_x=rng.uniform(3.0, 6.0),
        pad_y=rng.choice((1.0, 2.0, 3.0, 4.5)),
        value_align=rng.choice(("center", "center", "right")),
        label_align=rng.choice(("left", "left", "center")),
        valign=rng.choice(("middle", "middle", "top")),
        repeat_header=rng.random() < 0.5,
        rect_cells=rng.random() < 0.5,
        line_width=rng.choice((0.5, 0.75, 1.0)),
        # drawn apart, so that the layouts drawn before headings could be large stay what they were
        heading=headings.choice((1.0, 1.0, 1.25, 1.5, 1.75)),
        wrap_headings=headings.random() < 0.5,
    )


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

    return float(stringWidth(text, FONT, size))


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy character wrap at ``width``; closing punctuation never starts a line."""
    lines: list[str] = []
    current = ""
    for ch in text:
        if not current or _width(current + ch, size) <= width:
            current += ch
        elif ch in _NO_LINE_START and len(current) > 1:  # the last character goes down with it
            lines.append(current[:-1])
            current = current[-1] + ch
        else:
            lines.append(current)
            current = ch
    if current or not lines:
        lines.append(current)
    return lines


class _Pager:
    """A canvas with a cursor measured from the top of the page; page numbers at the foot."""

    def __init__(self, style: _Style) -> None:
        from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

        self.buf = io.BytesIO()
        self.c: Any = canvas.Canvas(self.buf, pagesize=(PAGE_W, PAGE_H))
        self.style = style
        self.page = 1
        self.w, self.h = PAGE_W, PAGE_H  # this page's size (a landscape page for a wide table)
        self.top = style.margin
        self.bottom = PAGE_H - style.margin
        self.y = self.top

    def text(self, x: float, top: float, s: str, size: float) -> None:
        if len(s) == 1 and not s.isascii():
            # pdfium skips a text object of one glyph it has no outline for (the font is not embedded
            # and no CJK system font may be installed): a trailing space keeps the character readable
            s += " "
        self.c.setFont(FONT, size)
        self.c.drawString(x, self.h - (top + 0.86 * size), s)

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.c.line(x0, self.h - y0, x1, self.h - y1)

    def rect(self, x: float, top: float, w: float, h: float) -> None:
        self.c.rect(x, self.h - top - h, w, h, stroke=1, fill=0)

    def new_page(self, landscape: bool | None = None) -> None:
        """The next page; ``landscape`` turns it (True) or back (False), else it keeps this page's."""
        self._footer()
        self.c.showPage()
        self.page += 1
        if landscape is not None:
            self.w, self.h = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
            self.c.setPageSize((self.w, self.h))
            self.bottom = self.h - self.style.margin
        self.y = self.top

    def _footer(self) -> None:
        label = f"- {self.page} -"
        self.text((self.w - _width(label, 10.5)) / 2, self.h - 40, label, 10.5)

    def finish(self) -> bytes:
        self._footer()
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()

    @property
    def text_width(self) -> float:
        return self.w - 2 * self.style.margin


def _paragraph(pager: _Pager, p: Para) -> None:
    s = pager.style
    size = {"title": 20.0, "subtitle": s.body + 2, "heading": s.body * s.heading}.get(p.role, s.body)
    pitch = size * s.leading
    left, width = s.margin, pager.text_width
    if p.role == "title":
        if _width(p.text, size) > width and "年" in p.text:
            cut = next(i for i in range(len(p.text)) if p.text[i : i + 4].isdigit())
            lines = [p.text[:cut], p.text[cut:]]
        else:
            lines = [p.text]
        lines = [piece for line in lines for piece in wrap(line, width, size)]
        pager.y += 10
        for line in lines:
            pager.text(left + (width - _width(line, size)) / 2, pager.y, line, size)
            pager.y += pitch
        pager.y += 12
        return
    indent = 2 * size if p.role in ("body", "intro") or (p.role == "heading" and s.label_align == "left") else 0.0
    if p.role == "heading" and not s.wrap_headings and _width(p.text, size) > width - indent:
        size = size * (width - indent) / (_width(p.text, size) + 1)  # set smaller to stay on one line
    first = wrap(p.text, width - indent, size)[0] if p.text else ""
    lines = [first, *wrap(p.text[len(first) :], width, size)] if len(first) < len(p.text) else [first]
    if p.role in ("heading", "subheading"):
        pager.y += 4
    for k, line in enumerate(lines):
        if pager.y + pitch > pager.bottom:
            pager.new_page()
        x = left + (indent if k == 0 else 0.0)
        if p.role in ("signature", "date"):
            x = left + width - _width(line, size) - 2 * size
        pager.text(x, pager.y, line, size)
        pager.y += pitch
    pager.y += 2


# -- tables ---------------------------------------------------------------------------------------


def _column_widths(grid: Grid, total: float, size: float, rng: random.Random) -> list[float]:
    n = grid.width
    if grid.table == "t2":
        labels = [rng.uniform(2.2, 4.5) * size, rng.uniform(3.0, 7.0) * size, rng.uniform(5.0, 12.0) * size]
        scale = min(1.0, 0.52 * total / sum(labels))
        labels = [w * scale for w in labels]
        weights = [rng.uniform(0.8, 1.25) for _ in range(n - 3)]
        rest = total - sum(labels)
        return labels + [rest * w / sum(weights) for w in weights]
    if grid.table == "t1":
        weights = [rng.uniform(1.2, 2.6)] + [rng.uniform(0.8, 1.25) for _ in range(n - 1)]
    else:
        weights = [rng.uniform(0.85, 1.2) for _ in range(n)]
    return [total * w / sum(weights) for w in weights]


@dataclass(slots=True)
class _Placed:
    slot: Slot
    r: int
    c: int
    lines: list[str]


def _is_label_row(row: list[Slot | None]) -> bool:
    return any(s is not None and s.cell is not None for s in row)


def _table(pager: _Pager, grid: Grid, rng: random.Random) -> None:
    s = pager.style
    size = s.table
    pitch = size * s.leading
    total = pager.text_width * rng.uniform(0.9, 1.0)
    x0 = s.margin + (pager.text_width - total) / 2
    full = grid.slots()
    widths = _column_widths(grid, total, size, rng)
    # a value never wraps: widen its column, taking the room from the widest column
    for c in range(grid.width):
        texts = [v.text for v in (row[c] for row in full) if v is not None and v.cell is not None and v.colspan == 1]
        need = max((_width(t, size) for t in texts), default=0.0) + 2 * s.pad_x + 2
        if widths[c] < need:
            widest = max(range(grid.width), key=lambda k: widths[k])
            widths[widest] -= need - widths[c]
            widths[c] = need
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    n = len(full)
    placed: list[_Placed] = []
    for r, row in enumerate(full):
        for c, slot in enumerate(row):
            if slot is not None:
                inner = xs[c + slot.colspan] - xs[c] - 2 * s.pad_x
                placed.append(_Placed(slot, r, c, wrap(slot.text, inner, size) if slot.text else []))
    heights = [pitch + 2 * s.pad_y] * n
    for p in placed:
        if p.slot.rowspan == 1:
            heights[p.r] = max(heights[p.r], len(p.lines) * pitch + 2 * s.pad_y)
    for p in placed:
        if p.slot.rowspan > 1:
            last = min(n, p.r + p.slot.rowspan) - 1
            need = len(p.lines) * pitch + 2 * s.pad_y - sum(heights[p.r : last + 1])
            if need > 0:
                heights[last] += need
    head_rows = {r for r in range(n) if not _is_label_row(full[r])}
    n_head = 0
    while n_head in head_rows:
        n_head += 1
    # rows onto pages: per page the (row, top) placed there; a repeated header comes first on a page
    pager.y += 6
    if pager.y + sum(heights[: n_head + 1]) > pager.bottom:
        pager.new_page()
    pages: list[list[tuple[int, float]]] = [[]]
    y = pager.y
    for r in range(n):
        if y + heights[r] > pager.bottom and pages[-1]:
            pages.append([])
            y = pager.top
            if s.repeat_header and r >= n_head > 0:
                for h in range(n_head):
                    pages[-1].append((h, y))
                    y += heights[h]
        pages[-1].append((r, y))
        y += heights[r]
    # where the text of a slot cut by a page break goes: the first part tall enough for it
    text_page: dict[int, int] = {}
    for i, p in enumerate(placed):
        parts = [
            (k, sum(heights[r] for r, _ in rows if p.r <= r < p.r + p.slot.rowspan))
            for k, rows in enumerate(pages)
            if any(p.r <= r < p.r + p.slot.rowspan for r, _ in rows)
        ]
        need = len(p.lines) * pitch
        fits = [k for k, h in parts if h >= need]
        text_page[i] = fits[0] if fits else max(parts, key=lambda kh: kh[1])[0]
    for k, rows in enumerate(pages):
        if k:
            pager.new_page()
        _draw_page(pager, placed, xs, heights, rows, n_head, head_rows, k, text_page, rng)
    pager.y = y + 10


def _draw_page(
    pager: _Pager,
    placed: list[_Placed],
    xs: list[float],
    heights: list[float],
    rows: list[tuple[int, float]],
    n_head: int,
    head_rows: set[int],
    page: int,
    text_page: dict[int, int],
    rng: random.Random,
) -> None:
    s = pager.style
    top_of = dict(rows)
    pager.c.setLineWidth(s.line_width)
    first = rows[0][1]
    end = rows[-1][1] + heights[rows[-1][0]]
    left, right = xs[0], xs[-1]
    for i, p in enumerate(placed):
        mine = [r for r in range(p.r, p.r + p.slot.rowspan) if r in top_of]
        if not mine:
            continue
        x, w = xs[p.c], xs[p.c + p.slot.colspan] - xs[p.c]
        top = top_of[mine[0]]
        h = sum(heights[r] for r in mine)
        whole = len(mine) == p.slot.rowspan
        if s.rules == "all":
            if s.rect_cells:
                pager.rect(x, top, w, h)
            else:
                open_top = not whole and mine[0] != p.r and rng.random() < 0.5
                open_bottom = not whole and mine[-1] != p.r + p.slot.rowspan - 1 and rng.random() < 0.5
                pager.line(x, top, x, top + h)
                pager.line(x + w, top, x + w, top + h)
                if not open_top:
                    pager.line(x, top, x + w, top)
                if not open_bottom:
                    pager.line(x, top + h, x + w, top + h)
        elif s.rules in ("rows", "rows_framed", "rows_labels"):
            pager.line(x, top, x + w, top)
            pager.line(x, top + h, x + w, top + h)
        if p.lines and (whole or text_page[i] == page):
            banner = p.c == 0 and p.c + p.slot.colspan == len(xs) - 1  # a block header across the table
            _cell_text(pager, p, x, w, top, h, p.r in head_rows and not banner)
    if s.rules == "frame":
        pager.rect(left, first, right - left, end - first)
    elif s.rules in ("rows_framed", "rows_labels"):
        pager.line(left, first, left, end)
        pager.line(right, first, right, end)
        split = min((p.c for p in placed if p.slot.cell is not None), default=0)
        if s.rules == "rows_labels" and split:
            pager.line(xs[split], first, xs[split], end)
    elif s.rules == "three_line":
        pager.c.setLineWidth(s.line_width * 1.5)
        pager.line(left, first, right, first)
        pager.line(left, end, right, end)
        pager.c.setLineWidth(s.line_width)
        head_tops = [t for r, t in rows if r == n_head - 1]
        if head_tops:
            below = head_tops[0] + heights[n_head - 1]
            pager.line(left, below, right, below)


def _cell_text(pager: _Pager, p: _Placed, x: float, w: float, top: float, h: float, in_header: bool) -> None:
    s = pager.style
    size = s.table
    pitch = size * s.leading
    block = len(p.lines) * pitch
    y = top + (h - block) / 2 if s.valign == "middle" else top + s.pad_y
    align: Literal["center", "right", "left"]
    if p.slot.cell is not None:
        align = s.value_align
    elif in_header:
        align = "center"
    else:
        align = s.label_align
    for k, line in enumerate(p.lines):
        tw = _width(line, size)
        if align == "center":
            lx = x + (w - tw) / 2
        elif align == "right":
            lx = x + w - s.pad_x - tw
        else:
            lx = x + s.pad_x
        pager.text(lx, y + k * pitch + (pitch - size) / 2, line, size)


def _write(doc: GenDoc, rules: Rules | None) -> bytes:
    try:
        import reportlab  # type: ignore[import-untyped]  # noqa: F401
    except ModuleNotFoundError as exc:  # pragma: no cover - reportlab is a development dependency
        raise ModuleNotFoundError("the PDF writers need reportlab: pip install 'gongkai[dev]'") from exc
    rng = random.Random(doc.title)
    if rules is None:
        rules = partial_rules(doc)
    _register_font()
    pager = _Pager(_style(rng, rules, random.Random(f"headings:{doc.title}")))
    # some documents print table two on a landscape page of its own, as a Word section turned sideways
    landscape = random.Random(f"landscape:{doc.title}").random() < 0.25
    for block in doc.blocks:
        if isinstance(block, Para):
            if pager.w > pager.h:
                pager.new_page(landscape=False)
            _paragraph(pager, block)
        else:
            turn = landscape and block.table == "t2"
            if turn != (pager.w > pager.h):
                pager.new_page(landscape=turn)
            _table(pager, block, rng)
    return pager.finish()


def partial_rules(doc: GenDoc) -> Rules:
    """The rules ``pdf_partial_rules`` draws for ``doc``: rows only, a 三线表, rows in a frame (with or
    without a rule after the labels), or the frame."""
    choices: tuple[Rules, ...] = ("rows", "three_line", "rows_framed", "rows_labels", "frame")
    return random.Random(f"rules:{doc.title}").choice(choices)


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped]

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def pdf_ruled(doc: GenDoc) -> bytes:
    return _write(doc, "all")


def pdf_borderless(doc: GenDoc) -> bytes:
    return _write(doc, "none")


def pdf_partial_rules(doc: GenDoc) -> bytes:
    return _write(doc, None)


register("pdf_ruled", "pdf", "pdf_ruled", ".pdf")
register("pdf_borderless", "pdf", "pdf_borderless", ".pdf")
register("pdf_partial_rules", "pdf", "pdf_partial_rules", ".pdf")
