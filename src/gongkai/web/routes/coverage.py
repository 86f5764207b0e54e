"""报送情况: the list of agencies expected to publish (upload CSV/XLSX or edit by form) and, for a year, who
has published, who has not, who late (the d_deadline rule) and who with errors; both as XLSX."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from gongkai.errors import ConfigError
from gongkai.readers.limits import MiB
from gongkai.store.coverage import STATUS_LABELS, Coverage, ExpectedAgency, expected_agency, read_expected_list
from gongkai.store.users import User
from gongkai.web.auth import library, reader, require
from gongkai.web.downloads import send_file
from gongkai.web.routes.reports import agency_url, report_url
from gongkai.web.templating import flash, page
from gongkai.web.xlsx import write_coverage, write_expected

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_LIST_BYTES = 20 * MiB
PAGE = 200
STATUSES = {**STATUS_LABELS, "errors": "有错误", "published": "已发布"}


def _year(request: Request, year: str) -> int:
    if year.isdigit() and len(year) == 4:
        return int(year)
    years = library(request).years()
    return years[0] if years else 2024


def _coverage(request: Request, year: int, parent: str, level: str) -> Coverage:
    return library(request).coverage(year, parent=parent or None, level=level or None)


@router.get("/coverage")
def coverage(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    year: Annotated[str, Query(max_length=4)] = "",
    parent: Annotated[str, Query(max_length=255)] = "",
    level: Annotated[str, Query(max_length=50)] = "",
    status: Annotated[str, Query(max_length=12)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    lib = library(request)
    chosen = _year(request, year)
    cov = _coverage(request, chosen, parent, level)
    everything = lib.expected()
    if status and status not in STATUSES:
        raise HTTPException(400, f"状态应为 {'、'.join(STATUSES)} 之一")
    rows = cov.rows
    if status == "errors":
        rows = [r for r in rows if r.report is not None and r.report.errors]
    elif status == "published":
        rows = [r for r in rows if r.report is not None]
    elif status:
        rows = [r for r in rows if r.status == status]
    pages = max(1, -(-len(rows) // PAGE))
    shown = rows[(page_no - 1) * PAGE : page_no * PAGE]
    years = sorted({*lib.years(), chosen}, reverse=True)
    return page(
        request,
        "coverage.html",
        cov=cov,
        rows=shown,
        matching=len(rows),
        number=page_no,
        pages=pages,
        year=chosen,
        years=years,
        parent=parent,
        level=level,
        status=status,
        statuses=STATUSES,
        parents=lib.expected_parents(),
        levels=sorted({e.level for e in everything if e.level}),
        listed=len(everything),
        report_url=report_url,
        agency_url=agency_url,
    )


@router.get("/coverage.xlsx")
def coverage_xlsx(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    year: Annotated[str, Query(max_length=4)] = "",
    parent: Annotated[str, Query(max_length=255)] = "",
    level: Annotated[str, Query(max_length=50)] = "",
) -> Response:
    chosen = _year(request, year)
    cov = _coverage(request, chosen, parent, level)
    return send_file(lambda folder: write_coverage(folder / "coverage.xlsx", cov), f"报送情况_{chosen}.xlsx")


@router.get("/coverage/list")
def expected_list(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    q: Annotated[str, Query(max_length=200)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    from gongkai.check import agency_key

    everything = library(request).expected()
    key = agency_key(q) if q.strip() else ""
    found = [e for e in everything if not key or key in e.key or any(key in agency_key(a) for a in e.aliases)]
    pages = max(1, -(-len(found) // PAGE))
    return page(
        request,
        "coverage_list.html",
        entries=found[(page_no - 1) * PAGE : page_no * PAGE],
        total=len(everything),
        matching=len(found),
        number=page_no,
        pages=pages,
        q=q,
        max_mb=MAX_LIST_BYTES // MiB,
    )


@router.get("/coverage/list.xlsx")
def expected_xlsx(request: Request, _user: Annotated[User | None, Depends(reader)]) -> Response:
    entries = library(request).expected()
    return send_file(lambda folder: write_expected(folder / "list.xlsx", entries), "报送名单.xlsx")


@router.post("/coverage/list")
async def upload_list(
    request: Request,
    user: Annotated[User, Depends(require("reviewer"))],
    file: Annotated[UploadFile, File()],
    replace: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """A list file (CSV or XLSX): added to the list (by name), or replacing it (管理员)."""
    if replace == "1" and not user.can("admin"):
        raise HTTPException(403, "权限不足：替换整个名单需要管理员权限（审核员可添加或更新）")
    data = await file.read(MAX_LIST_BYTES + 1)
    await file.close()
    if len(data) > MAX_LIST_BYTES:
        raise HTTPException(413, f"名单文件过大（上限 {MAX_LIST_BYTES // MiB} MiB）")
    if not data:
        raise HTTPException(400, "请选择名单文件（CSV 或 XLSX）")
    entries = read_expected_list(data, file.filename or "")
    done = library(request).save_expected(entries, who=user.name, replace=replace == "1")
    removed = f"，移除 {done['removed']} 个" if replace == "1" else ""
    flash(request, f"名单已导入：新增 {done['added']} 个，更新 {done['updated']} 个{removed}")
    return RedirectResponse("/coverage/list", status_code=303)


def entry_form(
    name: Annotated[str, Form(max_length=255)] = "",
    level: Annotated[str, Form(max_length=50)] = "",
    parent: Annotated[str, Form(max_length=255)] = "",
    aliases: Annotated[str, Form(max_length=4000)] = "",
    from_year: Annotated[str, Form(max_length=6)] = "",
    to_year: Annotated[str, Form(max_length=6)] = "",
) -> ExpectedAgency:
    """Dependency: one entry of the list as the form gives it (checked by ``expected_agency``)."""
    return expected_agency(name, level, parent, aliases, from_year, to_year)


Entry = Annotated[ExpectedAgency, Depends(entry_form)]


@router.post("/coverage/list/add")
def add_entry(
    request: Request,
    user: Annotated[User, Depends(require("reviewer"))],
    entry: Entry,
) -> Response:
    added = library(request).add_expected(entry, who=user.name)
    flash(request, f"已加入名单：{added.name}")
    return RedirectResponse("/coverage/list", status_code=303)


@router.post("/coverage/list/{entry_id}")
def edit_entry(
    request: Request,
    entry_id: int,
    user: Annotated[User, Depends(require("reviewer"))],
    entry: Entry,
) -> Response:
    try:
        changed = library(request).update_expected(entry_id, entry, who=user.name)
    except ConfigError as exc:
        raise HTTPException(404 if "没有编号" in str(exc) else 400, str(exc)) from exc
    flash(request, f"已更新：{changed.name}")
    return RedirectResponse("/coverage/list", status_code=303)


@router.post("/coverage/list/{entry_id}/delete")
def delete_entry(request: Request, entry_id: int, user: Annotated[User, Depends(require("admin"))]) -> Response:
    try:
        gone = library(request).delete_expected(entry_id, who=user.name)
    except ConfigError as exc:
        raise HTTPException(404, str(exc)) from exc
    flash(request, f"已从名单中移除：{gone.name}")
    return RedirectResponse("/coverage/list", status_code=303)
