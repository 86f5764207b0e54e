"""Users of the web app, their roles, and settings kept with the library (a mixin of ``Library``).

::

    with gongkai.open("reports.db") as lib:
        lib.add_user("张三", "一个足够长的密码", "reviewer", who="管理员甲")
        user = lib.authenticate("张三", password)        # User, or None (wrong name or password, disabled)
        lib.set_role("张三", "admin", who="管理员甲")      # every change is logged (user_log)

Roles, from least to most: 访客 (``viewer``: reads), 审核员 (``reviewer``: uploads, reviews, re-checks),
管理员 (``admin``: also users, versions, deletions, the audit log).  Passwords are kept only as argon2
hashes.  ``User.stamp`` changes whenever the password does, so a session that carries it ends when the
password is changed.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from gongkai.errors import ConfigError
from gongkai.store import schema as s

ROLES: tuple[str, ...] = ("viewer", "reviewer", "admin")  # in order of what they may do
ROLE_LABELS = {"admin": "管理员", "reviewer": "审核员", "viewer": "访客"}
ROLE_WORDS = {
    "admin": "admin",
    "管理员": "admin",
    "reviewer": "reviewer",
    "审核员": "reviewer",
    "viewer": "viewer",
    "访客": "viewer",
}
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 hashes any length; a megabyte "password" is a denial of service, not a password
MAX_NAME = 100

_hasher = PasswordHasher()
# verified against when the name is unknown, so a wrong name takes as long as a wrong password
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str  # viewer | reviewer | admin
    active: bool
    created_at: datetime
    password_changed_at: datetime
    stamp: str  # changes with the password: sessions carry it and end when it changes

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    def can(self, role: str) -> bool:
        """Whether this user may do what ``role`` may do (roles are ordered viewer < reviewer < admin)."""
        return self.active and ROLES.index(self.role) >= ROLES.index(role)


def role_of(word: str) -> str:
    """A role typed in Chinese or English (管理员/审核员/访客, admin/reviewer/viewer), as stored."""
    got = ROLE_WORDS.get(word.strip().lower())
    if got is None:
        raise ConfigError(f"角色应为 管理员（admin）、审核员（reviewer）或 访客（viewer），而不是“{word}”")
    return got


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ConfigError("用户名不能为空")
    if len(name) > MAX_NAME:
        raise ConfigError(f"用户名过长（至多 {MAX_NAME} 个字符）")
    if any(ch.isspace() or not ch.isprintable() or ch in "/\\?#%" for ch in name):
        raise ConfigError("用户名不能含空白、控制字符或 / \\ ? # %")
    return name


def _check_password(name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"密码过短：至少 {MIN_PASSWORD} 个字符")
    if len(password) > MAX_PASSWORD:
        raise ConfigError(f"密码过长：至多 {MAX_PASSWORD} 个字符")
    if password.strip().lower() == name.strip().lower():
        raise ConfigError("密码不能与用户名相同")


def _user(row: Any) -> User:
    return User(
        id=row.id,
        name=row.name,
        role=row.role,
        active=bool(row.active),
        created_at=row.created_at,
        password_changed_at=row.password_changed_at,
        stamp=_stamp(row.password_hash),
    )


class UsersMixin:
    """Users, roles and library settings; mixed into ``Library`` (which provides the engines)."""

    engine: Engine
    writer: Engine

    # -- users -------------------------------------------------------------------------------------

    def users(self) -> list[User]:
        """Every user, by name."""
        with self.engine.connect() as conn:
            return [_user(r) for r in conn.execute(select(s.users).order_by(s.users.c.name))]

    def user(self, name: str | None = None, *, id: int | None = None) -> User | None:
        """One user by name or by id; None when there is none."""
        q = select(s.users).where(s.users.c.id == id) if id is not None else select(s.users)
        if id is None:
            q = q.where(s.users.c.name == (name or "").strip())
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        return _user(row) if row is not None else None

    def add_user(self, name: str, password: str, role: str, *, who: str) -> User:
        """A new user; the name must be new, the password long enough.  Logged."""
        name = _check_name(name)
        role = role_of(role)
        _check_password(name, password)
        at = _now()
        digest = _hasher.hash(password)
        try:
            with self.writer.begin() as conn:
                conn.execute(
                    insert(s.users).values(
                        name=name, role=role, password_hash=digest, active=True, created_at=at, password_changed_at=at
                    )
                )
                _log(conn, name, "add", ROLE_LABELS[role], who, at)
        except IntegrityError as exc:
            raise ConfigError(f"用户“{name}”已存在") from exc
        user = self.user(name)
        assert user is not None
        return user

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when ``name`` and ``password`` match an active user, else None (no hint which was wrong)."""
        if len(password) > MAX_PASSWORD or len(name) > MAX_NAME:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(s.users).where(s.users.c.name == name.strip())).first()
        digest = row.password_hash if row is not None else _DUMMY_HASH
        try:
            _hasher.verify(digest, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if row is None or not row.active:
            return None
        if _hasher.check_needs_rehash(digest):  # stronger parameters since: store the new hash, same password
            with self.writer.begin() as conn:
                conn.execute(update(s.users).where(s.users.c.id == row.id).values(password_hash=_hasher.hash(password)))
            return self.user(id=row.id)
        return _user(row)

    def set_password(self, name: str, password: str, *, who: str) -> User:
        """A new password (every session of the user ends).  Logged."""
        user = self._existing(name)
        _check_password(user.name, password)
        at = _now()
        with self.writer.begin() as conn:
            conn.execute(
                update(s.users)
                .where(s.users.c.id == user.id)
                .values(password_hash=_hasher.hash(password), password_changed_at=at)
            )
            _log(conn, user.name, "passwd", None, who, at)
        return self._existing(name)

    def set_role(self, name: str, role: str, *, who: str) -> User:
        """Another role; the last active administrator keeps theirs.  Logged."""
        user = self._existing(name)
        role = role_of(role)
        at = _now()
        with self.writer.begin() as conn:
            if user.role == "admin" and role != "admin":
                self._keep_an_admin(conn, user)
            conn.execute(update(s.users).where(s.users.c.id == user.id).values(role=role))
            _log(conn, user.name, "role", f"{ROLE_LABELS[user.role]} → {ROLE_LABELS[role]}", who, at)
        return self._existing(name)

    def set_active(self, name: str, active: bool, *, who: str) -> User:
        """Disable (the user can no longer sign in; sessions end) or enable again.  Logged."""
        user = self._existing(name)
        at = _now()
        with self.writer.begin() as conn:
            if not active and user.role == "admin":
                self._keep_an_admin(conn, user)
            conn.execute(update(s.users).where(s.users.c.id == user.id).values(active=active))
            _log(conn, user.name, "enable" if active else "disable", None, who, at)
        return self._existing(name)

    def user_log(self, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
        """What was done to users, newest first."""
        q = select(s.user_log).order_by(s.user_log.c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def _existing(self, name: str) -> User:
        user = self.user(name)
        if user is None:
            raise ConfigError(f"没有用户“{name}”（gongkai user list 列出全部用户）")
        return user

    @staticmethod
    def _keep_an_admin(conn: Connection, user: User) -> None:
        others = conn.execute(
            select(func.count())
            .select_from(s.users)
            .where(s.users.c.role == "admin", s.users.c.active, s.users.c.id != user.id)
        ).scalar_one()
        if not others:
            raise ConfigError(f"“{user.name}”是唯一的管理员：请先指定另一位管理员")

    # -- settings ----------------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            value = conn.execute(select(s.settings.c.value).where(s.settings.c.key == key)).scalar()
        return None if value is None else str(value)

    def ensure_setting(self, key: str, make: Callable[[], str]) -> str:
        """The stored value of ``key``; when there is none, ``make()`` is stored and returned (once: two
        processes starting together end up with the same value)."""
        value = self.setting(key)
        if value is not None:
            return value
        try:
            with self.writer.begin() as conn:
                conn.execute(insert(s.settings).values(key=key, value=make(), updated_at=_now()))
        except IntegrityError:
            pass  # another process stored it first: theirs is the one
        value = self.setting(key)
        assert value is not None
        return value


def _log(conn: Connection, name: str, action: str, detail: str | None, who: str, at: datetime) -> None:
    conn.execute(insert(s.user_log).values(name=name, action=action, detail=detail, who=who, at=at))


__all__ = ["MIN_PASSWORD", "ROLES", "ROLE_LABELS", "User", "UsersMixin", "role_of"]
