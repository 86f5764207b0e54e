"""The three standard tables: from the pieces of their region to canonical cell values."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from gongkai.document import Source
from gongkai.extract.rows import Gathered, LabelMatcher, fit_runs, gather
from gongkai.extract.split import Numbers, split_run
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


def _identity_filter(cells: Sequence[str], identities: Sequence[Identity]) -> Callable[[Numbers], bool] | None:
    return _identity_filter_cached(tuple(cells), tuple(identities))


@cache
def _identity_filter_cached(
    cells: tuple[str, ...], identities: tuple[Identity, ...]
) -> Callable[[Numbers], bool] | None:
    """An accept-function for a split of ``cells`` from the identities that involve only those cells."""
    position = {c: i for i, c in enumerate(cells)}
    own = [i for i in identities if all(c in position for c in i.cells)]
    if not own:
        return None

    def accept(numbers: Numbers) -> bool:
        for ident in own:
            lhs = sum(numbers[position[c]] for c in ident.lhs)
            rhs = sum(numbers[position[c]] for c in ident.rhs)
            if abs(lhs - rhs) > 1e-9:
                return False
        return True

    return accept


def _shift(source: Source, offset: int) -> Source:
    if source.char is None or not offset:
        return source
    return replace(source, char=source.char + offset)


def values_for_cells(
    cells: Sequence[str],
    pieces: Sequence[Piece],
    identities: Sequence[Identity],
    prefer: Callable[[Numbers], bool] | None = None,
    prefer_note: str = "",
) -> tuple[dict[str, Value], list[ReadingNote]]:
    """Turn the value pieces of one row into the row's cells (splitting fused digits if needed)."""
    n = len(cells)
    out: dict[str, Value] = {}
    notes: list[ReadingNote] = []
    if len(pieces) >= n:
        for cell, piece in zip(cells, pieces, strict=False):
            rv = read_value(piece.text)
            out[cell] = Value(raw=piece.text, kind=rv.kind, number=rv.number, source=piece.source)
        extra = [p for p in pieces[n:] if p.kind is PK.VALUE]
        if extra:
            notes.append(
                ReadingNote(
                    "extra_values",
                    f"该行多出 {len(extra)} 个数值（{' '.join(p.text for p in extra)}），未计入",
                    tuple(cells),
                    extra[0].source,
                )
            )
        return out, notes
    splittable = [p for p in pieces if p.kind is PK.VALUE and not p.cell]
    if not pieces or len(splittable) != len(pieces):
        for cell, piece in zip(cells, pieces, strict=False):
            rv = read_value(piece.text)
            out[cell] = Value(raw=piece.text, kind=rv.kind, number=rv.number, source=piece.source)
        if pieces:
            notes.append(
                ReadingNote(
                    "row_short", f"该行只读到 {len(pieces)} 个单元格，应有 {n} 个", tuple(cells), pieces[0].source
                )
            )
        return out, notes
    result = split_run([p.text for p in pieces], n, _identity_filter(cells, identities), prefer)
    raw = " ".join(p.text for p in pieces)
    alternatives = tuple(s.show() for s in result.candidates[:12])
    if result.chosen is None:
        for cell in cells:
            out[cell] = Value(
                raw=raw,
                kind=Kind.AMBIGUOUS,
                source=pieces[0].source,
                alternatives=alternatives,
                note="连写数字有多种拆分方式，无法确定",
            )
        why = "无法满足本行的勾稽关系" if not result.candidates else f"有 {len(result.candidates)} 种拆分都成立"
        notes.append(
            ReadingNote(
                "split_ambiguous",
                f"连写数字“{raw}”拆成 {n} 个单元格时{why}（如 {'；'.join(alternatives[:3]) or '无'}），未取值",
                tuple(cells),
                pieces[0].source,
            )
        )
        return out, notes
    note = "由连写数字拆分（唯一满足勾稽关系的拆分）"
    if result.inferred:
        note = f"由连写数字拆分，存在 {len(result.candidates)} 种拆分，按“{prefer_note}”取值"
        notes.append(ReadingNote("split_inferred", f"连写数字“{raw}”{note[8:]}", tuple(cells), pieces[0].source))
    for cell, part, (pi, off) in zip(cells, result.chosen.parts, result.chosen.origins, strict=True):
        rv = read_value(part)
        others = alternatives if result.inferred else ()
        out[cell] = Value(
            raw=part,
            kind=rv.kind,
            number=rv.number,
            source=_shift(pieces[pi].source, off),
            note=note,
            alternatives=others,
        )
    return out, notes


@cache
def _matcher(version: FormatVersion, merged: bool, table_id: str) -> LabelMatcher:
    table = load(version, merged).tables[table_id]
    return LabelMatcher(table.rows, table.header_labels)


def read_t1(region: Sequence[Piece], spec: FormatSpec) -> TableRead:
    table = spec.tables["t1"]
    matcher = _matcher(spec.version, spec.merged_other, "t1")
    widths = {r.id: len(r.columns) for r in table.data_rows}
    items = fit_runs(gather(region, matcher), lambda row: widths.get(row or "", 0))
    read = TableRead()
    for row in table.data_rows:
        item = next((g for g in items if g.row == row.id and g.values), None)
        cells = [f"t1.{row.id}.{c}" for c in row.columns]
        if item is None:
            continue
        read.found = True
        prefer = None
        if "change" in row.columns:
            at = row.columns.index("change")

            def prefer(ns: Numbers, at: int = at) -> bool:
                return ns[at] == 0

        values, notes = values_for_cells(cells, item.values, (), prefer, "本年增/减为0")
        read.values.update(values)
        read.notes.extend(notes)
        if item.note:
            read.notes.append(
                ReadingNote("label_fuzzy", item.note, tuple(cells), item.label.source if item.label else None)
            )
    return read


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
    by_order = _place_orphans(sequence, order, assigned)
    for row, g in by_order:
        read.notes.append(
            ReadingNote(
                "row_by_order",
                f"一行数值（{' '.join(p.text for p in g.values)}）没有紧邻的行标签，"
                f"按官方行序认定为“{t2.row(row).label}”",
                tuple(f"t2.{row}.{c.id}" for c in t2.columns),
                g.values[0].source,
            )
        )
        assigned[row] = g
    for row in order:
        if row not in assigned:
            continue
        g = assigned[row]
        read.found = True
        cells = [f"t2.{row}.{c.id}" for c in t2.columns]
        values, notes = values_for_cells(cells, g.values, spec.identities)
        read.values.update(values)
        read.notes.extend(notes)
        if g.note:
            read.notes.append(ReadingNote("label_fuzzy", g.note, tuple(cells), g.label.source if g.label else None))
    return read, merged


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
    numeric_groups = {p.group for p in region if p.kind is PK.VALUE}
    run: list[Piece] = []
    for p in region:
        if p.kind is PK.TEXT:
            if run:
                break
            continue
        if p.kind is PK.SPAN or (p.kind is PK.BLANK and p.group not in numeric_groups):
            continue
        run.append(p)
    read = TableRead()
    if not run:
        return read
    read.found = True
    identities = [i for i in spec.identities if i.table == "t3"]
    values, notes = values_for_cells(list(t3.cells), run, identities)
    read.values.update(values)
    read.notes.extend(notes)
    return read
