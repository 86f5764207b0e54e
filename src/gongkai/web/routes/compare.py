"""对比: agencies side by side on chosen cells and rates, ranked by the Wilson bound (store/compare.py), with
a chart of the ranked rate and its interval; the same comparison as XLSX."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from gongkai.export.tables import cell_infos
from gongkai.store.compare import DEFAULT_CELLS, DEFAULT_RATES, RATE_INDEX, RATES, SMALL_SAMPLE, Comparison
from gongkai.store.filters import ReportFilter
from gongkai.store.users import User
from gongkai.web.auth import library, reader
from gongkai.web.charts import compare_chart
from gongkai.web.downloads import send_file
from gongkai.web.facets import level_options, region_options, report_filter
from gongkai.web.routes.reports import agency_url, report_url
from gongkai.web.templating import page
from gongkai.web.xlsx import write_comparison

router = APIRouter()
SHOW = 100  # rows shown unless more are asked for
MAX_NAMES = 500

CellList = Annotated[list[str] | None, Query(max_length=64)]
RateList = Annotated[list[str] | None, Query(max_length=40)]


def _names(text: str) -> list[str]:
    return [line.strip() for line in text.replace("、", "\n").replace("；", "\n").splitlines() if line.strip()][
        :MAX_NAMES
    ]


@dataclasses.dataclass(frozen=True, slots=True)
class CompareQuery:
    """What a comparison is asked for (the page and its workbook take the same query)."""

    flt: ReportFilter
    agencies: str
    cells: list[str]
    rates: list[str]
    sort: str
    descending: bool


def compare_query(
    flt: Annotated[ReportFilter, Depends(report_filter)],
    agencies: Annotated[str, Query(max_length=20_000)] = "",
    cell: CellList = None,
    rate: RateList = None,
    sort: Annotated[str, Query(max_length=64)] = "",
    desc: Annotated[int, Query(ge=0, le=1)] = 1,
    chosen: Annotated[int, Query(ge=0, le=1)] = 0,  # 1: the form was sent (no box ticked means none)
) -> CompareQuery:
    """Dependency: the comparison of the query; the default cells and rates until the form is sent."""
    cells = [c for c in (cell or []) if c] if chosen else list(DEFAULT_CELLS)
    rates = [r for r in (rate or []) if r] if chosen else list(DEFAULT_RATES)
    return CompareQuery(flt, agencies, cells, rates, sort, bool(desc))


Asked = Annotated[CompareQuery, Depends(compare_query)]


def _run(request: Request, q: CompareQuery, detail: int | None = None) -> tuple[Comparison, int | None]:
    """The comparison (cells in the first ``detail`` rows only, when given), and the year compared (the
    newest when none was chosen)."""
    lib = library(request)
    years = lib.years()
    year = q.flt.year if q.flt.year is not None else (years[0] if years else None)
    result = lib.compare(
        year=year,
        agencies=_names(q.agencies),
        where=ReportFilter(q.flt.agency, None, q.flt.region, q.flt.level),
        cells=q.cells,
        rates=q.rates,
        sort=q.sort if q.sort in (*q.rates, *q.cells, "agency") else None,
        descending=q.descending,
        detail=detail,
    )
    return result, year


@router.get("/compare")
def compare(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    q: Asked,
    show: Annotated[int, Query(ge=1, le=5000)] = SHOW,
    hl: Annotated[str, Query(max_length=255)] = "",
) -> Response:
    lib = library(request)
    result, year = _run(request, q, detail=show)  # the page shows the first ``show`` rows' cells
    flt, cells, rates = q.flt, q.cells, q.rates
    chart_rate = result.sort if result.sort in RATE_INDEX else (rates[0] if rates else None)
    infos = {c.id: c for c in cell_infos()}
    return page(
        request,
        "compare.html",
        result=result,
        flt=dataclasses.replace(flt, year=year),  # the year compared (the newest when none was chosen)
        scope=ReportFilter(flt.agency, None, flt.region, flt.level),
        year=year,
        years=lib.years(),
        regions=region_options(lib.regions(), flt.region),
        levels=level_options(lib.levels(), flt.level),
        agencies=q.agencies,
        cells=cells,
        rates=rates,
        all_rates=RATES,
        rate_index=RATE_INDEX,
        cell_groups=[(t, [c for c in infos.values() if c.table == t]) for t in ("t1", "t2", "t3")],
        cell_labels={cid: info.label for cid, info in infos.items()},
        chart=compare_chart(result, chart_rate, RATE_INDEX[chart_rate].label) if chart_rate else None,
        small=SMALL_SAMPLE,
        show=show,
        hl=hl,
        report_url=report_url,
        agency_url=agency_url,
        scripts=["echarts"],
    )


@router.get("/compare.xlsx")
async def compare_xlsx(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    q: Asked,
) -> Response:
    """The whole comparison (every row, not only those shown) as a workbook."""
    result, year = _run(request, q)
    labels = {c.id: c.label for c in cell_infos()}
    return await run_in_threadpool(
        send_file,
        lambda folder: write_comparison(folder / "compare.xlsx", result, labels),
        f"对比_{year or '全部'}.xlsx",
    )
