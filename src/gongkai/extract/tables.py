"""The three standard tables: from the pieces of their region to canonical cell values.

Each row's value pieces are read one per cell when there is one per cell (``read_row``); pieces cut from
text without cell boundaries that are fewer than the cells are every admissible reading instead (fused
digits, dropped blank cells — ``split.readings``), filtered by the row's own identity.  Table three (the
applications table) is then solved as one system (``joint.solve``): the readings of each row that stand
with every column identity.  What is left decides a row (``row_values``):

- one reading: read, certain (unique by its own row) or marked as chosen by the table jointly
  (``split_joint``, the cells named as inferred);
- several: the cells all readings agree on are read; the others are ``ambiguous`` with the alternatives —
  unless a declared preference singles one reading out (every cell printed; 2019 本年增/减 = 0), which is
  then taken and marked ``split_inferred``;
- none (the document, as printed, breaks an identity): nothing is picked, the row stays ambiguous.

A row printed as its bare label in text that drops blank cells is a blank row when no value of the table is
left unplaced.  Whatever is read on the assumption that blank cells were dropped (a bare-label row, a reading
with blanks, cells all such readings agree on) is certain only where the applications table confirms it —
every row read and every identity holding; elsewhere a ``blank_assumed`` note names those cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from gongkai.document import Source
from gongkai.extract.joint import MAX_DOMAIN, Status, Vector, solve
from gongkai.extract.rows import Gathered, LabelMatcher, fit_runs, gather
from gongkai.extract.split import MAX_STEPS, Constraint, Split, clean, part_number, readings
from gongkai.extract.stream import PK, Piece
from gongkai.model import ReadingNote, Value
from gongkai.normalize import Kind, label_key, read_value
from gongkai.spec import OTHER_ALL, OTHER_LEAVES, FormatSpec, FormatVersion, Identity, Table, load

# table-one header texts that only the 2019 trial format prints
_T1_2019_MARKERS = tuple(
    label_key(t)
    for t in (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "其他对外管理服务事项",
        "采购项目数量",
        "第二十条第（九）项",
    )
)


TABLE_STEPS = 4 * MAX_STEPS  # search steps for the readings of all rows of one table


@dataclass(slots=True)
class TableRead:
    values: dict[str, Value] = field(default_factory=dict)
    notes: list[ReadingNote] = field(default_factory=list)
    found: bool = False


def detect_format(t1_region: Sequence[Piece]) -> str:
    for p in t1_region:
        if p.kind is PK.TEXT:
            key = label_key(p.text)
            if any(m in key for m in _T1_2019_MARKERS):
                return "2019"
    return "2021"


_CONSTRAINTS: dict[tuple[tuple[str, ...], int], tuple[Constraint, ...]] = {}


def _constraints(cells: Sequence[str], identities: Sequence[Identity]) -> tuple[Constraint, ...]:
    """The identities that involve only ``cells``, as positions within the row (cached per row: a cell id
    names the same cell, and so the same identities, in every format that has it)."""
    key = (tuple(cells), len(identities))
    found = _CONSTRAINTS.get(key)
    if found is None:
        found = _CONSTRAINTS[key] = _row_constraints(cells, identities)
    return found


def _row_constraints(cells: Sequence[str], identities: Sequence[Identity]) -> tuple[Constraint, ...]:
    position = {c: i for i, c in enumerate(cells)}
    return tuple(
        (tuple(position[c] for c in i.lhs), tuple(position[c] for c in i.rhs))
        for i in identities
        if all(c in position for c in i.cells)
    )


def _shift(source: Source, offset: int) -> Source:
    if source.char is None or not offset:
        return source
    s = source
    return Source(
        s.file, s.line, s.char + offset if s.char is not None else None, s.page, s.table, s.row, s.col, s.bbox
    )


def _direct(piece: Piece) -> Value:
    rv = read_value(piece.text)
    return Value(raw=piece.text, kind=rv.kind, number=rv.number, source=piece.source)


@dataclass(slots=True)
class RowRead:
    """One row's value pieces and what they can mean: read one piece per cell (``direct``), or a set of
    admissible readings (``candidates``: fused digits, dropped blanks) still to be chosen from."""

    cells: tuple[str, ...]
    pieces: list[Piece]
    direct: dict[str, Value] | None = None
    candidates: tuple[Split, ...] = ()
    truncated: bool = False
    steps: int = 0  # search steps spent on the readings
    notes: list[ReadingNote] = field(default_factory=list)
    blank_label: bool = False  # a bare label read as a blank row

    @property
    def open(self) -> bool:
        return self.direct is None

    def numbers(self) -> list[Vector] | None:
        """What the row can add to the identities: one vector per reading (None: not usable)."""
        if self.direct is not None:
            vector = []
            for cell in self.cells:
                v = self.direct.get(cell)
                if v is None or v.kind not in (Kind.NUMBER, Kind.BLANK, Kind.DASH):
                    return None
                vector.append(float(v.number) if v.number is not None else 0.0)
            return [tuple(vector)]
        if self.truncated:
            return None
        return [s.numbers for s in self.candidates]


def read_row(
    cells: Sequence[str], pieces: Sequence[Piece], identities: Sequence[Identity], budget: int = MAX_STEPS
) -> RowRead:
    """The value pieces of one row: direct when there is one per cell, else every admissible reading.

    Pieces cut from text (no cell boundaries) may hold fused digits and may have lost blank cells; pieces
    that are grid cells are read as they are (a short row is reported, never re-cut).
    """
    n = len(cells)
    row = RowRead(tuple(cells), list(pieces))
    if len(pieces) >= n:
        row.direct = {cell: _direct(piece) for cell, piece in zip(cells, pieces, strict=False)}
        extra = [p for p in pieces[n:] if p.kind is PK.VALUE]
        if extra:
            row.notes.append(
                ReadingNote(
                    "extra_values",
                    f"该行多出 {len(extra)} 个数值（{' '.join(p.text for p in extra)}），未计入；各列可能错位",
                    tuple(cells),
                    extra[0].source,
                )
            )
        return row
    if not pieces or not all(p.kind is PK.VALUE and not p.cell for p in pieces):
        row.direct = {cell: _direct(piece) for cell, piece in zip(cells, pieces, strict=False)}
        if pieces:
            row.notes.append(
                ReadingNote(
                    "row_short", f"该行只读到 {len(pieces)} 个单元格，应有 {n} 个", tuple(cells), pieces[0].source
                )
            )
        return row
    texts = tuple(clean(p.text) for p in pieces)
    row.candidates, row.truncated, row.steps = readings(
        texts, n, _constraints(cells, identities), blanks=True, budget=min(MAX_STEPS, budget)
    )
    return row


def blank_row(cells: Sequence[str], label: Piece) -> RowRead:
    """A labelled row with nothing printed after it, in text that drops blank cells: every cell blank."""
    note = "该行标签后未印任何数值（版式不保留空白单元格），按空白读取"
    value = {c: Value(raw="", kind=Kind.BLANK, source=label.source, note=note) for c in cells}
    return RowRead(tuple(cells), [], direct=value, blank_label=True)


JOINT_NOTE = "由全表勾稽关系联合确定"
PRINTED = "各单元格均印出数值（未漏印空白单元格）"


@dataclass(slots=True)
class RowResult:
    values: dict[str, Value]
    notes: list[ReadingNote]
    joint: bool = False  # the one reading left was chosen by the table's identities jointly
    assumed: tuple[str, ...] = ()  # cells read on the assumption that blank cells were dropped


def row_values(
    row: RowRead,
    support: Sequence[int] | None = None,
    prefer: Callable[[Split], bool] | None = None,
    prefer_note: str = "",
) -> RowResult:
    """The row's values and notes, choosing among its readings those in ``support`` (all when None)."""
    if row.direct is not None:
        return RowResult(dict(row.direct), list(row.notes), assumed=row.cells if row.blank_label else ())
    cells, pieces = row.cells, row.pieces
    notes = list(row.notes)
    alive = row.candidates if support is None else tuple(row.candidates[i] for i in support)
    raw = " ".join(p.text for p in pieces)
    if len(alive) == 1 and not row.truncated:
        chosen = alive[0]
        joint = len(row.candidates) > 1
        if joint:
            note = f"数值“{raw}”单独看有 {len(row.candidates)} 种读法，{JOINT_NOTE}"
        elif chosen.blanks:
            note = f"数值“{raw}”少于单元格数，空白单元格的位置由本行勾稽关系唯一确定"
        else:
            note = "由连写数字拆分（唯一满足勾稽关系的拆分）"
        return RowResult(_from_split(row, chosen, note), notes, joint, cells if chosen.blanks else ())
    if len(alive) > 1 and not row.truncated:
        # declared preferences, each taken only when it singles out one reading, marked as inferred:
        # every cell printed (no blank dropped), then the caller's (2019: 本年增/减 = 0)
        printed = [s for s in alive if not s.blanks]
        pick, why = (printed[0], PRINTED) if len(printed) == 1 else (None, "")
        if pick is None and prefer is not None:
            preferred = [s for s in (printed or alive) if prefer(s)]
            if len(preferred) == 1:
                pick, why = preferred[0], prefer_note
        if pick is not None:
            message = f"连写数字“{raw}”存在 {len(alive)} 种读法，按“{why}”取值"
            notes.append(ReadingNote("split_inferred", message, cells, pieces[0].source))
            shown = tuple(s.show() for s in sorted(alive, key=lambda s: s.blanks)[:12])
            note = f"由连写数字拆分，存在 {len(alive)} 种读法，按“{why}”取值"
            return RowResult(_from_split(row, pick, note, shown), notes)
    # every cell printed first: the readings a person would try first
    alternatives = tuple(s.show() for s in sorted(alive, key=lambda s: s.blanks)[:12])
    out: dict[str, Value] = {}
    unsure: list[str] = []
    agreed: list[str] = []
    for j, cell in enumerate(cells):
        same = {s.parts[j] for s in alive}
        if len(same) == 1 and alive and not row.truncated:
            part = alive[0].parts[j]
            origin = alive[0].origins[j]
            src = _shift(pieces[origin[0]].source, origin[1]) if origin[0] >= 0 else pieces[0].source
            rv = read_value(part)
            out[cell] = Value(
                raw=part,
                kind=rv.kind,
                number=rv.number,
                source=src,
                note=f"本行有 {len(alive)} 种读法，该单元格在各读法中相同",
            )
            agreed.append(cell)
            continue
        unsure.append(cell)
        out[cell] = Value(
            raw=raw,
            kind=Kind.AMBIGUOUS,
            source=pieces[0].source,
            alternatives=alternatives,
            note="连写或缺少空白的数值有多种读法，无法确定",
        )
    if row.truncated:
        why = "读法过多，未能穷尽"
    elif not alive:
        why = "无法满足勾稽关系"
    else:
        why = f"有 {len(alive)} 种读法都成立"
    # no reading at all satisfies the row's own identities: whatever the split, the printed row is wrong
    impossible = not row.candidates and not row.truncated
    notes.append(
        ReadingNote(
            "split_impossible" if impossible else "split_ambiguous",
            f"连写数字“{raw}”读成 {len(cells)} 个单元格时{why}（如 {'；'.join(alternatives[:3]) or '无'}），未取值",
            tuple(unsure),
            pieces[0].source,
        )
    )
    return RowResult(out, notes, assumed=tuple(agreed) if any(s.blanks for s in alive) else ())


