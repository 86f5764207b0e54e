"""Scans and photos → ``Document``: image-only PDFs, PDF pages without a text layer, and images.

Per page (``ocr_page``): the image is read through its brightest channel (a red stamp vanishes),
scaled to 200 dpi (or to a known character height), deskewed and binarised, a grey seal found by its
ring and lifted (``ocr_image``); the ruled tables are found and their rules erased (``ocr_grid``); text
lines are detected once on the page and recognised with rapidocr's models (``ocr_engine``).  A line inside a table is cut at the cell borders it crosses and
dropped into its cell by its centre; ink in a cell that no detected line covers is read on its own, so
a faint ``0`` is never lost to a blank.  The page then goes to the PDF reader's page assembly: lines
outside tables become paragraphs in reading order, tables become grids (merged cells expanded, a
table cut by a page break stitched), every cell with page and bbox — PDF points for a PDF page, pixels
of the image for an image.

Every value keeps its reading's certainty.  A cell whose reading is unsure — a character below
``SURE`` probability, a digit the model also read as another digit, a letter where a digit could
stand, ink left unread — becomes a ``Doubt`` on the document naming the cell, what was read and the
other readings the model admits.  A doubtful cell under a stamp is read a second time from its darkest
ink only (``_reread``), and that reading joins the doubt.  Extraction then checks it against the table
identities: a reading they confirm is certain, any other is 读取存疑 (a reading note on the cell), never
原文问题.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from gongkai.document import Document, Doubt, Source
from gongkai.normalize import Kind, is_cjk, read_value
from gongkai.readers.grid import RawCell, join_lines
from gongkai.readers.limits import LIMITS, Deadline
from gongkai.readers.ocr_engine import Reading, engine
from gongkai.readers.ocr_grid import BBox, erase, find_rules, merge_rules, seen_in, table_cells
from gongkai.readers.ocr_image import (
    CHAR_HEIGHT,
    RENDER_DPI,
    binarize,
    char_height,
    image_pages,
    lift_stamp,
    normalize_scale,
    ring_stamps,
    rotate,
    skew_angle,
    stamp_mask,
    to_gray,
)
from gongkai.readers.pdf import Builder, PageTable, TextLine
from gongkai.readers.pdf import axis as _axis
from gongkai.readers.pdf import nearest as _index
from gongkai.readers.pdf_lines import Glyph

SURE = 0.97  # a character read with less probability than this makes its cell doubtful
CONFUSED = {"1": "7", "7": "1", "0": "8", "8": "063", "6": "8", "3": "8"}  # shapes easily taken for each other
DIGIT_LOOKALIKE = {"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "S": "5", "Z": "2", "B": "8"}
_UNIT = 72.0 / RENDER_DPI  # page units (points) per pixel of a page at RENDER_DPI
_DET_SCALE = 0.55  # detection runs on the page reduced by this much (characters ~16 px tall)


@dataclass(slots=True)
class Item:
    """A recognised piece of text on the page: its box (pixels of the prepared page) and reading."""

    box: BBox
    reading: Reading
    unread_ink: bool = False  # ink the detector missed, read on its own

    @property
    def cx(self) -> float:
        return (self.box[0] + self.box[2]) / 2

    @property
    def cy(self) -> float:
        return (self.box[1] + self.box[3]) / 2


@dataclass(slots=True)
class PageRead:
    """One page read by OCR, ready for the page assembly of the PDF reader."""

    lines: list[TextLine]
    tables: list[PageTable]
    doubts: dict[tuple[int, BBox], Doubt] = field(default_factory=dict)  # (page, cell bbox) → doubt


# -- doubts -------------------------------------------------------------------------------------------


def _alternatives(reading: Reading, limit: int = 6) -> tuple[str, ...]:
    """Other readings of a line: characters swapped for those the model also weighed, or for the shapes
    they are easily confused with — most likely first."""
    options: list[list[tuple[str, float]]] = []
    for ch, p, alts in zip(reading.text, reading.probs, reading.alts, strict=True):
        choice = [(ch, p)]
        seen = {ch}
        for a, q in alts:
            a = DIGIT_LOOKALIKE.get(a, a)
            if a not in seen and (a.isdigit() or not ch.isdigit()):
                choice.append((a, q))
                seen.add(a)
        if ch.isdigit() and p < SURE:
            for a in CONFUSED.get(ch, ""):
                if a not in seen:
                    choice.append((a, (1 - p) / 4))
                    seen.add(a)
        if ch in DIGIT_LOOKALIKE and DIGIT_LOOKALIKE[ch] not in seen:
            choice.append((DIGIT_LOOKALIKE[ch], 0.5))
        options.append(choice)
    variable = [i for i, o in enumerate(options) if len(o) > 1]
    if not variable or len(variable) > 6:
        return ()
    scored: list[tuple[float, str]] = []
    for picks in itertools.product(*(options[i] for i in variable)):
        chars = list(reading.text)
        score = 1.0
        for i, (ch, q) in zip(variable, picks, strict=True):
            chars[i] = ch
            score *= q
        text = "".join(chars)
        if text != reading.text:
            scored.append((score, text))
    scored.sort(key=lambda s: -s[0])
    return tuple(dict.fromkeys(t for _, t in scored))[:limit]


def _doubtful(reading: Reading) -> str | None:
    """Why a reading is not sure (None when it is)."""
    if not reading.text.strip():
        return "有字迹但未能识别"
    for ch, p, alts in zip(reading.text, reading.probs, reading.alts, strict=True):
        if p < SURE:
            return f"“{ch}”的识别置信度只有 {p:.0%}"
        if ch in DIGIT_LOOKALIKE and any(c.isdigit() for c in reading.text):
            return f"数字中识别出字母“{ch}”"
        others = [d for a, _ in alts if (d := DIGIT_LOOKALIKE.get(a, a)).isdigit() and d != ch]
        if ch.isdigit() and others:
            return f"“{ch}”也可能是“{others[0]}”"
    return None


# -- page → items -------------------------------------------------------------------------------------


def _split_at_cells(box: BBox, cells: list[BBox], margin: float) -> list[BBox]:
    """A detected box cut at the borders of the cells it runs across (on its centre line)."""
    cy = (box[1] + box[3]) / 2
    hit = sorted(
        (c for c in cells if c[1] <= cy <= c[3] and min(box[2], c[2]) - max(box[0], c[0]) > margin), key=lambda c: c[0]
    )
    if len(hit) <= 1:
        if hit:  # keep it inside its cell
            c = hit[0]
            return [(max(box[0], c[0]), max(box[1], c[1]), min(box[2], c[2]), min(box[3], c[3]))]
        return [box]
    return [(max(box[0], c[0]), max(box[1], c[1]), min(box[2], c[2]), min(box[3], c[3])) for c in hit]


def _ink_lines(ink: Any, x0: int, x1: int, y0: int, y1: int, char_h: float) -> list[tuple[int, int]]:
    """The lines of text between rows ``y0`` and ``y1`` of columns ``x0``–``x1`` as bands of rows with ink
    (rules erased), a gap of two empty rows between two lines; specks shorter than a quarter of a
    character left out."""
    import numpy as np

    if x1 - x0 < 2 or y1 - y0 < 2:
        return []
    rows = np.count_nonzero(ink[y0:y1, x0:x1], axis=1) > max(1, 0.01 * (x1 - x0))
    bands: list[list[int]] = []
    for y in np.flatnonzero(rows):
        if bands and y - bands[-1][1] <= 2:
            bands[-1][1] = int(y) + 1
        else:
            bands.append([int(y), int(y) + 1])
    return [(a + y0, b + y0) for a, b in bands if b - a >= 0.25 * char_h]


def _fit_lines(boxes: list[BBox], cell: BBox, ink: Any, char_h: float) -> list[BBox]:
    """The detector's boxes in a cell fitted to the lines of ink they cover.  Reduced, a cell's tightly
    set lines of a long label run together for the detector: a box that takes in the top of the next
    line reads a character of it into its own (``的（二）部分公开``), a box across two lines reads
    neither.  A box is cut to each line it covers most of (two fifths of the line's height), and boxes
    of one line that touch are joined.  A line of ink taller than one and a half characters (lines
    not told apart, a seal's strokes) leaves the box as it was."""
    pad = 0.15 * char_h
    lines: list[BBox] = []
    for box in boxes:
        x0, x1 = int(max(box[0], cell[0])), int(min(box[2], cell[2]))
        bands = _ink_lines(ink, x0, x1, int(cell[1]) + 2, int(cell[3]) - 2, char_h)
        covered = [(a, b) for a, b in bands if min(box[3], b) - max(box[1], a) >= 0.4 * (b - a)]
        if not covered or any(b - a > 1.5 * char_h for a, b in covered):
            lines.append(box)
            continue
        lines.extend((box[0], max(cell[1], a - pad), box[2], min(cell[3], b + pad)) for a, b in covered)
    joined: list[BBox] = []
    for box in sorted(lines, key=lambda b: (b[1], b[0])):
        for n, other in enumerate(joined):
            same_line = min(box[3], other[3]) - max(box[1], other[1]) > 0.6 * min(box[3] - box[1], other[3] - other[1])
            if same_line and box[0] <= other[2] + 0.5 * char_h and other[0] <= box[2] + 0.5 * char_h:
                joined[n] = (min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3]))
                break
        else:
            joined.append(box)
    return joined if sorted(joined) != sorted(boxes) else boxes


