"""填报: fill in a report on a form (the three tables in the official layout, metadata, six sections), with
last year's 结转下年度 carried over; 核查 runs first; the standard report as DOCX / HTML / Markdown / PDF;
the XLSX template; drafts kept in the library.

A report with errors is not generated unless the user ticks 仍然生成 (force): then it is generated as it
is — nothing is stamped into the document — and the library records who generated it, in which form, and
that it was forced with which errors (``Library.log_generation``; shown in 操作记录).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gongkai.check import CheckResult, agency_key, check
from gongkai.errors import ConfigError, GongkaiError
from gongkai.generate import FORMS, SUFFIX, RenderRefused, read_template, render, write_template
from gongkai.model import Report
from gongkai.spec import FormatVersion
from gongkai.store.users import User
from gongkai.web.auth import library, reader, require
from gongkai.web.downloads import attachment
from gongkai.web.fill_form import (
    FillState,
    carry_over,
    form_tables,
    state_from_form,
    state_from_report,
    state_to_json,
    state_to_report,
)
from gongkai.web.routes.reports import report_url
from gongkai.web.templating import flash, page

router = APIRouter()
Reviewer = Annotated[User, Depends(require("reviewer"))]
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
FORM_LABELS = {"docx": "Word（DOCX）", "html": "网页（HTML）", "md": "Markdown", "pdf": "PDF"}
MAX_TEMPLATE = 20 * 1024 * 1024


def _previous(request: Request, agency: str, year: int | None) -> Report | None:
    """The library's report of the same agency for the year before, when it has one."""
    if not agency or year is None or not agency_key(agency):
        return None
    try:
        return library(request).get(agency_key(agency), year - 1).report
    except ConfigError:
        return None


def _pdf_available() -> bool:
    try:
        from gongkai.generate.pdf import soffice

        soffice()
        return True
    except ConfigError:
        return False


def _form_page(
    request: Request,
    state: FillState,
    code: int = 200,
    *,
    result: CheckResult | None = None,
    messages: list[str] | None = None,
    refused: str | None = None,
) -> Response:
    lib = library(request)
    previous = _previous(request, state.agency, state.year)
    findings = result.findings if result is not None else ()
    return page(
        request,
        "fill.html",
        code,
        state=state,
        tables=form_tables(state, findings),
        sections=state.spec.sections,
        result=result,
        messages=list(dict.fromkeys((messages or []) + state.problems)),
        refused=refused,
        previous=previous,
        forms=[f for f in FORMS if f != "pdf" or _pdf_available()],
        form_labels=FORM_LABELS,
        drafts=lib.drafts(),
        agencies=[],
        report_url=report_url,
    )


@router.get("/fill")
def fill_page(
    request: Request,
    _user: Reviewer,
    agency: Annotated[str, Query(max_length=255)] = "",
    year: Annotated[str, Query(max_length=4)] = "",
    draft: Annotated[int | None, Query(ge=1)] = None,
    base_agency: Annotated[str, Query(max_length=255)] = "",
    base_year: Annotated[int | None, Query(ge=1990, le=2999)] = None,
) -> Response:
    """A new form (with last year's values carried over when the library has them), a draft, or a stored
    report as the starting point."""
    lib = library(request)
    messages: list[str] = []
    if draft is not None:
        try:
            state = state_from_report(_report_of(lib.draft(draft)))
        except ConfigError as exc:
            raise HTTPException(404, str(exc)) from exc
        messages.append(f"已打开草稿：{state.agency} {state.meta.get('year')} 年度")
    elif base_agency and base_year is not None:
        try:
            stored = lib.get(base_agency, base_year)
        except ConfigError as exc:
            raise HTTPException(404, str(exc)) from exc
        state = state_from_report(stored.report)
        messages.append(f"以库中 {stored.agency} {base_year} 年度报告（第{stored.version.number}版）为底稿")
    else:
        state = FillState()
        state.meta = {"agency": agency.strip(), "year": year if year.isdigit() else ""}
        if state.year is not None:
            state.meta["period_start"], state.meta["period_end"] = f"{state.year}-01-01", f"{state.year}-12-31"
    previous = _previous(request, state.agency, state.year)
    if previous is not None and draft is None and not (base_agency and base_year is not None):
        messages += carry_over(state, previous)
    return _form_page(request, state, messages=messages)


def _report_of(data: dict[str, Any]) -> Report:
    from gongkai.generate.load import report_from_json

    return report_from_json(data)