def assumed_note(cells: Sequence[str]) -> ReadingNote:
    """Cells read on the assumption that the layout dropped blank cells, where the table cannot confirm it."""
    return ReadingNote(
        "blank_assumed",
        f"{len(cells)} 个单元格按“版式未印出空白单元格”读取（本行数值少于单元格数），表格的勾稽关系无法完全印证，请核对",
        tuple(cells),
        None,
    )


def _from_split(row: RowRead, split: Split, note: str, alternatives: tuple[str, ...] = ()) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for cell, part, (pi, off) in zip(row.cells, split.parts, split.origins, strict=True):
        if pi < 0:
            out[cell] = Value("", Kind.BLANK, None, row.pieces[0].source, note, alternatives)
            continue
        rv = read_value(part)
        out[cell] = Value(part, rv.kind, rv.number, _shift(row.pieces[pi].source, off), note, alternatives)
    return out


@cache
def _matcher(version: FormatVersion, merged: bool, table_id: str) -> LabelMatcher:
    table = load(version, merged).tables[table_id]
    return LabelMatcher(table.rows, table.header_labels)


def _label_only(items: Sequence[Gathered], row: str) -> Piece | None:
    """The label of ``row`` when it was printed as text with no value after it (and no values anywhere)."""
    labelled = [g for g in items if g.row == row]
    if labelled and not any(g.values for g in labelled):
        label = labelled[0].label
        if label is not None and not label.cell:
            return label
    return None


