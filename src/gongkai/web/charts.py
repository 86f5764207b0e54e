"""Charts as data: the pages put a small JSON description in a ``data-chart`` attribute and ``app.js`` draws
it with the vendored ECharts (no inline script: the Content-Security-Policy forbids it).  Tooltips are
drawn on the canvas (``richText``), so a name from a report is never markup.
"""

from __future__ import annotations

from typing import Any

from gongkai.store.agencies import AgencyView
from gongkai.store.compare import Comparison, group_cells

# outcome groups of table two (总计 column), summed over the rows the format has under each
OUTCOMES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("open", "予以公开", ("t2.o_open.total",)),
    ("partial", "部分公开", ("t2.o_partial.total",)),
    ("deny", "不予公开", group_cells("g_deny")),
    ("none", "无法提供", group_cells("g_none")),
    ("reject", "不予处理", group_cells("g_reject")),
    ("other", "其他处理", (*group_cells("g_other"), "t2.o_other_all.total")),
)
CHART_ROWS = 40  # bars in a comparison chart


def _sum(view: AgencyView, year: int, cells: tuple[str, ...]) -> float | None:
    numbers = [view.number(year, c) for c in cells]
    got = [n for n in numbers if n is not None]
    return sum(got) if got else None


def agency_chart(view: AgencyView) -> dict[str, Any]:
    """Applications and outcomes year by year: outcomes stacked, 本年新收 and 结转下年度 as lines."""
    years = view.years
    series: list[dict[str, Any]] = [
        {"name": label, "type": "bar", "stack": "outcome", "data": [_sum(view, y, cells) for y in years]}
        for _key, label, cells in OUTCOMES
    ]
    series.append({"name": "本年新收", "type": "line", "data": [view.number(y, "t2.r_new.total") for y in years]})
    series.append({"name": "上年结转", "type": "line", "data": [view.number(y, "t2.r_carried.total") for y in years]})
    series.append({"name": "结转下年度", "type": "line", "data": [view.number(y, "t2.r_next.total") for y in years]})
    return {"kind": "years", "categories": [str(y) for y in years], "series": series, "unit": "件"}


def compare_chart(result: Comparison, rate: str, label: str) -> dict[str, Any]:
    """The ranked rate of the first rows as a point with its 95 % interval."""
    rows = [r for r in result.rows if r.rank is not None and r.rates.get(rate) and r.rates[rate].rate is not None]
    rows = rows[:CHART_ROWS]
    return {
        "kind": "ranges",
        "title": label,
        "categories": [f"{r.rank}. {r.agency}" + (f"（{r.year}）" if result.year is None else "") for r in rows],
        "low": [round(100 * (r.rates[rate].low or 0), 2) for r in rows],
        "high": [round(100 * (r.rates[rate].high or 0), 2) for r in rows],
        "point": [round(100 * (r.rates[rate].rate or 0), 2) for r in rows],
        "n": [r.rates[rate].n for r in rows],
        "small": [r.rates[rate].small for r in rows],
    }


__all__ = ["OUTCOMES", "agency_chart", "compare_chart"]
