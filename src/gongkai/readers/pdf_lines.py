"""The text of a PDF page as geometry: glyphs → runs → bands, and where tables without rules are.

- A **run** is a stretch of glyphs on one baseline with no gap wider than a third of the glyph
  height: one cell's line of text, or a piece of a paragraph line.
- A **band** is the set of runs whose vertical centres agree: one visual line across the page.
- A **region** is a stretch of bands that forms a table printed without (complete) rules: it holds
  values standing apart from their neighbours (a gap of about a glyph width on each side), and it
  ends at running text (a dense line across most of the text width), at text in another font size,
  or at a wide empty gap.

Everything here works on the glyphs' *loose* boxes (font ascent/descent and advance width), which are
the same for every glyph of one font size whether or not the font carries outlines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from gongkai.normalize import Kind, read_value, squash
from gongkai.readers.grid import join_lines

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom (points, origin top-left)

RUN_GAP = 0.3  # a gap wider than this many glyph heights ends a run
SEGMENT_GAP = 1.0  # a gap wider than this separates a band into segments (cells, not words)
MAX_RUNS = 8000  # per page: beyond this no table detection from geometry (bounded work)


@dataclass(slots=True, eq=False)
class Glyph:
    text: str
    box: BBox | None  # the glyph's own box (provenance)
    loose: BBox | None = None  # the font's box for it (geometry)


@dataclass(slots=True, eq=False)
class Run:
    glyphs: list[Glyph]
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    value: bool = False  # the text reads as a number or a dash (a table value; 无 may be a label's glyph)

    @property
    def h(self) -> float:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def bbox(self) -> BBox:
        return (round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1))


@dataclass(slots=True, eq=False)
class Band:
    runs: list[Run] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(r.top for r in self.runs)

    @property
    def bottom(self) -> float:
        return max(r.bottom for r in self.runs)

    @property
    def cy(self) -> float:
        return median(r.cy for r in self.runs)

    @property
    def h(self) -> float:
        return median(r.h for r in self.runs)

    @property
    def values(self) -> list[Run]:
        return [r for r in self.runs if r.value]

    def segments(self) -> list[tuple[float, float]]:
        """x-extents of the band's runs joined across gaps narrower than ``SEGMENT_GAP`` heights."""
        out: list[tuple[float, float]] = []
        for r in self.runs:
            if out and r.x0 - out[-1][1] < SEGMENT_GAP * r.h:
                out[-1] = (out[-1][0], max(out[-1][1], r.x1))
            else:
                out.append((r.x0, r.x1))
        return out


def _run(glyphs: list[Glyph]) -> Run:
    boxes = [g.loose for g in glyphs if g.loose is not None]
    text = join_lines(["".join(g.text for g in glyphs)])
    return Run(
        glyphs,
        text,
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
        _is_number(text),
    )


def _is_number(text: str) -> bool:
    squashed = squash(text)
    return bool(squashed) and read_value(squashed).kind in (Kind.NUMBER, Kind.DASH)


def page_runs(lines: list[list[Glyph]]) -> list[Run]:
    """Cut the page's text (lines of glyphs in text order) into runs."""
    runs: list[Run] = []
    for line in lines:
        current: list[Glyph] = []
        prev: BBox | None = None
        for g in line:
            b = g.loose
            if b is None or not g.text.strip():
                continue
            if prev is not None:
                h = max(prev[3] - prev[1], b[3] - b[1], 1.0)
                gap = b[0] - prev[2]
                if abs((b[1] + b[3]) / 2 - (prev[1] + prev[3]) / 2) > 0.4 * h or gap > RUN_GAP * h or gap < -0.5 * h:
                    runs.append(_run(current))
                    current = []
            current.append(g)
            prev = b
        if current:
            runs.append(_run(current))
    return runs


def page_bands(runs: list[Run]) -> list[Band]:
    """Group runs into visual lines by their vertical centres, top to bottom; runs left to right."""
    bands: list[Band] = []
    anchor = 0.0
    for r in sorted(runs, key=lambda r: r.cy):
        if bands and r.cy - anchor <= 0.4 * max(r.h, 1.0):
            bands[-1].runs.append(r)
        else:
            bands.append(Band([r]))
            anchor = r.cy
    for b in bands:
        b.runs.sort(key=lambda r: r.x0)
    return bands


