"""核查结果: findings by severity with 原文问题 / 读取存疑 apart, filters, review by HTMX, XLSX download."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from gongkai.check import rules
from gongkai.errors import ConfigError
from gongkai.store.browse import FindingEntry
from gongkai.store.users import User
from gongkai.web.auth import library, reader, require
from gongkai.web.downloads import send_file
from gongkai.web.routes.reports import report_url
from gongkai.web.templating import flash, is_htmx, page
from gongkai.web.xlsx import write_findings

router = APIRouter()

ACTIONS = {"confirm": "confirmed", "dismiss": "dismissed", "reopen": "open", "note": None}
REF = Annotated[str, Query(max_length=40, pattern=r"^[0-9a-fA-F]*$")]


def finding_filter(
    severity: Annotated[str, Query(max_length=10)] = "",
    origin: Annotated[str, Query(max_length=10)] = "document",
    rule: Annotated[str, Query(max_length=60)] = "",
    review: Annotated[str, Query(max_length=12)] = "",
    agency: Annotated[str, Query(max_length=200)] = "",
    year: Annotated[str, Query(max_length=4)] = "",
    ref: REF = "",
) -> dict[str, Any]:
    """Dependency: the findings filter of the query, as ``Library.finding_page`` takes it."""
    return {
        "severity": severity or None,
        "origin": origin if origin and origin != "all" else None,
        "rule": rule or None,
        "review": review or None,
        "agency": agency or None,
        "year": int(year) if year.isdigit() else None,
        "ref": ref or None,
    }


@router.get("/findings")
def findings(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    chosen: Annotated[dict[str, Any], Depends(finding_filter)],
    page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
) -> Response:
    lib = library(request)
    size = request.app.state.settings.page_size
    if chosen["rule"] and chosen["rule"] not in {r.id for r in rules()}:
        raise HTTPException(400, f"没有规则“{chosen['rule']}”")
    listed = lib.finding_page(**chosen, limit=size, offset=(page_no - 1) * size)
    origins = [chosen["origin"]] if chosen["origin"] else ["document", "reading"]
    tabs = [
        ("document", "原文问题", sum(n for (_s, o), n in listed.counts.items() if o == "document")),
        ("reading", "读取存疑", sum(n for (_s, o), n in listed.counts.items() if o == "reading")),
        ("all", "全部", sum(listed.counts.values())),
    ]
    by_severity = {
        sev: sum(n for (s, o), n in listed.counts.items() if s == sev and o in origins)
        for sev in ("error", "warning", "info")
    }
    return page(
        request,
        "findings.html",
        listed=listed,
        chosen=chosen,
        tabs=tabs,
        by_severity=by_severity,
        rules=sorted(rules(), key=lambda r: r.id),
        years=lib.years(),
        report_url=report_url,
    )


@router.get("/findings.xlsx")
def findings_xlsx(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    chosen: Annotated[dict[str, Any], Depends(finding_filter)],
) -> Response:
    """The findings under the current filter as a workbook, for sending to the agencies."""
    rows = library(request).finding_rows(**chosen)
    return send_file(lambda folder: write_findings(folder / "findings.xlsx", rows), "核查结果.xlsx")


def _entry(request: Request, fingerprint: str, version_id: int | None) -> FindingEntry | None:
    listed = library(request).finding_page(ref=fingerprint, version_id=version_id, limit=1)
    return listed.items[0] if listed.items else None


@router.post("/findings/{ref}/review")
def review(
    request: Request,
    ref: str,
    user: Annotated[User, Depends(require("reviewer"))],
    action: Annotated[str, Form(max_length=10)] = "",
    comment: Annotated[str, Form(max_length=4000)] = "",
    version_id: Annotated[int | None, Form()] = None,
) -> Response:
    """确认 / 驳回 (a reason is required) / 备注 / 重新待复核; kept by the finding's fingerprint."""
    if action not in ACTIONS:
        raise HTTPException(400, "操作应为 确认、驳回、备注 或 重新待复核")
    lib = library(request)
    current = _entry(request, ref.lower(), version_id)
    if current is None:
        raise HTTPException(404, f"没有引用号为 {ref} 的核查发现")
    state = ACTIONS[action] or current.finding.review
    error = None
    if action == "note" and not comment.strip():
        error = "备注不能为空"
    else:
        try:
            lib.review(current.finding.fingerprint, state, comment=comment.strip() or None, reviewer=user.name)
        except ConfigError as exc:
            error = str(exc).replace("（--comment/-m）", "")
    if not is_htmx(request):
        if error:
            raise HTTPException(400, error)
        flash(request, f"已记录复核：{ref[:10]}")
        return RedirectResponse(request.headers.get("referer") or "/findings", status_code=303)
    entry = _entry(request, current.finding.fingerprint, version_id) or current
    # 422: the finding comes back with the message beside the form (htmx swaps 422, see base.html)
    return page(
        request,
        "_finding.html",
        422 if error else 200,
        e=entry,
        error=error,
        version_id=version_id,
        show_report=version_id is None,
        report_url=report_url,
    )


@router.get("/findings/{ref}/history")
def history(request: Request, ref: str, _user: Annotated[User | None, Depends(reader)]) -> Response:
    entries = library(request).review_log(ref)
    return page(request, "_history.html", entries=entries)
