"""Paged views of the library for the web app and the API (a mixin of ``Library``).

Every list is paged in the database (``LIMIT``/``OFFSET`` on an indexed order), never by loading every row
into Python, so a page stays fast on a library of 100,000 reports::

    page = lib.report_page(agency="教育", year=2024, region="山东省/淄博市", sort="errors", descending=True, limit=50)
    page.items, page.total                              # ReportSummary rows of this page, rows in all
    found = lib.finding_page(origin="document", review="open", limit=50)
    found.counts[("error", "document")]                 # findings per severity × origin, same filter
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Engine, and_, case, func, or_, select
from sqlalchemy.sql import ColumnElement

from gongkai.errors import ConfigError
from gongkai.store import schema as s
from gongkai.store.analyse import SEVERITIES
from gongkai.store.filters import NO_REGION, ReportFilter, agency_condition
from gongkai.store.queries import active_versions, findings_with_review
from gongkai.store.rows import StoredFinding, stored_finding, summaries

T = TypeVar("T")

REPORT_SORTS = ("agency", "year", "errors", "warnings", "published")
MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # findings: (severity, origin) → n

    @property
    def number(self) -> int:
        """1-based number of this page."""
        return self.offset // self.limit + 1 if self.limit else 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit)) if self.limit else 1


@dataclass(frozen=True, slots=True)
class FindingEntry:
    """A finding as listed: the stored finding, its agency key (for links) and when it was last reviewed."""

    finding: StoredFinding
    agency_key: str
    reviewed_at: datetime | None


def _bounds(limit: int, offset: int) -> tuple[int, int]:
    if limit < 1 or limit > MAX_PAGE:
        raise ConfigError(f"每页条数应在 1 到 {MAX_PAGE} 之间")
    if offset < 0:
        raise ConfigError("页码无效")
    return limit, offset


def _window(total: int, limit: int, offset: int) -> tuple[bool, int, int]:
    """(read backwards?, LIMIT, OFFSET) of a page: a page in the second half is read from the end in the
    reverse order, so no page skips more than half the rows (the last page is as quick as the first)."""
    end = min(total, offset + limit)
    if offset >= total or total - end >= offset:
        return False, limit, offset
    return True, end - offset, total - end


def _ordered(columns: list[tuple[Any, bool]], backwards: bool) -> list[Any]:
    """ORDER BY terms from (column, descending) pairs, every direction flipped when reading backwards."""
    return [c.desc() if desc != backwards else c.asc() for c, desc in columns]


def _agency_filter(agency: str | None) -> ColumnElement[bool] | None:
    """Agencies whose normalised name contains what was typed (spacing and punctuation ignored)."""
    return agency_condition(agency)


class BrowseMixin:
    """Paged report and finding lists, years, review history; mixed into ``Library``."""

    engine: Engine

    def years(self) -> list[int]:
        """The years with at least one stored report, newest first."""
        with self.engine.connect() as conn:
            years = conn.execute(select(s.reports.c.year).distinct().order_by(s.reports.c.year.desc())).scalars()
            return [int(y) for y in years]

    def regions(self) -> dict[str, int]:
        """Region → number of agencies in it, for every region path and every region enclosing one
        (``山东省`` counts the agencies of ``山东省/淄博市/张店区`` too); ``NO_REGION`` counts those without."""
        out: dict[str, int] = {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.agencies.c.region, func.count()).group_by(s.agencies.c.region)).all()
        for region, n in rows:
            if region is None:
                out[NO_REGION] = out.get(NO_REGION, 0) + int(n)
                continue
            parts = str(region).split("/")
            for depth in range(1, len(parts) + 1):
                path = "/".join(parts[:depth])
                out[path] = out.get(path, 0) + int(n)
        return out

    def levels(self) -> dict[str, int]:
        """Level → number of agencies; ``NO_REGION`` counts those without a level."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.agencies.c.level, func.count()).group_by(s.agencies.c.level)).all()
        return {
            NO_REGION if level is None else str(level): int(n) for level, n in sorted(rows, key=lambda r: str(r[0]))
        }

    def report_page(
        self,
        *,
        agency: str | None = None,
        year: int | None = None,
        region: str | None = None,
        level: str | None = None,
        sort: str = "agency",
        descending: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> Page[Any]:
        """One page of the stored reports (active versions) with their finding counts; ``region`` takes the
        regions within it too (see ``store/filters.py``)."""

        limit, offset = _bounds(limit, offset)
        if sort not in REPORT_SORTS:
            raise ConfigError(f"排序应为 {'、'.join(REPORT_SORTS)} 之一，而不是“{sort}”")
        conds = ReportFilter(agency, year, region, level).conditions()
        base = active_versions().order_by(None).where(*conds)
        total_q = (
            select(func.count())
            .select_from(s.agencies)
            .join(s.reports, s.reports.c.agency_id == s.agencies.c.id)
            .join(s.versions, and_(s.versions.c.report_id == s.reports.c.id, s.versions.c.active))
            .where(*conds)
        )
        with self.engine.connect() as conn:
            total = int(conn.execute(total_q).scalar_one())
            backwards, lim, off = _window(total, limit, offset)
            if sort in ("errors", "warnings"):
                rows = self._by_count(conn, base, sort, descending, backwards, lim, off)
            else:
                first: list[tuple[Any, bool]] = {
                    "agency": [(s.agencies.c.key, descending), (s.reports.c.year, descending)],
                    "year": [(s.reports.c.year, descending), (s.agencies.c.key, descending)],
                    "published": [
                        (s.versions.c.published, descending),
                        (s.agencies.c.key, descending),
                        (s.reports.c.year, descending),
                    ],
                }[sort]
                rows = list(conn.execute(base.order_by(*_ordered(first, backwards)).limit(lim).offset(off)))
            if backwards:
                rows.reverse()
            items = summaries(conn, rows)
        return Page(items, total, offset, limit)

    @staticmethod
    def _by_count(
        conn: Connection, base: Any, sort: str, descending: bool, backwards: bool, limit: int, offset: int
    ) -> list[Any]:
        """A page ordered by the number of errors (or warnings) of each report's active version."""
        severity = "error" if sort == "errors" else "warning"
        n = (
            select(s.findings.c.version_id, func.count().label("n"))
            .join(s.versions, and_(s.versions.c.id == s.findings.c.version_id, s.versions.c.active))
            .where(s.findings.c.severity == severity)
            .group_by(s.findings.c.version_id)
            .subquery()
        )
        count = func.coalesce(n.c.n, 0)
        order = _ordered([(count, descending), (s.agencies.c.key, False), (s.reports.c.year, False)], backwards)
        q = base.outerjoin(n, n.c.version_id == s.versions.c.id).order_by(*order)
        return list(conn.execute(q.limit(limit).offset(offset)))

    def finding_page(
        self,
        *,
        severity: str | None = None,
        origin: str | None = None,
        rule: str | None = None,
        review: str | None = None,
        agency: str | None = None,
        year: int | None = None,
        ref: str | None = None,
        version_id: int | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page[FindingEntry]:
        """One page of the findings of the active versions (or of one version), errors first.

        ``severity`` and ``origin`` select exactly (not a minimum); ``counts`` gives the findings per
        severity × origin under the other filters, so a page can show how many each tab holds.
        """
        limit, offset = _bounds(limit, offset)
        filters = (severity, origin, rule, review, agency, year, ref, version_id)
        conds, narrow, reviewed = self._finding_filters(*filters)
        with self.engine.connect() as conn:
            counted = self._finding_join(
                select(s.findings.c.severity, s.findings.c.origin, func.count()).where(*conds), reviewed
            ).group_by(s.findings.c.severity, s.findings.c.origin)
            counts = {(sev, org): int(n) for sev, org, n in conn.execute(counted)}
            sev = _choice_of(severity, "severity")
            org = _choice_of(origin, "origin")
            total = sum(n for (s_, o_), n in counts.items() if sev in (None, s_) and org in (None, o_))
            backwards, lim, off = _window(total, limit, offset)
            q = self._ordered_ids(conds + narrow, reviewed, backwards)
            ids = list(conn.execute(q.limit(lim).offset(off)).scalars())
            items = self._entries(conn, ids[::-1] if backwards else ids)
        return Page(items, total, offset, limit, counts)

    def finding_rows(self, **filters: Any) -> Iterator[FindingEntry]:
        """Every finding under the filters of :meth:`finding_page`, in its order (for downloads): one sorted
        query for the ids, then the findings in chunks."""
        keys = ("severity", "origin", "rule", "review", "agency", "year", "ref", "version_id")
        conds, narrow, reviewed = self._finding_filters(*(filters.get(k) for k in keys))
        with self.engine.connect() as conn:
            ids = list(conn.execute(self._ordered_ids(conds + narrow, reviewed)).scalars())
            for i in range(0, len(ids), MAX_PAGE):
                yield from self._entries(conn, ids[i : i + MAX_PAGE])

    def _ordered_ids(self, conds: list[Any], reviewed: bool, backwards: bool = False) -> Any:
        """Finding ids in the order lists show them: errors first, then by agency, newest year first."""
        rank = case({sev: i for i, sev in enumerate(SEVERITIES)}, value=s.findings.c.severity)
        q = self._finding_join(select(s.findings.c.id).where(*conds), reviewed)
        order = [(rank, False), (s.agencies.c.key, False), (s.reports.c.year, True), (s.findings.c.id, False)]
        return q.order_by(*_ordered(order, backwards))

    @staticmethod
    def _entries(conn: Connection, ids: list[int]) -> list[FindingEntry]:
        """The findings with these ids (with agency, review state and when reviewed), in this order."""
        if not ids:
            return []
        q = findings_with_review().order_by(None).add_columns(s.agencies.c.key.label("agency_key"))
        q = q.add_columns(s.reviews.c.updated_at.label("reviewed_at")).where(s.findings.c.id.in_(ids))
        by_id = {r["id"]: r for r in conn.execute(q).mappings()}
        return [_entry(by_id[i]) for i in ids if i in by_id]

    @staticmethod
    def _finding_join(q: Any, reviewed: bool) -> Any:
        """``q`` over findings with version, report and agency (and review state when a filter needs it)."""
        q = (
            q.select_from(s.findings)
            .join(s.versions, s.versions.c.id == s.findings.c.version_id)
            .join(s.reports, s.reports.c.id == s.versions.c.report_id)
            .join(s.agencies, s.agencies.c.id == s.reports.c.agency_id)
        )
        return q.outerjoin(s.reviews, s.reviews.c.fingerprint == s.findings.c.fingerprint) if reviewed else q

    @staticmethod
    def _finding_filters(
        severity: str | None,
        origin: str | None,
        rule: str | None,
        review: str | None,
        agency: str | None,
        year: int | None,
        ref: str | None,
        version_id: int | None,
    ) -> tuple[list[Any], list[Any], bool]:
        """(filters, the severity/origin filters apart — the counts are taken without them —, whether a filter
        needs the review state)."""
        from gongkai.store.library import ORIGIN_WORDS, REVIEW_WORDS, SEVERITY_WORDS, _choice

        conds: list[Any] = [s.versions.c.id == version_id] if version_id is not None else [s.versions.c.active]
        narrow: list[Any] = []
        sev = _choice("级别", severity, SEVERITY_WORDS)
        org = _choice("来源", origin, ORIGIN_WORDS)
        state = _choice("复核状态", review, REVIEW_WORDS)
        if sev:
            narrow.append(s.findings.c.severity == sev)
        if org:
            narrow.append(s.findings.c.origin == org)
        if rule:
            conds.append(s.findings.c.rule == rule)
        if state:
            conds.append(
                s.reviews.c.state == state
                if state != "open"
                else or_(s.reviews.c.state.is_(None), s.reviews.c.state == "open")
            )
        named = _agency_filter(agency)
        if named is not None:
            conds.append(named)
        if year is not None:
            conds.append(s.reports.c.year == year)
        if ref:
            text = ref.strip().lower()
            if not text or any(c not in "0123456789abcdef" for c in text):
                raise ConfigError(f"引用号只含数字和 a–f：“{ref}”")
            conds.append(s.findings.c.fingerprint.startswith(text))
        return conds, narrow, state is not None

    def review_page(self, limit: int = 100, offset: int = 0) -> Page[Any]:
        """Review decisions, newest first, with the agency and year of the finding they were made on."""
        from gongkai.store.library import ReviewEntry

        limit, offset = _bounds(limit, offset)
        with self.engine.connect() as conn:
            total = int(conn.execute(select(func.count()).select_from(s.review_log)).scalar_one())
            rows = list(
                conn.execute(select(s.review_log).order_by(s.review_log.c.id.desc()).limit(limit).offset(offset))
            )
            where = _finding_heads(conn, {r.fingerprint for r in rows})
        items = [
            (ReviewEntry(r.fingerprint, r.state, r.comment, r.reviewer, r.at), *where.get(r.fingerprint, ("", "", 0)))
            for r in rows
        ]
        return Page(items, total, offset, limit)


def _choice_of(value: str | None, what: str) -> str | None:
    from gongkai.store.library import ORIGIN_WORDS, SEVERITY_WORDS, _choice

    words = SEVERITY_WORDS if what == "severity" else ORIGIN_WORDS
    return _choice(what, value, words)


def _finding_heads(conn: Connection, fingerprints: set[str]) -> dict[str, tuple[str, str, int]]:
    """Fingerprint → (rule, agency, year) of a finding that carries it (any version)."""
    if not fingerprints:
        return {}
    q = (
        select(s.findings.c.fingerprint, s.findings.c.rule, s.agencies.c.name, s.reports.c.year)
        .join(s.versions, s.versions.c.id == s.findings.c.version_id)
        .join(s.reports, s.reports.c.id == s.versions.c.report_id)
        .join(s.agencies, s.agencies.c.id == s.reports.c.agency_id)
        .where(s.findings.c.fingerprint.in_(sorted(fingerprints)))
    )
    return {fp: (rule, name, int(year)) for fp, rule, name, year in conn.execute(q)}


def _entry(r: Any) -> FindingEntry:
    return FindingEntry(stored_finding(r), r["agency_key"], r["reviewed_at"])


__all__ = ["REPORT_SORTS", "BrowseMixin", "FindingEntry", "Page"]
