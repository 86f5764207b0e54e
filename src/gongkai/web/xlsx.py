"""Workbooks the pages offer: the findings under a filter (for sending to the agencies concerned), a
comparison, the coverage of a year and the list of expected agencies.

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
from gongkai.store.compare import RATE_INDEX, Comparison
from gongkai.store.coverage import STATUS_LABELS, Coverage, ExpectedAgency
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


def _save(path: Path, title: str, header: list[str], rows: Iterable[list[Any]]) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    sheet.append(header)
    for row in rows:
        sheet.append([_text(sheet, v) for v in row])
    book.save(path)
    return path


def write_comparison(path: Path, result: Comparison, labels: dict[str, str]) -> Path:
    """Every row of a comparison: rank, agency, the cells as printed and each rate with k, n, its Wilson
    interval and why there is none."""
    header = ["排名", "机关", "年度", "地区", "层级", "错误"]
    header += [labels.get(c, c) for c in result.cells]
    for rid in result.rates:
        name = RATE_INDEX[rid].label
        header += [f"{name}（%）", f"{name} 分子", f"{name} 样本数 n", f"{name} 95%下限（%）", f"{name} 95%上限（%）",
                   f"{name} 说明"]  # fmt: skip

    def pct(x: float | None) -> float | None:
        return None if x is None else round(100 * x, 2)

    def rows() -> Iterable[list[Any]]:
        for r in result.rows:
            row: list[Any] = [r.rank, r.agency, r.year, r.region, r.level, r.errors]
            row += [(r.cells[c].value if r.cells[c].value is not None else r.cells[c].raw) if c in r.cells else None
                    for c in result.cells]  # fmt: skip
            for rid in result.rates:
                v = r.rates[rid]
                note = v.problem or ("小样本" if v.small else "")
                row += [pct(v.rate), v.k, v.n, pct(v.low), pct(v.high), note]
            yield row

    return _save(path, "对比", header, rows())


def write_coverage(path: Path, cov: Coverage) -> Path:
    """The coverage of a year: every expected agency with its status, dates and finding counts."""
    header = ["机关", "层级", "上级", "状态", "发布日期", "法定时限", "逾期天数", "错误", "警告", "库中名称", "说明"]

    def rows() -> Iterable[list[Any]]:
        for r in cov.rows:
            rep = r.report
            yield [
                r.entry.name, r.entry.level, r.entry.parent, STATUS_LABELS[r.status],
                rep.published if rep else None, r.deadline, r.days_late,
                rep.errors if rep else None, rep.warnings if rep else None,
                rep.agency if rep else None, r.message,
            ]  # fmt: skip

    return _save(path, f"{cov.year}年度报送情况", header, rows())


def write_expected(path: Path, entries: Iterable[ExpectedAgency]) -> Path:
    """The list of expected agencies in the layout it is uploaded in (edit it and upload it again)."""
    header = ["名称", "层级", "上级", "别名", "起始年度", "截止年度"]
    return _save(
        path,
        "报送名单",
        header,
        ([e.name, e.level, e.parent, "、".join(e.aliases), e.from_year, e.to_year] for e in entries),
    )


__all__ = ["COLUMNS", "write_comparison", "write_coverage", "write_expected", "write_findings"]