def _orphans(items: Sequence[Gathered]) -> bool:
    return any(g.row is None and any(p.kind is PK.VALUE for p in g.values) for g in items)


def read_t1(region: Sequence[Piece], spec: FormatSpec) -> TableRead:
    table = spec.tables["t1"]
    matcher = _matcher(spec.version, spec.merged_other, "t1")
    widths = {r.id: len(r.columns) for r in table.data_rows}
    items = fit_runs(gather(region, matcher), lambda row: widths.get(row or "", 0))
    read = TableRead()
    items = _t1_by_order(items, table, read.notes)
    # a row printed as a bare label, in text that drops blank cells, is blank — unless values are left over
    settled = not _orphans(items)
    for row in table.data_rows:
        item = next((g for g in items if g.row == row.id and g.values), None)
        cells = [f"t1.{row.id}.{c}" for c in row.columns]
        if item is None:
            label = _label_only(items, row.id) if settled else None
            if label is not None:
                read.values.update(blank_row(cells, label).direct or {})
                read.notes.append(assumed_note(cells))  # table one has no identity to confirm it
                read.found = True
            continue
        read.found = True
        prefer = None
        if "change" in row.columns:
            at = row.columns.index("change")

            def prefer(s: Split, at: int = at) -> bool:
                return s.parts[at] != "" and part_number(s.parts[at]) == 0

        result = row_values(read_row(cells, item.values, ()), None, prefer, "本年增/减为0")
        read.values.update(result.values)
        read.notes.extend(result.notes)
        if result.assumed:
            read.notes.append(assumed_note(result.assumed))
        if item.note:
            read.notes.append(
                ReadingNote("label_fuzzy", item.note, tuple(cells), item.label.source if item.label else None)
            )
    return read


