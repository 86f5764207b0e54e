"""导出: the library's exports (wide or tidy cells, findings, data dictionary) as CSV, XLSX, Parquet or JSON —
of every report or of the current filter (机关, 年度, 地区, 层级).

The files are written by ``Library.export`` (the same as ``gongkai export``) into a temporary folder and sent
as one workbook (XLSX) or one zip archive (the other formats: one file per table), then removed.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse

from gongkai.export.writers import FORMATS
from gongkai.store.filters import ReportFilter
from gongkai.store.users import User
from gongkai.web.auth import library, reader
from gongkai.web.downloads import attachment
from gongkai.web.facets import filter_query, level_options, region_options, report_filter
from gongkai.web.templating import page
from gongkai.web.uploads import remove_folder

router = APIRouter()
SHAPES = {
    "wide": "宽表：每份报告一行，每个单元格编号一列",
    "tidy": "长表：每份报告每个单元格一行（含官方标签、原文、出处）",
}
MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


@router.get("/export")
def export_page(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    flt: Annotated[ReportFilter, Depends(report_filter)],
) -> Response:
    lib = library(request)
    matching = lib.report_page(agency=flt.agency, year=flt.year, region=flt.region, level=flt.level, limit=1).total
    return page(
        request,
        "export.html",
        formats=FORMATS,
        shapes=SHAPES,
        counts=lib.counts(),
        matching=matching,
        flt=flt,
        years=lib.years(),
        regions=region_options(lib.regions(), flt.region),
        levels=level_options(lib.levels(), flt.level),
        carried=urlencode(filter_query(flt)),
    )


async def send_export(request: Request, fmt: str, shape: str, flt: ReportFilter) -> Response:
    """Write the export of ``flt`` and send it (one workbook, or a zip of one file per table)."""
    if fmt not in FORMATS or shape not in SHAPES:
        raise HTTPException(400, f"格式应为 {'、'.join(FORMATS)} 之一，形状应为 wide 或 tidy")
    folder = Path(tempfile.mkdtemp(prefix="gongkai-export-"))
    where = None if flt.empty else flt
    try:
        paths = await run_in_threadpool(library(request).export, folder / "out", fmt, shape, where)
        suffix = "" if where is None else "_筛选"
        if fmt == "xlsx":
            target, name, media = paths[0], f"gongkai_{shape}{suffix}.xlsx", MEDIA["xlsx"]
        else:
            target, name, media = folder / "export.zip", f"gongkai_{shape}_{fmt}{suffix}.zip", MEDIA["zip"]
            with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for path in paths:
                    archive.write(path, path.name)
    except BaseException:
        remove_folder(folder)
        raise
    return FileResponse(
        target,
        media_type=media,
        headers=attachment(name),
        background=BackgroundTask(remove_folder, folder),
    )


@router.get("/export/download")
async def download(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    flt: Annotated[ReportFilter, Depends(report_filter)],
    fmt: Annotated[str, Query(alias="format", max_length=10)] = "xlsx",
    shape: Annotated[str, Query(max_length=10)] = "wide",
) -> Response:
    return await send_export(request, fmt, shape, flt)