def _isolated(band: Band, i: int) -> bool:
    """The band's i-th run stands apart: at least a glyph height from both neighbours."""
    r = band.runs[i]
    left = band.runs[i - 1].x1 if i > 0 else None
    right = band.runs[i + 1].x0 if i + 1 < len(band.runs) else None
    return (left is None or r.x0 - left >= 0.8 * r.h) and (right is None or right - r.x1 >= 0.8 * r.h)


def _seed(band: Band) -> bool:
    return any(r.value and _isolated(band, i) for i, r in enumerate(band.runs))


def _prose(band: Band, text_width: float) -> bool:
    """Running text: one dense segment across most of the text width."""
    return any(x1 - x0 >= 0.6 * text_width for x0, x1 in band.segments())


def _same_size(band: Band, h: float) -> bool:
    return abs(band.h - h) <= 0.12 * h


def find_regions(bands: list[Band]) -> list[list[Band]]:
    """The stretches of bands that look like tables without rules (see the module docstring)."""
    runs = [r for b in bands for r in b.runs]
    if len(runs) > MAX_RUNS or not runs:
        return []
    text_width = max(r.x1 for r in runs) - min(r.x0 for r in runs)
    seeds = [i for i, b in enumerate(bands) if _seed(b)]
    regions: list[list[Band]] = []
    k = 0
    while k < len(seeds):
        first = last = seeds[k]
        h = median(r.h for r in bands[first].values)
        # join the following seeds while nothing between them breaks the table
        while k + 1 < len(seeds) and not _breaks(bands, last, seeds[k + 1], h, text_width):
            k += 1
            last = seeds[k]
        k += 1
        seeded = bands[first : last + 1]
        labels = [r.x1 for b in seeded if b.values for r in b.runs if not r.value and r.x1 < b.values[0].x0]
        zone = max(labels) if labels else min(v.x0 for b in seeded for v in b.values)  # right of every label
        lo = _grow_up(bands, first, h, text_width, zone)
        hi = _grow_down(bands, lo, last, h, text_width)
        region = bands[lo : hi + 1]
        n_values = sum(len(b.values) for b in region)
        if n_values >= 2 or (n_values and any(not b.values and len(b.segments()) >= 2 for b in region)):
            regions.append(region)  # two values, or a value under a header line of several cells
    return regions


def _breaks(bands: list[Band], a: int, b: int, h: float, text_width: float) -> bool:
    for i in range(a + 1, b + 1):
        band = bands[i]
        if bands[i].top - bands[i - 1].bottom > 4 * h:
            return True
        if i < b and (_prose(band, text_width) or (not band.values and not _same_size(band, h))):
            return True
    return False


def _grow_up(bands: list[Band], first: int, h: float, text_width: float, zone: float) -> int:
    """Header lines above the first row of values: lines of several cells, lines printed only right of
    the labels (right of ``zone``), single lines between them, and every line above them when the
    page starts with the table."""
    lo = first
    i = first - 1
    while i >= 0:
        band = bands[i]
        if _prose(band, text_width) or band.values or not _same_size(band, h) or bands[i + 1].top - band.bottom > 2 * h:
            break
        if len(band.segments()) >= 2 or all(r.x0 >= zone - 1.0 for r in band.runs):
            lo = i
        i -= 1
    return 0 if i < 0 else lo  # nothing but header lines above: the page starts with the table


def _grow_down(bands: list[Band], lo: int, last: int, h: float, text_width: float) -> int:
    """Lines after the last row of values: rows that print only a label (blank rows), and the header
    of a part whose rows are on the next page (lines of several cells, and single lines before them)."""
    region = bands[lo : last + 1]
    left = min(r.x0 for b in region for r in b.runs)
    right = max(r.x1 for b in region for r in b.runs)
    first = min(v.x0 for b in region for v in b.values)
    labels = [r.x1 for b in region for r in b.runs if not r.value and r.x1 < first]
    edge = max(labels) + 1.0 if labels else float("-inf")  # where the labels end
    hi = last
    for i in range(last + 1, len(bands)):
        band = bands[i]
        if (
            band.values
            or _prose(band, text_width)
            or not _same_size(band, h)
            or band.top - bands[i - 1].bottom > 2 * h
            or any(r.x0 < left - 3 * h or r.x1 > right + 3 * h for r in band.runs)  # (centred labels vary)
        ):
            break
        if all(r.x1 <= edge for r in band.runs) or len(band.segments()) >= 2:
            hi = i
    return hi
