"""The columns of a table printed without (complete) rules, from the geometry of its text.

A region of bands (``pdf_lines.find_regions``) is cut into parts, each a header (lines of text only)
and a body (rows of values): a new part starts where a text line reaching into the columns of the rows
above it follows them (table one starts each block with its own header), or where a header line is
printed again.  For each part:

1. **Label area**: the body's text left of its first value; everything right of it is a value column.
2. **Columns**: the *leaf* header cells (header text, its wrapped lines joined, with no header text
   below it) in the value area name the columns, each with its own x position; a header above two
   columns' values spans them and names none, and so does a title line alone over the header.
   Values that overlap each other in x form clusters (one column's values).  Each cluster goes to the
   leaf header it can stand under: a cell's text stays inside its cell, so a value never reaches past
   the header texts of the neighbouring columns.  When two headers are possible (a value between
   them), the values' alignment decides (right-aligned values stand right of their header's centre,
   left-aligned ones left of it); when nothing decides, the part's columns are not known.  A column
   whose cells are all blank has its header and no cluster: every row gets an empty cell there.  A
   part with no header, or under the table's first header printed again at the top of a page, takes
   the columns of the part that ended the previous page.

Nothing is guessed: ``columns_of`` returns None when a value's column is not certain.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from gongkai.normalize import is_value_text
from gongkai.readers.pdf_lines import Band, Run

TOL = 1.0


@dataclass(slots=True)
class Columns:
    """The value columns of a table part: label boundary, one x-range per column (from its header)."""

    label_right: float
    spans: list[tuple[float, float]]  # per column: the x-range of its header text (or of its values)
    head: frozenset[str] = frozenset()  # the texts of the table's first header (told again on a new page)

    @property
    def xs(self) -> list[float]:
        """The column centres (to tell the same table continued on the next page)."""
        return [round((a + b) / 2, 1) for a, b in self.spans]


@dataclass(slots=True)
class Part:
    header: list[Band] = field(default_factory=list)
    body: list[Band] = field(default_factory=list)


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _edges(bands: list[Band], beside: bool = False) -> tuple[float, float] | None:
    """Where the value columns of ``bands`` (rows) begin (the leftmost first value of a line) and
    where their labels end (of the labels on lines with values only, when ``beside``: the bands may
    hold header lines too)."""
    firsts = [b.values[0].x0 for b in bands if b.values]
    if not firsts:
        return None
    edge = min(firsts) - TOL
    labels = [r.x1 for b in bands if b.values or not beside for r in b.runs if not r.value and r.x1 < edge]
    return edge, (max(labels) + TOL if labels else edge)


def _header_like(band: Band, edges: tuple[float, float] | None) -> bool:
    """Text reaching into the value columns, or a cell right of every label."""
    if edges is None:
        return False
    edge, label_edge = edges
    return any(r.x1 > edge for r in band.runs) or (len(band.segments()) >= 2 and band.segments()[-1][0] > label_edge)


def split_parts(region: list[Band]) -> list[Part]:
    """Cut a region into parts (header lines, then rows of values), each with its own columns: a text
    line reaching into the columns of the rows above it starts a new part, as does a header line begun
    again; the columns are those of the part's own rows (two tables in one region differ)."""
    known = _edges(region, beside=True)
    parts = [Part()]
    for band in region:
        part = parts[-1]
        if band.values:
            part.body.append(band)
            known = _edges(part.body)
        elif _header_like(band, known):
            head = (band.runs[0].text, round(band.runs[0].x0))
            again = len(band.runs) >= 2 and len(head[0]) >= 2  # a header line begun again (信息内容 …)
            if part.body or (again and any((b.runs[0].text, round(b.runs[0].x0)) == head for b in part.header)):
                # after values, or a header line printed again: a new part, with the line of text
                # right above it (its title, 第二十条第（五）项, or a row printed blank)
                title = [part.body.pop()] if part.body and not part.body[-1].values else []
                parts.append(Part(header=[*title, band]))
            else:
                part.header.append(band)
        elif part.body:
            part.body.append(band)
        else:
            part.header.append(band)
    for part in parts:  # label lines right above the first values begin the body (a wrapped label),
        # unless they stand under a column's header (the header's own wrapped line); when the first values
        # stand without a label, the line right above them that begins a list item (一、本年新收…) left of
        # every value is their label's first line whatever stands above it
        own = _edges(part.body)
        if own is None:
            continue
        heads = [r.x0 for b in part.header for r in b.runs if r.x0 > own[1]]  # right of the labels
        start = min(heads) if heads else float("inf")
        unlabelled = bool(part.body) and all(r.value for r in part.body[0].runs)
        while (
            part.header
            and not _header_like(part.header[-1], own)
            and (
                all(r.x1 <= start for r in part.header[-1].runs)
                or (unlabelled and _item_label(part.header[-1], own[0]))
            )
        ):
            part.body.insert(0, part.header.pop())
            unlabelled = False
    return parts