def _t1_by_order(items: list[Gathered], table: Table, notes: list[ReadingNote]) -> list[Gathered]:
    """Rows of values whose labels were not read (a seal over the label column: ``UN#`` for 规章), given
    the rows of their group left without values, in the printed order, where their number and each
    row's width agree — said so in a note."""
    printed: list[str] = []
    for row in table.rows:
        if row.parent is None:
            printed += [row.id, *(r.id for r in table.rows if r.parent == row.id)]
    widths = {r.id: len(r.columns) for r in table.data_rows}
    seen = {g.row for g in items if g.row is not None and (g.values or g.row not in widths)}
    sequence = [
        (g.row if g.row in seen else None, g)
        for g in items
        if g.row in seen or (g.row is None and g.values and all(p.kind is PK.VALUE for p in g.values))
    ]
    if not any(row is None for row, _ in sequence):
        return items
    assigned = {row: g for row, g in sequence if row is not None}
    placed = {
        id(g): (row, g) for row, g in _place_orphans(sequence, printed, assigned) if len(g.values) == widths.get(row, 0)
    }
    if not placed:
        return items
    out = []
    for g in items:
        if id(g) in placed:
            row = table.row(placed[id(g)][0])
            notes.append(_by_order_note(g, row.label, tuple(f"t1.{row.id}.{c}" for c in row.columns)))
            g = Gathered(row.id, g.label, g.values, g.note)
        out.append(g)
    return out


