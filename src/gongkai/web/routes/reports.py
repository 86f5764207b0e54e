"""报告库 (the list of stored reports) and 报告页 (one report: tables, evidence, sections, versions)."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from gongkai.check import agency_key
from gongkai.errors import ConfigError
from gongkai.store import StoredReport
from gongkai.store.browse import MAX_PAGE, REPORT_SORTS
from gongkai.store.filters import ReportFilter
from gongkai.store.users import User
from gongkai.web.auth import library, reader, require
from gongkai.web.crop import SCALE, CropFailed, Crops, etag
from gongkai.web.downloads import attachment
from gongkai.web.facets import filter_query, level_options, region_options, report_filter
from gongkai.web.templating import flash, is_htmx, page
from gongkai.web.views import evidence, meta_rows, report_tables, severity_counts

router = APIRouter()

CELL_ID = re.compile(r"^t[123]\.[a-z0-9_]+(\.[a-z0-9_]+)?$")
SORT_LABELS = {"agency": "机关", "year": "年度", "errors": "错误数", "warnings": "警告数", "published": "发布日期"}


def report_url(agency: str, year: int, version: int | None = None) -> str:
    """The stable address of a report: its agency's key (the name without spacing and punctuation, so never
    a slash) and year."""
    key = agency_key(agency) or agency
    return f"/reports/{quote(key, safe='')}/{year}" + (f"?version={version}" if version is not None else "")


def stored_or_404(request: Request, key: str, year: int, version: int | None = None) -> StoredReport:
    try:
        return library(request).get(key, year, version)
    except ConfigError as exc:
        raise HTTPException(404, str(exc)) from exc


def stored_report(
    request: Request, key: str, year: int, version: Annotated[int | None, Query(ge=1)] = None
) -> StoredReport:
    """Dependency: the report of the path (``?version=`` for another than the current one), or 404."""
    return stored_or_404(request, key, year, version)


Stored = Annotated[StoredReport, Depends(stored_report)]


def _known_cell(stored: StoredReport, cell_id: str) -> str:
    if not CELL_ID.match(cell_id) or cell_id not in stored.report.spec.cell_ids:
        raise HTTPException(404, f"该报告的格式中没有单元格 {cell_id}")
    return cell_id


def agency_url(agency: str) -> str:
    """The stable address of an agency's page (机关页): its key."""
    return f"/agencies/{quote(agency_key(agency) or agency, safe='')}"


@router.get("/reports")
def reports(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    flt: Annotated[ReportFilter, Depends(report_filter)],
    sort: Annotated[str, Query(max_length=20)] = "agency",
    desc: Annotated[int, Query(ge=0, le=1)] = 0,
    page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
) -> Response:
    lib = library(request)
    size = request.app.state.settings.page_size
    if sort not in REPORT_SORTS:
        sort = "agency"
    listed = lib.report_page(
        agency=flt.agency,
        year=flt.year,
        region=flt.region,
        level=flt.level,
        sort=sort,
        descending=bool(desc),
        limit=size,
        offset=(page_no - 1) * size,
    )
    return page(
        request,
        "reports.html",
        listed=listed,
        years=lib.years(),
        flt=flt,
        regions=region_options(lib.regions(), flt.region),
        levels=level_options(lib.levels(), flt.level),
        carried=urlencode(filter_query(flt)),
        sort=sort,
        desc=bool(desc),
        sorts=SORT_LABELS,
        report_url=report_url,
        agency_url=agency_url,
    )


@router.get("/reports/{key}/{year}")
def report(request: Request, key: str, _user: Annotated[User | None, Depends(reader)], stored: Stored) -> Response:
    entries = library(request).finding_page(version_id=stored.version.id, limit=MAX_PAGE).items
    return page(
        request,
        "report.html",
        stored=stored,
        entries=entries,
        key=key,
        tables=report_tables(stored.report, stored.findings),
        meta=meta_rows(stored.report),
        counts=severity_counts(stored.findings),
        report_url=report_url,
        agency_url=agency_url,
    )


@router.get("/reports/{key}/{year}/cells/{cell_id}")
def cell(
    request: Request, key: str, year: int, cell_id: str, _user: Annotated[User | None, Depends(reader)], stored: Stored
) -> Response:
    _known_cell(stored, cell_id)
    template = "_evidence.html" if is_htmx(request) else "evidence.html"
    ev = evidence(stored, cell_id)
    where = _page_box(stored, cell_id)
    if where is not None:
        ev["crop"] = f"{report_url(key, year)}/cells/{cell_id}/crop.png?version={stored.version.number}"
        ev["crop_x"] = round((where[1][0] + where[1][2]) / 2, 1)  # the box's centre across the page, in points
        ev["crop_scale"] = SCALE
    return page(request, template, stored=stored, key=key, ev=ev, report_url=report_url)


