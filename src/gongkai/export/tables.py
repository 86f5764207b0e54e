"""What an export contains: the tidy, wide, findings and dictionary tables, as columns + rows.

Blank ≠ 0, always: a cell's ``value`` is empty unless the document printed a number; the tidy table's
``kind`` column says what was printed instead (blank, dash, text, ambiguous, missing).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, select

from gongkai import spec
from gongkai.normalize import CN_DIGITS
from gongkai.store import schema as s
from gongkai.store.filters import ReportFilter
from gongkai.store.queries import active_versions, finding_counts, findings_with_review, versions_per_report
from gongkai.store.rebuild import stored_number

REPORT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("agency", "text", "机关名称（首次入库时所印）"),
    ("agency_key", "text", "机关标识：去掉空白和标点的名称，跨年度比对以此为准"),
    (
        "region",
        "text",
        "地区：由机关名称对照行政区划得出（如 山东省/淄博市/张店区），名称不足以确定时为空；可用 gongkai agency set 更正",
    ),
    ("level", "text", "层级：省级/市级/县级与政府/部门（如 县级部门），或乡镇街道；由机关名称得出，可更正"),
    ("year", "integer", "报告年度"),
    ("version", "integer", "版本号：同一机关同一年度的第几份文件（1 起）"),
    ("versions", "integer", "该报告已入库的版本数"),
    ("format", "text", "统计表格式：2021（国办公开办函〔2021〕30号）或 2019（〔2019〕60号试行格式）"),
    ("form", "text", "文件形式：text、html、docx、ole（.doc/.wps）、pdf、payload"),
    ("published", "date", "发布日期（文档或网页中可读到时）"),
    ("file_name", "text", "入库时的原文件名（压缩包成员为 包名!成员名）"),
    ("sha256", "text", "原文件的 SHA-256，可凭此从库中取回原件"),
    ("agency_from", "text", "机关名称的来源：document（正文）或 filename（文件名）"),
    ("year_from", "text", "年度的来源：document（正文）或 filename（文件名）"),
    ("errors", "integer", "核查发现中“错误”的条数"),
    ("warnings", "integer", "核查发现中“警告”的条数"),
)
TIDY_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("agency", "text", "机关名称"),
    ("agency_key", "text", "机关标识"),
    ("year", "integer", "报告年度"),
    ("version", "integer", "版本号"),
    ("format", "text", "统计表格式（2021 或 2019）"),
    ("cell", "text", "单元格标准编号（如 t2.r_new.natural），见数据字典"),
    ("table", "text", "所在统计表：t1 主动公开、t2 收到和处理申请、t3 行政复议和行政诉讼"),
    ("label", "text", "官方表格中的行/列标签路径"),
    (
        "kind",
        "text",
        "所印内容类型：number 数字、blank 空白、dash 横线或斜线、text 文字、ambiguous 数字粘连无法唯一拆分、missing 未找到",
    ),
    ("value", "number", "所印数字；空白、横线、文字等一律为空（空白 ≠ 0）"),
    ("raw", "text", "原文所印文字"),
    ("note", "text", "读取说明（非普通单元格读取时，如由粘连数字拆分而来）"),
    ("source", "text", "出处（JSON）：file、line、page、table、row、col、bbox"),
)
FINDING_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "integer", "核查发现编号（gongkai review 用）"),
    ("fingerprint", "text", "指纹：同一报告、规则、单元格、数字和引文相同即为同一发现，复核结论随之保留"),
    ("agency", "text", "机关名称"),
    ("year", "integer", "报告年度"),
    ("version", "integer", "版本号"),
    ("scope", "text", "report（单份报告）或 pair（与上一年度比对）"),
    ("rule", "text", "规则编号（gongkai rules 查看全部规则）"),
    ("severity", "text", "级别：error 错误、warning 警告、info 提示"),
    ("origin", "text", "问题所在：document 原文问题、reading 读取存疑"),
    ("message", "text", "说明"),
    ("cells", "text", "涉及的单元格编号（以分号分隔）"),
    ("expected", "text", "应为（JSON）"),
    ("actual", "text", "实为（JSON）"),
    ("where", "text", "证据位置（以分号分隔）"),
    ("review", "text", "复核状态：open 待复核、confirmed 已确认、dismissed 已排除"),
    ("reviewer", "text", "复核人"),
    ("review_comment", "text", "复核意见"),
)


@dataclass(frozen=True, slots=True)
class CellInfo:
    id: str
    table: str
    label: str
    unit: str | None
    type: str  # integer | decimal | signed integer
    formats: tuple[str, ...]


@cache
def cell_infos() -> tuple[CellInfo, ...]:
    """Every canonical cell id with its official label, unit, type and the formats that have it."""
    found: dict[str, dict[str, Any]] = {}
    for version in spec.FORMATS:
        for merged in (False, True):
            fmt = spec.load(version, merged)
            for tid in ("t1", "t2", "t3"):
                table = fmt.tables[tid]
                columns = {c.id: c for c in table.columns}
                for cid in table.cells:
                    entry = found.setdefault(cid, {"table": tid, "label": fmt.label(cid), "formats": []})
                    if version not in entry["formats"]:
                        entry["formats"].append(version)
                    column = columns.get(cid.rsplit(".", 1)[-1]) or columns.get(cid.split(".", 1)[-1])
                    if column is not None:
                        entry.setdefault("unit", column.unit)
                        entry.setdefault(
                            "type", "decimal" if column.decimal else "signed integer" if column.signed else "integer"
                        )
    return tuple(
        CellInfo(
            cid,
            e["table"],
            e["label"],
            e.get("unit"),
            e.get("type", "decimal" if "amount" in cid else "integer"),
            tuple(e["formats"]),
        )
        for cid, e in found.items()
    )


def dictionary() -> tuple[list[str], list[list[Any]]]:
    """The data dictionary: every export column and every cell id, with type and meaning."""
    columns = ["name", "export", "type", "unit", "description", "formats"]
    rows: list[list[Any]] = []
    for name, kind, text in REPORT_COLUMNS:
        rows.append([name, "wide", kind, None, text, None])
    for name, kind, text in TIDY_COLUMNS:
        rows.append([name, "tidy", kind, None, text, None])
    for name, kind, text in FINDING_COLUMNS:
        rows.append([name, "findings", kind, None, text, None])
    # 表一 主动公开政府信息情况 …: the official table titles from the format data, numbered in order
    table_names = {
        tid: f"表{CN_DIGITS[int(tid[1:]) - 1]} {table.label}" for tid, table in spec.load("2021").tables.items()
    }
    for info in cell_infos():
        desc = f"{table_names[info.table]}：{info.label}。空 = 原文未印数字（空白 ≠ 0）"
        rows.append([info.id, "wide", info.type, info.unit, desc, "、".join(info.formats)])
    return columns, rows


def _short(meaning: str) -> str:
    """A column's Chinese name: its meaning up to the first explanation (``机关名称（首次入库时所印）`` → 机关名称)."""
    return re.split(r"[（(：:，,；;]", meaning, maxsplit=1)[0].strip()