def _by_order_note(g: Gathered, label: str, cells: tuple[str, ...]) -> ReadingNote:
    """The note on a row of values placed by the official row order (its own label not read)."""
    values = " ".join(p.text for p in g.values)
    message = f"一行数值（{values}）没有紧邻的行标签，按官方行序认定为“{label}”"
    return ReadingNote("row_by_order", message, cells, g.values[0].source)


def _t2_order(table: Table) -> list[str]:
    return [r.id for r in table.data_rows]


def read_t2(region: Sequence[Piece]) -> tuple[TableRead, bool]:
    """Read t2; returns the values and whether （六）其他处理 is printed as one row."""
    base = load("2021")
    table = base.tables["t2"]
    matcher = _matcher("2021", False, "t2")
    width = len(table.columns)
    items = fit_runs(gather(region, matcher), lambda row: width)
    merged = any(g.row == "g_other" and g.values for g in items) and not any(
        g.row in OTHER_LEAVES and g.values for g in items
    )
    spec = load(base.version, merged)
    t2 = spec.tables["t2"]
    order = _t2_order(t2)
    read = TableRead()
    # labelled rows
    assigned: dict[str, Gathered] = {}
    sequence: list[tuple[str | None, Gathered]] = []
    stray = False
    for g in items:
        row = OTHER_ALL if (g.row == "g_other" and merged) else g.row
        if row in order and g.values:
            if row in assigned:
                read.notes.append(
                    ReadingNote(
                        "row_repeated",
                        f"“{g.label.text if g.label else row}”一行出现两次，只取第一次",
                        (),
                        g.label.source if g.label else None,
                    )
                )
                stray = True
                continue
            assigned[row] = g
            sequence.append((row, g))
        elif g.row is None or g.values:
            numbers = [p for p in g.values if p.kind is PK.VALUE]
            digits = sum(ch.isdigit() for p in numbers for ch in p.text)
            if len(numbers) >= width - 1 or (not all(p.cell for p in numbers) and digits >= width):
                sequence.append((None, g))
            elif g.values:
                read.notes.append(
                    ReadingNote(
                        "stray_values",
                        f"表格中不属于任何行的数值“{' '.join(p.text for p in g.values)}”已忽略",
                        (),
                        g.values[0].source,
                    )
                )
                stray = stray or any(p.kind is PK.VALUE for p in g.values)
    by_order = _place_orphans(sequence, order, assigned)
    placed = {id(g) for _, g in by_order}
    stray = stray or any(row is None and id(g) not in placed for row, g in sequence)
    for row, g in by_order:
        g = _without_a_label(g, width)
        read.notes.append(_by_order_note(g, t2.row(row).label, tuple(f"t2.{row}.{c.id}" for c in t2.columns)))
        assigned[row] = g
    rows: dict[str, RowRead] = {}
    cells_of: dict[str, list[str]] = {}
    budget = TABLE_STEPS
    for row in order:
        cells = [f"t2.{row}.{c.id}" for c in t2.columns]
        cells_of[row] = cells
        if row in assigned:
            rows[row] = read_row(cells, assigned[row].values, spec.identities, budget)
            budget = max(1, budget - rows[row].steps)
            continue
        label = None if stray else _label_only(items, "g_other" if row == OTHER_ALL else row)
        if label is not None:
            rows[row] = blank_row(cells, label)
    read.found = bool(assigned) or 2 * len(rows) >= len(order)
    support, confirmed = _solve_jointly(rows, cells_of, order, spec.identities)
    joint_cells: list[str] = []
    joint_source: Source | None = None
    assumed: list[str] = []
    for row in order:
        if row not in rows:
            continue
        result = row_values(rows[row], support.get(row) if support else None)
        read.values.update(result.values)
        read.notes.extend(result.notes)
        assumed.extend(result.assumed)
        if result.joint:
            joint_cells.extend(rows[row].cells)
            joint_source = joint_source or rows[row].pieces[0].source
        fuzzy = assigned.get(row)
        if fuzzy is not None and fuzzy.note:
            source = fuzzy.label.source if fuzzy.label else None
            read.notes.append(ReadingNote("label_fuzzy", fuzzy.note, tuple(cells_of[row]), source))
    if joint_cells:
        read.notes.append(
            ReadingNote(
                "split_joint",
                f"{len(joint_cells) // width} 行连写或缺少空白的数值单独看有多种读法，"
                "按全表勾稽关系（各行合计、各列合计与平衡关系）联合确定为唯一一组读法",
                tuple(joint_cells),
                joint_source,
            )
        )
    if assumed and not confirmed:
        read.notes.append(assumed_note(assumed))
    return read, merged


