"""Signing in and out; the home page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from gongkai.web.auth import begin_session, current_user, end_session, library, may_read
from gongkai.web.templating import flash, page

router = APIRouter()


def safe_next(target: str | None) -> str:
    """A place on this site to go after signing in (never another site: no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or any(c in target for c in "\r\n"):
        return "/reports"
    return target


@router.get("/")
def home(request: Request) -> Response:
    return RedirectResponse("/reports" if may_read(request) else "/login", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    if current_user(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return page(request, "login.html", next=safe_next(next), error=None, name="")


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/reports",
) -> Response:
    throttle = request.app.state.throttle
    address = request.client.host if request.client else "?"
    name = name.strip()
    if throttle.blocked(name, address):
        return page(
            request, "login.html", 429, next=safe_next(next), name=name, error="登录失败次数过多，请 15 分钟后再试"
        )
    user = library(request).authenticate(name, password) if name and password else None
    if user is None:
        throttle.failed(name, address)
        return page(request, "login.html", 401, next=safe_next(next), name=name, error="用户名或密码不正确")
    throttle.succeeded(name)
    begin_session(request, user)
    flash(request, f"欢迎，{user.name}（{user.role_label}）")
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    end_session(request)
    return RedirectResponse("/login", status_code=303)
