"""A table printed without (complete) rules → rows of cells placed by column geometry.

The region's parts and their columns come from ``pdf_columns``; here the rows are built:

- values whose vertical centres agree are one row, each value in its column's cell, and every column
  a row has no value in gets an empty cell;
- label lines stack into one label (wrapped text) when they are one line pitch apart (closer than any
  two rows of values), or when the upper line is full, the lower one does not start a new list item
  and the values do not say otherwise; a label goes to the row of values within its height, or
  stands as a row of its own (a row printed blank);
- header lines become rows of header cells, a wrapped header text one cell.

Every cell keeps its page and bbox (a blank cell: where its column and row cross); ``expand`` gives
row and column.  Nothing is guessed: a part whose columns or rows are uncertain is left out, so its
text stays running text (which extraction reports as uncertain).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from gongkai.document import Source
from gongkai.readers.grid import RawCell, join_lines
from gongkai.readers.pdf_columns import (
    NEW_ITEM,
    Columns,
    Part,
    columns_of,
    header_leaves,
    overlap,
    split_parts,
    stack_header,
)
from gongkai.readers.pdf_lines import Band, BBox, Run

MAX_REGION_RUNS = 2000  # a report's table has a few hundred pieces of text; the work here is quadratic


@dataclass(slots=True)
class LooseTable:
    rows: list[list[RawCell]]
    top: float
    xs: list[float]  # the first part's columns (to join a table continued from the previous page)
    columns: Columns  # the last part's columns (for the next page)
    runs: list[Run] = field(default_factory=list)  # every run the table took


@dataclass(slots=True, eq=False)
class _Row:
    top: float
    bottom: float
    labels: list[list[Run]] = field(default_factory=list)
    values: list[Run] = field(default_factory=list)


def _value_lines(runs: list[Run]) -> list[_Row]:
    lines: list[_Row] = []
    anchor = 0.0
    for r in sorted(runs, key=lambda r: r.cy):
        if lines and r.cy - anchor <= 0.45 * r.h:
            row = lines[-1]
            row.values.append(r)
            row.top, row.bottom = min(row.top, r.top), max(row.bottom, r.bottom)
        else:
            lines.append(_Row(r.top, r.bottom, values=[r]))
            anchor = r.cy
    return lines


def _aligned(run: Run, lines: list[_Row]) -> _Row | None:
    for line in lines:
        if abs((line.top + line.bottom) / 2 - run.cy) <= 0.3 * run.h:
            return line
    return None


@dataclass(slots=True)
class _Context:
    """What the parts of one table share: the pitch of its rows and the width of its label lines."""

    row_pitch: float | None
    line_pitch: float | None  # between the lines of one cell (from wrapped header texts)
    labels: list[Run]


def _context(parts: list[Part]) -> _Context:
    pitches = []
    for part in parts:
        lines = _value_lines([r for b in part.body for r in b.runs if r.value])
        for a, b in itertools.pairwise(lines):
            if b.top - a.top >= 0.9 * min(r.h for r in a.values):
                pitches.append(b.top - a.top)
    labels = [r for part in parts for b in part.body for r in b.runs if not r.value]
    wrapped = [
        b.cy - a.cy
        for part in parts
        for cell in stack_header([r for b in part.header for r in b.runs])
        for a, b in itertools.pairwise(cell)
    ]
    return _Context(min(pitches) if pitches else None, min(wrapped) if wrapped else None, labels)


def _stack_labels(labels: list[Run], lines: list[_Row], ctx: _Context) -> list[list[Run]] | None:
    """Label runs → label cells (a wrapped label is one cell; see the module docstring); None when
    the geometry cannot tell a wrapped label from two rows."""
    widest: dict[int, float] = {}
    for r in labels:
        widest[id(r)] = max(o.width for o in (*ctx.labels, r) if abs(o.x0 - r.x0) <= 1.5 or abs(o.cx - r.cx) <= 1.5)
    cells: list[list[Run]] = []
    cell_of: dict[int, list[Run]] = {}
    done: list[Run] = []
    for r in sorted(labels, key=lambda r: (r.top, r.x0)):
        above = [o for o in done if o.cy < r.cy - 0.5 * r.h and overlap(o.x0, o.x1, r.x0, r.x1) > 0]
        home = None
        if above:
            up = max(above, key=lambda o: o.cy)
            if cell_of[id(up)][-1] is up:
                joined = _continues(up, r, lines, labels, ctx, widest[id(up)])
                if joined is None:
                    return None
                if joined:
                    home = cell_of[id(up)]
        if home is None:
            home = []
            cells.append(home)
        home.append(r)
        cell_of[id(r)] = home
        done.append(r)
    return cells


def _continues(up: Run, r: Run, lines: list[_Row], labels: list[Run], ctx: _Context, widest: float) -> bool | None:
    """Whether label line ``r`` continues the label whose last line is ``up`` (wrapped text); None
    when the geometry cannot tell."""
    pitch = r.cy - up.cy
    if pitch > 1.7 * r.h or not _same_axis(up, r):
        return False
    if NEW_ITEM.match(r.text) or (ctx.line_pitch is not None and pitch > ctx.line_pitch + 0.5):
        return False
    if ctx.row_pitch is not None and pitch < ctx.row_pitch - 0.15 * r.h:
        return True  # closer than any two rows of values: lines of one cell
    if up.width < widest - 1.2 * r.h:
        return False  # the line above did not fill its cell: it did not wrap
    a, b = _aligned(up, lines), _aligned(r, lines)
    if a is not None and b is not None and a is not b:
        return False  # each line has its own row of values
    if any(up.cy < (ln.top + ln.bottom) / 2 < r.cy for ln in lines):
        return True  # the row's values stand between the lines (a centred label of two lines)
    if a is None and b is not None:
        # values beside the lower line only: the row below a blank row, unless the label goes on
        # below it (the middle line of a centred label of three lines)
        return any(
            _same_axis(r, o) and abs((o.cy - r.cy) - pitch) <= 0.5 and _aligned(o, lines) is None for o in labels
        )
    if ctx.row_pitch is not None:
        return False
    if (a is None) != (b is None) and r.width >= up.width - 0.5 * r.h:
        return None  # values beside one of two equal lines, and no pitch to compare: a wrapped label
        # with its value on the first line, or a row and a blank row
    return True


def _same_axis(a: Run, b: Run) -> bool:
    return abs(a.x0 - b.x0) <= 1.5 or abs(a.cx - b.cx) <= 1.5


def _body_rows(part: Part, column_of: dict[int, int], ctx: _Context) -> list[_Row] | None:
    runs = [r for b in part.body for r in b.runs]
    lines = _value_lines([r for r in runs if id(r) in column_of])
    labels = [r for r in runs if id(r) not in column_of]
    rows = list(lines)
    cells = _stack_labels(labels, lines, ctx)
    if cells is None:
        return None
    for cell in cells:
        top, bottom = min(r.top for r in cell), max(r.bottom for r in cell)
        slack = 0.35 * cell[0].h
        hits = [ln for ln in lines if top - slack <= (ln.top + ln.bottom) / 2 <= bottom + slack]
        if len(hits) == 1:
            hits[0].labels.append(cell)
            continue
        if len(hits) > 1 and len(cell) > 1:
            own = [_aligned(r, hits) for r in cell]
            if all(o is not None for o in own) and len({id(o) for o in own}) == len(own):
                for r, line in zip(cell, own, strict=True):
                    assert line is not None
                    line.labels.append([r])
                continue
        if hits:
            cy = (top + bottom) / 2
            min(hits, key=lambda ln: abs((ln.top + ln.bottom) / 2 - cy)).labels.append(cell)
            continue
        rows.append(_Row(top, bottom, labels=[cell]))
    for row in rows:
        if len({column_of[id(v)] for v in row.values}) < len(row.values):
            return None  # two values in one column of one row: the columns are wrong
        row.labels.sort(key=lambda c: min(r.x0 for r in c))
    rows.sort(key=lambda row: (row.top + row.bottom) / 2)
    return rows


def _union(runs: list[Run]) -> BBox:
    return (
        round(min(r.x0 for r in runs), 1),
        round(min(r.top for r in runs), 1),
        round(max(r.x1 for r in runs), 1),
        round(max(r.bottom for r in runs), 1),
    )


def _text(cell: list[Run]) -> str:
    return join_lines([r.text for r in sorted(cell, key=lambda r: (r.top, r.x0))])


def read_region(region: list[Band], previous: Columns | None, page: int, path: str | None) -> list[LooseTable]:
    """The region's table parts as tables; a part whose columns are uncertain is left out (its text
    stays running text), which also ends the table before it."""
    out: list[LooseTable] = []
    if sum(len(b.runs) for b in region) > MAX_REGION_RUNS:
        return out  # not a report's table: its text stays running text (bounded work)
    current: LooseTable | None = None
    parts = split_parts(region)
    first_head = frozenset(r.text for b in parts[0].header for r in b.runs)  # the table's first header
    ctx = _context(parts)
    for part in parts:
        table_rows = _header_rows(part.header, page, path)
        taken = [r for b in (*part.header, *part.body) for r in b.runs]
        if not part.body:  # a header with no rows (a block printed blank, a header printed again,
            # or a header whose rows are on the next page: its columns carry over)
            known = current.columns if current is not None else None
            label_right = known.label_right if known is not None else float("-inf")
            first_span = known.spans[0][0] if known is not None and known.spans else None
            spans, label = header_leaves(part.header, label_right, [], first_span)
            if known is None:
                spans = []  # where its labels end is not known: which header names a column is not either
            named = Columns(label_right, spans[1:] if label else spans)
            if current is None:
                current = LooseTable(table_rows, min(r.top for r in taken), [], replace(named, head=first_head), taken)
                out.append(current)
            else:
                current.rows.extend(table_rows)
                current.runs.extend(taken)
                current.columns = replace(named, head=first_head)
            continue
        found = columns_of(part, previous)
        previous = None
        rows = _body_rows(part, found[1], ctx) if found is not None else None
        if found is None or rows is None:
            current = None
            continue
        columns, column_of = found
        table_rows.extend(_cells(rows, columns, column_of, page, path))
        if current is None:
            current = LooseTable(table_rows, min(r.top for r in taken), columns.xs, columns, taken)
            out.append(current)
        else:
            if not current.xs:
                current.xs = columns.xs
            current.rows.extend(table_rows)
            current.runs.extend(taken)
        current.columns = replace(columns, head=first_head)
    return out


def _cells(
    rows: list[_Row], columns: Columns, column_of: dict[int, int], page: int, path: str | None
) -> list[list[RawCell]]:
    """Rows → cells: the labels, then one cell per column (empty where the row prints nothing, its box
    where the row and the column cross); the value cells start after the most labels a row has."""
    n_labels = max((len(row.labels) for row in rows), default=0)
    out = []
    for row in rows:
        cells = [RawCell(_text(c), source=Source(file=path, page=page, bbox=_union(c))) for c in row.labels]
        by_col = {column_of[id(v)]: v for v in row.values}
        for k, (x0, x1) in enumerate(columns.spans):
            v = by_col.get(k)
            box = v.bbox if v is not None else (round(x0, 1), round(row.top, 1), round(x1, 1), round(row.bottom, 1))
            text = v.text if v is not None else ""
            cells.append(RawCell(text, source=Source(file=path, page=page, bbox=box), start_col=n_labels + k))
        out.append(cells)
    return out


def _header_rows(header: list[Band], page: int, path: str | None) -> list[list[RawCell]]:
    """Header lines → rows of header cells (a wrapped header text is one cell, in the row it starts)."""
    by_top: dict[int, list[list[Run]]] = {}
    for cell in stack_header([r for b in header for r in b.runs]):
        by_top.setdefault(round(cell[0].top), []).append(cell)
    return [
        [
            RawCell(_text(c), source=Source(file=path, page=page, bbox=_union(c)))
            for c in sorted(by_top[key], key=lambda c: min(r.x0 for r in c))
        ]
        for key in sorted(by_top)
    ]