@router.post("/fill")
async def fill(request: Request, user: Reviewer) -> Response:
    """The form sent: 带入上年数据 (carry), 核查 (check), 保存草稿 (save), or generate (docx/html/md/pdf)."""
    form = await request.form()
    state = state_from_form(form)
    action = str(form.get("action") or "")
    force = form.get("force") == "1"
    if action == "carry":
        previous = _previous(request, state.agency, state.year)
        if previous is None:
            return _form_page(
                request,
                state,
                messages=[f"库中没有“{state.agency or '（未填写机关）'}”{(state.year or 0) - 1} 年度的报告，无从带入"],
            )
        filled = carry_over(state, previous)
        return _form_page(request, state, messages=filled or ["上年结转、现行有效已填写，未改动（清空后可重新带入）"])
    try:
        report = state_to_report(state)
    except GongkaiError as exc:
        return _form_page(request, state, 422, messages=[str(exc)])
    result = check(report, _previous(request, state.agency, state.year))
    if action == "save":
        try:
            draft_id = library(request).save_draft(state_to_json(state), who=user.name)
        except ConfigError as exc:  # no agency or year yet: the form comes back as typed
            return _form_page(request, state, 422, result=result, messages=[str(exc)])
        return _form_page(
            request, state, result=result, messages=[f"已保存草稿（编号 {draft_id}）：{state.agency} {state.year} 年度"]
        )
    if action in FORMS and state.problems:  # a value that could not be taken is never printed as blank
        return _form_page(request, state, 422, result=result, refused="未生成：请先改正上面标出的填写问题。")
    if action in FORMS:
        return await _generate(request, user, state, report, result, action, force)
    return _form_page(request, state, result=result if action == "check" else None)


async def _generate(
    request: Request, user: User, state: FillState, report: Report, result: CheckResult, form: str, force: bool
) -> Response:
    if form == "pdf" and not _pdf_available():
        return _form_page(request, state, 422, result=result, messages=["生成 PDF 需要服务器安装 LibreOffice"])
    try:
        data = await run_in_threadpool(render, report, form, force=force)
    except RenderRefused as exc:
        refused = f"未生成：核查发现 {len(exc.errors)} 个错误。请改正；确需照此生成，请勾选“仍然生成”后再点生成（将记入操作记录）。"
        return _form_page(request, state, 422, result=result, refused=refused)
    except ConfigError as exc:
        return _form_page(request, state, 422, result=result, messages=[str(exc)])
    library(request).log_generation(
        state.agency or None, state.year, form, result, forced=force and bool(result.errors), who=user.name
    )
    name = f"{state.agency or '年报'}{state.year or ''}年政府信息公开工作年度报告{SUFFIX[form]}"
    return Response(
        data,
        media_type=MEDIA[form],
        headers={
            **attachment(name),
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "Cache-Control": "no-store",
        },
    )


@router.post("/fill/load")
async def load_template(request: Request, _user: Reviewer, file: Annotated[UploadFile, File()]) -> Response:
    """A filled XLSX template (gongkai template) into the form."""
    data = await file.read(MAX_TEMPLATE + 1)
    await file.close()
    if len(data) > MAX_TEMPLATE:
        raise HTTPException(413, "模板文件过大（上限 20 MiB）")
    if not data:
        raise HTTPException(400, "请选择已填写的 XLSX 模板")
    try:
        report = read_template(data, file.filename or "模板.xlsx")
    except GongkaiError as exc:
        raise HTTPException(400, str(exc).replace("None: ", "")) from exc
    state = state_from_report(report)
    return _form_page(request, state, messages=[f"已载入模板：{file.filename or ''}（请核查后生成）"])


@router.get("/fill/template.xlsx")
def template(
    request: Request,
    _user: Annotated[User | None, Depends(reader)],
    agency: Annotated[str, Query(max_length=255)] = "",
    year: Annotated[str, Query(max_length=4)] = "",
    format: Annotated[str, Query(max_length=4, pattern="^(|2021|2019)$")] = "",
) -> Response:
    """The XLSX template (the three tables in the official layout); with an agency and year whose previous
    year is in the library, its 上年结转 carried over."""
    chosen = int(year) if year.isdigit() and len(year) == 4 else None
    version: FormatVersion = (
        "2019" if format == "2019" or (not format and chosen is not None and chosen <= 2020) else "2021"
    )
    data = write_template(version, previous=_previous(request, agency.strip(), chosen))
    name = f"{agency.strip() or ''}{chosen or ''}年报模板.xlsx"
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=attachment(name),
    )


@router.post("/fill/drafts/{draft_id}/delete")
def delete_draft(request: Request, draft_id: int, _user: Reviewer) -> Response:
    try:
        library(request).delete_draft(draft_id)
    except ConfigError as exc:
        raise HTTPException(404, str(exc)) from exc
    flash(request, f"已删除草稿 {draft_id}")
    return RedirectResponse("/fill", status_code=303)
