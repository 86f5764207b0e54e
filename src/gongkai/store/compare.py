"""对比: agencies side by side on chosen cells and derived rates, ranked so small samples cannot win.

::

    result = lib.compare(year=2024, region="山东省/淄博市", cells=["t2.r_new.total"],
                         rates=["review_correct", "open_share"], sort="review_correct")
    for row in result.rows:
        row.agency, row.rates["review_correct"].rate, row.rates["review_correct"].low, row.rank

A **rate** is a count of cases over a count of cases of the same report (复议纠错率 = 纠正 / 总计 of
table three; 予以公开占比 = 予以公开 / 总计 of table two), so it is a proportion with a sample size ``n``
(the denominator).  Rates over few cases say little: 1 of 2 is 50 %, and so is 100 of 200.  Every rate
therefore carries its **Wilson score interval** (95 %, ``z = 1.96``), and ranking is by the bound that is
least flattering to a small sample — high to low by the **lower** bound, low to high by the **upper**
bound — so 2 of 2 (lower bound 34 %) ranks below 180 of 200 (lower bound 85 %), and a rate over fewer
than ``SMALL_SAMPLE`` cases is marked.  A rate is not computed (and not ranked) when its denominator is
not a number or is 0, or a part of it is blank or not a number (blank ≠ 0), or the parts exceed the whole.

Sums over a group of rows (不予公开 = the eight 不予公开 rows) come from the format data: the rows whose
parent is the group (``gongkai.spec``); a report's format decides which of them it has.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Engine, and_, select

from gongkai import spec
from gongkai.check import agency_key
from gongkai.errors import ConfigError
from gongkai.store import schema as s
from gongkai.store.filters import ReportFilter
from gongkai.store.queries import active_versions, finding_counts
from gongkai.store.rebuild import stored_number

Z = 1.96  # 95 % two-sided
SMALL_SAMPLE = 30  # a rate over fewer cases is marked 小样本
MAX_ROWS = 3000  # agencies in one comparison


@dataclass(frozen=True, slots=True)
class Rate:
    id: str
    label: str
    numerator: tuple[str, ...]  # cell ids (or group ids ``g:<row group>``) summed
    denominator: tuple[str, ...]
    note: str


def group_cells(group: str, column: str = "total") -> tuple[str, ...]:
    """The t2 cells of the rows under ``group`` (e.g. g_deny) in ``column``, from both formats' data."""
    return _group_cells(group, column)


@cache
def _group_cells(group: str, column: str) -> tuple[str, ...]:
    out: list[str] = []
    for version, merged in (("2021", False), ("2019", True)):
        for row in spec.load(version, merged).tables["t2"].rows:
            cid = f"t2.{row.id}.{column}"
            if row.parent == group and row.data and cid not in out:
                out.append(cid)
    return tuple(out)


RATES: tuple[Rate, ...] = (
    Rate(
        "review_correct",
        "行政复议纠错率",
        ("t3.review_correct",),
        ("t3.review_total",),
        "表三 行政复议“结果纠正”÷“总计”",
    ),
    Rate(
        "suit_correct",
        "行政诉讼纠错率",
        ("t3.suit_direct_correct", "t3.suit_after_correct"),
        ("t3.suit_direct_total", "t3.suit_after_total"),
        "表三 行政诉讼（未经复议直接起诉、复议后起诉）“结果纠正”之和 ÷ “总计”之和",
    ),
    Rate("open_share", "予以公开占比", ("t2.o_open.total",), ("t2.o_total.total",), "表二 “予以公开”÷“总计”（总计列）"),
    Rate(
        "open_or_partial",
        "公开（含部分公开）占比",
        ("t2.o_open.total", "t2.o_partial.total"),
        ("t2.o_total.total",),
        "表二 “予以公开”与“部分公开”之和 ÷ “总计”",
    ),
    Rate("deny_share", "不予公开占比", ("g:g_deny",), ("t2.o_total.total",), "表二 “不予公开”各项之和 ÷ “总计”"),
    Rate("none_share", "无法提供占比", ("g:g_none",), ("t2.o_total.total",), "表二 “无法提供”各项之和 ÷ “总计”"),
    Rate("reject_share", "不予处理占比", ("g:g_reject",), ("t2.o_total.total",), "表二 “不予处理”各项之和 ÷ “总计”"),
    Rate(
        "carry_share",
        "结转下年度占比",
        ("t2.r_next.total",),
        ("t2.r_new.total", "t2.r_carried.total"),
        "表二 “结转下年度继续办理”÷（本年新收 + 上年结转）",
    ),
)
RATE_INDEX = {r.id: r for r in RATES}
DEFAULT_CELLS = ("t2.r_new.total", "t2.o_total.total", "t3.review_total")
DEFAULT_RATES = ("review_correct", "open_share")


