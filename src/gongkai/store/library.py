"""The library of reports: the one API the CLI, scripts and (later) the web app share.

::

    import gongkai
    with gongkai.open("reports.db") as lib:          # SQLite file, or a postgresql+psycopg:// URL
        lib.ingest(["2024年报/"])                   # files, folders, zips; parallel; idempotent
        lib.reports(year=2024)                       # what is stored
        stored = lib.get("平潭综合实验区", 2020)       # Report + findings + versions
        lib.findings(severity="error")
        lib.review(finding_id, "confirmed", comment="已与原文核对", reviewer="张三")
        lib.export("导出", fmt="csv", shape="wide")
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, and_, func, insert, or_, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from gongkai.check import agency_key, check
from gongkai.errors import ConfigError, StoreError
from gongkai.model import Report
from gongkai.store import schema as s
from gongkai.store import versions
from gongkai.store.agencies import AgencyMixin, log_agency
from gongkai.store.analyse import SEVERITIES, finding_row
from gongkai.store.browse import BrowseMixin
from gongkai.store.compare import CompareMixin
from gongkai.store.coverage import CoverageMixin
from gongkai.store.db import make_engine, resolve_url, upgrade
from gongkai.store.drafts import DraftsMixin
from gongkai.store.filters import ReportFilter
from gongkai.store.ingest import IngestResult, Progress, ingest, write_pair_findings
from gongkai.store.queries import active_versions, findings_with_review
from gongkai.store.rebuild import load_reports
from gongkai.store.rows import ReportSummary, StoredFinding, stored_finding, summaries
from gongkai.store.users import UsersMixin

ReviewState = Literal["confirmed", "dismissed", "open"]
REVIEW_STATES: tuple[str, ...] = ("confirmed", "dismissed", "open")
REF_LENGTH = 10  # characters of the fingerprint printed as a finding's reference
# the words an officer may type for a filter value, in Chinese or English → the stored value
SEVERITY_WORDS = {
    "error": "error",
    "错误": "error",
    "warning": "warning",
    "警告": "warning",
    "info": "info",
    "提示": "info",
}
ORIGIN_WORDS = {
    "document": "document",
    "原文问题": "document",
    "原文": "document",
    "reading": "reading",
    "读取存疑": "reading",
}
REVIEW_WORDS = {
    "open": "open",
    "待复核": "open",
    "confirmed": "confirmed",
    "已确认": "confirmed",
    "确认": "confirmed",
    "dismissed": "dismissed",
    "已排除": "dismissed",
    "已驳回": "dismissed",
    "排除": "dismissed",
    "驳回": "dismissed",
}
REVIEW_LABELS = {"confirmed": "已确认", "dismissed": "已排除", "open": "待复核"}


@dataclass(frozen=True, slots=True)
class VersionInfo:
    id: int
    number: int
    active: bool
    file_name: str
    sha256: str
    form: str
    format: str
    published: str | None
    agency_from: str
    year_from: str
    ingested_at: datetime
    pinned: bool = False  # made current by an administrator (gongkai version set-current)
    other_files: tuple[str, ...] = ()  # the same publication in other forms

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.__slots__}
        out["ingested_at"] = self.ingested_at.isoformat()
        out["other_files"] = list(self.other_files)
        return out


@dataclass(frozen=True, slots=True)
class StoredReport:
    """A stored report: the rebuilt ``Report`` of one version, its findings, and every version's record."""

    agency: str
    year: int
    version: VersionInfo
    versions: tuple[VersionInfo, ...]
    report: Report
    findings: tuple[StoredFinding, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "year": self.year,
            "version": self.version.to_dict(),
            "versions": [v.to_dict() for v in self.versions],
            "report": self.report.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    fingerprint: str
    state: str
    comment: str | None
    reviewer: str
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "state": self.state,
            "comment": self.comment,
            "reviewer": self.reviewer,
            "at": self.at.isoformat(),
        }


def _now() -> datetime:
    return datetime.now(UTC)


