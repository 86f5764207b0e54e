"""上传核查: upload one or many files (any form gongkai reads, zip archives too) → stored, or why not."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from gongkai.readers.limits import MiB
from gongkai.store.users import User
from gongkai.web.auth import library, require
from gongkai.web.routes.reports import report_url
from gongkai.web.templating import is_htmx, page
from gongkai.web.uploads import ingest_saved, remove_folder, save_uploads, upload_folder

router = APIRouter()


def _limits(request: Request) -> dict[str, int]:
    settings = request.app.state.settings
    return {
        "total_mb": settings.max_upload_bytes // MiB,
        "file_mb": settings.max_file_bytes // MiB,
        "files": settings.max_files,
    }


@router.get("/upload")
def upload_page(request: Request, _user: Annotated[User, Depends(require("reviewer"))]) -> Response:
    return page(request, "upload.html", limits=_limits(request), outcome=None, refused=[], report_url=report_url)


@router.post("/upload")
async def upload(
    request: Request,
    _user: Annotated[User, Depends(require("reviewer"))],
    files: Annotated[list[UploadFile], File()],
) -> Response:
    settings = request.app.state.settings
    files = [f for f in files if f.filename or f.size]
    if not files:
        raise HTTPException(400, "请选择要上传的文件")
    if len(files) > settings.max_files:
        raise HTTPException(413, f"一次最多上传 {settings.max_files} 个文件，请分批上传（可先打包为 zip）")
    folder = upload_folder()
    try:
        saved, refused = await save_uploads(files, folder, settings)
        outcome = await run_in_threadpool(ingest_saved, library(request), folder, saved, settings.ingest_timeout)
    finally:
        remove_folder(folder)
    template = "_upload_result.html" if is_htmx(request) else "upload.html"
    return page(
        request,
        template,
        limits=_limits(request),
        outcome=outcome,
        refused=refused,
        report_url=report_url,
    )