def wilson(k: int, n: int, z: float = Z) -> tuple[float, float]:
    """The Wilson score interval of ``k`` successes in ``n`` trials (``0 ≤ k ≤ n``, ``n > 0``)."""
    if n <= 0 or not 0 <= k <= n:
        raise ValueError(f"wilson({k}, {n})")
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, slots=True)
class RateValue:
    k: int | None = None  # the numerator (cases)
    n: int | None = None  # the denominator (sample size)
    rate: float | None = None
    low: float | None = None  # Wilson 95 % interval
    high: float | None = None
    problem: str | None = None  # why there is no rate

    @property
    def small(self) -> bool:
        return self.n is not None and 0 < self.n < SMALL_SAMPLE

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.__slots__}
        out["small"] = self.small
        return out


@dataclass(frozen=True, slots=True)
class Shown:
    """A cell as stored: what was printed, and the number when one was."""

    raw: str
    kind: str
    value: float | None


@dataclass(slots=True)
class CompareRow:
    agency: str
    agency_key: str
    year: int
    version: int
    region: str | None
    level: str | None
    errors: int
    cells: dict[str, Shown] = field(default_factory=dict)
    rates: dict[str, RateValue] = field(default_factory=dict)
    rank: int | None = None
    version_id: int | None = None  # the version compared (its cells are fetched by it)

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "agency_key": self.agency_key,
            "year": self.year,
            "version": self.version,
            "region": self.region,
            "level": self.level,
            "errors": self.errors,
            "rank": self.rank,
            "cells": {cid: {"raw": c.raw, "kind": c.kind, "value": c.value} for cid, c in self.cells.items()},
            "rates": {rid: r.to_dict() for rid, r in self.rates.items()},
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    year: int | None
    rows: list[CompareRow]  # ranked rows first (in rank order), then the rows the sort could not place
    cells: tuple[str, ...]
    rates: tuple[str, ...]
    sort: str
    descending: bool
    matched: int  # reports the selection matched (rows holds at most MAX_ROWS of them)


def rate_value(rate: Rate, values: Mapping[str, Shown]) -> RateValue:
    """``rate`` of one report from its stored cells (``values``: cell id → Shown; absent = not in its format)."""
    k, why = _sum(rate.numerator, values)
    n, why_n = _sum(rate.denominator, values)
    if n is None:
        return RateValue(problem=f"分母{why_n}")
    if k is None:
        return RateValue(n=n, problem=f"分子{why}")
    if n == 0:
        return RateValue(k=k, n=0, problem="分母为 0")
    if k > n:
        return RateValue(k=k, n=n, problem=f"分子 {k} 大于分母 {n}（报告数字不一致）")
    low, high = wilson(k, n)
    return RateValue(k, n, k / n, low, high)


def _sum(parts: Sequence[str], values: Mapping[str, Shown]) -> tuple[int | None, str]:
    cells = [c for p in parts for c in (group_cells(p[2:]) if p.startswith("g:") else (p,))]
    present = [values[c] for c in cells if c in values]
    if not present:
        return None, "的单元格不在该报告的格式中"
    total = 0.0
    for shown in present:
        if shown.value is None:
            what = {"blank": "空白", "dash": "为横线", "missing": "未找到", "ambiguous": "有歧义"}.get(
                shown.kind, "非数字"
            )
            return None, f"有单元格{what}（空白不按 0 计）"
        if shown.value < 0 or shown.value != int(shown.value):
            return None, f"有单元格不是非负整数（{shown.raw}）"
        total += shown.value
    return int(total), ""


def needed_cells(cells: Iterable[str], rates: Iterable[str]) -> list[str]:
    out = list(dict.fromkeys(cells))
    for rid in rates:
        for part in (*RATE_INDEX[rid].numerator, *RATE_INDEX[rid].denominator):
            for c in group_cells(part[2:]) if part.startswith("g:") else (part,):
                if c not in out:
                    out.append(c)
    return out


def rank_rows(rows: list[CompareRow], sort: str, descending: bool) -> list[CompareRow]:
    """Rows in rank order.  A rate ranks by its Wilson bound (lower bound high to low, upper bound low to
    high); a cell by its number; ``agency`` by name.  Rows the sort cannot place come last, unranked."""

    def key_of(row: CompareRow) -> float | None:
        if sort in RATE_INDEX:
            r = row.rates.get(sort)
            if r is None or r.rate is None:
                return None
            bound = r.low if descending else r.high
            return None if bound is None else (-bound if descending else bound)
        shown = row.cells.get(sort)
        if shown is None or shown.value is None:
            return None
        return -shown.value if descending else shown.value

    if sort == "agency":
        ordered = sorted(rows, key=lambda r: r.agency_key, reverse=descending)
        for i, row in enumerate(ordered, start=1):
            row.rank = i
        return ordered
    placed = [(key_of(r), r) for r in rows]
    ranked = sorted(((k, r) for k, r in placed if k is not None), key=lambda kr: (kr[0], kr[1].agency_key))
    rest = sorted((r for k, r in placed if k is None), key=lambda r: r.agency_key)
    previous: float | None = None
    for i, (k, row) in enumerate(ranked, start=1):
        row.rank = ranked[i - 2][1].rank if i > 1 and k == previous else i  # ties share a rank
        previous = k
    for row in rest:
        row.rank = None
    return [r for _, r in ranked] + rest


