"""The XLSX template an agency fills in, and reading it back.

``write_template(version)`` lays out a workbook: 填写说明, 基本信息 (agency, year, statistics period,
publication date, contacts), 正文 (the six sections' text) and the three tables exactly as the national
template prints them (rows, merged header cells, column order — from the format data), value cells
shaded; a hidden sheet ``_cells`` maps every value cell to its canonical cell id.  ``read_template``
turns a filled workbook back into a ``Report`` (blank stays blank, 0 is 0, text is kept as written).
Given last year's report, 上年结转 is filled with last year's 结转下年度 and the agency carried over.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from gongkai.errors import CorruptInput
from gongkai.generate.load import report_from_json
from gongkai.model import Report
from gongkai.normalize import read_value
from gongkai.spec import FormatVersion, load
from gongkai.synth.layout import GRIDS
from gongkai.synth.values import fmt_number

SHEETS = {"t1": "表一 主动公开", "t2": "表二 收到和处理申请", "t3": "表三 复议诉讼"}
INFO = (
    ("agency", "机关名称"),
    ("year", "报告年度"),
    ("period_start", "统计期限起（日期）"),
    ("period_end", "统计期限止（日期）"),
    ("published", "发布日期"),
    ("address", "联系地址"),
    ("postcode", "邮政编码"),
    ("phone", "联系电话"),
    ("email", "电子邮箱"),
)
_HELP = (
    "本模板按国办公开办函〔2021〕30号（2019–2020 年度报告为〔2019〕60号试行格式）的三张统计表排版。",
    "请在“基本信息”填写机关名称、年度等；在“正文”填写六个部分的文字；在三张统计表的浅色单元格中填写数字。",
    "没有发生的事项请填 0；留空表示该格空白（核查时会提示）。请勿改动表格的行列和标签。",
    "填好后运行：gongkai render 本文件.xlsx --to docx -o 年报.docx（先核查，有错误时不生成，除非加 --force）。",
)


def write_template(version: FormatVersion = "2021", previous: Report | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    spec = load(version, version == "2019")
    book = Workbook()
    help_sheet = book.active
    help_sheet.title = "填写说明"
    for line in _HELP:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 110
    info = book.create_sheet("基本信息")
    carried = {
        "agency": previous.agency if previous else None,
        "year": (previous.year + 1) if previous and previous.year else None,
    }
    fill = PatternFill("solid", fgColor="FFF6DD")  # the cells to fill in
    for r, (key, label) in enumerate(INFO, start=1):
        info.cell(row=r, column=1, value=label)
        info.cell(row=r, column=2, value=carried.get(key)).fill = fill
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 22, 60
    text = book.create_sheet("正文")
    text.append(["部分", "文字（可多段，段间换行）"])
    for r, section in enumerate(spec.sections, start=2):
        text.cell(row=r, column=1, value=section.label)
        body = text.cell(row=r, column=2)
        body.fill = fill
        body.alignment = Alignment(wrap_text=True, vertical="top")
    text.column_dimensions["A"].width, text.column_dimensions["B"].width = 36, 110
    ids = book.create_sheet("_cells")
    ids.append(["sheet", "cell", "id"])
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    values: dict[str, Any] = {}
    if previous is not None:  # this year's 上年结转 is last year's 结转下年度
        for col in spec.tables["t2"].columns:
            values[f"t2.r_carried.{col.id}"] = previous.cells.get(f"t2.r_next.{col.id}")
    for table, title in SHEETS.items():
        sheet = book.create_sheet(title)
        grid = GRIDS[table](spec, {}, {})
        for r, row in enumerate(grid.slots(), start=1):
            for c, slot in enumerate(row, start=1):
                if slot is None:
                    continue
                cell = sheet.cell(row=r, column=c, value=slot.text or values.get(slot.cell or ""))
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                if slot.cell is not None:
                    cell.fill = fill
                    ids.append([title, cell.coordinate, slot.cell])
                else:
                    cell.font = Font(bold=slot.header and r <= 3)
                if slot.rowspan > 1 or slot.colspan > 1:
                    sheet.merge_cells(
                        start_row=r, start_column=c, end_row=r + slot.rowspan - 1, end_column=c + slot.colspan - 1
                    )
        for row in sheet.iter_rows(min_row=1, max_row=len(grid.rows), max_col=grid.width):
            for cell in row:
                cell.border = border
        # label columns wide, value columns narrow; rows tall enough for their wrapped labels
        full = grid.slots()
        valued = {c for r in full for c, slot in enumerate(r) if slot is not None and slot.cell is not None}
        widths = [10.0 if c in valued else 22.0 for c in range(grid.width)]
        for c, w in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = w
        for r, row in enumerate(full, start=1):
            lines = 1
            for c, slot in enumerate(row):
                if slot is not None and slot.text and slot.rowspan == 1:
                    room = sum(widths[c : c + slot.colspan])
                    lines = max(lines, -(-len(slot.text) * 2 // int(room)))  # a Chinese character is two units
            sheet.row_dimensions[r].height = 16 * lines
    ids.sheet_state = "hidden"
    book.properties.keywords = f"gongkai-template format={version}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _iso(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_template(data: bytes, path: str | None = None) -> Report:
    """A filled template back to a ``Report`` (the sources name the sheet cell each value came from)."""
    from openpyxl import load_workbook
    from openpyxl.utils.cell import coordinate_to_tuple

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise CorruptInput(path, f"不是可读的 XLSX 模板（{type(exc).__name__}: {exc}）") from exc
    if "_cells" not in book.sheetnames or "基本信息" not in book.sheetnames:
        raise CorruptInput(
            path, "不是 gongkai 的报告模板（缺少“基本信息”或单元格编号表；请用 gongkai template 生成模板）"
        )
    keywords = book.properties.keywords or ""
    version = "2019" if "format=2019" in keywords else "2021"
    info = {row[0]: row[1] for row in book["基本信息"].iter_rows(min_row=1, max_col=2, values_only=True) if row[0]}
    labels = dict(INFO)
    get = {key: info.get(label) for key, label in labels.items()}
    values: dict[str, Any] = {}
    tables = list(SHEETS.values())
    for sheet_name, ref, cid in book["_cells"].iter_rows(min_row=2, max_col=3, values_only=True):
        if not cid or sheet_name not in book.sheetnames:
            continue
        value = book[sheet_name][ref].value
        if value is None:
            raw = ""
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            raw = fmt_number(value)
        else:
            raw = str(value).strip()
        rv = read_value(raw)
        row, col = coordinate_to_tuple(ref)
        source = {"file": path, "table": tables.index(sheet_name), "row": row - 1, "col": col - 1}
        values[cid] = {"raw": raw, "kind": rv.kind.value, "value": rv.number, "source": source}
    spec = load(version, version == "2019")
    sections = []
    for heading, body in book["正文"].iter_rows(min_row=2, max_col=2, values_only=True):
        section = next((s for s in spec.sections if s.label == heading), None)
        if section is not None:
            sections.append({"id": section.id, "heading": section.label, "ordinal": section.ordinal + "、",
                             "text": str(body or "").strip()})  # fmt: skip
    start, end = _iso(get["period_start"]), _iso(get["period_end"])
    meta: dict[str, Any] = {
        "published": _iso(get["published"]),
        "statistics_period": {"raw": f"{start}至{end}", "start": start, "end": end} if start and end else None,
        "contact": {k: str(get[k]) for k in ("address", "postcode", "phone", "email") if get.get(k)},
    }
    year = get.get("year")
    report = report_from_json(
        {
            "format": version,
            "other_merged": version == "2019",
            "agency": str(get["agency"]).strip() if get.get("agency") else None,
            "year": int(year) if year not in (None, "") else None,
            "meta": meta,
            "sections": sections,
            "values": values,
            "file": path,
            "layout": "template",
        }
    )
    return report


__all__ = ["SHEETS", "read_template", "write_template"]
