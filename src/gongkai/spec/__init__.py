"""The national report format, held once, as data.

Everything that knows a row label, a column, a cell id or an arithmetic identity reads it from here.
The data itself is ``schema.json`` (the project's format contract, shipped inside the package); this
module turns it into small frozen objects for the 2021 format (国办公开办函〔2021〕30号) and the 2019
trial format (〔2019〕60号), plus the few label variants we have met in real reports (``variants.py``).

Canonical cell ids: ``t1.<row>.<col>``, ``t2.<row>.<col>``, ``t3.<cell>``.  The 2019 trial format keeps
the 2021 ids for t2/t3, except that its single （六）其他处理 row is ``t2.o_other_all.<col>``; its own
table-one cells get their own ids (``t1.rules.made_new``, ``t1.licensing.prev_items`` …), and the
``decisions`` cells of 许可/处罚/强制 share the 2021 ids because they mean the same thing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from gongkai.spec import variants

FormatVersion = Literal["2021", "2019"]
FORMATS: tuple[FormatVersion, ...] = ("2021", "2019")

OTHER_LEAVES = ("o_other_overdue", "o_other_fee", "o_other")
OTHER_ALL = "o_other_all"


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    signed: bool = False  # may be negative (2019 本年增/减)
    decimal: bool = False  # decimal amount (fees in 万元)
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    data: bool = True
    ordinal: str | None = None
    columns: tuple[str, ...] = ()  # t1 only: the columns this row fills
    block: str | None = None  # t1 only: 第二十条第（x）项 block id


@dataclass(frozen=True, slots=True)
class Table:
    id: str
    section: str
    label: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    cells: tuple[str, ...]
    header_labels: tuple[str, ...] = ()  # texts that only occur in this table's header

    def row(self, row_id: str) -> Row:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise KeyError(row_id)

    def column(self, col_id: str) -> Column:
        for c in self.columns:
            if c.id == col_id:
                return c
        raise KeyError(col_id)

    @property
    def data_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.data)


@dataclass(frozen=True, slots=True)
class Identity:
    """One concrete equation ``sum(lhs) == sum(rhs)`` between canonical cells."""

    id: str
    template: str
    table: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    severity: str
    status: str
    source: str = ""

    @property
    def cells(self) -> tuple[str, ...]:
        return self.lhs + self.rhs


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    ordinal: str
    label: str
    title: str
    aliases: tuple[str, ...]
    table: str | None = None
    subsections: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (ordinal, title, aliases)


@dataclass(frozen=True, slots=True)
class FormatSpec:
    version: FormatVersion
    notice: str
    tables: dict[str, Table]
    sections: tuple[Section, ...]
    identities: tuple[Identity, ...]
    merged_other: bool = False  # t2 prints （六）其他处理 as one row
    label_index: dict[str, str] = field(default_factory=dict)  # cell id -> official label path

    @property
    def cell_ids(self) -> tuple[str, ...]:
        return tuple(c for t in ("t1", "t2", "t3") for c in self.tables[t].cells)

    def label(self, cell_id: str) -> str:
        """The official label path of a cell, e.g. ``三、本年度办理结果 / （一）予以公开 / 自然人``."""
        return self.label_index[cell_id]

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)


@cache
def raw_schema() -> dict[str, Any]:
    """The format contract as shipped in the package (a copy of ``shared/format/schema.json``)."""
    text = resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _tuple(items: Any) -> tuple[str, ...]:
    return tuple(items or ())


def _sections(schema: dict[str, Any]) -> tuple[Section, ...]:
    out = []
    for s in schema["sections"]:
        subs = tuple(
            (sub["ordinal"], sub["title"], _tuple(sub.get("aliases"))) for sub in s.get("expected_subsections", [])
        )
        aliases = _tuple(s.get("aliases")) + variants.SECTION_ALIASES.get(s["id"], ())
        out.append(
            Section(
                id=s["id"],
                ordinal=s["ordinal"],
                label=s["label"],
                title=s["title"],
                aliases=aliases,
                table=s.get("table"),
                subsections=subs,
            )
        )
    return tuple(out)


def _t1_2021(schema: dict[str, Any]) -> Table:
    t = schema["tables"]["t1"]
    columns = tuple(
        Column(
            id=c["id"],
            label=c["label"],
            aliases=_tuple(c.get("aliases")),
            decimal=c.get("type") == "decimal",
            unit=c.get("unit"),
        )
        for c in t["columns"]
    )
    blocks = [Row(id=b["id"], label=b["label"], aliases=_tuple(b.get("aliases")), data=False) for b in t["blocks"]]
    rows = tuple(blocks) + tuple(
        Row(
            id=r["id"],
            label=r["label"],
            aliases=_tuple(r.get("aliases")) + variants.ROW_ALIASES.get(("t1", r["id"]), ()),
            parent=r.get("parent"),
            columns=_tuple(r["columns"]),
            block=r.get("parent"),
        )
        for r in t["rows"]
    )
    header = tuple(c.label for c in columns) + tuple(a for c in columns for a in c.aliases)
    return Table("t1", t["section"], t["label"], rows, columns, _tuple(t["cells"]), (*header, "信息内容"))


def _t1_2019(schema: dict[str, Any]) -> Table:
    legacy = schema["legacy_formats"]["2019_trial"]["t1"]
    columns: dict[str, Column] = {}
    rows: list[Row] = []
    cells: list[str] = []
    for block in legacy["blocks"]:
        rows.append(Row(id=block["id"], label=block["label"], data=False))
        for col_id, col_label in block["columns"]:
            columns.setdefault(
                col_id,
                Column(
                    id=col_id,
                    label=col_label,
                    aliases=variants.T1_2019_COLUMN_ALIASES.get(col_id, ()),
                    signed=col_id == "change",
                    decimal=col_id == "amount",
                ),
            )
        for row_id, row_label in block["rows"]:
            cols = tuple(c for c, _ in block["columns"])
            rows.append(
                Row(
                    id=row_id,
                    label=row_label,
                    aliases=variants.ROW_ALIASES.get(("t1_2019", row_id), ()),
                    parent=block["id"],
                    columns=cols,
                    block=block["id"],
                )
            )
            cells.extend(f"t1.{row_id}.{c}" for c in cols)
    cols_t = tuple(columns.values())
    header = (*tuple(c.label for c in cols_t), "信息内容")
    return Table("t1", "s2", "主动公开政府信息情况", tuple(rows), cols_t, tuple(cells), header)


def _t2(schema: dict[str, Any], merged_other: bool) -> Table:
    t = schema["tables"]["t2"]
    columns = tuple(
        Column(id=c["id"], label=c["label"], aliases=_tuple(c.get("aliases")))
        for c in t["columns"]
        if c.get("data", True)
    )
    rows: list[Row] = []
    for r in t["rows"]:
        row = Row(
            id=r["id"],
            label=r["label"],
            aliases=_tuple(r.get("aliases")) + variants.ROW_ALIASES.get(("t2", r["id"]), ()),
            parent=r.get("parent"),
            data=bool(r.get("data")),
            ordinal=r.get("ordinal"),
        )
        if merged_other and r["id"] == "g_other":
            row = Row(id=OTHER_ALL, label=r["label"], aliases=row.aliases, parent=row.parent, ordinal=row.ordinal)
        if merged_other and r["id"] in OTHER_LEAVES:
            continue
        rows.append(row)
    data_cols = _tuple(t["data_columns"])
    cells = tuple(f"t2.{r.id}.{c}" for r in rows if r.data for c in data_cols)
    header = (*tuple(c.label for c in columns), "申请人情况", "法人或其他组织", t["corner_note"])
    return Table("t2", t["section"], t["label"], tuple(rows), columns, cells, header)


def _t3(schema: dict[str, Any]) -> Table:
    t = schema["tables"]["t3"]
    columns = tuple(Column(id=c["id"], label=c["label"], aliases=_tuple(c.get("aliases"))) for c in t["cells"])
    groups = tuple(Row(id=g["id"], label=g["label"], aliases=_tuple(g.get("aliases")), data=False) for g in t["groups"])
    cells = tuple(f"t3.{c}" for c in t["cell_order"])
    header = tuple(g.label for g in groups) + tuple(c.label for c in columns)
    return Table("t3", t["section"], t["label"], groups, columns, cells, header)


def _identities(schema: dict[str, Any], t2: Table) -> tuple[Identity, ...]:
    t2_rows = {r.id for r in t2.data_rows}
    out: list[Identity] = []
    for ident in schema["identities_expanded"]:
        lhs, rhs = list(ident["lhs"]), list(ident["rhs"])
        if OTHER_ALL in t2_rows:  # the three （六） leaves are printed as one row
            if ident["template"] == "t2_row_total" and lhs[0].split(".")[1] in OTHER_LEAVES:
                continue  # replaced by the single row-total identity of o_other_all below
            rhs = _merge_other(rhs)
            lhs = _merge_other(lhs)
        if any(c.split(".")[1] not in t2_rows for c in lhs + rhs if c.startswith("t2.")):
            continue  # a row-total identity of a leaf that this variant does not print
        template = ident["template"]
        source = next((i.get("source", "") for i in schema["identities"] if i["id"] == template), "")
        out.append(
            Identity(
                id=ident["id"],
                template=template,
                table=ident["table"],
                lhs=tuple(lhs),
                rhs=tuple(rhs),
                severity=ident["severity"],
                status=ident["status"],
                source=source,
            )
        )
    if OTHER_ALL in t2_rows:
        cols = [c.id for c in t2.columns]
        base = [c for c in cols if c != "total"]
        out.append(
            Identity(
                id="t2_row_total.o_other_all",
                template="t2_row_total",
                table="t2",
                lhs=(f"t2.{OTHER_ALL}.total",),
                rhs=tuple(f"t2.{OTHER_ALL}.{c}" for c in base),
                severity="error",
                status="implied",
                source="总计 column = 自然人 + the five 法人或其他组织 sub-columns",
            )
        )
    return tuple(out)


def _merge_other(cells: list[str]) -> list[str]:
    out: list[str] = []
    for cell in cells:
        _, row, col = cell.split(".") if cell.count(".") == 2 else (cell, "", "")
        if row in OTHER_LEAVES:
            merged = f"t2.{OTHER_ALL}.{col}"
            if merged not in out:
                out.append(merged)
        else:
            out.append(cell)
    return out


def _label_index(tables: dict[str, Table]) -> dict[str, str]:
    index: dict[str, str] = {}
    t1 = tables["t1"]
    for row in t1.data_rows:
        for col_id in row.columns:
            index[f"t1.{row.id}.{col_id}"] = f"{row.label} / {t1.column(col_id).label}"
    t2 = tables["t2"]
    groups = {r.id: r.label for r in t2.rows if not r.data}
    for row in t2.data_rows:
        path = [row.label]
        parent = row.parent
        while parent:
            path.insert(0, groups.get(parent, parent))
            parent = next((r.parent for r in t2.rows if r.id == parent), None)
        for column in t2.columns:
            index[f"t2.{row.id}.{column.id}"] = " / ".join([*path, column.label])
    t3 = tables["t3"]
    group_labels = {g.id: g.label for g in t3.rows}
    for cell in t3.cells:
        cid = cell.split(".")[1]
        group = "review" if cid.startswith("review") else cid.rsplit("_", 1)[0]
        prefix = group_labels.get(group, group)
        if group != "review":
            prefix = f"{group_labels['litigation']} / {prefix}"
        index[cell] = f"{prefix} / {t3.column(cid).label}"
    return index


@cache
def load(version: FormatVersion = "2021", merged_other: bool | None = None) -> FormatSpec:
    """The format of ``version``; ``merged_other`` selects the t2 variant with one （六）其他处理 row.

    The 2019 trial format always prints that single row; a 2021 report may print it too.
    """
    if version not in FORMATS:
        raise ValueError(f"unknown format version {version!r}; known: {', '.join(FORMATS)}")
    schema = raw_schema()
    merged = version == "2019" if merged_other is None else merged_other
    t1 = _t1_2021(schema) if version == "2021" else _t1_2019(schema)
    t2 = _t2(schema, merged)
    t3 = _t3(schema)
    tables = {"t1": t1, "t2": t2, "t3": t3}
    notice = schema["format"]["notice"] if version == "2021" else schema["legacy_formats"]["2019_trial"]["notice"]
    return FormatSpec(
        version=version,
        notice=notice,
        tables=tables,
        sections=_sections(schema),
        identities=_identities(schema, t2),
        merged_other=merged,
        label_index=_label_index(tables),
    )


def all_cell_ids() -> tuple[str, ...]:
    """Every canonical cell id of every format variant, in a stable order (for exports)."""
    seen: dict[str, None] = {}
    for version in FORMATS:
        for merged in (False, True):
            for cell in load(version, merged).cell_ids:
                seen.setdefault(cell, None)
    return tuple(seen)


__all__ = [
    "FORMATS",
    "OTHER_ALL",
    "OTHER_LEAVES",
    "Column",
    "FormatSpec",
    "FormatVersion",
    "Identity",
    "Row",
    "Section",
    "Table",
    "all_cell_ids",
    "load",
    "raw_schema",
]
