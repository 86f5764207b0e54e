"""The three standard tables laid out as the national template prints them, from the format data.

Row and column labels, merged header cells and row order all come from ``gongkai.spec``; nothing here
spells a label a second time, except the few header texts the template prints that are not cell labels
(the t2 corner note, 申请人情况, 法人或其他组织, the t1 block header 信息内容).
"""

from __future__ import annotations

from collections.abc import Mapping

from gongkai.spec import FormatSpec, Row
from gongkai.synth.doc import Grid, Slot
from gongkai.synth.values import Number, fmt_number

T2_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _value(cells: Mapping[str, Number | None], cid: str, printed: Mapping[str, str] | None) -> Slot:
    text = printed[cid] if printed is not None and cid in printed else fmt_number(cells.get(cid))
    return Slot(text, cell=cid)


def t1_grid(spec: FormatSpec, cells: Mapping[str, Number | None], printed: Mapping[str, str] | None = None) -> Grid:
    table = spec.tables["t1"]
    cols = {c.id: c.label for c in table.columns}
    width = 1 + max(len(r.columns) for r in table.rows if r.data)
    rows: list[tuple[Slot, ...]] = []
    for block in (r for r in table.rows if not r.data):
        kids = [r for r in table.rows if r.block == block.id]
        rows.append((Slot(block.label, colspan=width, header=True),))
        span = width - 1
        kid_cols = kids[0].columns
        header = [Slot("信息内容", header=True)]
        for i, c in enumerate(kid_cols):
            extra = span - len(kid_cols) if i == len(kid_cols) - 1 else 0
            header.append(Slot(cols[c], colspan=1 + extra, header=True))
        rows.append(tuple(header))
        for kid in kids:
            row = [Slot(kid.label, header=True)]
            for i, c in enumerate(kid.columns):
                extra = span - len(kid.columns) if i == len(kid.columns) - 1 else 0
                slot = _value(cells, f"t1.{kid.id}.{c}", printed)
                row.append(Slot(slot.text, colspan=1 + extra, cell=slot.cell))
            rows.append(tuple(row))
    return Grid("t1", tuple(rows))


def t2_grid(spec: FormatSpec, cells: Mapping[str, Number | None], printed: Mapping[str, str] | None = None) -> Grid:
    table = spec.tables["t2"]
    col_ids = [c.id for c in table.columns]
    labels = {c.id: c.label for c in table.columns}
    rows: list[tuple[Slot, ...]] = [
        (Slot(T2_CORNER, 3, 3, header=True), Slot("申请人情况", colspan=7, header=True)),
        (
            Slot(labels["natural"], 2, header=True),
            Slot("法人或其他组织", colspan=5, header=True),
            Slot(labels["total"], 2, header=True),
        ),
        tuple(Slot(labels[c], header=True) for c in col_ids[1:6]),
    ]
    by_parent: dict[str | None, list[Row]] = {}
    for r in table.rows:
        by_parent.setdefault(r.parent, []).append(r)

    def leaves(row: Row) -> int:
        kids = by_parent.get(row.id, [])
        return sum(leaves(k) for k in kids) if kids else 1

    def values(row: Row) -> list[Slot]:
        return [_value(cells, f"t2.{row.id}.{c}", printed) for c in col_ids]

    for top in by_parent.get(None, []):
        if top.data:
            rows.append((Slot(top.label, colspan=3, header=True), *values(top)))
            continue
        first = True
        for mid in by_parent.get(top.id, []):
            lead = [Slot(top.label, rowspan=leaves(top), header=True)] if first else []
            first = False
            if mid.data:
                rows.append((*lead, Slot(mid.label, colspan=2, header=True), *values(mid)))
                continue
            for k, leaf in enumerate(by_parent.get(mid.id, [])):
                group = [Slot(mid.label, rowspan=leaves(mid), header=True)] if k == 0 else []
                rows.append((*(lead if k == 0 else []), *group, Slot(leaf.label, header=True), *values(leaf)))
    return Grid("t2", tuple(rows))


def t3_grid(spec: FormatSpec, cells: Mapping[str, Number | None], printed: Mapping[str, str] | None = None) -> Grid:
    table = spec.tables["t3"]
    labels = [c.label for c in table.columns]
    groups = {r.id: r.label for r in table.rows}
    return Grid(
        "t3",
        (
            (Slot(groups["review"], colspan=5, header=True), Slot(groups["litigation"], colspan=10, header=True)),
            (
                *(Slot(label, rowspan=2, header=True) for label in labels[:5]),
                Slot(groups["suit_direct"], colspan=5, header=True),
                Slot(groups["suit_after"], colspan=5, header=True),
            ),
            tuple(Slot(label, header=True) for label in labels[5:]),
            tuple(_value(cells, f"t3.{c.id}", printed) for c in table.columns),
        ),
    )


GRIDS = {"t1": t1_grid, "t2": t2_grid, "t3": t3_grid}
