"""The REST API under ``/api/`` (OpenAPI at ``/api/openapi.json``): reports, findings, reviews.

The same sessions and roles as the pages: reads need a signed-in user unless anonymous reading is on;
a review needs a reviewer and the session's CSRF token in the ``X-CSRF-Token`` header.  Every error is
``{"error": {"status": …, "code": …, "message": …}}``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from gongkai.errors import ConfigError
from gongkai.store.browse import MAX_PAGE, REPORT_SORTS
from gongkai.store.users import User
from gongkai.web.auth import csrf_token, current_user, library, reader, require

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
    sort: Annotated[str, Query(pattern="^(" + "|".join(REPORT_SORTS) + ")$")] = "agency",
    desc: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    listed = library(request).report_page(
        agency=agency, year=year, sort=sort, descending=desc, limit=limit, offset=offset
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
