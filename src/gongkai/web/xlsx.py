"""The findings under a filter as an XLSX workbook (for sending to the agencies concerned).

Text stays text: a message or a printed value that begins with ``=`` is written as a string cell, never a
formula, and characters a workbook cannot hold (control characters a hostile document may carry) are
replaced by U+FFFD — the library keeps them as they were.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gongkai.store.browse import FindingEntry
from gongkai.store.library import REF_LENGTH, REVIEW_LABELS

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
COLUMNS = (
    "引用号",
    "机关",
    "年度",
    "版本",
    "级别",
    "来源",
    "规则",
    "说明",
    "单元格",
    "原文",
    "出处",
    "复核状态",
    "复核人",
    "复核时间",
    "复核意见",
)


def _text(sheet: Any, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = _ILLEGAL.sub("\ufffd", value)
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # never a formula, whatever the text begins with
    return cell


def write_findings(path: Path, entries: Iterable[FindingEntry]) -> Path:
    from openpyxl import Workbook

    from gongkai.web.templating import ORIGIN_LABELS, SEVERITY_LABELS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("核查发现")
    sheet.append(list(COLUMNS))
    for e in entries:
        f = e.finding
        raws = [str(ev.get("raw")) for ev in f.evidence if ev.get("raw") not in (None, "")]
        row = [
            f.fingerprint[:REF_LENGTH],
            f.agency,
            f.year,
            f.version,
            SEVERITY_LABELS.get(f.severity, f.severity),
            ORIGIN_LABELS.get(f.origin, f.origin),
            f.rule,
            f.message,
            "；".join(f.cells),
            "；".join(raws),
            "；".join(str(ev.get("where") or "") for ev in f.evidence if ev.get("where")),
            REVIEW_LABELS.get(f.review, f.review),
            f.reviewer or "",
            f"{e.reviewed_at:%Y-%m-%d %H:%M}" if e.reviewed_at else "",
            f.review_comment or "",
        ]
        sheet.append([_text(sheet, v) for v in row])
    book.save(path)
    return path


__all__ = ["COLUMNS", "write_findings"]
