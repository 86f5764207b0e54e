"""The REST API under ``/api/`` (OpenAPI at ``/api/openapi.json``): reports, findings, reviews.

The same sessions and roles as the pages: reads need a signed-in user unless anonymous reading is on;
a review needs a reviewer and the session's CSRF token in the ``X-CSRF-Token`` header.  Every error is
``{"error": {"status": …, "code": …, "message": …}}``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from gongkai.errors import ConfigError
from gongkai.store.browse import MAX_PAGE, REPORT_SORTS
from gongkai.store.compare import SMALL_SAMPLE
from gongkai.store.filters import ReportFilter
from gongkai.store.users import User
from gongkai.web.auth import csrf_token, current_user, library, reader, require
from gongkai.web.facets import report_filter

router = APIRouter(prefix="/api", tags=["api"])
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0)]


class ReviewIn(BaseModel):
    state: Literal["confirmed", "dismissed", "open"] = Field(
        description="confirmed 确认 / dismissed 驳回 / open 待复核"
    )
    comment: str | None = Field(default=None, max_length=4000, description="意见；驳回时必填")


@router.get("/me", summary="当前用户与 CSRF 令牌")
def me(request: Request) -> dict[str, Any]:
    user = current_user(request)
    return {
        "user": None if user is None else {"name": user.name, "role": user.role, "role_label": user.role_label},
        "csrf_token": csrf_token(request),
        "anonymous_read": request.app.state.settings.anonymous_read,
    }


@router.get("/reports", summary="报告库：已入库报告（现行版本），分页")
def reports(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    agency: Annotated[str | None, Query(max_length=200)] = None,
    year: int | None = None,
    region: Annotated[
        str | None, Query(max_length=200, description="地区及其下辖地区，如 山东省/淄博市；- 为未知")
    ] = None,
    level: Annotated[str | None, Query(max_length=50, description="层级，如 县级部门；- 为未知")] = None,
    sort: Annotated[str, Query(pattern="^(" + "|".join(REPORT_SORTS) + ")$")] = "agency",
    desc: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    listed = library(request).report_page(
        agency=agency, year=year, region=region, level=level, sort=sort, descending=desc, limit=limit, offset=offset
    )
    return {"total": listed.total, "offset": offset, "limit": limit, "items": [r.to_dict() for r in listed.items]}


@router.get("/reports/{agency}/{year}", summary="一份报告：版本、单元格（含原文与出处）、章节、核查发现")
def report(
    request: Request, agency: str, year: int, _user: Annotated[User | None, Depends(reader)], version: int | None = None
) -> dict[str, Any]:
    try:
        stored = library(request).get(agency, year, version)
    except ConfigError as exc:
        raise HTTPException(404, str(exc)) from exc
    return stored.to_dict()


@router.get("/findings", summary="核查结果：按级别、来源、规则、复核状态、机关、年度筛选，分页")
def findings(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    severity: str | None = None,
    origin: str | None = None,
    rule: str | None = None,
    review: str | None = None,
    agency: Annotated[str | None, Query(max_length=200)] = None,
    year: int | None = None,
    ref: Annotated[str | None, Query(max_length=40)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    listed = library(request).finding_page(
        severity=severity,
        origin=origin,
        rule=rule,
        review=review,
        agency=agency,
        year=year,
        ref=ref,
        limit=limit,
        offset=offset,
    )
    return {
        "total": listed.total,
        "offset": offset,
        "limit": limit,
        "counts": [{"severity": sev, "origin": org, "n": n} for (sev, org), n in sorted(listed.counts.items())],
        "items": [
            {
                **e.finding.to_dict(),
                "ref": e.finding.fingerprint[:10],
                "reviewed_at": e.reviewed_at.isoformat() if e.reviewed_at else None,
            }
            for e in listed.items
        ],
    }


@router.get("/findings/{ref}/reviews", summary="一条核查发现的复核记录")
def reviews(request: Request, ref: str, _user: Annotated[User | None, Depends(reader)]) -> list[dict[str, Any]]:
    return [e.to_dict() for e in library(request).review_log(ref)]


@router.post("/findings/{ref}/review", summary="复核一条核查发现（审核员）")
def review(
    request: Request, ref: str, body: ReviewIn, user: Annotated[User, Depends(require("reviewer"))]
) -> dict[str, Any]:
    entry = library(request).review(ref, body.state, comment=(body.comment or "").strip() or None, reviewer=user.name)
    return entry.to_dict()


@router.get("/agencies/{key}", summary="机关页：一个机关的历年报告与跨年度核查发现")
def agency(request: Request, key: str, _user: Annotated[User | None, Depends(reader)]) -> dict[str, Any]:
    try:
        view = library(request).agency(key)
    except ConfigError as exc:
        raise HTTPException(404, str(exc)) from exc
    return {
        "agency": view.name,
        "key": view.key,
        "region": view.region,
        "level": view.level,
        "reports": [r.to_dict() for r in view.reports],
        "pair_findings": [{**e.finding.to_dict(), "ref": e.finding.fingerprint[:10]} for e in view.pair_findings],
    }


@router.get("/compare", summary="对比：所选机关的单元格与比率（Wilson 95% 区间，按区间下限/上限排名）")
def compare(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    flt: Annotated[ReportFilter, Depends(report_filter)],
    agencies: Annotated[list[str], Query(max_length=255)] = [],  # noqa: B006 - FastAPI reads the default
    cell: Annotated[list[str], Query(max_length=64)] = [],  # noqa: B006
    rate: Annotated[list[str], Query(max_length=40)] = [],  # noqa: B006
    sort: Annotated[str | None, Query(max_length=64)] = None,
    desc: bool = True,
) -> dict[str, Any]:
    lib = library(request)
    years = lib.years()
    year = flt.year if flt.year is not None else (years[0] if years else None)
    result = lib.compare(
        year=year,
        agencies=agencies,
        where=ReportFilter(flt.agency, None, flt.region, flt.level),
        cells=cell,
        rates=rate or ["review_correct"],
        sort=sort,
        descending=desc,
    )
    return {
        "year": result.year,
        "sort": result.sort,
        "descending": result.descending,
        "matched": result.matched,
        "small_sample": SMALL_SAMPLE,
        "rows": [r.to_dict() for r in result.rows],
    }


@router.get("/coverage/{year}", summary="报送情况：名单中每个机关该年度是否发布、是否逾期、有无错误")
def coverage(request: Request, year: int, _user: Annotated[User | None, Depends(reader)]) -> dict[str, Any]:
    cov = library(request).coverage(year)
    return {
        "year": year,
        "counts": cov.counts,
        "rows": [
            {
                **r.entry.to_dict(),
                "status": r.status,
                "status_label": r.label,
                "deadline": r.deadline,
                "days_late": r.days_late,
                "message": r.message,
                "report": None
                if r.report is None
                else {
                    "agency": r.report.agency,
                    "published": r.report.published,
                    "errors": r.report.errors,
                    "warnings": r.report.warnings,
                },
            }
            for r in cov.rows
        ],
        "unexpected": [u.agency for u in cov.unexpected],
    }


@router.get(
    "/export", summary="导出：宽表或长表、核查发现和数据字典（CSV/Parquet/JSON 为 zip），可按机关、年度、地区、层级筛选"
)
async def export(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    flt: Annotated[ReportFilter, Depends(report_filter)],
    fmt: Annotated[str, Query(alias="format", max_length=10)] = "json",
    shape: Annotated[str, Query(max_length=10)] = "wide",
) -> Response:
    from gongkai.web.routes.exports import send_export

    return await send_export(request, fmt, shape, flt)


@router.post("/ingest", summary="上传入库（审核员）：返回任务编号，逐个文件的结果见 /api/ingest/{job}")
async def ingest(
    request: Request,
    user: Annotated[User, Depends(require("reviewer"))],
    files: Annotated[list[UploadFile], File()],
) -> dict[str, Any]:
    from gongkai.web.routes.upload import start_job

    job = await start_job(request, user, files)
    return {**job.to_dict(), "status": f"/api/ingest/{job.id}"}


@router.get("/ingest/{job_id}", summary="上传任务的进度与每个文件的结果（仅上传者可见）")
def ingest_status(request: Request, job_id: str, user: Annotated[User, Depends(require("reviewer"))]) -> dict[str, Any]:
    from gongkai.web.routes.upload import job_of

    return job_of(request, job_id, user).to_dict()


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> Response:
    """The API described from its own OpenAPI schema, on this site (FastAPI's docs pages load from a CDN)."""
    from gongkai.web.templating import page

    schema = request.app.openapi()
    endpoints = [
        {
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "params": [
                (p["name"], p["in"], p.get("required", False), p.get("schema", {}).get("type", ""))
                for p in op.get("parameters", [])
            ],
            "body": "requestBody" in op,
        }
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    ]
    return page(request, "api_docs.html", endpoints=endpoints)
