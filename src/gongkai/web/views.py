"""Stored reports and findings shaped for the templates.

The three tables are laid out by ``gongkai.synth.layout`` — the national template's rows, merged header
cells and column order, from the format data in ``gongkai.spec`` — with each value cell showing the text
as printed.  Nothing here spells a label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from gongkai.document import Source
from gongkai.model import Report, Value
from gongkai.normalize import Kind
from gongkai.spec import load as report_spec
from gongkai.store import StoredFinding, StoredReport
from gongkai.store.analyse import SEVERITIES
from gongkai.synth.layout import GRIDS


@dataclass(frozen=True, slots=True)
class CellView:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    cell: str | None = None  # canonical cell id of a value cell
    css: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class TableView:
    id: str
    title: str
    rows: list[list[CellView]]


UNSPLIT = "连写数字“{raw}”有多种拆分，未取值，请看原文"


def shown(value: Value) -> str:
    """What a value cell shows: the text as printed ("" for a blank cell; ？ when the cell was not found,
    or when it stands in a run of digits that splits several ways — the run is the evidence, not the
    cell's value)."""
    if value.kind in (Kind.MISSING, Kind.AMBIGUOUS):
        return "？"
    if value.kind is Kind.BLANK:
        return ""
    raw = value.raw.strip()
    return raw if raw else ("" if value.number is None else str(value.number))


def lit_cells(findings: Iterable[StoredFinding]) -> dict[str, str]:
    """Cell id → the gravest severity of the findings naming it."""
    rank = {sev: i for i, sev in enumerate(SEVERITIES)}
    out: dict[str, str] = {}
    for f in findings:
        for cid in f.cells:
            if cid not in out or rank[f.severity] < rank[out[cid]]:
                out[cid] = f.severity
    return out


def report_tables(report: Report, findings: Iterable[StoredFinding]) -> list[TableView]:
    """The three tables in the official layout, value cells lit by the findings that name them."""
    spec = report.spec
    lit = lit_cells(findings)
    printed = {cid: shown(report.value(cid)) for cid in spec.cell_ids}
    titles = {sec.table: sec.label for sec in spec.sections if sec.table}
    tables = []
    for tid, build in GRIDS.items():
        grid = build(spec, {}, printed)
        rows = []
        for row in grid.rows:
            cells = []
            for slot in row:
                css, title = "", ""
                if slot.cell is not None:
                    value = report.value(slot.cell)
                    css = " ".join(
                        part
                        for part in (
                            "v",
                            f"k-{value.kind.value}",
                            f"lit lit-{lit[slot.cell]}" if slot.cell in lit else "",
                            "noted" if value.note else "",
                        )
                        if part
                    )
                    title = spec.label_index.get(slot.cell, slot.cell)
                    if value.kind is Kind.AMBIGUOUS:
                        title += "：" + UNSPLIT.format(raw=value.raw.strip())
                cells.append(CellView(slot.text, slot.rowspan, slot.colspan, slot.header, slot.cell, css, title))
            rows.append(cells)
        tables.append(TableView(tid, titles.get(tid, tid), rows))
    return tables


def where(source: Source | Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """Where a value or a sentence was printed, as (what, where) pairs a reader can follow in the file."""
    if source is None:
        return []
    src = source if isinstance(source, Source) else Source(**{k: v for k, v in source.items() if k != "bbox"})
    out = []
    if src.file:
        out.append(("文件", src.file))
    if src.page is not None:
        out.append(("页", f"第{src.page}页"))
    if src.line is not None:
        out.append(("行", f"第{src.line}行" + (f"，第{src.char + 1}个字符起" if src.char else "")))
    if src.table is not None:
        out.append(("表格", f"文中第{src.table + 1}张表"))
    if src.row is not None and src.col is not None:
        out.append(("单元格", f"第{src.row + 1}行第{src.col + 1}列"))
    bbox = source.bbox if isinstance(source, Source) else source.get("bbox")
    if bbox:
        out.append(("位置框", "（" + ", ".join(f"{float(x):.1f}" for x in bbox) + "）"))
    return out


def evidence(stored: StoredReport, cell_id: str) -> dict[str, Any]:
    """Everything about one cell: label, what was printed, how it was read, where, findings naming it."""
    report = stored.report
    value = report.value(cell_id)
    return {
        "cell": cell_id,
        "label": report.spec.label_index.get(cell_id, cell_id),
        "kind": value.kind.value,
        "raw": value.raw,
        "number": value.number,
        "note": value.note,
        "alternatives": list(value.alternatives),
        "where": where(value.source),
        "findings": [f for f in stored.findings if cell_id in f.cells],
        "notes": [n for n in report.notes if cell_id in n.cells],
    }


def meta_rows(report: Report) -> list[tuple[str, str]]:
    """The report's metadata as (label, text) rows, in the order a reader looks for them."""
    m = report.meta
    rows = [("标题", m.get("title")), ("统计期限", (m.get("statistics_period") or {}).get("raw"))]
    published = m.get("published")
    if published:
        rows.append(
            ("发布日期", f"{published}" + (f"（取自{m['published_from']}）" if m.get("published_from") else ""))
        )
    rows += [("索引号", m.get("index_no")), ("文号", m.get("doc_no")), ("发布机构", m.get("publisher"))]
    rows.append(("落款日期", m.get("signed")))
    contact = m.get("contact") or {}
    names = {"address": "地址", "postcode": "邮编", "phone": "电话", "email": "电子邮箱"}
    rows += [(f"联系方式·{names.get(k, k)}", v) for k, v in contact.items()]
    rows.append(("格式", f"{report.format}" + ("（（六）其他处理为一行）" if report.merged_other else "")))
    rows.append(("版式", report.layout))
    return [(label, str(text)) for label, text in rows if text not in (None, "")]


def severity_counts(findings: Iterable[StoredFinding]) -> dict[str, int]:
    out = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        out[f.severity] += 1
    return out


@dataclass(frozen=True, slots=True)
class YearRow:
    cell: str
    label: str
    values: list[tuple[str, str, str]]  # per year: (text as printed, css, tooltip)
    table: str = ""  # the table's title on the first row of each table, else ""


def _cell_order() -> list[tuple[str, str, str]]:
    """(cell id, table, label) of both formats, in table order; an id only the 2019 format has comes
    after the id it follows there (so 2019's merged （六）其他处理 sits among the outcome rows), and 2019's
    own table one after 2021's."""
    from gongkai import spec
    from gongkai.export.tables import cell_infos

    labels = {c.id: (c.table, c.label) for c in cell_infos()}
    order = list(spec.load("2021").cell_ids)
    previous: str | None = None
    for cid in spec.load("2019", True).cell_ids:
        if cid not in order:  # table one of 2019 is another table: its own rows after 2021's
            at = order.index(previous) + 1 if previous in order and not cid.startswith("t1.") else len(order)
            order.insert(at, cid)
        previous = cid
    ranked = sorted(range(len(order)), key=lambda i: (labels[order[i]][0], i))
    return [(order[i], *labels[order[i]]) for i in ranked]


def year_over_year(
    view: Any, tables: tuple[str, ...] = ("t1", "t2", "t3"), column: str | None = "total"
) -> list[YearRow]:
    """Cells of an agency's reports side by side by year (table two: one ``column``, or all when None); a
    value a cross-year finding names is lit."""
    years = view.years
    titles = {sec.table: sec.label for sec in report_spec("2021").sections if sec.table}
    named: dict[tuple[int, str], str] = {}
    rank = {sev: i for i, sev in enumerate(SEVERITIES)}
    for e in view.pair_findings:
        for cid in e.finding.cells:
            key = (e.finding.year, cid)
            if key not in named or rank[e.finding.severity] < rank[named[key]]:
                named[key] = e.finding.severity
    rows: list[YearRow] = []
    last_table = ""
    for cid, table, label in _cell_order():
        if table not in tables or (table == "t2" and column and not cid.endswith("." + column)):
            continue
        shown = [view.cells.get(y, {}).get(cid) for y in years]
        if all(s is None for s in shown):
            continue  # a cell of a format none of the years uses
        values = []
        for y, s in zip(years, shown, strict=True):
            if s is None:
                values.append(("", "na", ""))
                continue
            tip = UNSPLIT.format(raw=s.raw.strip()) if s.kind == Kind.AMBIGUOUS.value else ""
            if s.kind in (Kind.MISSING.value, Kind.AMBIGUOUS.value):
                text = "？"
            else:
                text = "" if s.kind == "blank" else s.raw.strip() or ("" if s.value is None else str(s.value))
            css = f"k-{s.kind}" + (f" lit lit-{named[(y, cid)]}" if (y, cid) in named else "")
            values.append((text, css, tip))
        rows.append(YearRow(cid, label, values, titles.get(table, table) if table != last_table else ""))
        last_table = table
    return rows


__all__ = [
    "CellView",
    "TableView",
    "YearRow",
    "evidence",
    "lit_cells",
    "meta_rows",
    "report_tables",
    "severity_counts",
    "shown",
    "year_over_year",
]