def _page_box(stored: StoredReport, cell_id: str) -> tuple[int, tuple[float, ...]] | None:
    """(page, bbox) of a cell read from a PDF, when the reading recorded both."""
    source = stored.report.value(cell_id).source
    if stored.version.form != "pdf" or source is None or source.page is None or not source.bbox:
        return None
    return int(source.page), tuple(float(x) for x in source.bbox)


@router.get("/reports/{key}/{year}/cells/{cell_id}/crop.png")
def cell_crop(
    request: Request, cell_id: str, _user: Annotated[User | None, Depends(reader)], stored: Stored
) -> Response:
    """The band of the PDF page the cell was printed on, its box drawn in red (PNG; cached by ETag)."""
    where = _page_box(stored, _known_cell(stored, cell_id))
    if where is None:
        raise HTTPException(404, "该单元格不是从 PDF 读取的，或未记录页面位置")
    number, bbox = where
    sha = stored.version.sha256
    tag = etag(sha, number, bbox)
    headers = {"ETag": tag, "Cache-Control": "private, max-age=86400"}
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    crops: Crops = request.app.state.crops
    try:
        _tag, png = crops.get(sha, number, bbox, lambda: library(request).original(sha))
    except CropFailed as exc:
        raise HTTPException(500, str(exc)) from exc
    return Response(png, media_type="image/png", headers=headers)


@router.get("/reports/{key}/{year}/versions/{number}/file")
def original_file(
    request: Request, key: str, year: int, number: int, _user: Annotated[User | None, Depends(reader)]
) -> Response:
    """The version's original bytes, always as a download (a stored web page never runs on this site)."""
    stored = stored_or_404(request, key, year, number)
    data = library(request).original(stored.version.sha256)
    name = stored.version.file_name.replace("\\", "/").rsplit("/", 1)[-1].rsplit("!", 1)[-1] or "report"
    return Response(
        data,
        media_type="application/octet-stream",
        headers={
            **attachment(name),
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "Cache-Control": "no-store",
        },
    )


Admin = Annotated[User, Depends(require("admin"))]
Comment = Annotated[str, Form(max_length=2000)]


def _back(request: Request, url: str, message: str) -> Response:
    """After a change: its message shown once, and back to ``url`` (the report's page)."""
    flash(request, message)
    return RedirectResponse(url, status_code=303)


@router.post("/reports/{key}/{year}/recheck")
def recheck(request: Request, key: str, year: int, user: Annotated[User, Depends(require("reviewer"))]) -> Response:
    stored = stored_or_404(request, key, year)
    library(request).recheck(agency=key, year=year)
    return _back(request, report_url(key, year), f"已重新核查：{stored.agency} {year} 年度（复核结论按引用号保留）")


@router.post("/reports/{key}/{year}/versions/{number}/current")
def set_current(request: Request, key: str, year: int, number: int, user: Admin, comment: Comment = "") -> Response:
    stored_or_404(request, key, year, number)
    chosen = library(request).set_current(key, year, number, who=user.name, comment=comment.strip() or None)
    return _back(request, report_url(key, year), f"已将第{chosen.number}版指定为现行版本")


@router.post("/reports/{key}/{year}/versions/auto")
def set_auto(request: Request, key: str, year: int, user: Admin, comment: Comment = "") -> Response:
    stored_or_404(request, key, year)
    chosen = library(request).set_current(key, year, None, who=user.name, comment=comment.strip() or None)
    return _back(request, report_url(key, year), f"已恢复按规则确定现行版本：第{chosen.number}版")


@router.post("/reports/{key}/{year}/versions/{number}/delete")
def delete_version(request: Request, key: str, year: int, number: int, user: Admin, comment: Comment = "") -> Response:
    stored = stored_or_404(request, key, year, number)
    if not comment.strip():
        raise HTTPException(400, "删除版本须说明理由")
    library(request).delete_version(key, year, number, who=user.name, comment=comment.strip())
    back = report_url(key, year) if len(stored.versions) > 1 else "/reports"
    return _back(request, back, f"已删除：{stored.agency} {year} 年度第{number}版")
