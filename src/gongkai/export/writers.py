"""Export files: CSV (UTF-8 with BOM, so Excel shows Chinese), XLSX, Parquet, JSON.  Blank stays blank.

XLSX sheets of data carry a row of Chinese labels above the row of column ids (the official label path
for a cell id), with both rows frozen; CSV, Parquet and JSON keep the ids (the data dictionary has the
labels).

``export(engine, outdir, fmt, shape, where=ReportFilter(...))`` writes the cells (tidy or wide), the
findings and the data dictionary — of the reports that meet ``where`` (agency, year, region, level; all
reports when it is None); CSV, Parquet and JSON get one file each, XLSX one workbook with a sheet each.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine

from gongkai.errors import ConfigError
from gongkai.export import tables
from gongkai.store.filters import ReportFilter

ExportFormat = Literal["csv", "xlsx", "parquet", "json"]
Shape = Literal["tidy", "wide"]
FORMATS: tuple[str, ...] = ("csv", "xlsx", "parquet", "json")

Columns = list[str]
Rows = Iterator[list[Any]]
Builder = Callable[[Connection], tuple[Columns, Rows]]


def export(
    engine: Engine, outdir: str | Path, fmt: str = "csv", shape: str = "wide", *, where: ReportFilter | None = None
) -> list[Path]:
    """Write the export files into ``outdir`` (created if needed); returns the paths written."""
    if fmt not in FORMATS:
        raise ConfigError(f"导出格式应为 {'、'.join(FORMATS)} 之一，而不是“{fmt}”")
    if shape not in ("tidy", "wide"):
        raise ConfigError(f"导出形状应为 tidy（长表）或 wide（宽表），而不是“{shape}”")
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out}: 已存在且不是文件夹")
    out.mkdir(parents=True, exist_ok=True)
    cells = tables.wide if shape == "wide" else tables.tidy
    parts: list[tuple[str, Builder]] = [
        (f"cells_{shape}", lambda conn: cells(conn, where)),
        ("findings", lambda conn: tables.findings(conn, where)),
        ("dictionary", lambda _conn: _dictionary()),
    ]
    with engine.connect() as conn:
        if fmt == "xlsx":
            path = out / f"gongkai_{shape}.xlsx"
            _write_xlsx(path, [(name, *build(conn)) for name, build in parts])
            return [path]
        written = []
        for name, build in parts:
            columns, rows = build(conn)
            path = out / f"{name}.{fmt}"
            {"csv": _write_csv, "json": _write_json, "parquet": _write_parquet}[fmt](path, columns, rows, name)
            written.append(path)
        return written


def _dictionary() -> tuple[Columns, Rows]:
    columns, rows = tables.dictionary()
    return columns, iter(rows)


def _write_csv(path: Path, columns: Columns, rows: Iterable[list[Any]], _name: str) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel opens UTF-8 Chinese correctly
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])


# text a spreadsheet would read as a formula (OWASP CSV injection: = + - @ and the TAB/CR that hide them)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# characters an XLSX file cannot hold (XML 1.0 forbids C0 controls other than TAB, LF, CR)
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"


def _csv_value(value: Any) -> Any:
    """Blank stays blank, numbers stay numbers; text a spreadsheet would run as a formula gets a leading
    ``'`` so it is shown as printed."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_json(path: Path, columns: Columns, rows: Iterable[list[Any]], _name: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[\n")
        for i, row in enumerate(rows):
            if i:
                fh.write(",\n")
            fh.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False))
        fh.write("\n]\n")


def _arrow_type(kind: str | None) -> Any:
    import pyarrow as pa

    if kind in ("integer", "signed integer"):
        return pa.int64()
    if kind in ("decimal", "number"):
        return pa.float64()
    return pa.string()


def _column_kinds(name: str) -> dict[str, str]:
    """Declared type of each column of an export part (the dictionary is all text)."""

    def kinds(spec: tuple[tuple[str, str, str], ...]) -> dict[str, str]:
        return {n: k for n, k, _ in spec}

    if name == "cells_wide":
        return kinds(tables.REPORT_COLUMNS) | {c.id: c.type for c in tables.cell_infos()}
    if name == "cells_tidy":
        return kinds(tables.TIDY_COLUMNS)
    if name == "findings":
        return kinds(tables.FINDING_COLUMNS)
    return {}


def _write_parquet(path: Path, columns: Columns, rows: Iterable[list[Any]], name: str) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ModuleNotFoundError as exc:  # pragma: no cover - pyarrow is a dependency
        raise ConfigError("导出 Parquet 需要 pyarrow：pip install pyarrow") from exc
    kinds = _column_kinds(name)
    schema = pa.schema([(c, _arrow_type(kinds.get(c))) for c in columns])
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[list[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                writer.write_table(_arrow_table(schema, batch))
                batch = []
        writer.write_table(_arrow_table(schema, batch))


def _arrow_table(schema: Any, batch: list[list[Any]]) -> Any:
    import pyarrow as pa

    arrays = []
    for i, field in enumerate(schema):
        values = [row[i] for row in batch]
        if pa.types.is_string(field.type):
            values = [None if v is None else str(v) for v in values]
        arrays.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _write_xlsx(path: Path, sheets: list[tuple[str, Columns, Rows]]) -> None:
    from openpyxl import Workbook

    titles = {
        "cells_wide": "数据（宽表）",
        "cells_tidy": "数据（长表）",
        "findings": "核查发现",
        "dictionary": "数据字典",
    }
    book = Workbook(write_only=True)
    for name, columns, rows in sheets:
        sheet = book.create_sheet(titles.get(name, name))
        if name == "dictionary":
            sheet.freeze_panes = "A2"
            sheet.append(columns)
        else:  # a row of Chinese labels above the row of column ids; both stay in view when scrolling
            sheet.freeze_panes = "B3"
            labels = tables.column_labels()
            sheet.append([labels.get(c, c) for c in columns])
            sheet.append(columns)
        for row in rows:
            sheet.append([_xlsx_value(sheet, v) for v in row])
    book.save(path)


def _xlsx_value(sheet: Any, value: Any) -> Any:
    """Text stays text (a printed string never becomes a formula); characters XLSX cannot hold (control
    characters a damaged or hostile document may carry) are replaced by U+FFFD — the library keeps them."""
    if not isinstance(value, str):
        return value
    if _XLSX_ILLEGAL.search(value):
        value = _XLSX_ILLEGAL.sub(REPLACEMENT, value)
    if value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
