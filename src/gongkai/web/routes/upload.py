"""上传核查: upload one or many files (any form gongkai reads, zip archives too) → each file stored, already
stored, or why not, shown as each is done (an upload job polled by HTMX; ``gongkai.web.jobs``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from gongkai.readers.limits import MiB
from gongkai.store.users import User
from gongkai.web.auth import library, require
from gongkai.web.jobs import STATES, UploadJob
from gongkai.web.routes.reports import report_url
from gongkai.web.templating import is_htmx, page
from gongkai.web.uploads import remove_folder, save_uploads, upload_folder

router = APIRouter()
Reviewer = Annotated[User, Depends(require("reviewer"))]


def _limits(request: Request) -> dict[str, int]:
    settings = request.app.state.settings
    return {
        "total_mb": settings.max_upload_bytes // MiB,
        "file_mb": settings.max_file_bytes // MiB,
        "files": settings.max_files,
    }


async def start_job(request: Request, user: User, files: list[UploadFile]) -> UploadJob:
    """Save the uploaded files and start storing them; the job is answered at once."""
    settings = request.app.state.settings
    files = [f for f in files if f.filename or f.size]
    if not files:
        raise HTTPException(400, "请选择要上传的文件")
    if len(files) > settings.max_files:
        raise HTTPException(413, f"一次最多上传 {settings.max_files} 个文件，请分批上传（可先打包为 zip）")
    folder = upload_folder()
    try:
        saved, refused = await save_uploads(files, folder, settings)
    except BaseException:
        remove_folder(folder)
        raise
    url = library(request).engine.url.render_as_string(hide_password=False)
    jobs = request.app.state.jobs
    job: UploadJob = jobs.start(url, folder, saved, refused, user.id, settings.ingest_timeout)
    return job


def job_of(request: Request, job_id: str, user: User) -> UploadJob:
    job: UploadJob | None = request.app.state.jobs.get(job_id, user.id)
    if job is None:
        raise HTTPException(404, "没有这个上传任务（任务只对上传者可见，结束一小时后清除）")
    return job


def _job_page(request: Request, job: UploadJob) -> Response:
    template = "_upload_job.html" if is_htmx(request) else "upload.html"
    return page(request, template, limits=_limits(request), job=job, states=STATES, report_url=report_url)


@router.get("/upload")
def upload_page(request: Request, _user: Reviewer) -> Response:
    return page(request, "upload.html", limits=_limits(request), job=None, states=STATES, report_url=report_url)


@router.post("/upload")
async def upload(request: Request, user: Reviewer, files: Annotated[list[UploadFile], File()]) -> Response:
    job = await start_job(request, user, files)
    if is_htmx(request):
        return _job_page(request, job)
    return RedirectResponse(f"/upload/jobs/{job.id}", status_code=303)  # without scripts: a page that refreshes


@router.get("/upload/jobs/{job_id}")
def job_status(request: Request, job_id: str, user: Reviewer) -> Response:
    """The job: every file with its state (HTMX polls this until the job is done)."""
    return _job_page(request, job_of(request, job_id, user))