NEW_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．](?!\d))"
)


def _item_label(band: Band, values_edge: float) -> bool:
    """A line that begins a list item and stands left of every value: a row's label."""
    return bool(band.runs) and bool(NEW_ITEM.match(band.runs[0].text)) and all(r.x1 <= values_edge for r in band.runs)


def labels_end(part: Part) -> float:
    """Where the labels end: the right end of the body's text left of every value."""
    body = [r for b in part.body for r in b.runs]
    values = [r.x0 for r in body if r.value]
    if not values:
        return float("-inf")
    first = min(values)
    labels = [r.x1 for r in body if not r.value and r.x1 <= first + TOL]
    return max(labels) if labels else float("-inf")


@dataclass(slots=True)
class _Head:
    """A header cell (its wrapped lines joined) and where it stands among the header lines."""

    x0: float
    x1: float
    top: float
    bottom: float
    h: float
    first: bool  # the first text of its line
    alone: bool  # no other header cell beside it
    low: bool  # on the header's last line


def _heads(header: list[Band]) -> list[_Head]:
    band_of = {id(r): i for i, b in enumerate(header) for r in b.runs}
    out = []
    for cell in stack_header([r for b in header for r in b.runs]):
        i = band_of[id(cell[0])]
        out.append(
            _Head(
                min(r.x0 for r in cell),
                max(r.x1 for r in cell),
                min(r.top for r in cell),
                max(r.bottom for r in cell),
                cell[0].h,
                header[i].runs[0] is cell[0],
                True,
                any(band_of[id(r)] == len(header) - 1 for r in cell),
            )
        )
    for c in out:  # alone: no other header cell beside it (a title line over the header)
        c.alone = not any(o is not c and overlap(c.top, c.bottom, o.top, o.bottom) > 0.3 * c.h for o in out)
    return out


def stack_header(runs: list[Run]) -> list[list[Run]]:
    """Header runs → cells: a line continues the line above it (wrapped text) when it is the only line
    under it, on the same axis, no wider, and one line pitch away (the smallest such distance in the
    header; when it is the only distance, the other texts on its line must be wrapped text too)."""
    ordered = sorted(runs, key=lambda r: (r.top, r.x0))
    if len(ordered) > 400:
        return [[r] for r in ordered]
    beside = {id(r): [o for o in ordered if o is not r and abs(o.cy - r.cy) <= 0.4 * r.h] for r in ordered}

    def basic(above: Run, r: Run) -> bool:
        return (
            0.5 * r.h < r.cy - above.cy <= 1.7 * r.h
            and (abs(above.cx - r.cx) <= 1.5 or abs(above.x0 - r.x0) <= 1.5)
            and above.width >= r.width - 0.5 * r.h
            and not any(overlap(o.x0, o.x1, above.x0, above.x1) > 0 for o in beside[id(r)])
        )

    pitches = [r.cy - a.cy for i, r in enumerate(ordered) for a in ordered[:i] if basic(a, r)]
    if not pitches:
        return [[r] for r in ordered]
    line = min(pitches) + 0.5
    # one distance only: it may be a row's height, not a line pitch — then a line beside texts of one
    # line each is a row of headers under a title, not a wrapped line
    alone = max(pitches) <= line and len(pitches) < 3  # (several wrapped texts show the line pitch)
    wrapped = {id(x) for i, r in enumerate(ordered) for a in ordered[:i] if basic(a, r) for x in (a, r)}

    def follows(above: Run, r: Run) -> bool:
        return basic(above, r) and (not alone or all(id(o) in wrapped for o in beside[id(r)]))

    cells: list[list[Run]] = []
    for r in ordered:
        home = None
        for cell in cells:
            if r.cy - cell[-1].cy <= line and follows(cell[-1], r):
                home = cell
        if home is None:
            cells.append([r])
        else:
            home.append(r)
    return cells


