"""A report on the terminal, laid out like the official tables (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from gongkai.model import Report, Value
from gongkai.normalize import Kind
from gongkai.render.safe import lit, plain

_KIND_STYLE = {
    Kind.BLANK: "dim",
    Kind.DASH: "yellow",
    Kind.TEXT: "yellow",
    Kind.AMBIGUOUS: "bold red",
    Kind.MISSING: "red",
}


def cell_text(value: Value) -> Text:
    if value.kind is Kind.NUMBER:
        style = "cyan" if value.note else ""
        return lit(value.raw.strip() if value.raw.strip() else str(value.number), style=style)
    shown = {Kind.BLANK: "（空）", Kind.MISSING: "？", Kind.AMBIGUOUS: "歧义"}.get(value.kind, value.raw.strip())
    return lit(shown, style=_KIND_STYLE.get(value.kind, ""))


def _t1(report: Report) -> Table:
    t1 = report.spec.tables["t1"]
    table = Table(title="二、主动公开政府信息情况", title_justify="left", show_lines=False)
    table.add_column("信息内容", overflow="fold", min_width=14)
    cols = list(t1.columns)
    for c in cols:
        table.add_column(c.label, justify="right")
    block_labels = {r.id: r.label for r in t1.rows if not r.data}
    last_block = None
    for row in t1.data_rows:
        if row.block != last_block:
            table.add_row(Text(block_labels.get(row.block or "", ""), style="bold"))
            last_block = row.block
        cells = [cell_text(report.value(f"t1.{row.id}.{c.id}")) if c.id in row.columns else Text("") for c in cols]
        table.add_row(row.label, *cells)
    return table


def _t2(report: Report) -> Table:
    t2 = report.spec.tables["t2"]
    table = Table(title="三、收到和处理政府信息公开申请情况", title_justify="left")
    table.add_column("", overflow="fold", min_width=24, max_width=48)
    for c in t2.columns:
        table.add_column(c.label, justify="right")
    depth: dict[str | None, int] = {None: 0}
    for row in t2.rows:
        level = depth.get(row.parent, 0)
        depth[row.id] = level + 1
        label = "  " * level + row.label
        if not row.data:
            table.add_row(Text(label, style="bold"))
            continue
        table.add_row(label, *(cell_text(report.value(f"t2.{row.id}.{c.id}")) for c in t2.columns))
    return table


def _t3(report: Report) -> Table:
    t3 = report.spec.tables["t3"]
    table = Table(title="四、政府信息公开行政复议、行政诉讼情况", title_justify="left")
    heads = {"review": "复议", "suit_direct": "直诉", "suit_after": "复议后诉"}
    for cell in t3.cells:
        cid = cell.split(".")[1]
        group = "review" if cid.startswith("review") else cid.rsplit("_", 1)[0]
        table.add_column(f"{heads[group]}\n{t3.column(cid).label}", justify="right")
    table.add_row(*(cell_text(report.value(c)) for c in t3.cells))
    return table


def print_report(report: Report, console: Console) -> None:
    """The report's metadata, sections and three tables; document text is printed literally (``lit``)."""
    m = report.meta
    head = lit(report.agency or "（未识别机关）", style="bold")
    head.append(plain(f"  {report.year or '？'}年  "))
    merged = "，（六）其他处理为一行" if report.merged_other else ""
    head.append(plain(f"格式：{report.format}{merged}  版式：{report.layout}"))
    console.print(head)
    period = (m.get("statistics_period") or {}).get("raw")
    if period:
        console.print(lit(f"统计期限：{period}"))
    if m.get("published"):
        console.print(lit(f"发布日期：{m['published']}（{m.get('published_from')}）"))
    for key, label in (("index_no", "索引号"), ("doc_no", "文号"), ("publisher", "发布机构")):
        if m.get(key):
            console.print(lit(f"{label}：{m[key]}"))
    contact = m.get("contact") or {}
    if contact:
        console.print(lit("联系方式：" + "；".join(f"{k}={v}" for k, v in contact.items())))
    found = [f"{s.ordinal or ''}{s.heading[len(s.ordinal or '') :]}" for s in report.sections]
    console.print(lit("章节：" + (" | ".join(found) if found else "（未识别）")))
    console.print(_t1(report))
    console.print(_t2(report))
    console.print(_t3(report))
    if report.notes:
        console.print(Text("读取说明", style="bold") + Text("（这些是我们读取时的不确定之处，不是报告本身的错误）："))
        for note in report.notes:
            where = f"  [{note.source.describe()}]" if note.source else ""
            console.print(lit(f"  · {note.message}{where}"))
