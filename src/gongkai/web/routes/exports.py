"""导出: the library's exports (wide or tidy cells, findings, data dictionary) as CSV, XLSX, Parquet or JSON.

The files are written by ``Library.export`` (the same as ``gongkai export``) into a temporary folder and sent
as one workbook (XLSX) or one zip archive (the other formats: one file per table), then removed.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse

from gongkai.export.writers import FORMATS
from gongkai.store.users import User
from gongkai.web.auth import library, reader
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
def export_page(request: Request, _user: Annotated[User | None, Depends(reader)]) -> Response:
    return page(request, "export.html", formats=FORMATS, shapes=SHAPES, counts=library(request).counts())


@router.get("/export/download")
async def download(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    fmt: Annotated[str, Query(alias="format", max_length=10)] = "xlsx",
    shape: Annotated[str, Query(max_length=10)] = "wide",
) -> Response:
    if fmt not in FORMATS or shape not in SHAPES:
        raise HTTPException(400, f"格式应为 {'、'.join(FORMATS)} 之一，形状应为 wide 或 tidy")
    folder = Path(tempfile.mkdtemp(prefix="gongkai-export-"))
    try:
        paths = await run_in_threadpool(library(request).export, folder / "out", fmt, shape)
        if fmt == "xlsx":
            target, name, media = paths[0], f"gongkai_{shape}.xlsx", MEDIA["xlsx"]
        else:
            target, name, media = folder / "export.zip", f"gongkai_{shape}_{fmt}.zip", MEDIA["zip"]
            with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for path in paths:
                    archive.write(path, path.name)
    except BaseException:
        remove_folder(folder)
        raise
    return FileResponse(
        target,
        media_type=media,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
        background=BackgroundTask(remove_folder, folder),
    )