def header_leaves(
    header: list[Band], label_right: float, clusters: list[list[Run]], first_span: float | None = None
) -> tuple[list[tuple[float, float]], bool]:
    """The x-ranges of the header cells that name value columns (see the module docstring), and
    whether the first of them may be the label column's header instead."""
    heads = _heads(header)
    leaves = [
        c
        for c in heads
        if c.x0 >= label_right - TOL
        and not any(o.top > c.bottom - 0.3 * c.h and overlap(c.x0, c.x1, o.x0, o.x1) > 0.5 for o in heads if o is not c)
    ]
    leaves.sort(key=lambda c: c.x0)
    spans = [(min(r.x0 for r in c), max(r.x1 for r in c)) for c in clusters]
    keep: list[_Head] = []
    for i, c in enumerate(leaves):
        left = leaves[i - 1] if i else None
        right = leaves[i + 1] if i + 1 < len(leaves) else None
        if (
            left is not None
            and right is not None
            and c.bottom < left.top
            and c.bottom < right.top
            and right.x0 - left.x1 < c.x1 - c.x0 + 2 * TOL
        ):
            continue  # above the gap between its neighbours' headers: it spans them
        under = sum(1 for a, b in spans if overlap(c.x0, c.x1, a, b) > 0)
        if under >= 2:
            continue  # over two columns' values: it spans them
        if under == 0 and c.alone and not c.low:
            continue  # a title line over the header (第二十条第（五）项), not a column printed blank
        keep.append(c)
    # the first header of its line, left of every value, may be the label column's header (信息内容)
    # rather than a column printed blank throughout
    limit = spans[0][0] if spans else first_span
    label = False
    named = any(  # a header over the labels beside the value headers: the label column has its header
        c.x0 < label_right - TOL and any(overlap(c.top, c.bottom, k.top, k.bottom) > 0 for k in keep) for c in heads
    )
    if keep and keep[0].first and not named and label_right > float("-inf"):  # (a table with labels)
        if limit is not None:
            label = keep[0].x1 < limit
        else:  # a header with no rows under it: the first of a line of several headers
            label = any(overlap(keep[0].top, keep[0].bottom, o.top, o.bottom) > 0 for o in keep[1:])
    return [(c.x0, c.x1) for c in keep], label


def _repeats(header: list[Band], head: frozenset[str]) -> bool:
    """Whether a header repeats the table's first header (printed again at the top of a page)."""
    texts = {r.text for b in header for r in b.runs}
    common = texts & head
    return len(common) >= 2 and len(common) >= 0.6 * len(texts)


def _clusters(runs: list[Run]) -> list[list[Run]]:
    out: list[list[Run]] = []
    right = float("-inf")
    for r in sorted(runs, key=lambda r: r.x0):
        if out and r.x0 < right - 0.5:
            out[-1].append(r)
            right = max(right, r.x1)
        else:
            out.append([r])
            right = r.x1
    return out


def _mode(clusters: list[list[Run]], placed: list[tuple[list[Run], tuple[float, float]]]) -> str | None:
    """The values' alignment: centre, right or left.  From clusters whose values differ in width (the
    edge or centre they share), else from the clusters whose column is certain (where they stand
    against their header's centre)."""
    votes = {"center": 0, "right": 0, "left": 0}
    for c in clusters:
        if max(r.width for r in c) - min(r.width for r in c) < 2.0:
            continue
        spread = {
            "left": max(r.x0 for r in c) - min(r.x0 for r in c),
            "right": max(r.x1 for r in c) - min(r.x1 for r in c),
            "center": max(r.cx for r in c) - min(r.cx for r in c),
        }
        best = min(spread, key=lambda k: spread[k])
        if spread[best] <= 1.5:
            votes[best] += 1
    if not any(votes.values()):
        for c, (a, b) in placed:
            d = sum(r.cx for r in c) / len(c) - (a + b) / 2
            votes["center" if abs(d) <= 2.0 else "right" if d > 0 else "left"] += 1
    ranked = sorted(votes, key=lambda k: votes[k], reverse=True)
    if votes[ranked[0]] == 0 or votes[ranked[0]] == votes[ranked[1]]:
        return None
    return ranked[0]


