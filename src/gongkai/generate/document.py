"""A report laid out as the standard document: title, statistics period, the six sections with their
text, the three tables in the official layout, signature and date — the same ``GenDoc`` every writer of
``gongkai.synth`` and ``gongkai.generate`` renders, with nothing random in it.

Cells print as the report holds them: a number as printed (its raw text when it was read from a
document, the number otherwise), blank stays blank, 0 is printed as 0, a dash or a word as printed.
"""

from __future__ import annotations

from datetime import date

from gongkai.model import Report
from gongkai.normalize import Kind, label_key
from gongkai.synth.doc import Block, GenDoc, Para
from gongkai.synth.layout import GRIDS
from gongkai.synth.values import fmt_number


def title_of(report: Report) -> str:
    return f"{report.agency or ''}{report.year or ''}年政府信息公开工作年度报告"


def printed_cells(report: Report) -> dict[str, str]:
    """Cell id → the text to print (raw when it was read as printed, else the number; blank stays blank)."""
    out: dict[str, str] = {}
    for cid in report.spec.cell_ids:
        v = report.value(cid)
        if v.kind is Kind.NUMBER and v.number is not None:
            out[cid] = v.raw.strip() or fmt_number(v.number)
        elif v.kind in (Kind.DASH, Kind.TEXT):
            out[cid] = v.raw.strip()
        else:  # blank, or a cell that could not be read: printed empty (``check`` reports the latter)
            out[cid] = ""
    return out


def _table_words(report: Report, table: str) -> set[str]:
    t = report.spec.tables[table]
    return {label_key(r.label) for r in t.rows if len(label_key(r.label)) >= 4}


def _section_lines(report: Report, section_id: str) -> list[str]:
    """The section's text as paragraphs; in a table section, only text that is not the table itself."""
    s = report.section(section_id)
    if s is None:
        return []
    lines = [line.strip() for line in s.text.split("\n") if line.strip()]
    table = report.spec.section(section_id).table
    if table is None:
        return lines
    words = _table_words(report, table)
    return [line for line in lines if not any(w in label_key(line) for w in words)]


def _date_text(iso: str | None) -> str | None:
    if not iso:
        return None
    d = date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def report_to_doc(report: Report) -> GenDoc:
    """The standard document of ``report`` (official section headings and table layout)."""
    spec = report.spec
    y = report.year
    title = title_of(report)
    period = report.meta.get("statistics_period") or {}
    if period.get("start") and period.get("end"):
        start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
        intro = (
            f"本报告中所列数据的统计期限自{start.year}年{start.month}月{start.day}日起"
            f"至{end.year}年{end.month}月{end.day}日止。"
        )
    else:
        intro = f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
    contact = report.meta.get("contact") or {}
    if contact:
        parts = [
            f"地址：{contact['address']}" if contact.get("address") else "",
            f"邮编：{contact['postcode']}" if contact.get("postcode") else "",
            f"联系电话：{contact['phone']}" if contact.get("phone") else "",
            f"电子邮箱：{contact['email']}" if contact.get("email") else "",
        ]
        intro += "如对本报告有疑问，请与本机关联系（" + "；".join(p for p in parts if p) + "）。"
    blocks: list[Block] = [Para(title, "title"), Para(intro, "intro")]
    printed = printed_cells(report)
    for section in spec.sections:
        blocks.append(Para(section.label, "heading", section.id))
        if section.table:  # the table first: text printed before a table could be taken for its values
            blocks.append(GRIDS[section.table](spec, report.cells, printed))
        blocks.extend(Para(line, "body") for line in _section_lines(report, section.id))
    blocks.append(Para(report.agency or "", "signature"))
    signed = _date_text(report.meta.get("signed") or report.meta.get("published"))
    if signed:
        blocks.append(Para(signed, "date"))
    meta = {"标题": title}
    if report.meta.get("published"):
        meta["发文日期"] = str(report.meta["published"])
    return GenDoc(title, tuple(blocks), meta)


__all__ = ["printed_cells", "report_to_doc", "title_of"]
