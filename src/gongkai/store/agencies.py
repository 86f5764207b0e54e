"""机关页: one agency across the years — its reports, their cells year over year, the carry-over findings —
and the log of what was done to agencies (region and level corrected) and to the list of expected agencies.

::

    view = lib.agency("平潭综合实验区")          # or its key
    [(r.year, r.errors) for r in view.reports]   # oldest year first
    view.cells[2020]["t2.r_new.total"].raw
    view.pair_findings                           # x_carry, x_normative_stock … of every year
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from gongkai.check import agency_key
from gongkai.errors import ConfigError
from gongkai.store import schema as s
from gongkai.store.compare import Shown
from gongkai.store.queries import active_versions
from gongkai.store.rebuild import stored_number
from gongkai.store.rows import summaries


def log_agency(
    conn: Connection, action: str, name: str, detail: str | None, who: str, at: datetime | None = None
) -> None:
    """One line of the agency log (region/level set, list uploaded or edited)."""
    conn.execute(
        insert(s.agency_log).values(
            action=action, name=name[:255], detail=detail, who=who[:100], at=at or datetime.now(UTC)
        )
    )


@dataclass(frozen=True, slots=True)
class AgencyView:
    name: str
    key: str
    region: str | None
    level: str | None
    reports: list[Any]  # ReportSummary of each year's active version, oldest year first
    cells: dict[int, dict[str, Shown]]  # year → cell id → as stored
    formats: dict[int, str]  # year → format of its active version
    pair_findings: list[Any] = field(default_factory=list)  # FindingEntry: findings against the year before

    @property
    def years(self) -> list[int]:
        return [r.year for r in self.reports]

    def number(self, year: int, cell: str) -> int | float | None:
        shown = self.cells.get(year, {}).get(cell)
        return None if shown is None else shown.value


class AgencyMixin:
    """``Library.agency`` and the agency log; mixed into ``Library``."""

    engine: Engine

    def agency(self, agency: str) -> AgencyView:
        """One agency (its exact name or key) with every year's report."""
        from gongkai.store.browse import BrowseMixin

        key = agency_key(agency)
        with self.engine.connect() as conn:
            head = conn.execute(select(s.agencies).where(s.agencies.c.key == key)).first()
            if head is None:
                raise ConfigError(f"库中没有机关“{agency}”")
            found = list(conn.execute(active_versions().where(s.agencies.c.key == key)))
            ids = [r.version_id for r in found]
            reports = summaries(conn, found)
            year_of = {r.version_id: r.year for r in found}
            cells: dict[int, dict[str, Shown]] = {r.year: {} for r in found}
            q = select(s.cells.c.version_id, s.cells.c.cell, s.cells.c.kind, s.cells.c.value, s.cells.c.raw)
            for vid, cid, kind, value, raw in conn.execute(q.where(s.cells.c.version_id.in_(ids))):
                number = stored_number(value, raw) if kind == "number" else None
                cells[year_of[vid]][cid] = Shown(raw, kind, number)
            pair_ids = list(
                conn.execute(
                    select(s.findings.c.id)
                    .where(s.findings.c.version_id.in_(ids), s.findings.c.scope == "pair")
                    .order_by(s.findings.c.version_id, s.findings.c.id)
                ).scalars()
            )
            pairs = BrowseMixin._entries(conn, pair_ids)
        return AgencyView(
            name=head.name,
            key=head.key,
            region=head.region,
            level=head.level,
            reports=reports,
            cells=cells,
            formats={r.year: r.format for r in found},
            pair_findings=pairs,
        )

    def agency_log(self, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
        """What was done to agencies and to the list of expected agencies, newest first."""
        q = select(s.agency_log).order_by(s.agency_log.c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]


__all__ = ["AgencyMixin", "AgencyView", "log_agency"]