def _without_a_label(g: Gathered, width: int) -> Gathered:
    """A row placed by the official order without the words before its values: its own label, too
    garbled to be known (``子公开`` for （一）予以公开, under a seal), read in the label column after a
    group's label (三、本年度办理结果).  Only words beyond the row's width go; a word in a value cell
    holds its cell."""
    extra = len(g.values) - width
    k = 0
    while k < extra and g.values[k].kind is PK.TEXT:
        k += 1
    return Gathered(g.row, g.label, g.values[k:], g.note) if k else g


def _solve_jointly(
    rows: dict[str, RowRead], cells_of: dict[str, list[str]], order: Sequence[str], identities: Sequence[Identity]
) -> tuple[dict[str, tuple[int, ...]] | None, bool]:
    """The readings of each open row that stand with every identity of the table (None: not solved —
    no combination holds, or out of budget), and whether the table confirms them: every row is there and
    usable and one combination at least satisfies every identity."""
    if not any(r.open or r.blank_label for r in rows.values()):
        return None, False  # every row read one piece per cell: nothing to choose, nothing assumed
    domains = {row: r.numbers() for row, r in rows.items()}
    result = solve(domains, cells_of, identities)
    if result.status is not Status.SOLVED:
        return None, False
    complete = all(domains.get(row) is not None and len(domains[row] or ()) <= MAX_DOMAIN for row in order)
    support = {row: result.support[row] for row, r in rows.items() if r.open and row in result.support}
    return support, complete


def _place_orphans(
    sequence: list[tuple[str | None, Gathered]], order: list[str], assigned: dict[str, Gathered]
) -> list[tuple[str, Gathered]]:
    """Give runs with no label the free rows between their labelled neighbours, when counts agree."""
    placed: list[tuple[str, Gathered]] = []
    last = -1
    pending: list[Gathered] = []

    def settle(upto: int) -> None:
        free = [r for r in order[last + 1 : upto] if r not in assigned]
        if pending and len(free) == len(pending):
            placed.extend(zip(free, pending, strict=True))

    for row, g in sequence:
        if row is None:
            pending.append(g)
            continue
        at = order.index(row)
        if at > last:
            settle(at)
            last = at
        pending = []
    settle(len(order))
    return placed


