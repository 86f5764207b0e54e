"""管理员: the audit log (reviews, versions, users) and the users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from gongkai.store.users import ROLES, User
from gongkai.web.auth import library, require
from gongkai.web.routes.reports import report_url
from gongkai.web.templating import flash, page

router = APIRouter(prefix="/admin")
Admin = Annotated[User, Depends(require("admin"))]


@router.get("/audit")
def audit(
    request: Request, _user: Admin, page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1
) -> Response:
    lib = library(request)
    reviews = lib.review_page(limit=100, offset=(page_no - 1) * 100)
    return page(
        request,
        "audit.html",
        reviews=reviews,
        versions=list(reversed(lib.version_log()))[:200],
        users=lib.user_log(limit=200),
        agencies=lib.agency_log(limit=200),
        generations=lib.generations(limit=200),
        report_url=report_url,
    )


@router.get("/users")
def users(request: Request, _user: Admin) -> Response:
    return page(request, "users.html", users=library(request).users(), roles=ROLES)


@router.post("/users")
def add_user(
    request: Request,
    user: Admin,
    name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=20)] = "viewer",
    password: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    added = library(request).add_user(name, password, role, who=user.name)
    flash(request, f"已添加用户：{added.name}（{added.role_label}）")
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{name}/role")
def set_role(request: Request, name: str, user: Admin, role: Annotated[str, Form(max_length=20)] = "") -> Response:
    changed = library(request).set_role(name, role, who=user.name)
    flash(request, f"已将 {changed.name} 的角色改为{changed.role_label}")
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{name}/password")
def set_password(
    request: Request, name: str, user: Admin, password: Annotated[str, Form(max_length=2000)] = ""
) -> Response:
    changed = library(request).set_password(name, password, who=user.name)
    flash(request, f"已为 {changed.name} 设置新密码（其已登录的会话随之失效）")
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{name}/active")
def set_active(request: Request, name: str, user: Admin, active: Annotated[str, Form(max_length=5)] = "") -> Response:
    if active not in ("0", "1"):
        raise HTTPException(400, "active 应为 0 或 1")
    changed = library(request).set_active(name, active == "1", who=user.name)
    flash(request, f"已{'启用' if changed.active else '停用'}用户 {changed.name}")
    return RedirectResponse("/admin/users", status_code=303)