@cache
def column_labels() -> dict[str, str]:
    """Column id → Chinese label: the official label path of a cell id, a short name for other columns."""
    out = {
        name: _short(meaning) for spec_ in (REPORT_COLUMNS, TIDY_COLUMNS, FINDING_COLUMNS) for name, _, meaning in spec_
    }
    out.update({c.id: c.label for c in cell_infos()})
    return out


def dictionary_markdown() -> str:
    """docs/data-dictionary.md: the data dictionary as a document (a test keeps it equal to this)."""
    _columns, rows = dictionary()
    out = [
        "# 数据字典 Data dictionary",
        "",
        "Generated by `python3 -c 'from gongkai.export import dictionary_markdown as d; print(d(), end=\"\")'`;",
        "the same table is written as `dictionary.<format>` (or the 数据字典 sheet) by every `gongkai export`.",
        "Blank ≠ 0: a cell column is empty unless the document printed a number there; the tidy export's",
        "`kind` says what was printed instead.",
        "",
        "Text is exported as stored, with two exceptions that protect the reader of the file, never the data:",
        "in CSV, text starting with `=` `+` `-` `@` (or TAB/CR) gets a leading `'` so a spreadsheet shows it",
        "instead of running it as a formula (numbers stay numbers); in XLSX, control characters the format",
        "cannot hold (a damaged or hostile document may print them) are replaced by `\ufffd` (�). The library",
        "keeps the text as printed.",
        "",
    ]
    for export, title in (
        ("wide", "宽表 `cells_wide`：每份报告（现行版本）一行"),
        ("tidy", "长表 `cells_tidy`：每份报告每个单元格一行"),
        ("findings", "核查发现 `findings`"),
    ):
        out += [f"## {title}", "", "| column | type | unit | meaning | formats |", "|---|---|---|---|---|"]
        for name, where, kind, unit, text, formats in rows:
            if where == export:
                out.append(f"| `{name}` | {kind} | {unit or ''} | {text} | {formats or ''} |")
        out.append("")
    return "\n".join(out)


