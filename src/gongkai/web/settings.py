"""Settings of the web app: arguments first, then the environment, then ``[web]`` in gongkai.toml.

| setting | environment | gongkai.toml ``[web]`` | default |
|---|---|---|---|
| anonymous_read | ``GONGKAI_ANONYMOUS_READ`` (1/0) | ``anonymous_read = true`` | off: reading needs a login |
| secret | ``GONGKAI_SECRET`` | ``secret = "…"`` | generated once and kept in the library |
| max_upload_mb | ``GONGKAI_MAX_UPLOAD_MB`` | ``max_upload_mb = 256`` | 256 (one request, all files) |
| secure_cookies | ``GONGKAI_SECURE_COOKIES`` (1/0) | ``secure_cookies = true`` | off (on behind HTTPS) |
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.errors import ConfigError
from gongkai.readers.limits import LIMITS, MiB

CONFIG_FILE = "gongkai.toml"


@dataclass(frozen=True, slots=True)
class WebSettings:
    anonymous_read: bool = False  # may people who have not signed in read reports and findings?
    secret: str | None = None  # signs session cookies; None: the one kept in the library
    max_upload_bytes: int = 256 * MiB  # one upload request, every file together
    max_file_bytes: int = LIMITS.file_bytes  # one uploaded file (the readers' own limit)
    max_files: int = 1000  # files in one upload request
    max_form_bytes: int = MiB  # any other request body (forms, JSON)
    session_hours: int = 12  # a session ends this long after signing in
    secure_cookies: bool = False  # send the session cookie over HTTPS only
    page_size: int = 50
    ingest_timeout: int = 1800  # seconds an upload may take to be read, checked and stored

    @classmethod
    def load(cls, **given: Any) -> WebSettings:
        """Settings from ``given`` (None means not given), else the environment, else gongkai.toml."""
        toml = _toml()
        values: dict[str, Any] = {}
        for name, env, kind in (
            ("anonymous_read", "GONGKAI_ANONYMOUS_READ", bool),
            ("secret", "GONGKAI_SECRET", str),
            ("max_upload_mb", "GONGKAI_MAX_UPLOAD_MB", int),
            ("secure_cookies", "GONGKAI_SECURE_COOKIES", bool),
        ):
            raw = given.get(name)
            if raw is None:
                raw = os.environ.get(env)
            if raw is None:
                raw = toml.get(name)
            if raw is None:
                continue
            values[name] = _typed(name, raw, kind)
        if "max_upload_mb" in values:
            values["max_upload_bytes"] = values.pop("max_upload_mb") * MiB
        if values.get("secret") is not None and len(values["secret"]) < 32:
            raise ConfigError("会话密钥（GONGKAI_SECRET / [web] secret）至少 32 个字符")
        return cls(**values)


def _typed(name: str, raw: Any, kind: type) -> Any:
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"设置 {name} 应为 true/false（或 1/0），而不是“{raw}”")
    if kind is int:
        try:
            value = int(raw)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"设置 {name} 应为正整数，而不是“{raw}”") from exc
        if value < 1:
            raise ConfigError(f"设置 {name} 应为正整数，而不是“{raw}”")
        return value
    return str(raw)


def _toml() -> dict[str, Any]:
    cfg = Path(CONFIG_FILE)
    if not cfg.is_file():
        return {}
    try:
        data = tomllib.loads(cfg.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{cfg.resolve()}: 配置文件格式错误（{exc}）") from exc
    web = data.get("web", {})
    if not isinstance(web, dict):
        raise ConfigError(f"{cfg.resolve()}: [web] 应为一个表")
    return web


__all__ = ["WebSettings"]