def read_t3(region: Sequence[Piece], spec: FormatSpec) -> TableRead:
    t3 = spec.tables["t3"]
    # a grid row holding values (a row, not a whole table read as one run of cells): a word printed in one of
    # its cells ("另附") holds that cell
    sizes: dict[int, int] = {}
    for p in region:
        sizes[p.group] = sizes.get(p.group, 0) + 1
    value_rows = {p.group for p in region if p.kind is PK.VALUE and p.cell and sizes[p.group] <= len(t3.cells) + 1}
    headers = _header_rows(region)  # a header row with a word misread as a number ("总计" as 6)
    value_rows -= headers
    run = max(_value_runs(region, headers, value_rows, len(t3.cells)), key=_digits, default=[])
    if not run:
        run = _blank_value_row(region, len(t3.cells))
    read = TableRead()
    if not run:
        return read
    read.found = True
    identities = [i for i in spec.identities if i.table == "t3"]
    result = row_values(read_row(list(t3.cells), run, identities))
    read.values.update(result.values)
    read.notes.extend(result.notes)
    if result.assumed:  # three group totals are too weak to confirm where blanks were dropped
        read.notes.append(assumed_note(result.assumed))
    return read


def _value_runs(region: Sequence[Piece], headers: set[int], value_rows: set[int], width: int) -> list[list[Piece]]:
    """The runs of values in table three's region, each ended by a word: the table's row, and any number
    printed in a line of text around it (a page number, a stray mark a scan read as a digit)."""
    numeric_groups = {p.group for p in region if p.kind is PK.VALUE}
    runs: list[list[Piece]] = []
    run: list[Piece] = []
    for k, p in enumerate(region):
        if not run and (p.group in headers or (value_rows and not p.cell)):
            continue  # the table's values are in its grid: a number in a line of text before it is prose
        if p.kind is PK.TEXT and not (p.cell and p.group in value_rows and (not run or run[0].group == p.group)):
            if not run:
                continue
            if not (p.cell and _completes_run(region, k, len(run), width)):
                runs.append(run)
                run = []
                continue
        if p.kind is PK.SPAN or (p.kind is PK.BLANK and p.group not in numeric_groups):
            continue
        run.append(p)
    return [*runs, run] if run else runs


def _digits(run: Sequence[Piece]) -> int:
    """How much a run prints: the table's row of fifteen cells (or of its digits run together, or of
    dashes) outweighs a stray number beside it."""
    return sum(max(1, sum(ch.isdigit() for ch in p.text)) for p in run)


def _header_rows(region: Sequence[Piece]) -> set[int]:
    """The grid rows that are headers though a number was read in them: as many words as numbers or
    more, and fewer numbers than another row (a scan reads a header's 总计 as ``6``, or a seal's mark in
    it as a digit)."""
    words: dict[int, int] = {}
    numbers: dict[int, int] = {}
    for p in region:
        if p.cell and p.kind in (PK.TEXT, PK.VALUE):
            tally = words if p.kind is PK.TEXT else numbers
            tally[p.group] = tally.get(p.group, 0) + 1
    most = max(numbers.values(), default=0)
    return {g for g, n in numbers.items() if words.get(g, 0) >= n and n < most}


def _completes_run(region: Sequence[Piece], k: int, done: int, width: int) -> bool:
    """Whether the word at ``k``, inside a run of values, is one of its cells: the values after it, up to
    the next word, complete the run to exactly ``width`` cells (a table read as one run of cells)."""
    after = 0
    for p in region[k + 1 :]:
        if p.kind is PK.TEXT:
            break
        if p.kind in (PK.VALUE, PK.BLANK):
            after += 1
    return done + 1 + after == width


def _blank_value_row(region: Sequence[Piece], width: int) -> list[Piece]:
    """A grid row of exactly ``width`` blank cells after the header (t3 with nothing printed)."""
    groups: dict[int, list[Piece]] = {}
    for p in region:
        groups.setdefault(p.group, []).append(p)
    for pieces in groups.values():
        if len(pieces) == width and all(p.kind is PK.BLANK and p.cell for p in pieces):
            return pieces
    return []