def _active_reports(conn: Connection, where: ReportFilter | None = None) -> list[dict[str, Any]]:
    q = active_versions()
    if where is not None:
        q = q.where(*where.conditions())
    rows = [dict(r) for r in conn.execute(q).mappings()]
    counts = finding_counts(conn, [r["version_id"] for r in rows])
    nversions = versions_per_report(conn)
    for d in rows:
        d["versions"] = nversions.get(d["report_id"], 1)
        d["errors"] = counts.get(d["version_id"], {}).get("error", 0)
        d["warnings"] = counts.get(d["version_id"], {}).get("warning", 0)
    return rows


def _cells_of(conn: Connection, version_ids: list[int]) -> Iterator[Any]:
    for i in range(0, len(version_ids), 500):
        chunk = version_ids[i : i + 500]
        yield from conn.execute(
            select(
                s.cells.c.version_id,
                s.cells.c.cell,
                s.cells.c.kind,
                s.cells.c.value,
                s.cells.c.raw,
                s.cells.c.note,
                s.cells.c.source,
            )
            .where(s.cells.c.version_id.in_(chunk))
            .order_by(s.cells.c.version_id)
        )


def wide(conn: Connection, where: ReportFilter | None = None) -> tuple[list[str], Iterator[list[Any]]]:
    """One row per report (its active version; of the reports that meet ``where``), one column per
    canonical cell id."""
    reports = _active_reports(conn, where)
    cell_ids = [c.id for c in cell_infos()]
    columns = [name for name, _, _ in REPORT_COLUMNS] + cell_ids
    position = {cid: i for i, cid in enumerate(cell_ids)}

    def rows() -> Iterator[list[Any]]:
        by_version: dict[int, list[Any]] = {r["version_id"]: [None] * len(cell_ids) for r in reports}
        for c in _cells_of(conn, list(by_version)):
            by_version[c.version_id][position[c.cell]] = stored_number(c.value, c.raw)
        for r in reports:
            yield [r[name] for name, _, _ in REPORT_COLUMNS] + by_version[r["version_id"]]

    return columns, rows()


def tidy(conn: Connection, where: ReportFilter | None = None) -> tuple[list[str], Iterator[list[Any]]]:
    """One row per report × cell (of the reports that meet ``where``), with the official label, what was
    printed and where."""
    reports = {r["version_id"]: r for r in _active_reports(conn, where)}
    labels = {c.id: (c.table, c.label) for c in cell_infos()}
    columns = [name for name, _, _ in TIDY_COLUMNS]
    order = {cid: i for i, cid in enumerate(labels)}

    def rows() -> Iterator[list[Any]]:
        for vid, group in groupby(_cells_of(conn, list(reports)), key=lambda c: c.version_id):
            r = reports[vid]
            for c in sorted(group, key=lambda c: order.get(c.cell, len(order))):
                table, label = labels.get(c.cell, (c.cell.split(".", 1)[0], ""))
                yield [
                    r["agency"],
                    r["agency_key"],
                    r["year"],
                    r["version"],
                    r["format"],
                    c.cell,
                    table,
                    label,
                    c.kind,
                    stored_number(c.value, c.raw),
                    c.raw,
                    c.note,
                    json.dumps(c.source, ensure_ascii=False) if c.source else None,
                ]

    return columns, rows()


def findings(conn: Connection, where: ReportFilter | None = None) -> tuple[list[str], Iterator[list[Any]]]:
    """Every finding of the active versions (of the reports that meet ``where``) with its review state."""
    columns = [name for name, _, _ in FINDING_COLUMNS]
    q = findings_with_review().where(s.versions.c.active)
    if where is not None:
        q = q.where(*where.conditions())

    def rows() -> Iterator[list[Any]]:
        for f in conn.execute(q).mappings():
            yield [
                f["id"],
                f["fingerprint"],
                f["agency"],
                f["year"],
                f["version"],
                f["scope"],
                f["rule"],
                f["severity"],
                f["origin"],
                f["message"],
                ";".join(f["cells"]),
                None if f["expected"] is None else json.dumps(f["expected"], ensure_ascii=False),
                None if f["actual"] is None else json.dumps(f["actual"], ensure_ascii=False),
                ";".join(e.get("where") or "" for e in f["evidence"]),
                f["review"] or "open",
                f["reviewer"],
                f["review_comment"],
            ]

    return columns, rows()
