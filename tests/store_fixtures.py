"""Library fixtures: the same tests run on SQLite and on a real PostgreSQL server.

PostgreSQL comes from ``GONGKAI_TEST_PG_URL`` (an admin URL such as
``postgresql+psycopg://gongkai:gongkai@localhost/postgres``; ``.ci/postgres`` starts a server and prints
it).  Each test gets a database of its own, dropped afterwards.  Without the variable the PostgreSQL
half is skipped with a visible reason — unless ``GONGKAI_REQUIRE_PG=1`` (set by ``.ci/run``), where a
missing server is a failure, so CI can never pass without having run it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import gongkai
from gongkai.store import Library

PG_ENV = "GONGKAI_TEST_PG_URL"


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("GONGKAI_REQUIRE_PG") == "1":
        pytest.fail(f"GONGKAI_REQUIRE_PG=1 but {PG_ENV} is not set: the PostgreSQL tests must run here")
    return None


def _pg_database() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = _pg_admin_url()
    if admin is None:
        pytest.skip(f"PostgreSQL not configured ({PG_ENV} unset); .ci/run starts one and runs these")
    name = f"gongkai_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty library location: an SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "library.db")
    else:
        yield from _pg_database()


@pytest.fixture
def library(db_url: str) -> Iterator[Library]:
    lib = gongkai.open(db_url)
    try:
        yield lib
    finally:
        lib.close()
