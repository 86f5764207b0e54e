"""The rows the library lists — a stored report (its active version) and a stored finding — and how they are
made from query rows, once for every list (``Library.reports``, ``report_page``, ``agency``, ``findings``,
``finding_page``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from gongkai.store.queries import finding_counts, versions_per_report


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """One stored report (its active version) as listed by ``gongkai list``."""

    agency: str
    agency_key: str
    year: int
    versions: int
    version: int  # number of the active version
    version_id: int
    format: str
    form: str
    published: str | None
    file_name: str
    errors: int
    warnings: int
    infos: int
    region: str | None = None  # the agency's region and level (gongkai.regions; gongkai agency set)
    level: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class StoredFinding:
    id: int
    fingerprint: str
    agency: str
    year: int
    version: int
    scope: str
    rule: str
    severity: str
    origin: str
    message: str
    cells: list[str]
    expected: Any
    actual: Any
    evidence: list[dict[str, Any]]
    detail: dict[str, Any]
    review: str  # open | confirmed | dismissed
    review_comment: str | None
    reviewer: str | None

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


def summaries(conn: Connection, rows: Iterable[Any], *, every_report: bool = False) -> list[ReportSummary]:
    """``ReportSummary`` of each row of ``queries.active_versions()`` with its finding counts and number of
    versions (counted for these reports only, or for ``every_report`` at once when the rows are most of
    the library)."""
    rows = list(rows)
    counts = finding_counts(conn, [r.version_id for r in rows])
    nversions = versions_per_report(conn, None if every_report else [r.report_id for r in rows])
    return [
        ReportSummary(
            agency=r.agency,
            agency_key=r.agency_key,
            year=r.year,
            versions=nversions.get(r.report_id, 1),
            version=r.version,
            version_id=r.version_id,
            format=r.format,
            form=r.form,
            published=r.published,
            file_name=r.file_name,
            errors=counts.get(r.version_id, {}).get("error", 0),
            warnings=counts.get(r.version_id, {}).get("warning", 0),
            infos=counts.get(r.version_id, {}).get("info", 0),
            region=r.region,
            level=r.level,
        )
        for r in rows
    ]


def stored_finding(r: Any) -> StoredFinding:
    """A ``StoredFinding`` from a row of ``queries.findings_with_review()`` (as a mapping)."""
    return StoredFinding(
        id=r["id"],
        fingerprint=r["fingerprint"],
        agency=r["agency"],
        year=r["year"],
        version=r["version"],
        scope=r["scope"],
        rule=r["rule"],
        severity=r["severity"],
        origin=r["origin"],
        message=r["message"],
        cells=r["cells"],
        expected=r["expected"],
        actual=r["actual"],
        evidence=r["evidence"],
        detail=r["detail"],
        review=r["review"] or "open",
        review_comment=r["review_comment"],
        reviewer=r["reviewer"],
    )


__all__ = ["ReportSummary", "StoredFinding", "stored_finding", "summaries"]
