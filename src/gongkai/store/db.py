"""Where the library lives and how it is opened: URL resolution, engine, migrations.

The database is found in this order: the ``db`` argument (``--db``), the ``GONGKAI_DB`` environment
variable, ``db = "…"`` in a ``gongkai.toml`` of the current directory, else ``gongkai.db`` here.  A plain
path means an SQLite file (embedded, nothing to set up); a URL such as
``postgresql+psycopg://user:pass@host/dbname`` selects that server.  Opening a library brings its schema
up to date with the Alembic migrations shipped in this package.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from gongkai.errors import ConfigError, StoreError
from gongkai.store.bulk import dumps

DEFAULT_FILE = "gongkai.db"
CONFIG_FILE = "gongkai.toml"
MIGRATIONS = Path(__file__).with_name("migrations")


def resolve_url(db: str | Path | None = None) -> str:
    """The SQLAlchemy URL of the library (see the module docstring for the order of lookup)."""
    if db is None:
        db = os.environ.get("GONGKAI_DB") or _from_config() or DEFAULT_FILE
    text = str(db)
    if "://" in text:
        try:
            make_url(text)
        except ArgumentError as exc:
            raise ConfigError(f"数据库地址无法识别：{text}（{exc}）") from exc
        return text
    path = Path(text).expanduser()
    if path.is_dir():
        raise ConfigError(f"数据库路径是一个文件夹：{path}（请给出文件名，例如 {path / DEFAULT_FILE}）")
    if not path.parent.exists():
        raise ConfigError(f"数据库所在的文件夹不存在：{path.parent}")
    return f"sqlite:///{path.resolve()}"


def config_value(key: str) -> str | None:
    """A string setting of ``gongkai.toml`` in the current directory (top level or under ``[store]``)."""
    cfg = Path(CONFIG_FILE)
    if not cfg.is_file():
        return None
    try:
        data = tomllib.loads(cfg.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{cfg.resolve()}: 配置文件格式错误（{exc}）") from exc
    value = data.get(key) or data.get("store", {}).get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{cfg.resolve()}: {key} 应为字符串")
    return value


def _from_config() -> str | None:
    return config_value("db")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the single writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at every checkpoint, safe against a killed process
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_autocommit(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" event open the transaction


def _sqlite_begin_immediate(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, writer: bool = False) -> Engine:
    """An engine for ``url``.  ``writer``: SQLite transactions take the write lock when they begin
    (``BEGIN IMMEDIATE``), so concurrent ingest workers wait for each other instead of failing."""
    try:
        engine = create_engine(url, json_serializer=dumps)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigError(f"数据库地址无法使用：{url}（{exc}）") from exc
    except ModuleNotFoundError as exc:  # e.g. psycopg missing
        raise ConfigError(
            f"连接该数据库需要的驱动未安装（{exc.name}）；PostgreSQL 请安装：pip install 'gongkai[postgres]'"
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if writer:
            event.listen(engine, "connect", _sqlite_autocommit)
            event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


def alembic_config(engine_connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = engine_connection
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it in an empty database)."""
    from alembic import command

    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
    except SQLAlchemyError as exc:
        raise StoreError(
            f"无法建立或升级数据库结构（{engine.url.render_as_string(hide_password=True)}）：{exc}"
        ) from exc


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return MigrationContext.configure(connection).get_current_revision()
