"""Who is asking, and what they may do: sessions, roles, CSRF, login throttling.

- **Sessions** live in a cookie signed with itsdangerous (Starlette's ``SessionMiddleware``): the user's
  id, the stamp of their password (a new password ends every session), when they signed in (a session
  ends ``session_hours`` later) and the CSRF token.  The cookie is HttpOnly and SameSite=Lax.
- **Roles**: ``viewer`` < ``reviewer`` < ``admin`` (访客 < 审核员 < 管理员).  Reading needs a signed-in
  user unless anonymous reading is on; every write needs a reviewer or an administrator — an anonymous
  caller gets 401, an under-privileged one 403.
- **CSRF**: every request that is not GET/HEAD/OPTIONS must carry the session's token, in the
  ``X-CSRF-Token`` header (HTMX and the API) or the ``csrf_token`` form field; otherwise 403.  This is an
  app-wide dependency, so no route can forget it.
- **Throttling**: after 5 failed sign-ins for one name (or 20 from one address) in 15 minutes, signing in
  is refused for 15 minutes.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request

from gongkai.store import Library
from gongkai.store.users import User

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


class LoginRequired(Exception):
    """A page that needs a signed-in user was asked for anonymously (→ the sign-in page, or 401 for the API)."""


def library(request: Request) -> Library:
    lib: Library = request.app.state.library
    return lib


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made when the session has none)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def current_user(request: Request) -> User | None:
    """The signed-in user, or None; a session whose user is gone, disabled, has a new password or is older
    than the session lifetime is ended."""
    if hasattr(request.state, "user"):
        cached: User | None = request.state.user
        return cached
    user = None
    uid = request.session.get("uid")
    if isinstance(uid, int):
        found = library(request).user(id=uid)
        hours = request.app.state.settings.session_hours
        at = request.session.get("at")
        fresh = isinstance(at, (int, float)) and 0 <= time.time() - at < hours * 3600
        if found is not None and found.active and found.stamp == request.session.get("stamp") and fresh:
            user = found
        else:
            end_session(request)
    request.state.user = user
    return user


def begin_session(request: Request, user: User) -> None:
    """A fresh session for ``user`` (a new CSRF token too: nothing from before signing in is kept)."""
    request.session.clear()
    request.session.update({"uid": user.id, "stamp": user.stamp, "at": int(time.time())})
    csrf_token(request)
    request.state.user = user


def end_session(request: Request) -> None:
    request.session.clear()
    request.state.user = None


def may_read(request: Request) -> bool:
    return bool(request.app.state.settings.anonymous_read) or current_user(request) is not None


def reader(request: Request) -> User | None:
    """Dependency of every page and API read: a signed-in user, or anyone when anonymous reading is on."""
    if not may_read(request):
        raise LoginRequired()
    return current_user(request)


def require(role: str) -> Callable[[Request], User]:
    """Dependency of a write (and of the pages that lead to one): 401 without a signed-in user — a page
    asked for by GET sends to the sign-in page instead — and 403 when their role may not do it."""

    def dependency(request: Request) -> User:
        user = current_user(request)
        if user is None:
            if request.method == "GET" and not request.url.path.startswith("/api/"):
                raise LoginRequired()  # a page (the upload form, the audit log): sign in first
            raise HTTPException(401, "请先登录")
        if not user.can(role):
            from gongkai.store.users import ROLE_LABELS

            raise HTTPException(403, f"权限不足：此操作需要{ROLE_LABELS[role]}权限（当前为{user.role_label}）")
        return user

    return dependency


def csrf_protect() -> Callable[[Request], Coroutine[Any, Any, None]]:
    """The app-wide dependency that refuses an unsafe request without the session's CSRF token."""

    async def dependency(request: Request) -> None:
        if request.method in SAFE_METHODS:
            return
        expected = request.session.get("csrf")
        got = request.headers.get(CSRF_HEADER)
        form = None
        if got is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            field = form.get(CSRF_FIELD)
            got = field if isinstance(field, str) else None
        if not isinstance(expected, str) or not got or not hmac.compare_digest(expected, got):
            if form is not None:  # files sent with a refused request are not left open
                await form.close()
            raise HTTPException(403, "请求缺少有效的安全令牌（CSRF），请刷新页面后重试")

    return dependency


class Throttle:
    """Failed sign-ins per name and per address; too many in a window lock that name or address out."""

    def __init__(self, per_name: int = 5, per_address: int = 20, window: float = 900.0) -> None:
        self.per_name = per_name
        self.per_address = per_address
        self.window = window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def blocked(self, name: str, address: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return (
                len(self._recent(f"n:{name}", now)) >= self.per_name
                or len(self._recent(f"a:{address}", now)) >= self.per_address
            )

    def failed(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (f"n:{name}", f"a:{address}"):
                self._failures.setdefault(key, []).append(now)
            if len(self._failures) > 100_000:  # a flood of made-up names: forget the oldest
                for key in list(self._failures)[:50_000]:
                    del self._failures[key]

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(f"n:{name}", None)


__all__ = [
    "LoginRequired",
    "Throttle",
    "begin_session",
    "csrf_protect",
    "csrf_token",
    "current_user",
    "end_session",
    "library",
    "reader",
    "require",
]
