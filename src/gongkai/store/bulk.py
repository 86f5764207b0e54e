"""Fast bulk inserts: rows as tuples with JSON already encoded, sent with the driver's ``executemany``.

SQLAlchemy's per-row bind processing costs more than the database write for the ~200 cells of a report;
ingest encodes in the worker processes and the writer hands tuples straight to the driver.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import JSON, Connection, Table


def dumps(value: Any) -> str:
    """JSON as the library stores it: UTF-8 text as is, anything else JSON lacks (dates…) as its str()."""
    return json.dumps(value, ensure_ascii=False, default=str)


@cache
def json_columns(table: Table) -> frozenset[str]:
    return frozenset(c.name for c in table.columns if isinstance(c.type, JSON))


def encode(table: Table, row: Mapping[str, Any], columns: Sequence[str]) -> tuple[Any, ...]:
    """One row as a tuple in ``columns`` order, JSON columns as JSON text (None stays NULL)."""
    js = json_columns(table)
    return tuple((None if row[c] is None else dumps(row[c])) if c in js else row[c] for c in columns)


def _placeholder(conn: Connection) -> str:
    style = conn.dialect.paramstyle
    return "?" if style == "qmark" else "%s"


def insert_tuples(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert many rows: PostgreSQL by ``COPY`` (one round trip), others by the driver's ``executemany``."""
    if not rows:
        return
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    mark = _placeholder(conn)
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    conn.exec_driver_sql(sql, list(rows))
