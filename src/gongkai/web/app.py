"""The app factory: ``create_app(db_url, settings)`` → a FastAPI app over one library.

::

    from gongkai.web.app import create_app
    app = create_app("reports.db")              # or a postgresql+psycopg:// URL; uvicorn serves it

Around every route: security headers (a Content-Security-Policy that allows scripts from this site only,
no framing, no MIME sniffing), a body limit (uploads up to ``max_upload_bytes``, anything else
``max_form_bytes``: an oversized request gets 413 with a clear message before it is read), signed-cookie
sessions and the CSRF check (``auth.py``).  Errors come back as a Chinese page, an HTMX fragment, or — under
``/api/`` — one JSON shape: ``{"error": {"status": 404, "code": "not_found", "message": "…"}}``.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gongkai.errors import ConfigError, GongkaiError, StoreError
from gongkai.store import open_library
from gongkai.web.auth import LoginRequired, Throttle, csrf_protect
from gongkai.web.crop import Crops
from gongkai.web.jobs import Jobs
from gongkai.web.settings import WebSettings
from gongkai.web.templating import STATIC, is_htmx, make_environment, page
from gongkai.web.uploads import human_size

log = logging.getLogger("gongkai.web")

SESSION_COOKIE = "gongkai_session"
UPLOAD_PATHS = ("/upload", "/api/ingest", "/coverage/list", "/fill/load")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "internal",
    503: "unavailable",
}
DEFAULT_MESSAGES = {
    400: "请求无效",
    401: "请先登录",
    403: "权限不足",
    404: "页面或资源不存在",
    405: "不支持该请求方法",
    413: "请求过大",
    422: "请求参数无效",
    500: "服务器内部错误（已记录），请稍后重试或联系管理员",
    503: "数据库暂不可用",
}


def create_app(db_url: str | None = None, settings: WebSettings | None = None) -> FastAPI:
    """The web app over the library at ``db_url`` (a path or a URL; default as for the CLI)."""
    settings = settings or WebSettings.load()
    lib = open_library(db_url)
    secret = settings.secret or lib.ensure_setting("session_secret", lambda: secrets.token_urlsafe(48))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        lib.close()

    app = FastAPI(
        title="gongkai 政府信息公开年度报告核查",
        docs_url=None,  # FastAPI's docs pages load scripts from a CDN: never; /api/docs is our own page
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(csrf_protect())],
        lifespan=lifespan,
    )
    app.state.library = lib
    app.state.settings = settings
    app.state.templates = make_environment()
    app.state.throttle = Throttle()
    app.state.jobs = Jobs()
    app.state.crops = Crops()

    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_hours * 3600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(BodyLimit, settings=settings)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    _errors(app)

    from gongkai.web.routes import (
        admin,
        agencies,
        api,
        compare,
        coverage,
        exports,
        fill,
        findings,
        login,
        reports,
        upload,
    )

    for module in (login, reports, agencies, compare, coverage, findings, upload, fill, exports, admin):
        app.include_router(module.router, include_in_schema=False)
    app.include_router(api.router)
    return app


class SecurityHeaders:
    """Headers every response carries (pure ASGI, so error responses get them too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for key, value in (
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ):
                    if key not in present:
                        headers.append((key, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuse a request body over the limit: by its declared length before reading, and while it streams."""

    def __init__(self, app: ASGIApp, settings: WebSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope["path"] in UPLOAD_PATHS
        limit = self.settings.max_upload_bytes if upload else self.settings.max_form_bytes
        message = (
            f"上传内容过大：一次最多 {human_size(limit)}（单个文件最多 {human_size(self.settings.max_file_bytes)}），请分批上传"
            if upload
            else f"请求过大（上限 {human_size(limit)}）"
        )
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _plain_error(scope, send, 413, message)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            got = await receive()
            if got["type"] == "http.request":
                seen += len(got.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, message)
            return got

        await self.app(scope, counted, send)


async def _plain_error(scope: Scope, send: Send, status: int, message: str) -> None:
    if scope["path"].startswith("/api/"):
        response: Response = JSONResponse(_error_body(status, message), status_code=status)
    else:
        response = HTMLResponse(f"<p>{_escape(message)}</p>", status_code=status)
    response.headers["connection"] = "close"

    async def nothing() -> Message:
        return {"type": "http.disconnect"}

    await response(scope, nothing, send)


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def _error_body(status: int, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "code": ERROR_CODES.get(status, "error"), "message": message}}


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The one way errors are answered: JSON under /api/, a fragment to HTMX, else a page."""
    if request.url.path.startswith("/api/"):
        return JSONResponse(_error_body(status, message), status_code=status, headers=headers)
    if is_htmx(request):
        html = f'<div class="flash flash-error" role="alert">{_escape(message)}</div>'
        return HTMLResponse(html, status_code=status, headers=headers)
    response = page(request, "error.html", status, status=status, message=message)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else None
        english = detail is None or detail.isascii()  # Starlette's own "Not Found" …
        message = DEFAULT_MESSAGES.get(exc.status_code, "请求无效") if english else str(detail)
        return error_response(request, exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if request.url.path.startswith("/api/"):
            return error_response(request, 401, "请先登录")
        target = "/login?next=" + _quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        if is_htmx(request):
            return Response(status_code=401, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = "、".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors()[:5])
        return error_response(request, 422, f"请求参数无效：{fields}")

    @app.exception_handler(ConfigError)
    async def config_error(request: Request, exc: ConfigError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error: %s", exc)
        return error_response(request, 503, "数据库暂不可用，请稍后重试或联系管理员")

    @app.exception_handler(GongkaiError)
    async def gongkai_error(request: Request, exc: GongkaiError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # runs outside the session middleware: a plain answer, no page around it
        log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        message = DEFAULT_MESSAGES[500]
        if request.url.path.startswith("/api/"):
            return JSONResponse(_error_body(500, message), status_code=500)
        return HTMLResponse(
            f'<!doctype html><meta charset="utf-8"><title>出错了</title><p>{_escape(message)}</p><p><a href="/">返回首页</a></p>',
            status_code=500,
        )


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


__all__ = ["create_app", "error_response"]