class CompareMixin:
    """``Library.compare``; mixed into ``Library``."""

    engine: Engine

    def compare(
        self,
        *,
        year: int | None,
        agencies: Sequence[str] = (),
        where: ReportFilter | None = None,
        cells: Sequence[str] = DEFAULT_CELLS,
        rates: Sequence[str] = DEFAULT_RATES,
        sort: str | None = None,
        descending: bool = True,
        limit: int = MAX_ROWS,
        detail: int | None = None,
    ) -> Comparison:
        """The active reports of ``year`` of the chosen agencies (names or keys; every agency when none is
        given) that also meet ``where``, with the chosen cells and rates, ranked by ``sort`` (a rate id, a
        cell id or ``agency``; by default the first rate, else the first cell).  With ``detail``, only the
        first ``detail`` rows in rank order carry the chosen cells (a page that shows those only); every row
        carries its rates, and the ranking is the same; the other rows' ``errors`` are not counted (0)."""
        known = set(spec.load("2021").cell_ids) | set(spec.load("2019", True).cell_ids)
        bad = [c for c in cells if c not in known]
        if bad:
            raise ConfigError(f"没有单元格编号 {'、'.join(bad[:5])}")
        unknown = [r for r in rates if r not in RATE_INDEX]
        if unknown:
            raise ConfigError(f"没有比率 {'、'.join(unknown[:5])}（可选：{'、'.join(RATE_INDEX)}）")
        sort = sort or (rates[0] if rates else cells[0] if cells else "agency")
        if sort not in RATE_INDEX and sort not in cells and sort != "agency":
            raise ConfigError(f"排序应为所选的比率或单元格之一，而不是“{sort}”")
        flt = where or ReportFilter()
        q = active_versions().order_by(None).where(*flt.conditions())
        if year is not None:
            q = q.where(s.reports.c.year == year)
        keys = [agency_key(a) for a in agencies if agency_key(a)]
        if keys:
            q = q.where(s.agencies.c.key.in_(keys))
        with self.engine.connect() as conn:
            found = conn.execute(q.order_by(s.agencies.c.key, s.reports.c.year)).all()
            matched = len(found)
            found = found[: max(1, min(limit, MAX_ROWS))]
            ids = [r.version_id for r in found]
            shown_now = [c for c in cells if detail is None or c == sort]  # the sort needs its cell in every row
            values = _cells(conn, ids, needed_cells(shown_now, rates))
            errors = finding_counts(conn, ids) if detail is None else {}
            rows = []
            for r in found:
                mine = values.get(r.version_id, {})
                rows.append(
                    CompareRow(
                        agency=r.agency,
                        agency_key=r.agency_key,
                        year=r.year,
                        version=r.version,
                        region=r.region,
                        level=r.level,
                        errors=errors.get(r.version_id, {}).get("error", 0),
                        cells={c: mine[c] for c in shown_now if c in mine},
                        rates={rid: rate_value(RATE_INDEX[rid], mine) for rid in rates},
                        version_id=r.version_id,
                    )
                )
            ranked = rank_rows(rows, sort, descending)
            if detail is not None:  # the rows shown: their cells and error counts
                top = ranked[: max(0, detail)]
                top_ids = [r.version_id for r in top if r.version_id is not None]
                more = _cells(conn, top_ids, list(cells)) if len(shown_now) < len(cells) else values
                errors = finding_counts(conn, top_ids)
                for row in top:
                    mine = more.get(row.version_id or 0, {})
                    row.cells = {c: mine[c] for c in cells if c in mine}
                    row.errors = errors.get(row.version_id or 0, {}).get("error", 0)
        return Comparison(year, ranked, tuple(cells), tuple(rates), sort, descending, matched)


def _cells(conn: Any, version_ids: list[int], cell_ids: list[str]) -> dict[int, dict[str, Shown]]:
    out: dict[int, dict[str, Shown]] = {}
    if not cell_ids:
        return out
    for i in range(0, len(version_ids), 500):
        chunk = version_ids[i : i + 500]
        q = select(s.cells.c.version_id, s.cells.c.cell, s.cells.c.kind, s.cells.c.value, s.cells.c.raw).where(
            and_(s.cells.c.version_id.in_(chunk), s.cells.c.cell.in_(cell_ids))
        )
        for vid, cid, kind, value, raw in conn.execute(q).all():  # fetchall: far cheaper than row by row
            out.setdefault(vid, {})[cid] = Shown(raw, kind, stored_number(value, raw) if kind == "number" else None)
    return out


__all__ = [
    "DEFAULT_CELLS",
    "DEFAULT_RATES",
    "RATES",
    "RATE_INDEX",
    "SMALL_SAMPLE",
    "CompareMixin",
    "CompareRow",
    "Comparison",
    "Rate",
    "RateValue",
    "Shown",
    "group_cells",
    "rank_rows",
    "rate_value",
    "wilson",
]
