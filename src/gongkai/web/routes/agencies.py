"""机关页: one agency across the years — reports, errors per year, cells year over year, the cross-year
findings, a chart of applications and outcomes — and, for 管理员, its region and level."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from gongkai.errors import ConfigError
from gongkai.store.users import User
from gongkai.web.auth import library, reader, require
from gongkai.web.charts import agency_chart
from gongkai.web.routes.reports import agency_url, report_url
from gongkai.web.templating import flash, page
from gongkai.web.views import year_over_year

router = APIRouter()


@router.get("/agencies/{key}")
def agency(request: Request, key: str, _user: Annotated[User | None, Depends(reader)]) -> Response:
    lib = library(request)
    try:
        view = lib.agency(key)
    except ConfigError as exc:
        raise HTTPException(404, str(exc)) from exc
    regions = sorted(r for r in lib.regions() if r != "-")
    levels = sorted(level for level in lib.levels() if level != "-")
    return page(
        request,
        "agency.html",
        view=view,
        chart=agency_chart(view) if view.reports else None,
        main=year_over_year(view),
        full_t2=year_over_year(view, ("t2",), column=None),
        known_regions=regions,
        known_levels=levels,
        report_url=report_url,
        agency_url=agency_url,
        scripts=["echarts"],
    )


@router.post("/agencies/{key}")
def set_agency(
    request: Request,
    key: str,
    user: Annotated[User, Depends(require("admin"))],
    region: Annotated[str, Form(max_length=100)] = "",
    level: Annotated[str, Form(max_length=50)] = "",
) -> Response:
    """Correct the region and level (an empty field clears it); logged in the agency log."""
    lib = library(request)
    try:
        view = lib.agency(key)
    except ConfigError as exc:
        raise HTTPException(404, str(exc)) from exc
    changed = lib.set_agency(view.key, region=region.strip().strip("/"), level=level, who=user.name)
    flash(
        request,
        f"已更新 {changed['agency']}：地区 {changed['region'] or '（空）'}，层级 {changed['level'] or '（空）'}",
    )
    return RedirectResponse(agency_url(view.key), status_code=303)
