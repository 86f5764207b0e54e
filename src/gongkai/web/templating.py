"""Jinja2 for the pages: autoescape always on (report text is shown as text, never as markup), undefined
names are errors, and every page gets the signed-in user, the CSRF token, the navigation and flashes."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from gongkai.check import Severity
from gongkai.store.library import REF_LENGTH, REVIEW_LABELS
from gongkai.store.users import ROLE_LABELS
from gongkai.web.auth import csrf_token, current_user, may_read

TEMPLATES = Path(str(resources.files("gongkai.web").joinpath("templates")))
STATIC = Path(str(resources.files("gongkai.web").joinpath("static")))

SEVERITY_LABELS = {s.value: s.label for s in Severity}
ORIGIN_LABELS = {"document": "原文问题", "reading": "读取存疑"}
KIND_LABELS = {
    "number": "数字",
    "blank": "空白（未填）",
    "dash": "横线或斜线",
    "text": "文字",
    "ambiguous": "有歧义（数字连写，可有多种拆分）",
    "missing": "未找到",
}
NAV = (
    ("reports", "/reports", "报告库", "viewer"),
    ("findings", "/findings", "核查结果", "viewer"),
    ("compare", "/compare", "对比", "viewer"),
    ("coverage", "/coverage", "报送情况", "viewer"),
    ("upload", "/upload", "上传核查", "reviewer"),
    ("fill", "/fill", "填报", "reviewer"),
    ("export", "/export", "导出", "viewer"),
    ("audit", "/admin/audit", "操作记录", "admin"),
    ("users", "/admin/users", "用户", "admin"),
)


def _when(value: datetime | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return f"{value.astimezone():%Y-%m-%d %H:%M}"


def _query(request: Request, **changes: Any) -> str:
    """The current URL's query with ``changes`` (None removes a parameter), as ``?…``."""
    params = {k: v for k, v in request.query_params.items() if v != ""}
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params) if params else "?"


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its name: nothing from a report becomes markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    env.filters["ref"] = lambda fp: str(fp)[:REF_LENGTH]
    env.globals.update(
        SEVERITY_LABELS=SEVERITY_LABELS,
        ORIGIN_LABELS=ORIGIN_LABELS,
        REVIEW_LABELS=REVIEW_LABELS,
        ROLE_LABELS=ROLE_LABELS,
        KIND_LABELS=KIND_LABELS,
        query=_query,
    )
    return env


def page(request: Request, template: str, code: int = 200, /, **context: Any) -> HTMLResponse:
    """Render ``template`` with the common context; answer with status ``code``."""
    env: Environment = request.app.state.templates
    user = current_user(request)
    fragment = template.rsplit("/", 1)[-1].startswith("_")  # a piece htmx swaps in: leave messages for a page
    flashes = request.session.pop("flash", []) if "flash" in request.session and not fragment else []
    nav = [(key, href, label) for key, href, label, role in NAV if (user.can(role) if user else False)]
    if user is None and may_read(request):
        nav = [(key, href, label) for key, href, label, role in NAV if role == "viewer"]
    html = env.get_template(template).render(
        request=request,
        user=user,
        csrf=csrf_token(request),
        nav=nav,
        flashes=flashes,
        **context,
    )
    return HTMLResponse(html, status_code=code, headers={"Cache-Control": "no-store"})


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A message shown once on the next page (after a redirect)."""
    messages = list(request.session.get("flash", []))
    messages.append([kind, message])
    request.session["flash"] = messages[-5:]


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


__all__ = ["STATIC", "TEMPLATES", "flash", "is_htmx", "make_environment", "page"]
