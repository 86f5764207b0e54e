"""The library of reports: SQLite by default, PostgreSQL by URL; versions, findings, reviews, exports.

``gongkai.open(db)`` returns a :class:`Library`; see ``library.py`` for the operations.
"""

from __future__ import annotations

from gongkai.store.ingest import IngestResult, Progress
from gongkai.store.library import Library, ReviewEntry, StoredReport, VersionInfo, open_library
from gongkai.store.rows import ReportSummary, StoredFinding

__all__ = [
    "IngestResult",
    "Library",
    "Progress",
    "ReportSummary",
    "ReviewEntry",
    "StoredFinding",
    "StoredReport",
    "VersionInfo",
    "open_library",
]
