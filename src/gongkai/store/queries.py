"""Queries the library and the exports share: active versions with their report and agency, findings with
their review state, finding counts.  One definition each, so listing and exporting can never disagree."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Select, and_, func, select

from gongkai.store import schema as s


def active_versions() -> Select[Any]:
    """One row per report: its active version with agency and year (ordered by agency key, year)."""
    return (
        select(
            s.agencies.c.name.label("agency"),
            s.agencies.c.key.label("agency_key"),
            s.agencies.c.region,
            s.agencies.c.level,
            s.reports.c.year,
            s.reports.c.id.label("report_id"),
            s.versions.c.id.label("version_id"),
            s.versions.c.number.label("version"),
            s.versions.c.format,
            s.versions.c.form,
            s.versions.c.published,
            s.versions.c.file_name,
            s.versions.c.sha256,
            s.versions.c.agency_from,
            s.versions.c.year_from,
        )
        .join(s.reports, s.reports.c.agency_id == s.agencies.c.id)
        .join(s.versions, and_(s.versions.c.report_id == s.reports.c.id, s.versions.c.active))
        .order_by(s.agencies.c.key, s.reports.c.year)
    )


def findings_with_review() -> Select[Any]:
    """Findings with agency, year, version number and the review state of their fingerprint."""
    return (
        select(
            s.findings,
            s.agencies.c.name.label("agency"),
            s.reports.c.year,
            s.versions.c.number.label("version"),
            s.reviews.c.state.label("review"),
            s.reviews.c.reviewer,
            s.reviews.c.comment.label("review_comment"),
        )
        .join(s.versions, s.versions.c.id == s.findings.c.version_id)
        .join(s.reports, s.reports.c.id == s.versions.c.report_id)
        .join(s.agencies, s.agencies.c.id == s.reports.c.agency_id)
        .outerjoin(s.reviews, s.reviews.c.fingerprint == s.findings.c.fingerprint)
        .order_by(s.agencies.c.key, s.reports.c.year, s.findings.c.id)
    )


def versions_per_report(conn: Connection, report_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Report id → number of versions, of ``report_ids`` (every report when None)."""
    q = select(s.versions.c.report_id, func.count()).group_by(s.versions.c.report_id)
    if report_ids is None:
        return {int(r): int(n) for r, n in conn.execute(q)}
    ids = list(report_ids)
    out: dict[int, int] = {}
    for i in range(0, len(ids), 500):
        out.update((int(r), int(n)) for r, n in conn.execute(q.where(s.versions.c.report_id.in_(ids[i : i + 500]))))
    return out


def finding_counts(conn: Connection, version_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Version id → severity → number of findings."""
    ids = list(version_ids)
    out: dict[int, dict[str, int]] = {}
    for i in range(0, len(ids), 500):
        for vid, severity, n in conn.execute(
            select(s.findings.c.version_id, s.findings.c.severity, func.count())
            .where(s.findings.c.version_id.in_(ids[i : i + 500]))
            .group_by(s.findings.c.version_id, s.findings.c.severity)
        ):
            out.setdefault(vid, {})[severity] = n
    return out