def default_reviewer() -> str:
    """Who reviews: ``GONGKAI_REVIEWER``, else ``reviewer = "…"`` in gongkai.toml, else the login name."""
    from gongkai.store.db import config_value

    who = os.environ.get("GONGKAI_REVIEWER") or config_value("reviewer")
    if not who:
        try:
            who = getpass.getuser()
        except (KeyError, OSError):  # no login name (a container without a passwd entry)
            who = ""
    if not who.strip():
        raise ConfigError(
            "无法确定复核人：请用 --reviewer 给出，或设置环境变量 GONGKAI_REVIEWER / gongkai.toml 的 reviewer"
        )
    return who.strip()


class Library(BrowseMixin, UsersMixin, AgencyMixin, CompareMixin, CoverageMixin, DraftsMixin):
    """A library of reports in one database.  Open with :func:`gongkai.open`.

    Paged lists for the web app come from ``BrowseMixin`` (store/browse.py), users and settings from
    ``UsersMixin`` (store/users.py), one agency over the years from ``AgencyMixin`` (store/agencies.py),
    comparisons from ``CompareMixin`` (store/compare.py), the list of expected agencies and the coverage
    of a year from ``CoverageMixin`` (store/coverage.py), drafts of the web form from ``DraftsMixin``."""

    def __init__(self, engine: Engine, writer: Engine | None = None) -> None:
        self.engine = engine  # reads
        self.writer = writer or engine  # writes (SQLite: transactions that take the write lock at once)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()
        self.writer.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest and checks -------------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        workers: int | None = None,
        progress: Callable[[Progress], None] | None = None,
    ) -> IngestResult:
        """Store every report found under ``paths`` (files, folders, zip archives); agencies new to the
        library get their region and level from their name (``gongkai.regions``)."""
        try:
            result = ingest(self.writer, list(paths), workers=workers, progress=progress)
            self.fill_regions()
        except SQLAlchemyError as exc:
            raise StoreError(f"写入数据库失败（{self.url}）：{exc}") from exc
        return result

    def fill_regions(self) -> int:
        """Region and level from the agency's name for agencies that have neither (a user's values are
        never overwritten).  Returns how many agencies were filled."""
        from gongkai.regions import region_of

        filled = 0
        with self.writer.begin() as conn:
            rows = conn.execute(
                select(s.agencies.c.id, s.agencies.c.name).where(
                    s.agencies.c.region.is_(None), s.agencies.c.level.is_(None)
                )
            ).all()
            for row in rows:
                found = region_of(row.name)
                if found.region or found.level:
                    conn.execute(
                        update(s.agencies)
                        .where(s.agencies.c.id == row.id)
                        .values(region=found.region, level=found.level)
                    )
                    filled += 1
        return filled

    def set_agency(
        self, agency: str, *, region: str | None = None, level: str | None = None, who: str | None = None
    ) -> dict[str, Any]:
        """Correct an agency's region or level by hand (an empty string clears it).  Logged (who: ``who``,
        else as for reviews)."""
        try:
            actor = who or default_reviewer()
        except ConfigError:
            actor = "命令行"
        with self.writer.begin() as conn:
            keys = self._agency_keys(conn, agency)
            if len(keys) != 1:
                names = conn.execute(select(s.agencies.c.name).where(s.agencies.c.key.in_(keys))).scalars().all()
                raise ConfigError(
                    f"“{agency}”对应多个机关：{'、'.join(names[:10])}；请给出完整名称"
                    if keys
                    else f"库中没有机关“{agency}”"
                )
            values = {k: (v.strip() or None) for k, v in (("region", region), ("level", level)) if v is not None}
            if any(
                v is not None and len(v) > limit
                for v, limit in ((values.get("region"), 100), (values.get("level"), 50))
            ):
                raise ConfigError("地区至多 100 个字符，层级至多 50 个字符")
            before = conn.execute(select(s.agencies).where(s.agencies.c.key == keys[0])).mappings().one()
            if values:
                conn.execute(update(s.agencies).where(s.agencies.c.key == keys[0]).values(**values))
            row = conn.execute(select(s.agencies).where(s.agencies.c.key == keys[0])).mappings().one()
            changes = [
                f"{label} {before[k] or '（空）'} → {row[k] or '（空）'}"
                for k, label in (("region", "地区"), ("level", "层级"))
                if before[k] != row[k]
            ]
            if changes:
                log_agency(conn, "set_region", str(row["name"]), "；".join(changes), actor)
        return {"agency": row["name"], "region": row["region"], "level": row["level"]}

    def recheck(
        self, agency: str | None = None, year: int | None = None, progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Run every rule again on the stored active versions (after an upgrade of gongkai, say).

        Report findings are replaced; pair findings are recomputed against the previous year.  Review
        states are kept, since they hang on the findings' fingerprints.  Returns the number of reports.
        """
        with self.writer.begin() as conn:
            rows = self._select_active(conn, agency, year)
            ids = [r.version_id for r in rows]
            done = 0
            for chunk in _chunks(ids, 200):
                loaded = load_reports(conn, chunk)
                for row in (r for r in rows if r.version_id in loaded):
                    report = loaded[row.version_id]
                    conn.execute(
                        s.findings.delete().where(
                            s.findings.c.version_id == row.version_id, s.findings.c.scope == "report"
                        )
                    )
                    found = [
                        {"version_id": row.version_id, **finding_row(f, row.agency_key, row.year, "report")}
                        for f in check(report).findings
                    ]
                    if found:
                        conn.execute(insert(s.findings), found)
                done += len(chunk)
                if progress is not None:
                    progress(done, len(ids))
            self._recheck_pairs(conn, rows)
        return len(rows)

    def _recheck_pairs(self, conn: Connection, rows: Sequence[Any]) -> None:
        from gongkai.store.ingest import pairs_around

        pairs = pairs_around(conn, [r.version_id for r in rows])
        loaded = load_reports(conn, {v for pair in pairs for v in pair})
        for later, earlier in pairs:
            write_pair_findings(conn, later, earlier, loaded[later], loaded[earlier])

    # -- queries -----------------------------------------------------------------------------------

    def _select_active(self, conn: Connection, agency: str | None, year: int | None) -> list[Any]:
        q = active_versions()
        if agency:
            q = q.where(s.agencies.c.key.in_(self._agency_keys(conn, agency)))
        if year is not None:
            q = q.where(s.reports.c.year == year)
        return list(conn.execute(q))

    def _agency_keys(self, conn: Connection, agency: str) -> list[str]:
        """Keys of the agencies a user means by ``agency``: exact name, else every name containing it."""
        key = agency_key(agency)
        exact = conn.execute(select(s.agencies.c.key).where(s.agencies.c.key == key)).scalars().all()
        if exact:
            return list(exact)
        return list(conn.execute(select(s.agencies.c.key).where(s.agencies.c.key.contains(key))).scalars())

    def reports(self, agency: str | None = None, year: int | None = None) -> list[ReportSummary]:
        """The stored reports (active versions), optionally of one agency (name or part of it) or year."""
        with self.engine.connect() as conn:
            return summaries(conn, self._select_active(conn, agency, year), every_report=True)

    def _report(self, conn: Connection, agency: str, year: int) -> tuple[str, int]:
        """(agency name, report id) of one agency's report of one year; a clear error when there is none."""
        keys = self._agency_keys(conn, agency)
        if not keys:
            raise ConfigError(f"库中没有机关“{agency}”的报告（gongkai list 可查看已入库的机关）")
        if len(keys) > 1:
            names = conn.execute(select(s.agencies.c.name).where(s.agencies.c.key.in_(keys))).scalars().all()
            raise ConfigError(f"“{agency}”对应多个机关：{'、'.join(names[:10])}；请给出完整名称")
        head = conn.execute(
            select(s.agencies.c.name, s.reports.c.id)
            .join(s.reports, s.reports.c.agency_id == s.agencies.c.id)
            .where(s.agencies.c.key == keys[0], s.reports.c.year == year)
        ).first()
        if head is None:
            years = (
                conn.execute(
                    select(s.reports.c.year)
                    .join(s.agencies, s.agencies.c.id == s.reports.c.agency_id)
                    .where(s.agencies.c.key == keys[0])
                    .order_by(s.reports.c.year)
                )
                .scalars()
                .all()
            )
            raise ConfigError(f"库中没有“{agency}”{year}年度的报告（已有年度：{'、'.join(map(str, years))}）")
        return str(head.name), int(head.id)

    def _versions(self, conn: Connection, report_id: int) -> tuple[VersionInfo, ...]:
        rows = list(
            conn.execute(select(s.versions).where(s.versions.c.report_id == report_id).order_by(s.versions.c.number))
        )
        extra = versions.files_of(conn, [v.id for v in rows])
        return tuple(
            VersionInfo(
                id=v.id,
                number=v.number,
                active=v.active,
                file_name=v.file_name,
                sha256=v.sha256,
                form=v.form,
                format=v.format,
                published=v.published,
                agency_from=v.agency_from,
                year_from=v.year_from,
                ingested_at=v.ingested_at,
                pinned=v.pinned,
                other_files=tuple(f["file_name"] for f in extra[v.id]),
            )
            for v in rows
        )

    def get(self, agency: str, year: int, version: int | None = None) -> StoredReport:
        """One stored report; the current version unless ``version`` (its number) is given."""
        with self.engine.connect() as conn:
            name, report_id = self._report(conn, agency, year)
            infos = self._versions(conn, report_id)
            chosen = next((v for v in infos if (v.number == version if version is not None else v.active)), None)
            if chosen is None:
                raise ConfigError(f"“{agency}”{year}年度没有第 {version} 版（共 {len(infos)} 版）")
            report = load_reports(conn, [chosen.id])[chosen.id]
            found = tuple(self._findings(conn, s.findings.c.version_id == chosen.id))
        return StoredReport(name, year, chosen, infos, report, found)

    def set_current(
        self, agency: str, year: int, number: int | None, *, who: str | None = None, comment: str | None = None
    ) -> VersionInfo:
        """Make version ``number`` the current one (pinned: later ingests do not change it), or, with
        ``number=None``, go back to the rule (latest publication, then best reading).  Logged."""
        actor = who or default_reviewer()
        with self.writer.begin() as conn:
            _name, report_id = self._report(conn, agency, year)
            infos = self._versions(conn, report_id)
            if number is not None and number not in {v.number for v in infos}:
                raise ConfigError(f"“{agency}”{year}年度没有第 {number} 版（共 {len(infos)} 版）")
            conn.execute(update(s.versions).where(s.versions.c.report_id == report_id).values(pinned=False))
            if number is not None:
                conn.execute(
                    update(s.versions)
                    .where(s.versions.c.report_id == report_id, s.versions.c.number == number)
                    .values(pinned=True)
                )
            current = versions.choose_current(conn, report_id)
            chosen = next(v for v in self._versions(conn, report_id) if v.id == current)
            versions.log(
                conn, report_id, chosen.number, "set_current" if number is not None else "unpin", actor, comment
            )
        return chosen

    def delete_version(self, agency: str, year: int, number: int, *, who: str | None = None, comment: str) -> None:
        """Delete one version (its cells, sections, findings and file records; original bytes no other
        version uses); the current version is chosen again.  A reason is required; the deletion is logged."""
        if not (comment or "").strip():
            raise ConfigError("删除版本须说明理由（--comment/-m）")
        actor = who or default_reviewer()
        with self.writer.begin() as conn:
            _name, report_id = self._report(conn, agency, year)
            target = next((v for v in self._versions(conn, report_id) if v.number == number), None)
            if target is None:
                raise ConfigError(f"“{agency}”{year}年度没有第 {number} 版")
            others = select(s.version_files.c.sha256).where(s.version_files.c.version_id == target.id)
            hashes = [target.sha256, *conn.execute(others).scalars()]
            for table in (s.cells, s.sections, s.findings, s.version_files):
                conn.execute(table.delete().where(table.c.version_id == target.id))
            conn.execute(update(s.versions).where(s.versions.c.compared_with == target.id).values(compared_with=None))
            conn.execute(s.findings.delete().where(s.findings.c.previous_version_id == target.id))
            conn.execute(s.versions.delete().where(s.versions.c.id == target.id))
            conn.execute(s.files.delete().where(s.files.c.sha256.in_(hashes)))
            versions.choose_current(conn, report_id)
            versions.log(conn, report_id, number, "delete", actor, comment)

    def version_log(self, agency: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
        """What administrators did to versions, oldest first."""
        q = (
            select(s.version_log, s.agencies.c.name.label("agency"), s.reports.c.year)
            .join(s.reports, s.reports.c.id == s.version_log.c.report_id)
            .join(s.agencies, s.agencies.c.id == s.reports.c.agency_id)
            .order_by(s.version_log.c.id)
        )
        with self.engine.connect() as conn:
            if agency is not None:
                q = q.where(s.agencies.c.key.in_(self._agency_keys(conn, agency)))
            if year is not None:
                q = q.where(s.reports.c.year == year)
            return [dict(r) for r in conn.execute(q).mappings()]

    def original(self, sha256: str) -> bytes:
        """The original bytes of a stored file (content-addressed)."""
        with self.engine.connect() as conn:
            data = conn.execute(select(s.files.c.content).where(s.files.c.sha256 == sha256)).scalar()
        if data is None:
            raise ConfigError(f"库中没有哈希为 {sha256} 的原始文件")
        return bytes(data)

    def findings(
        self,
        *,
        severity: str | None = None,
        rule: str | None = None,
        review: str | None = None,
        origin: str | None = None,
        agency: str | None = None,
        year: int | None = None,
    ) -> list[StoredFinding]:
        """Findings of the active versions, filtered; ``severity`` is a minimum (``warning`` includes errors)."""
        conds: list[Any] = [s.versions.c.active]
        severity = _choice("级别", severity, SEVERITY_WORDS)
        origin = _choice("来源", origin, ORIGIN_WORDS)
        review = _choice("复核状态", review, REVIEW_WORDS)
        if severity is not None:
            conds.append(s.findings.c.severity.in_(SEVERITIES[: SEVERITIES.index(severity) + 1]))
        if rule:
            from gongkai.check import rules

            known = {r.id for r in rules()}
            if rule not in known:
                raise ConfigError(f"没有规则“{rule}”（gongkai rules 列出全部规则编号）")
            conds.append(s.findings.c.rule == rule)
        if origin:
            conds.append(s.findings.c.origin == origin)
        if review:
            conds.append(
                s.reviews.c.state == review
                if review != "open"
                else or_(s.reviews.c.state.is_(None), s.reviews.c.state == "open")
            )
        if year is not None:
            conds.append(s.reports.c.year == year)
        with self.engine.connect() as conn:
            if agency:
                conds.append(s.agencies.c.key.in_(self._agency_keys(conn, agency)))
            return list(self._findings(conn, and_(*conds)))

    def _findings(self, conn: Connection, where: Any) -> Iterable[StoredFinding]:
        q = findings_with_review().where(where)
        rank = {sev: i for i, sev in enumerate(SEVERITIES)}
        rows = sorted(conn.execute(q).mappings(), key=lambda r: (r["agency"], r["year"], rank[r["severity"]]))
        yield from (stored_finding(r) for r in rows)

    # -- review ------------------------------------------------------------------------------------

    def review(
        self, finding: int | str, state: str, comment: str | None = None, reviewer: str | None = None
    ) -> ReviewEntry:
        """Mark a finding (its reference: a prefix of its fingerprint) confirmed, dismissed or open again.

        The decision is kept by fingerprint, so it survives re-checks and re-ingests for as long as the
        finding is the same; every change is logged with who and when.
        """
        state = _choice("复核状态", state, REVIEW_WORDS) or ""
        if state == "dismissed" and not (comment or "").strip():
            raise ConfigError("排除一条核查发现须说明理由（--comment/-m），以便日后复查")
        who = reviewer or default_reviewer()
        at = _now()
        with self.writer.begin() as conn:
            fp = self._resolve_finding(conn, finding)
            existing = conn.execute(select(s.reviews.c.fingerprint).where(s.reviews.c.fingerprint == fp)).first()
            values = {"state": state, "comment": comment, "reviewer": who, "updated_at": at}
            if existing:
                conn.execute(update(s.reviews).where(s.reviews.c.fingerprint == fp).values(**values))
            else:
                conn.execute(insert(s.reviews).values(fingerprint=fp, **values))
            conn.execute(insert(s.review_log).values(fingerprint=fp, state=state, comment=comment, reviewer=who, at=at))
        return ReviewEntry(fp, state, comment, who, at)

    def _resolve_finding(self, conn: Connection, finding: int | str) -> str:
        """A finding's fingerprint from its reference: a fingerprint prefix (what ``findings`` prints, stable
        across re-checks and re-ingests), or the row number older output printed."""
        text = str(finding).strip().lower()
        if len(text) >= 6 and all(c in "0123456789abcdef" for c in text):
            fps = (
                conn.execute(
                    select(s.findings.c.fingerprint).where(s.findings.c.fingerprint.startswith(text)).distinct()
                )
                .scalars()
                .all()
            )
            if len(fps) > 1:
                raise ConfigError(f"引用号 {text} 对应多个核查发现，请给出更长的前缀")
            if fps:
                return str(fps[0])
        if text.isdigit() and len(text) < 12:
            fp = conn.execute(select(s.findings.c.fingerprint).where(s.findings.c.id == int(text))).scalar()
            if fp is not None:
                return str(fp)
        if len(text) < 6:
            raise ConfigError(f"没有引用号为 {text} 的核查发现：引用号至少 6 位（gongkai findings 每条前面的号码）")
        raise ConfigError(f"没有引用号为 {text} 的核查发现（gongkai findings 可查看引用号）")

    def review_log(self, finding: int | str | None = None) -> list[ReviewEntry]:
        """Every review decision, oldest first (of one finding when given)."""
        with self.engine.connect() as conn:
            q = select(s.review_log).order_by(s.review_log.c.id)
            if finding is not None:
                q = q.where(s.review_log.c.fingerprint == self._resolve_finding(conn, finding))
            return [ReviewEntry(r.fingerprint, r.state, r.comment, r.reviewer, r.at) for r in conn.execute(q)]

    def failures(self, run: int | None = None) -> list[dict[str, Any]]:
        """Files that could not be stored (of the last ingest run unless ``run`` is given)."""
        with self.engine.connect() as conn:
            run_id = run or conn.execute(select(func.max(s.ingest_runs.c.id))).scalar()
            rows = conn.execute(
                select(s.ingest_failures).where(s.ingest_failures.c.run_id == run_id).order_by(s.ingest_failures.c.id)
            ).mappings()
            return [dict(r) for r in rows]

    def export(
        self, outdir: str | Path, fmt: str = "csv", shape: str = "wide", where: ReportFilter | None = None
    ) -> list[Path]:
        """Write cells (``wide``: one row per report; ``tidy``: one row per report × cell), findings and
        the data dictionary as ``fmt`` (csv, xlsx, parquet, json) into ``outdir``; only the reports that
        meet ``where`` (agency, year, region, level: ``store/filters.py``) when given.  Blank stays blank."""
        from gongkai.export import export

        try:
            return export(self.engine, outdir, fmt, shape, where=where)
        except OSError as exc:
            raise ConfigError(f"{outdir}: 无法写入导出文件（{exc}）") from exc

    def counts(self) -> dict[str, int]:
        """How much is stored: agencies, reports, versions, files, cells, findings."""
        tables = {
            "agencies": s.agencies,
            "reports": s.reports,
            "versions": s.versions,
            "files": s.files,
            "cells": s.cells,
            "findings": s.findings,
        }
        with self.engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(t)).scalar_one() for name, t in tables.items()}


def _choice(what: str, value: str | None, words: dict[str, str]) -> str | None:
    """A filter value typed in Chinese or English, as stored; a clear error for anything else."""
    if value is None or value == "":
        return None
    got = words.get(value.strip().lower())
    if got is None:
        shown = "、".join(dict.fromkeys(words))
        raise ConfigError(f"{what}应为 {shown} 之一，而不是“{value}”")
    return got


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def open_library(db: str | Path | None = None, *, create: bool = True) -> Library:
    """Open (and create or migrate) the library at ``db``: a path (SQLite) or a database URL.

    With ``create=False`` a missing SQLite file is not created: commands that only read (``list``,
    ``findings`` …) say there is no library instead of leaving an empty database behind.
    """
    url = resolve_url(db)
    sqlite_file = make_url(url).database if url.startswith("sqlite") else None
    if not create and sqlite_file and sqlite_file != ":memory:" and not Path(sqlite_file).exists():
        raise ConfigError(f"数据库 {sqlite_file} 不存在：请先用 gongkai ingest 入库，或用 --db 指定已有的库")
    engine = make_engine(url)
    writer = make_engine(url, writer=True) if engine.dialect.name == "sqlite" else engine
    upgrade(writer)
    return Library(engine, writer)
