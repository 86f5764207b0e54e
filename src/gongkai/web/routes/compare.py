"""对比: agencies side by side on chosen cells and rates, ranked by the Wilson bound (store/compare.py), with
a chart of the ranked rate and its interval; the same comparison as XLSX."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse

from gongkai.export.tables import cell_infos
from gongkai.store.compare import DEFAULT_CELLS, DEFAULT_RATES, RATE_INDEX, RATES, SMALL_SAMPLE, Comparison
from gongkai.store.filters import ReportFilter
from gongkai.store.users import User
from gongkai.web.auth import library, reader
from gongkai.web.charts import compare_chart
from gongkai.web.facets import level_options, region_options, report_filter
from gongkai.web.routes.reports import agency_url, report_url
from gongkai.web.templating import page
from gongkai.web.uploads import remove_folder
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


def _run(
    request: Request,
    flt: ReportFilter,
    agencies: str,
    cell: list[str] | None,
    rate: list[str] | None,
    sort: str,
    desc: int,
    chosen: bool,
) -> tuple[Comparison, list[str], list[str], int | None]:
    lib = library(request)
    years = lib.years()
    year = flt.year if flt.year is not None else (years[0] if years else None)
    cells = [c for c in (cell or []) if c] if chosen else list(DEFAULT_CELLS)
    rates = [r for r in (rate or []) if r] if chosen else list(DEFAULT_RATES)
    where = ReportFilter(flt.agency, None, flt.region, flt.level)
    result = lib.compare(
        year=year,
        agencies=_names(agencies),
        where=where,
        cells=cells,
        rates=rates,
        sort=sort if sort in (*rates, *cells, "agency") else None,
        descending=bool(desc),
    )
    return result, cells, rates, year


@router.get("/compare")
def compare(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    flt: Annotated[ReportFilter, Depends(report_filter)],
    agencies: Annotated[str, Query(max_length=20_000)] = "",
    cell: CellList = None,
    rate: RateList = None,
    sort: Annotated[str, Query(max_length=64)] = "",
    desc: Annotated[int, Query(ge=0, le=1)] = 1,
    chosen: Annotated[int, Query(ge=0, le=1)] = 0,  # 1: the form was sent (no box ticked means none)
    show: Annotated[int, Query(ge=1, le=5000)] = SHOW,
    hl: Annotated[str, Query(max_length=255)] = "",
) -> Response:
    lib = library(request)
    result, cells, rates, year = _run(request, flt, agencies, cell, rate, sort, desc, bool(chosen))
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
        agencies=agencies,
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
    flt: Annotated[ReportFilter, Depends(report_filter)],
    agencies: Annotated[str, Query(max_length=20_000)] = "",
    cell: CellList = None,
    rate: RateList = None,
    sort: Annotated[str, Query(max_length=64)] = "",
    desc: Annotated[int, Query(ge=0, le=1)] = 1,
    chosen: Annotated[int, Query(ge=0, le=1)] = 0,
) -> Response:
    """The whole comparison (every row, not only those shown) as a workbook."""
    result, _cells, _rates, year = _run(request, flt, agencies, cell, rate, sort, desc, bool(chosen))
    folder = Path(tempfile.mkdtemp(prefix="gongkai-compare-"))
    try:
        labels = {c.id: c.label for c in cell_infos()}
        path = await run_in_threadpool(write_comparison, folder / "compare.xlsx", result, labels)
    except BaseException:
        remove_folder(folder)
        raise
    name = f"对比_{year or '全部'}.xlsx"
    return FileResponse(
        path,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
        background=BackgroundTask(remove_folder, folder),
    )
