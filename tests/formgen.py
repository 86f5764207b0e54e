"""Generate a report in every published form from its gold cells (round-trip fixtures).

A report is laid out as the official format prints it — title, the six section headings, the three
tables with their merged cells (rowspan/colspan like the official template, ``gongkai.synth.layout``) —
from the format spec and the gold values (a null stays a blank cell).  Writers then give the same layout as a CMS web page
(UTF-8 or GBK, chrome around it), a python-docx .docx with real ``vMerge``/``gridSpan`` merges, and,
through LibreOffice, .doc and .pdf.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.spec import FormatVersion, load
from gongkai.synth.doc import Slot
from gongkai.synth.layout import t1_grid, t2_grid, t3_grid

Layout = list[list[Slot]]  # rows of origin cells (covered slots omitted, as in HTML)


def _layout(grid: Any) -> Layout:
    return [list(row) for row in grid.rows]


def _t1(spec: Any, cells: dict[str, Any]) -> Layout:
    return _layout(t1_grid(spec, cells))


def _t2(spec: Any, cells: dict[str, Any]) -> Layout:
    return _layout(t2_grid(spec, cells))


def _t3(spec: Any, cells: dict[str, Any]) -> Layout:
    return _layout(t3_grid(spec, cells))


@dataclass
class Report:
    name: str
    title: str
    blocks: list[str | Layout]  # paragraphs and tables in reading order


def build(name: str, gold: dict[str, Any]) -> Report:
    meta, cells = gold["meta"], gold["cells"]
    fmt: FormatVersion = "2019" if meta["format"] == "2019" else "2021"
    merged = any(k.startswith("t2.o_other_all.") for k in cells)
    spec = load(fmt, merged)
    title = f"{meta['agency']}{meta['year']}年政府信息公开工作年度报告"
    year = meta["year"]
    blocks: list[str | Layout] = [
        title,
        f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    ]
    tables = {"t1": _t1, "t2": _t2, "t3": _t3}
    for section in spec.sections:
        blocks.append(section.label)
        if section.table:
            blocks.append(tables[section.table](spec, cells))
        else:
            blocks.append(f"{section.title}方面的工作按计划推进。")
    blocks.append(f"{year + 1}年1月20日")
    return Report(name, title, blocks)


# -- writers ---------------------------------------------------------------------------------------


def to_html(report: Report, charset: str = "utf-8") -> bytes:
    parts = [
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{html.escape(report.title)}_政府信息公开年报</title><script>var nav = '<td>1</td>';</script>",
        "<style>.MsoNormal{margin:0}</style></head><body><nav><ul><li>首页</li><li>政务公开</li></ul></nav>",
        '<table class="layout" width="100%"><tr><td>',
        '<table class="meta"><tr><td>索引号：</td><td>000000-2024-00001</td><td>发布机构：</td>',
        "<td>办公室</td></tr><tr><td>发文日期：</td><td>2024-01-20</td><td>文号：</td><td>&nbsp;</td></tr></table>",
        '<div class="TRS_Editor">',
    ]
    for block in report.blocks:
        if isinstance(block, str):
            parts.append(f'<p class="MsoNormal"><span><span lang="EN-US">{html.escape(block)}</span></span></p>')
            continue
        parts.append('<table border="1" cellspacing="0" class="MsoNormalTable">')
        for row in block:
            parts.append("<tr>")
            for slot in row:
                attrs = (f' rowspan="{slot.rowspan}"' if slot.rowspan > 1 else "") + (
                    f' colspan="{slot.colspan}"' if slot.colspan > 1 else ""
                )
                text = html.escape(slot.text) if slot.text else "&nbsp;"
                parts.append(f'<td{attrs}><p class="MsoNormal" align="center"><span>{text}</span></p></td>')
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</div></td></tr></table><footer>主办单位：某某人民政府办公室 版权所有</footer></body></html>")
    encoding = "gb18030" if charset.lower() in ("gbk", "gb2312") else charset
    return "\n".join(parts).encode(encoding)


def to_docx(report: Report, path: Path) -> None:
    import docx

    document = docx.Document()
    for block in report.blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = sum(s.colspan for s in block[0])
        table = document.add_table(rows=len(block), cols=width)
        table.style = "Table Grid"
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(block):
            c = 0
            for slot in row:
                while (r, c) in taken:
                    c += 1
                for dr in range(slot.rowspan):
                    for dc in range(slot.colspan):
                        taken.add((r + dr, c + dc))
                cell = table.cell(r, c)
                if slot.rowspan > 1 or slot.colspan > 1:
                    cell = cell.merge(table.cell(r + slot.rowspan - 1, c + slot.colspan - 1))
                cell.text = slot.text
                c += slot.colspan
        document.add_paragraph("")
    document.save(str(path))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(files: list[Path], fmt: str, outdir: Path, profile: Path) -> None:
    """Convert many files in one LibreOffice call (``fmt``: ``pdf``, ``doc``…)."""
    exe = soffice()
    assert exe is not None
    filters = {"doc": "doc:MS Word 97", "pdf": "pdf:writer_pdf_Export"}
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            filters.get(fmt, fmt),
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
