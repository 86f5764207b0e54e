"""填报: the web form of a report and back — metadata, the six sections, the three tables in the official
layout (``gongkai.synth.layout``, the national template's rows, merged headers and column order).

The form's fields: ``agency``, ``year``, ``format`` (``auto``: 2019 trial format up to 2020, else 2021),
``period_start``, ``period_end``, ``published``, ``address``, ``postcode``, ``phone``, ``email``, ``s:<id>``
for each section and ``c:<cell id>`` for each value cell.  Cells keep what was typed as text: blank stays
blank, 0 is 0, a dash or a word is kept as printed — ``gongkai.generate.load.report_from_json`` reads them
exactly as it reads the JSON of ``gongkai parse --json``.  Nothing typed is lost on a bad value: the form
comes back with every field as it was and a message beside the problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongkai.check import Finding
from gongkai.generate.load import report_from_json
from gongkai.model import Report
from gongkai.normalize import Kind
from gongkai.spec import FormatSpec, load
from gongkai.synth.layout import GRIDS
from gongkai.synth.values import fmt_number
from gongkai.web.views import CellView, TableView

META = ("agency", "year", "period_start", "period_end", "published", "address", "postcode", "phone", "email")
CONTACT = ("address", "postcode", "phone", "email")
MAX_CELL = 40
MAX_SECTION = 100_000
MAX_META = 300
_YEAR = re.compile(r"^\d{4}$")


@dataclass(slots=True)
class FillState:
    """Everything the form holds, as typed."""

    format: str = "auto"  # auto | 2021 | 2019
    meta: dict[str, str] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    carried: set[str] = field(default_factory=set)  # cells filled from last year's report
    problems: list[str] = field(default_factory=list)  # what could not be taken as typed

    @property
    def year(self) -> int | None:
        text = self.meta.get("year", "").strip()
        return int(text) if _YEAR.match(text) else None

    @property
    def agency(self) -> str:
        return self.meta.get("agency", "").strip()

    @property
    def version(self) -> str:
        """The format in use: as chosen, or by year (2019–2020: the 2019 trial format)."""
        if self.format in ("2021", "2019"):
            return self.format
        return "2019" if self.year is not None and self.year <= 2020 else "2021"

    @property
    def spec(self) -> FormatSpec:
        return load(self.version, self.version == "2019")


def state_from_form(form: Mapping[str, Any]) -> FillState:
    """The state of a posted form (text cut to sane lengths; unknown fields ignored)."""
    state = FillState(format=str(form.get("format") or "auto"))
    if state.format not in ("auto", "2021", "2019"):
        state.format = "auto"
    for key in META:
        state.meta[key] = _clean(str(form.get(key) or ""))[:MAX_META]
    ids = set(state.spec.cell_ids) | set(load("2021").cell_ids) | set(load("2019", True).cell_ids)
    for key, value in form.items():
        if key.startswith("c:") and key[2:] in ids:
            state.cells[key[2:]] = _clean(str(value))[:MAX_CELL]
        elif key.startswith("s:") and re.fullmatch(r"s[1-6]", key[2:]):
            state.sections[key[2:]] = str(value).replace("\r\n", "\n").replace("\x00", "")[:MAX_SECTION]
    carried = str(form.get("carried") or "")
    state.carried = {c for c in carried.split(",") if c in ids}
    return state


def _clean(text: str) -> str:
    return "".join(ch for ch in text.replace("\u3000", " ") if ch.isprintable()).strip()


def _iso(state: FillState, key: str, label: str) -> str | None:
    text = state.meta.get(key, "")
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        state.problems.append(f"{label}“{text}”不是日期（应为 年-月-日，如 2025-01-20），未采用")
        return None


def state_to_json(state: FillState) -> dict[str, Any]:
    """The report the form holds, as the JSON contract of ``gongkai parse --json``."""
    spec = state.spec
    year = state.year
    if state.meta.get("year") and year is None:
        state.problems.append(f"年度“{state.meta['year']}”应为四位数字")
    start = _iso(state, "period_start", "统计期限起")
    end = _iso(state, "period_end", "统计期限止")
    if year is not None and not start and not end and not state.meta.get("period_start"):
        start, end = f"{year}-01-01", f"{year}-12-31"
    meta: dict[str, Any] = {
        "title": f"{state.agency}{year or ''}年政府信息公开工作年度报告",
        "published": _iso(state, "published", "发布日期"),
        "statistics_period": {"raw": f"{start}至{end}", "start": start, "end": end} if start and end else None,
        "contact": {k: state.meta[k] for k in CONTACT if state.meta.get(k)},
    }
    sections = [
        {"id": s.id, "heading": s.label, "ordinal": s.ordinal + "、", "text": state.sections.get(s.id, "").strip()}
        for s in spec.sections
    ]
    values = {cid: state.cells.get(cid, "") for cid in spec.cell_ids}
    return {
        "format": state.version,
        "other_merged": state.version == "2019",
        "agency": state.agency or None,
        "year": year,
        "meta": meta,
        "sections": sections,
        "values": values,
        "layout": "web-form",
    }


def state_to_report(state: FillState) -> Report:
    return report_from_json(state_to_json(state))


def state_from_report(report: Report, *, year: int | None = None, agency: str | None = None) -> FillState:
    """A form holding ``report`` (a stored report, a filled template, a draft)."""
    meta = report.meta
    period = meta.get("statistics_period") or {}
    contact = meta.get("contact") or {}
    state = FillState(format=report.format)
    state.meta = {
        "agency": agency if agency is not None else (report.agency or ""),
        "year": str(year if year is not None else (report.year or "")),
        "period_start": str(period.get("start") or ""),
        "period_end": str(period.get("end") or ""),
        "published": str(meta.get("published") or ""),
        **{k: str(contact.get(k) or "") for k in CONTACT},
    }
    for cid in report.spec.cell_ids:
        v = report.value(cid)
        if v.kind is Kind.NUMBER and v.number is not None:
            state.cells[cid] = v.raw.strip() or fmt_number(v.number)
        elif v.kind in (Kind.DASH, Kind.TEXT):
            state.cells[cid] = v.raw.strip()
        else:
            state.cells[cid] = ""
    state.sections = {s.id: s.text for s in report.sections}
    return state


def carry_over(state: FillState, previous: Report) -> list[str]:
    """Last year's 结转下年度 into this year's 上年结转 (per column), and last year's 现行有效 as this year's
    starting value — only into cells still blank.  Returns what was filled, in words."""
    spec = state.spec
    pairs: list[tuple[str, str]] = [(f"t2.r_carried.{c.id}", f"t2.r_next.{c.id}") for c in spec.tables["t2"].columns]
    pairs += [(cid, cid) for cid in spec.cell_ids if cid.startswith("t1.") and cid.endswith(".valid")]
    filled = []
    for target, source in pairs:
        if target not in spec.cell_ids or state.cells.get(target, "").strip():
            continue
        number = previous.cells.get(source) if source in previous.spec.cell_ids else None
        if number is None:
            continue
        state.cells[target] = fmt_number(number)
        state.carried.add(target)
        filled.append(target)
    out = []
    if any(c.startswith("t2.r_carried.") for c in filled):
        out.append(f"上年结转已按 {previous.year} 年度报告的“结转下年度继续办理”逐列填入")
    if any(c.startswith("t1.") for c in filled):
        out.append(f"现行有效件数已按 {previous.year} 年度的数字预填，请按本年制发、废止情况更新")
    return out


def form_tables(state: FillState, findings: Iterable[Finding] = ()) -> list[TableView]:
    """The three tables in the official layout; value cells carry their field's text, lit by findings."""
    spec = state.spec
    rank = {"error": 0, "warning": 1, "info": 2}
    lit: dict[str, str] = {}
    for f in findings:
        for cid in f.cells:
            sev = f.severity.value
            if cid not in lit or rank[sev] < rank[lit[cid]]:
                lit[cid] = sev
    titles = {sec.table: sec.label for sec in spec.sections if sec.table}
    printed = {cid: state.cells.get(cid, "") for cid in spec.cell_ids}
    tables = []
    for tid, build in GRIDS.items():
        rows = []
        for row in build(spec, {}, printed).rows:
            cells = []
            for slot in row:
                css, title = "", ""
                if slot.cell is not None:
                    css = " ".join(
                        p
                        for p in ("v", f"lit lit-{lit[slot.cell]}" if slot.cell in lit else "",
                                  "carried" if slot.cell in state.carried else "")
                        if p
                    )  # fmt: skip
                    title = spec.label_index.get(slot.cell, slot.cell)
                cells.append(CellView(slot.text, slot.rowspan, slot.colspan, slot.header, slot.cell, css, title))
            rows.append(cells)
        tables.append(TableView(tid, titles.get(tid, tid), rows))
    return tables


__all__ = [
    "FillState",
    "carry_over",
    "form_tables",
    "state_from_form",
    "state_from_report",
    "state_to_json",
    "state_to_report",
]
