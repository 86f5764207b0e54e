"""gongkai — 政府信息公开工作年度报告 → verified, traceable data.

The public surface::

    import gongkai
    report = gongkai.read("report.txt")        # any supported form → Report
    report.cells["t2.r_new.total"]             # canonical cell id → number or None
    report.value("t2.r_new.total").source      # where it was printed
    result = gongkai.check(report)             # findings: rule, severity, cells, evidence, origin

    with gongkai.open("reports.db") as lib:    # the library: SQLite path or postgresql+psycopg:// URL
        lib.ingest(["2024年报/"])               # files, folders, zips — parallel, idempotent, resumable
        lib.findings(severity="error")
        lib.export("导出", fmt="xlsx", shape="wide")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.check import CheckResult, Evidence, Finding, Origin, Severity, check
from gongkai.document import Document, Source
from gongkai.errors import (
    ConfigError,
    CorruptInput,
    GongkaiError,
    NotAReport,
    ReadError,
    StoreError,
    TooLarge,
    UnsupportedFormat,
)
from gongkai.extract import extract
from gongkai.model import ReadingNote, Report, SectionText, Value
from gongkai.normalize import Kind
from gongkai.readers import read_bytes, read_path

if TYPE_CHECKING:
    from gongkai.store import Library

__version__ = "0.1.0"


def read(source: str | Path | bytes, name: str | None = None) -> Report:
    """Read one report from a path or from its bytes (``name`` then labels errors and sources)."""
    doc = read_bytes(source, name) if isinstance(source, bytes) else read_path(source)
    return extract(doc)


def read_document(source: str | Path | bytes, name: str | None = None) -> Document:
    """The neutral document model of a file, before extraction."""
    return read_bytes(source, name) if isinstance(source, bytes) else read_path(source)


def open(db: str | Path | None = None) -> Library:  # shadows the builtin only as gongkai.open, on purpose
    """Open the library of reports (created and migrated on first use).

    ``db``: an SQLite file path or a database URL (``postgresql+psycopg://user:pass@host/name``); when None,
    ``$GONGKAI_DB``, then ``db`` in ``./gongkai.toml``, then ``./gongkai.db``.
    """
    from gongkai.store import open_library

    return open_library(db)


open_library = open


def render(report: Report, form: str, *, force: bool = False) -> bytes:
    """The standard report of ``report`` as ``docx``, ``pdf``, ``html`` or ``md`` (``gongkai.generate``).

    The report is checked first: one with an error finding is refused (``generate.RenderRefused``, naming
    the findings) unless ``force=True``.
    """
    from gongkai.generate import render as render_report

    return render_report(report, form, force=force)


__all__ = [
    "CheckResult",
    "ConfigError",
    "CorruptInput",
    "Document",
    "Evidence",
    "Finding",
    "GongkaiError",
    "Kind",
    "NotAReport",
    "Origin",
    "ReadError",
    "ReadingNote",
    "Report",
    "SectionText",
    "Severity",
    "Source",
    "StoreError",
    "TooLarge",
    "UnsupportedFormat",
    "Value",
    "__version__",
    "check",
    "extract",
    "open",
    "open_library",
    "read",
    "read_document",
    "render",
]