def _assign(clusters: list[list[Run]], leaves: list[tuple[float, float]]) -> list[int] | None:
    """The leaf (column) of each cluster, or None when a cluster's column is not certain."""
    m = len(leaves)
    feasible: list[list[int]] = []
    for c in clusters:
        x0, x1 = min(r.x0 for r in c), max(r.x1 for r in c)
        feasible.append(
            [
                k
                for k in range(m)
                if (k == 0 or x0 >= leaves[k - 1][1] - TOL) and (k == m - 1 or x1 <= leaves[k + 1][0] + TOL)
            ]
        )
    # monotone: each cluster strictly right of the previous one's column
    lo = -1
    for ks in feasible:
        ks[:] = [k for k in ks if k > lo]
        if not ks:
            return None
        lo = ks[0]
    hi = m
    for ks in reversed(feasible):
        ks[:] = [k for k in ks if k < hi]
        if not ks:
            return None
        hi = ks[-1]
    placed = [(c, leaves[ks[0]]) for c, ks in zip(clusters, feasible, strict=True) if len(ks) == 1]
    mode = _mode(clusters, placed) if any(len(ks) > 1 for ks in feasible) else None
    out = []
    for c, ks in zip(clusters, feasible, strict=True):
        if len(ks) == 1:
            out.append(ks[0])
            continue
        cx = sum(r.cx for r in c) / len(c)
        centres = {k: (leaves[k][0] + leaves[k][1]) / 2 for k in ks}
        if mode == "right":
            pick = [k for k in ks if centres[k] <= cx + TOL]
            choice = max(pick) if pick else None
        elif mode == "left":
            pick = [k for k in ks if centres[k] >= cx - TOL]
            choice = min(pick) if pick else None
        elif mode == "center":
            near = [k for k in ks if abs(centres[k] - cx) <= 3.0]
            choice = near[0] if len(near) == 1 else None
        else:
            choice = None
        if choice is None:
            return None
        out.append(choice)
    if any(b <= a for a, b in itertools.pairwise(out)):
        return None
    return out


def _value_area(part: Part, label_right: float) -> list[Run]:
    """The body's cells right of the labels: on lines with values, every text; on lines of text only
    (a title across the table, a label), only what reads as a value (无)."""
    return [r for b in part.body for r in b.runs if r.x0 >= label_right - TOL and (b.values or is_value_text(r.text))]


def columns_of(part: Part, previous: Columns | None) -> tuple[Columns, dict[int, int]] | None:
    """The part's columns and the column of each value-area run (by id), or None if uncertain."""
    label_right = labels_end(part)
    if previous is not None and (not part.header or _repeats(part.header, previous.head)):
        # the rows continue the part that ended the previous page (under its header printed again)
        if label_right == float("-inf"):
            label_right = previous.label_right
        clusters = _clusters(_value_area(part, label_right))
        ks = _assign(clusters, previous.spans)
        if ks is not None:
            return Columns(label_right, previous.spans), {
                id(r): k for k, c in zip(ks, clusters, strict=True) for r in c
            }
        label_right = labels_end(part)
    clusters = _clusters(_value_area(part, label_right))
    leaves, label = header_leaves(part.header, label_right, clusters)
    if not leaves:
        spans = [(min(r.x0 for r in c), max(r.x1 for r in c)) for c in clusters]
        return Columns(label_right, spans), {id(r): k for k, c in enumerate(clusters) for r in c}
    ks = _assign(clusters, leaves)
    if label and (ks is None or 0 not in ks):
        # no value under it: the label column's header (taking it for a column printed blank
        # throughout would misplace every value; leaving it out leaves rows short, which is reported)
        leaves = leaves[1:]
        ks = _assign(clusters, leaves)
    if ks is None:
        return None
    return Columns(label_right, leaves), {id(r): k for k, c in zip(ks, clusters, strict=True) for r in c}