def _unread_ink(binary: Any, cell: BBox, items: list[BBox], char_h: float) -> list[BBox]:
    """Boxes of character-sized ink in a cell that no item covers."""
    import cv2
    import numpy as np

    pad = max(3, int(0.12 * char_h))
    x0, y0, x1, y1 = int(cell[0]) + pad, int(cell[1]) + pad, int(cell[2]) - pad, int(cell[3]) - pad
    if x1 - x0 < 4 or y1 - y0 < 4:
        return []
    region = binary[y0:y1, x0:x1].copy()
    for b in items:
        region[
            max(0, int(b[1]) - y0) : max(0, int(b[3]) - y0 + 1), max(0, int(b[0]) - x0) : max(0, int(b[2]) - x0 + 1)
        ] = 0
    if int(region.sum()) < 255 * 0.05 * char_h * char_h:
        return []
    grown = cv2.dilate(region, np.ones((max(1, int(char_h * 0.3)), max(1, int(char_h * 0.5))), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if h < 0.35 * char_h or w < 0.2 * char_h:
            continue
        ink = int(region[y : y + h, x : x + w].sum()) // 255
        if ink < 0.04 * char_h * char_h:
            continue
        out.append((float(x + x0 - 2), float(y + y0 - 2), float(x + x0 + w + 2), float(y + y0 + h + 2)))
    return out


def _crop(gray: Any, ink: Any, box: BBox, char_h: float) -> Any:
    """The line of text in ``box`` as the recogniser reads best: cut to its ink, then a margin of 15 %
    of its height above and below and 10 % left and right (the model wants text filling the line)."""
    import cv2
    import numpy as np

    min_ink, min_h = max(6.0, 0.012 * char_h * char_h), 0.3 * char_h
    h, w = gray.shape[:2]
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(w, int(box[2] + 0.999)), min(h, int(box[3] + 0.999))
    region = ink[y0:y1, x0:x1]
    if region.size:
        _, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
        big = stats[1:][(stats[1:, cv2.CC_STAT_AREA] >= min_ink) | (stats[1:, cv2.CC_STAT_HEIGHT] >= min_h)]
    else:
        big = np.zeros((0, 5), np.int32)
    if len(big):  # the extent of the ink, specks of noise or of a stamp's remains left out
        left, top = x0 + int(big[:, 0].min()), y0 + int(big[:, 1].min())
        right, bottom = x0 + int((big[:, 0] + big[:, 2]).max()), y0 + int((big[:, 1] + big[:, 3]).max())
        height = bottom - top
        y0, y1 = max(0, int(top - 0.15 * height)), min(h, int(bottom + 0.15 * height + 0.999))
        x0, x1 = max(0, int(left - 0.1 * height)), min(w, int(right + 0.1 * height + 0.999))
    return gray[y0 : max(y0 + 1, y1), x0 : max(x0 + 1, x1)]


def _lines_of(items: list[Item]) -> list[list[Item]]:
    """Items grouped into visual lines (vertical centres within the smaller half-height), top down."""
    lines: list[list[Item]] = []
    for it in sorted(items, key=lambda i: (i.cy, i.box[0])):
        h = it.box[3] - it.box[1]
        for line in lines:
            ref = line[-1]
            if abs(ref.cy - it.cy) <= 0.5 * min(h, ref.box[3] - ref.box[1]):
                line.append(it)
                break
        else:
            lines.append([it])
    return [sorted(line, key=lambda i: i.box[0]) for line in lines]


class _Page:
    """One page being read: the prepared image and how its pixels map to page units."""

    def __init__(self, image: Any, page_no: int, path: str | None, known_dpi: bool, out_scale: float) -> None:
        gray, stamp = to_gray(image), stamp_mask(image)
        gray, factor = normalize_scale(gray, known_dpi)
        angle = skew_angle(gray)
        self.gray = rotate(gray, angle)
        self.stamp = None if stamp is None else rotate(_resized(stamp, gray.shape), angle, fill=0)
        self.colour = self.stamp  # a coloured seal's ink (lifted with the print under it), not its region
        # a coloured seal's page as a grey scan of it: the rules under the seal keep their ink there (JPEG
        # bleeds the seal's colour into a thin rule, which lifting the seal then fades)
        self.as_grey = (
            None
            if stamp is None
            else binarize(rotate(_resized(_luma(image), gray.shape, smooth=True), angle), lines=True)
        )
        self.binary = binarize(self.gray)
        self.ink = self.binary
        self.char_h = char_height(self.binary) or CHAR_HEIGHT
        # the rules are found before a seal is lifted (a thin rule under it is lifted too), and again after
        self.rules = binarize(self.gray, lines=True)
        self.lifted: Any = None
        rings = ring_stamps(self.binary, self.char_h)  # a seal scanned in grey: no colour tells it apart
        if rings is not None and self.stamp is None:  # (a coloured seal is gone already, in ``to_gray``)
            self.gray = lift_stamp(self.gray, self.binary, rings)
            self.binary = binarize(self.gray)
            self.lifted = binarize(self.gray, lines=True)
        if rings is not None:
            self.stamp = rings if self.stamp is None else self.stamp | rings
        self.faint = self._faint() if self.stamp is not None else 0.0
        self.page_no = page_no
        self.path = path
        self.out = out_scale / factor  # page units of the Source bbox per pixel of the prepared page

    def bbox(self, box: BBox) -> BBox:
        """A box of the prepared page in the units of ``Source.bbox``."""
        return tuple(round(v * self.out, 1) for v in box)  # type: ignore[return-value]

    def read(self) -> PageRead:
        rules_h, rules_v = find_rules(self.rules, self.char_h, self.stamp, self.colour)
        if self.lifted is not None:  # a grey seal: its ring, run on from a rule's end, is no part of it
            rules_h, rules_v = seen_in(rules_h, rules_v, self.lifted, self.stamp, self.char_h)
        # more rules where a seal lay: after a grey seal was lifted (a rule its ring ran along), and on the
        # page in grey under a coloured one (the rules it covers)
        for binary in (self.lifted, self.as_grey):
            if binary is not None:
                more_h, more_v = find_rules(binary, self.char_h, self.stamp, self.colour)
                long = 4 * self.char_h
                rules_h = merge_rules(rules_h, more_h, long, row=self.char_h)
                rules_v = merge_rules(rules_v, more_v, long, row=self.char_h)
        if self.colour is not None:
            # a coloured seal: a rule found on the page in grey along one of its letters' strokes (in line
            # with a stroke of print, it split a header cell) is none where the page without the seal
            # shows no line
            rules_h, rules_v = seen_in(rules_h, rules_v, self._lines(), self.colour, self.char_h, 0.5 * self.char_h)
        clean = self.clean = erase(self.gray, rules_h + rules_v)
        ink = self.ink = erase(self.binary, rules_h + rules_v, value=0)
        tables = [t for t in table_cells(rules_h, rules_v, 1 / _UNIT) if _is_table(t, self.char_h * _UNIT)]
        tables_px = [[(b[0] / _UNIT, b[1] / _UNIT, b[2] / _UNIT, b[3] / _UNIT) for b in t] for t in tables]
        import cv2

        eng = engine(self.path)
        small = cv2.resize(clean, None, fx=_DET_SCALE, fy=_DET_SCALE, interpolation=cv2.INTER_AREA)
        boxes = [
            (b[0] / _DET_SCALE, b[1] / _DET_SCALE, b[2] / _DET_SCALE, b[3] / _DET_SCALE) for b in eng.detect(small)
        ]
        margin = 0.3 * self.char_h
        pieces: list[tuple[BBox, int | None]] = []  # box, table index (None: outside tables)
        for b in boxes:
            cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
            # in a table only when inside one of its cells: a heading between two parts of a ruled grid
            # (within the grid's outline, in none of its cells) is a line of text, never lost
            where = next((k for k, t in enumerate(tables_px) if any(_inside(cx, cy, [c]) for c in t)), None)
            if where is None:
                pieces.append((b, None))
            else:
                pieces.extend((p, where) for p in _split_at_cells(b, tables_px[where], margin))
        refitted: set[tuple[BBox, int]] = set()  # the detector's boxes a cell's lines of ink replace
        for k, cells in enumerate(tables_px):
            for cell in cells:
                covered = [p for p, t in pieces if t == k and _inside((p[0] + p[2]) / 2, (p[1] + p[3]) / 2, [cell])]
                fitted = _fit_lines(covered, cell, ink, self.char_h) if covered else covered
                if fitted is not covered:
                    refitted.update((p, k) for p in covered if p not in fitted)
                    pieces.extend((p, k) for p in fitted if p not in covered)
                pieces.extend((b, -1 - k) for b in _unread_ink(ink, cell, fitted, self.char_h))
        if refitted:
            pieces = [piece for piece in pieces if piece not in refitted]
        readings = eng.recognize([_crop(clean, ink, p, self.char_h) for p, _ in pieces])
        items: dict[int | None, list[Item]] = {}
        for (p, where), reading in zip(pieces, readings, strict=True):
            key = where if where is None or where >= 0 else -1 - where
            items.setdefault(key, []).append(Item(p, reading, unread_ink=where is not None and where < 0))
        out = PageRead(lines=self._text_lines(items.get(None, [])), tables=[])
        for k, cells in enumerate(tables_px):
            out.tables.append(self._table(cells, items.get(k, []), out.doubts))
        return out

    def _text_lines(self, items: list[Item]) -> list[TextLine]:
        lines = []
        height, width = self.gray.shape[:2]
        for line in _lines_of([i for i in items if i.reading.text.strip()]):
            if _PAGE_NUMBER.match("".join(it.reading.text for it in line)) and (
                not 0.06 * height < line[0].cy < 0.9 * height
                or abs((line[0].box[0] + line[-1].box[2]) / 2 - width / 2) < 0.06 * width
            ):
                # a page number (``- 3 -``, its dashes often lost to the scan) in the margin, or alone in the
                # middle of its line anywhere (the pages of a long picture, one under the other)
                continue
            glyphs: list[Glyph] = []
            for n, it in enumerate(line):
                if n and it.box[0] - line[n - 1].box[2] > 0.8 * self.char_h:
                    glyphs.append(Glyph(" ", None))
                text = it.reading.text
                x0, y0, x1, y1 = self.bbox(it.box)
                step = (x1 - x0) / max(1, len(text))
                for j, ch in enumerate(text):
                    box = (round(x0 + j * step, 1), y0, round(x0 + (j + 1) * step, 1), y1)
                    glyphs.append(Glyph(ch, box, box))
            lines.append(TextLine(glyphs))
        return lines

    def _table(self, cells: list[BBox], items: list[Item], doubts: dict[tuple[int, BBox], Doubt]) -> PageTable:
        units = [self.bbox(c) for c in cells]
        xs = _axis([b[0] for b in units] + [b[2] for b in units])
        ys = _axis([b[1] for b in units] + [b[3] for b in units])
        content: dict[int, list[Item]] = {i: [] for i in range(len(cells))}
        for it in items:
            k = next((i for i, c in enumerate(cells) if _inside(it.cx, it.cy, [c])), None)
            if k is not None:
                content[k].append(it)
        rows: dict[int, list[RawCell]] = {}
        order = sorted(range(len(cells)), key=lambda i: (_index(ys, units[i][1]), _index(xs, units[i][0])))
        read: list[_CellRead] = []
        for i in order:
            b = units[i]
            r0, r1 = _index(ys, b[1]), _index(ys, b[3])
            c0, c1 = _index(xs, b[0]), _index(xs, b[2])
            stamped = self._stamped(cells[i])
            found = "".join(it.reading.text for it in content[i] if not it.unread_ink)
            if stamped and sum(map(is_cjk, found)) >= 2:  # a label: what a seal's letters left is no part of it
                content[i] = [it for it in content[i] if not (it.unread_ink and self._under_seal(it.box))]
            parts = _lines_of(content[i])
            flat = [it for line in parts for it in line]
            text = join_lines([join_lines([it.reading.text.strip() for it in line]) for line in parts])
            if sum(map(is_cjk, text)) >= 2 and stamped:
                text = _label_under_seal(text)
            source = Source(file=self.path, page=self.page_no, bbox=b)
            doubt = self._doubt(text, flat, source)
            picked = _pick_number(text, flat, cells[i])
            if picked is not None:  # a number among stray marks: the number, in doubt until the sums confirm it
                number, others = picked
                reason = f"单元格内另有字迹（“{text}”，疑为印章或污迹），取其中的数字"
                if doubt is not None and doubt.reason:
                    reason += "；" + doubt.reason
                alternatives = tuple(dict.fromkeys([*others, *(doubt.alternatives if doubt else ())]))
                if stamped:  # every mark in it may be the seal's: the cell may be a 0 among them, or blank
                    alternatives += ("0", "")
                confidence = doubt.confidence if doubt else None
                doubt = Doubt(source, number, tuple(a for a in alternatives if a != number), confidence, reason)
                text = number
            elif not text.strip() and (flat or self._has_ink(cells[i])):
                doubt = Doubt(source, "", (), 0.0, "有字迹但未能识别")
            elif not text.strip() and stamped:  # a 0 the seal's ink hid looks the same
                doubt = Doubt(source, "", (), None, "印章覆盖，读为空白")
            elif doubt is None and flat and stamped and read_value(text).kind is Kind.NUMBER:
                doubt = Doubt(source, text, _alternatives(flat[0].reading) if len(flat) == 1 else (), None, "印章覆盖")
            read.append(_CellRead(i, r0, r1, c0, c1, text, doubt, stamped))
        again = [k for k, cell in enumerate(read) if cell.doubt is not None and cell.stamped]
        for k, (text, doubt) in zip(again, self._reread([read[k] for k in again], cells), strict=True):
            read[k] = read[k]._replace(text=text, doubt=doubt)
        for cell in read:
            b = units[cell.at]
            source = Source(file=self.path, page=self.page_no, bbox=b)
            rows.setdefault(cell.r0, []).append(
                RawCell(
                    text=cell.text,
                    rowspan=max(1, cell.r1 - cell.r0),
                    colspan=max(1, cell.c1 - cell.c0),
                    source=source,
                    start_col=cell.c0,
                )
            )
            if cell.doubt is not None:
                doubts[(self.page_no, b)] = cell.doubt
        grid_rows = [rows.get(r, []) for r in range(len(ys) - 1)]
        return PageTable(units, xs, ys, ys[0], grid_rows)

    def _reread(self, todo: list[_CellRead], cells: list[BBox]) -> list[tuple[str, Doubt | None]]:
        """Doubtful cells under a seal read again from their darkest ink only (``_darkest``): the print,
        and print under the seal, is darker than the seal's ink and what is left of it.  The second
        reading joins the doubt and the sums choose (``extract.doubts``): confirmed, a reading is
        certain; else the cell is 读取存疑.  A number read the second time replaces a first reading that
        is no number (a seal's strokes read as ``店``); a first reading that is a number, or blank, stays,
        the second among its alternatives (the seal's letters, cut to pieces, read as a digit too).  A
        cell with no ink of a character's size left (the ``1`` was an arc of the ring), or whose second
        reading is no number or the first again, may be blank: that joins the alternatives too."""
        crops = [self._darkest(cells[cell.at]) for cell in todo]
        asked = [c for c in crops if c is not None and c is not _NO_PRINT]
        readings = iter(engine(self.path).recognize(asked) if asked else [])
        out: list[tuple[str, Doubt | None]] = []
        for cell, crop in zip(todo, crops, strict=True):
            text, doubt = cell.text, cell.doubt
            if doubt is None or crop is None:
                out.append((text, doubt))
                continue
            if crop is _NO_PRINT:
                value = read_value(text)
                if value.kind is Kind.NUMBER and value.number != 0:
                    # a number read where no ink is as dark as print: what a seal's letters left, pale once
                    # the seal was lifted (a blank cell; at times a 0 the seal hid): blank, still in doubt
                    why = f"首次识别为“{text}”，但去掉印章的笔画后没有与印刷字一样深的字迹，疑为印章的残迹"
                    out.append(("", Doubt(doubt.source, "", _unique((*doubt.alternatives, text, "0"), ""), 0.0, why)))
                    continue
                out.append((text, _or_blank(doubt, "印章覆盖，去掉印章的笔画后没有字迹") if text else doubt))
                continue
            reading = next(readings)
            again = reading.text.strip()
            if read_value(again).kind is not Kind.NUMBER or again == text:
                kind = read_value(text).kind
                if kind is not Kind.NUMBER:  # no number either time, yet print of a character's size is
                    # there: a 0 the seal's strokes cross, most likely (a printed 0 outnumbers every
                    # other value), or — read as marks — the seal's marks alone
                    doubt = replace(doubt, alternatives=_unique((*doubt.alternatives, "0"), text))
                # a number read both times, or only the first, may be the seal's marks alone as well
                out.append((text, _or_blank(doubt) if kind in (Kind.TEXT, Kind.NUMBER) else doubt))
                continue
            if _numbers_a_label(text, again):
                out.append((text, doubt))  # the seal's red over its words: their number alone is as dark as print
                continue
            reason = f"印章覆盖，去掉印章的笔画后识别为“{again}”"
            if read_value(text).kind in (Kind.NUMBER, Kind.BLANK):
                others = (again, *doubt.alternatives, *_alternatives(reading))
                out.append(
                    (text, replace(doubt, alternatives=_unique(others, text), reason=f"{doubt.reason}；{reason}"))
                )
                continue
            # the first reading no number, the second is no surer: a 0 the seal's strokes cross stays likeliest
            others = (text, *doubt.alternatives, *_alternatives(reading), "0")
            reason = f"{reason}（首次识别为“{text}”）"
            out.append(
                (again, Doubt(doubt.source, again, _unique(others, again), round(reading.confidence, 3), reason))
            )
        return out

    def _darkest(self, cell: BBox) -> Any:
        """The print of a cell as the recogniser reads best, from its darkest ink only: darker than the
        lower of three grey levels (paper, a seal's ink, print: a three-class Otsu split of the cell),
        in pieces as dark on average as print (``_faint``: a cell the seal alone crosses has only its
        pale remains), and of character size — an arc of the seal's ring or a line left of its edge is longer than
        any character — the largest piece of it and those beside it on its line; cut to their extent with a
        margin.  ``_NO_PRINT`` when there is no such ink; None when the cell is too small to tell."""
        import cv2
        import numpy as np

        pad = max(3, int(0.15 * self.char_h))
        x0, y0, x1, y1 = int(cell[0]) + pad, int(cell[1]) + pad, int(cell[2]) - pad, int(cell[3]) - pad
        if x1 - x0 < 4 or y1 - y0 < 4:
            return None
        region = self.clean[y0:y1, x0:x1]
        dark = (region <= _lower_split(region)).astype(np.uint8)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
        ch = self.char_h
        grey = np.bincount(labels.ravel(), weights=region.ravel(), minlength=n) / np.maximum(stats[:, 4], 1)
        pieces = [
            k
            for k in range(1, n)
            if stats[k, cv2.CC_STAT_HEIGHT] <= 1.4 * ch
            and stats[k, cv2.CC_STAT_WIDTH] <= 1.4 * ch
            and stats[k, cv2.CC_STAT_AREA] >= 0.02 * ch * ch
            and grey[k] <= self.faint
        ]
        if not pieces:
            return _NO_PRINT
        largest = max(pieces, key=lambda k: stats[k, cv2.CC_STAT_AREA])
        mid = stats[largest, cv2.CC_STAT_TOP] + stats[largest, cv2.CC_STAT_HEIGHT] / 2
        left = stats[largest, cv2.CC_STAT_LEFT]
        right = left + stats[largest, cv2.CC_STAT_WIDTH]
        line = [largest]
        grown = True
        while grown:  # the digits beside it, one after another (a gap of at most half a character)
            grown = False
            for k in pieces:
                x, w = stats[k, cv2.CC_STAT_LEFT], stats[k, cv2.CC_STAT_WIDTH]
                if k in line or abs(stats[k, cv2.CC_STAT_TOP] + stats[k, cv2.CC_STAT_HEIGHT] / 2 - mid) >= 0.5 * ch:
                    continue
                if x - right < 0.5 * ch and left - (x + w) < 0.5 * ch:
                    line.append(k)
                    left, right, grown = min(left, x), max(right, x + w), True
        keep = np.isin(labels, line)
        paper = int(np.percentile(region, 90))
        variant = np.where(keep, region, paper).astype(np.uint8)
        return _crop(variant, keep.astype(np.uint8) * 255, (0, 0, x1 - x0, y1 - y0), ch)

    def _lines(self) -> Any:
        """Where the page with its coloured seal taken out shows ink a rule may be on: its print, and any
        thin line darker by 20 than the page 5 pixels to either side across it (smoothed 9 pixels along
        it) and as dark as print (``faint``) — a rule the seal's ink faded where it crossed, not the pale
        edge of a seal's stroke a JPEG's blurred colour left behind."""
        import cv2
        import numpy as np

        seen = self.binary > 0
        for size, across in (((9, 1), 0), ((1, 9), 1)):  # rows (smoothed along x, compared up and down), columns
            smooth = cv2.blur(self.gray, size).astype(np.int16)
            before, after = np.roll(smooth, 5, axis=across), np.roll(smooth, -5, axis=across)
            seen |= (before - smooth >= 20) & (after - smooth >= 20) & (smooth <= self.faint)
        return seen.astype(np.uint8)

    def _faint(self) -> float:
        """The grey level halfway between the page's print (its ink away from the seals) and its paper:
        what is lighter is no print — what is left of a seal's strokes once the seal is taken out."""
        import numpy as np

        if self.stamp is None:
            return 0.0
        gray, ink, stamp = self.gray[::2, ::2], self.binary[::2, ::2] > 0, self.stamp[::2, ::2] > 0
        printed = gray[ink & ~stamp] if (ink & ~stamp).any() else gray[ink]
        if not printed.size:
            return 0.0
        return (float(np.median(printed)) + float(np.percentile(gray, 90))) / 2

    def _has_ink(self, cell: BBox) -> bool:
        """Whether a cell no text was read in holds ink enough for a character (rules taken out)."""
        pad = max(3, int(0.15 * self.char_h))
        x0, y0, x1, y1 = int(cell[0]) + pad, int(cell[1]) + pad, int(cell[2]) - pad, int(cell[3]) - pad
        if x1 - x0 < 3 or y1 - y0 < 3:
            return False
        return int((self.ink[y0:y1, x0:x1] > 0).sum()) >= 0.03 * self.char_h * self.char_h

    def _seal_over(self, box: BBox) -> Any:
        """The seal mask over a box (empty without a seal)."""
        import numpy as np

        if self.stamp is None:
            return np.zeros((0, 0), np.uint8)
        x0, y0, x1, y1 = (int(v) for v in box)
        return self.stamp[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]

    def _under_seal(self, box: BBox) -> bool:
        """Whether a seal's ink covers a good part of a box (what is left of its letters, read as ink the
        text detector did not see)."""
        region = self._seal_over(box)
        return bool(region.size) and float((region > 0).mean()) >= 0.3

    def _stamped(self, cell: BBox) -> bool:
        """Whether a stamp (found by its colour) lies over part of a cell."""
        region = self._seal_over(cell)
        return bool(region.size) and float(region.mean()) > 0.01

    @staticmethod
    def _doubt(text: str, items: list[Item], source: Source) -> Doubt | None:
        """The doubt about a cell's reading, if any: only what could be a value matters."""
        if not items:
            return None
        kind = read_value(text).kind
        short = len(text.strip()) <= 12
        lookalike = any(c in DIGIT_LOOKALIKE for c in text) and short
        bare = "".join(text.split())
        garbled = (
            kind is Kind.TEXT
            and short
            and (any(not is_cjk(c) for c in bare) or (len(bare) <= 2 and bare not in _WORDS_IN_VALUE_CELLS))
        )
        if (
            kind not in (Kind.NUMBER, Kind.DASH)
            and not lookalike
            and not garbled
            and not any(it.unread_ink for it in items)
        ):
            return None  # a label: similarity matching copes with its slips
        reasons = [
            r
            for it in items
            if (r := ("有字迹未被识别" if it.unread_ink and not it.reading.text else _doubtful(it.reading)))
        ]
        if garbled:  # stray marks, a stamp's strokes, a digit read as a letter: not what is printed
            reasons.append("识别结果不是数字")
        if not reasons:
            return None
        confidence = min((it.reading.confidence for it in items), default=0.0)
        alternatives: tuple[str, ...] = ()
        if len(items) == 1:
            alternatives = _alternatives(items[0].reading)
        digits = "".join(it.reading.digits for it in items)
        if kind is not Kind.NUMBER and read_value(digits).kind is Kind.NUMBER:  # θ for a 0 a stroke crossed
            alternatives = _unique((digits, *alternatives), text)
        return Doubt(source, text, alternatives, round(confidence, 3), "；".join(dict.fromkeys(reasons)))


# a lone 验 or 浦 in a value cell is a stamp's stroke; these words are printed there
_WORDS_IN_VALUE_CELLS = frozenset({"无", "空", "零", "其他", "总计", "合计", "小计"})
# what a seal's strokes leave at either end of a label it crosses (规章III, 规章＃, [信息内容): no printed
# label begins with anything but a character, an ordinal or an opening bracket, nor ends with anything
# but a character or a closing bracket or quote
_SEAL_STROKES = re.compile(r"^[^\u4e00-\u9fff\u3400-\u4dbf0-9（(“\"]+|[^\u4e00-\u9fff\u3400-\u4dbf）)”\"]+$")
_PAGE_NUMBER = re.compile(r"^[\s\-—–－_·.~～]*(?:第\s*)?\d{1,3}(?:\s*页)?[\s\-—–－_·.~～]*$")
_NUMBER_RUN = re.compile(r"\d+(?:[.,]\d+)*")
_LABEL_LIKE = re.compile(r"^\s*[（(]?\d{1,2}\s*[.、．)）]\s*[\u4e00-\u9fff]")


def _pick_number(text: str, items: list[Item], cell: BBox) -> tuple[str, tuple[str, ...]] | None:
    """A number among stray marks in a value cell (``0酒``, ``P 0``, ``0 1``: a stamp's strokes read as
    characters beside the printed value): the number the cell most likely prints — one read alone before
    one read with some confidence before a faint one, one read alone before one run into marks, then the
    one nearest the cell's middle — and the other numbers it could be.
    None when the cell reads as a value already, or holds a label (a numbered word, two Chinese characters running together)."""
    runs = [m.group(0) for it in items for m in _NUMBER_RUN.finditer(it.reading.text)]
    if (read_value(text).kind is not Kind.TEXT and len(runs) < 2) or sum(is_cjk(c) for c in text) > 3:
        return None
    # Chinese characters every one of which was barely read (``18天虾``, 天 at 5 %) are marks, not words
    marks = all(p < 0.3 for it in items for ch, p in zip(it.reading.text, it.reading.probs, strict=False) if is_cjk(ch))
    if _LABEL_LIKE.search(text) or (any(is_cjk(a) and is_cjk(b) for a, b in itertools.pairwise(text)) and not marks):
        return None  # a label (``3.其他``, ``（七）总计``): words, not a stamp's scattered strokes
    cx, cy = (cell[0] + cell[2]) / 2, (cell[1] + cell[3]) / 2
    w, h = max(1.0, cell[2] - cell[0]), max(1.0, cell[3] - cell[1])
    found: list[tuple[bool, bool, float, str]] = []
    for it in items:
        line = it.reading.text
        for m in _NUMBER_RUN.finditer(line):
            x = it.box[0] + (it.box[2] - it.box[0]) * (m.start() + m.end()) / 2 / max(1, len(line))
            alone = m.group(0) == line.strip()
            faint = min(it.reading.probs[m.start() : m.end()], default=0.0) < 0.5
            found.append((faint, not alone, abs(x - cx) / w + abs(it.cy - cy) / h, m.group(0)))
    if not found:
        return None
    ranked = [n for *_, n in sorted(found)]
    return ranked[0], tuple(dict.fromkeys([*ranked[1:], "".join(runs)]))


def _label_under_seal(text: str) -> str:
    """A label crossed by a seal without what its strokes left at either end (``规章III`` → ``规章``); a
    cell whose ends hold a digit other than 1 (an arc reads as 1, not as 0) is left as read: a value."""
    stray = "".join(m.group(0) for m in _SEAL_STROKES.finditer(text))
    if any(c.isdigit() and c != "1" for c in stray):
        return text
    return _SEAL_STROKES.sub("", text)


def _luma(image: Any) -> Any:
    import cv2

    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


_NO_PRINT: Any = object()  # a cell under a seal with no ink of a character's size


class _CellRead(NamedTuple):
    """A table cell as first read: where it is among the page's cells, its rows and columns in the grid,
    its text and doubt, and whether a seal lies over it."""

    at: int
    r0: int
    r1: int
    c0: int
    c1: int
    text: str
    doubt: Doubt | None
    stamped: bool


_ITEM_NUMBER = re.compile(r"\s*[（(]?(\d{1,2})\s*[)）]?\s*[.．、,，]?")


def _numbers_a_label(text: str, again: str) -> bool:
    """Whether ``text`` is a row's numbered label (``3.危及“三安全一稳定”``, ``（2）…``) and ``again`` its
    number alone: what the darkest ink of a label under a seal may keep.  A seal's letters read in a
    value cell are no number followed by words."""
    m = _ITEM_NUMBER.match(text)
    number = read_value(again).number
    return m is not None and number is not None and int(m.group(1)) == number and sum(map(is_cjk, text[m.end() :])) >= 2


def _or_blank(doubt: Doubt, why: str | None = None) -> Doubt:
    """``doubt`` admitting that the cell is blank (what was read may be a seal's marks alone)."""
    if "" in doubt.alternatives:
        return doubt
    reason = f"{doubt.reason}；{why}" if why else doubt.reason
    return replace(doubt, alternatives=(*doubt.alternatives, ""), reason=reason)


def _unique(texts: tuple[str, ...], but: str) -> tuple[str, ...]:
    return tuple(t for t in dict.fromkeys(texts) if t != but)


def _lower_split(region: Any) -> int:
    """The lower threshold of a three-class Otsu split of a grey region's histogram."""
    import numpy as np

    hist = np.bincount(region.ravel(), minlength=256).astype(np.float64)
    p = hist / max(1.0, hist.sum())
    levels = np.arange(256, dtype=np.float64)
    w = np.cumsum(p)
    m = np.cumsum(p * levels)
    total = m[-1]
    best, split = -1.0, 0
    for t1 in range(1, 254):
        w0, m0 = w[t1], m[t1]
        if w0 <= 0:
            continue
        w1 = w[t1 + 1 : 255] - w0
        m1 = m[t1 + 1 : 255] - m0
        w2 = 1.0 - w[t1 + 1 : 255]
        m2 = total - m[t1 + 1 : 255]
        ok = (w1 > 0) & (w2 > 0)
        if not ok.any():
            continue
        between = m0 * m0 / w0 + np.where(ok, m1 * m1 / np.where(ok, w1, 1) + m2 * m2 / np.where(ok, w2, 1), -1.0)
        k = int(np.argmax(between))
        if between[k] > best:
            best, split = float(between[k]), t1
    return split


def _resized(mask: Any, shape: tuple[int, ...], smooth: bool = False) -> Any:
    import cv2

    if mask.shape[:2] == shape[:2]:
        return mask
    return cv2.resize(mask, (shape[1], shape[0]), interpolation=cv2.INTER_AREA if smooth else cv2.INTER_NEAREST)


def _is_table(cells: list[BBox], char_h: float) -> bool:
    """Whether the rules found make a table: at least three columns (or two rows, or one row of two wide
    cells), and cells that hold a line of text
    (the strokes of a large bold heading — 三、收到… — cross like rules but make cells smaller than a
    character: a grid of them is no table)."""
    import statistics

    xs = _axis([b[0] for b in cells] + [b[2] for b in cells])
    ys = _axis([b[1] for b in cells] + [b[3] for b in cells])
    # a table's last row alone at the top of a page (行政事业性收费 | 0): two cells, each wider than a few
    # characters — no heading's strokes make those
    wide = len(xs) == 3 and min(b[2] - b[0] for b in cells) >= 4 * char_h
    if not (len(xs) > 2 and (len(ys) > 2 or len(xs) > 3 or wide)):
        return False
    return statistics.median(b[3] - b[1] for b in cells) >= 0.9 * char_h


def _inside(x: float, y: float, cells: list[BBox]) -> bool:
    if len(cells) == 1:
        c = cells[0]
        return c[0] <= x <= c[2] and c[1] <= y <= c[3]
    return min(c[0] for c in cells) <= x <= max(c[2] for c in cells) and min(c[1] for c in cells) <= y <= max(
        c[3] for c in cells
    )


# -- documents ----------------------------------------------------------------------------------------


def ocr_page(
    image: Any, page_no: int, path: str | None, *, dpi: float | None = None, image_dpi: float | None = None
) -> PageRead:
    """Read one page image.  ``dpi``: the resolution a PDF page was rendered at (bboxes in points);
    ``image_dpi``: the resolution an image file states (scaled to ``RENDER_DPI``; bboxes in the image's
    own pixels); neither: an image of unknown resolution (bboxes in its own pixels)."""
    if dpi:
        return _Page(image, page_no, path, True, 72.0 / dpi).read()
    if image_dpi:
        import cv2

        factor = RENDER_DPI / image_dpi
        if abs(factor - 1) > 0.05:
            interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
            image = cv2.resize(image, None, fx=factor, fy=factor, interpolation=interpolation)
        else:
            factor = 1.0
        return _Page(image, page_no, path, True, 1.0 / factor).read()
    return _Page(image, page_no, path, False, 1.0).read()


def resolve_doubts(builder: Builder, pending: dict[tuple[int, BBox], Doubt]) -> list[Doubt]:
    """The doubts of the pages, each naming its cell where the document finally put it (table, row, col)."""
    if not pending:
        return []
    out = []
    for block in builder.blocks:
        if not hasattr(block, "rows"):
            continue
        for row in block.rows:
            for cell in row:
                src = cell.source
                if cell.spanned or src.page is None or src.bbox is None:
                    continue
                doubt = pending.get((src.page, src.bbox))
                if doubt is not None:
                    out.append(Doubt(src, doubt.text, doubt.alternatives, doubt.confidence, doubt.reason))
    return out


def read_image(data: bytes, path: str | None = None) -> Document:
    """An image file (every page of a multi-page TIFF) read by OCR."""
    engine(path)  # the install message before any work
    builder = Builder(path)
    deadline = Deadline(path)
    pending: dict[tuple[int, BBox], Doubt] = {}
    for index, (image, dpi) in enumerate(image_pages(data, path)):
        deadline.extend(LIMITS.ocr_page_seconds)
        deadline.check("图片文字识别")
        page = ocr_page(image, index + 1, path, image_dpi=dpi)
        builder.add_page(index + 1, page.lines, page.tables)
        pending.update(page.doubts)
    return Document(blocks=builder.blocks, path=path, layout="ocr", doubts=resolve_doubts(builder, pending))


__all__ = ["PageRead", "ocr_page", "read_image", "resolve_doubts"]
