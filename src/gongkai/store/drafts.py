"""填报: reports filled in on the web form kept as drafts, and the log of standard reports generated there.

A draft is the report as data — the JSON of ``gongkai parse --json`` (``gongkai.generate.load`` reads it
back) — one per agency and year: saving again replaces it.  A draft is not a publication: it is never a
version of a report, never in the lists, exports or comparisons.  Every generation is logged with who,
the form, the number of errors and warnings the checks found, and whether the user generated it although
there were errors (``forced``).

::

    draft_id = lib.save_draft(report.to_dict(), who="张三")
    lib.drafts()                                 # [Draft(id, agency, year, updated_by, updated_at)]
    lib.draft(draft_id)                          # the JSON
    lib.log_generation(report, "docx", result, forced=True, who="张三")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from gongkai.check import CheckResult, agency_key
from gongkai.errors import ConfigError
from gongkai.store import schema as s

MAX_DRAFT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Draft:
    id: int
    agency: str
    year: int
    updated_by: str
    updated_at: datetime


class DraftsMixin:
    """Drafts and the generation log; mixed into ``Library``."""

    engine: Engine
    writer: Engine

    def save_draft(self, data: dict[str, Any], *, who: str) -> int:
        """Keep the report ``data`` (parse-JSON) as the draft of its agency and year; returns its id."""
        agency = str(data.get("agency") or "").strip()
        year = data.get("year")
        if not agency or not agency_key(agency):
            raise ConfigError("保存草稿须填写机关名称")
        if not isinstance(year, int):
            raise ConfigError("保存草稿须填写年度")
        import json

        if len(json.dumps(data, ensure_ascii=False).encode()) > MAX_DRAFT_BYTES:
            raise ConfigError("草稿过大（正文过长）")
        key = agency_key(agency)
        at = datetime.now(UTC)
        with self.writer.begin() as conn:
            found = conn.execute(
                select(s.drafts.c.id).where(s.drafts.c.agency_key == key, s.drafts.c.year == year)
            ).scalar()
            values = {"agency": agency, "data": data, "updated_by": who, "updated_at": at}
            if found is not None:
                conn.execute(update(s.drafts).where(s.drafts.c.id == found).values(**values))
                return int(found)
            return int(
                conn.execute(
                    insert(s.drafts).values(agency_key=key, year=year, **values).returning(s.drafts.c.id)
                ).scalar_one()
            )

    def drafts(self) -> list[Draft]:
        """Every draft, the latest saved first."""
        q = select(s.drafts.c.id, s.drafts.c.agency, s.drafts.c.year, s.drafts.c.updated_by, s.drafts.c.updated_at)
        with self.engine.connect() as conn:
            return [Draft(*r) for r in conn.execute(q.order_by(s.drafts.c.updated_at.desc(), s.drafts.c.id.desc()))]

    def draft(self, draft_id: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            data = conn.execute(select(s.drafts.c.data).where(s.drafts.c.id == draft_id)).scalar()
        if data is None:
            raise ConfigError(f"没有编号为 {draft_id} 的草稿")
        return dict(data)

    def delete_draft(self, draft_id: int) -> None:
        with self.writer.begin() as conn:
            gone = conn.execute(delete(s.drafts).where(s.drafts.c.id == draft_id)).rowcount
        if not gone:
            raise ConfigError(f"没有编号为 {draft_id} 的草稿")

    def log_generation(
        self, agency: str | None, year: int | None, form: str, result: CheckResult, *, forced: bool, who: str
    ) -> None:
        """Record one generated report: who, the form, what the checks found, and whether it was forced."""
        kept = [f for f in result.findings if f.severity.value in ("error", "warning")][:200]
        with self.writer.begin() as conn:
            conn.execute(
                insert(s.generations).values(
                    agency=(agency or "（未填写机关）")[:255],
                    year=year,
                    form=form,
                    forced=forced,
                    errors=len(result.errors),
                    warnings=sum(1 for f in result.findings if f.severity.value == "warning"),
                    findings=[{"rule": f.rule, "severity": f.severity.value, "message": f.message} for f in kept],
                    who=who,
                    at=datetime.now(UTC),
                )
            )

    def generations(self, limit: int = 200) -> list[dict[str, Any]]:
        """Generated reports, newest first."""
        q = select(s.generations).order_by(s.generations.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]


__all__ = ["Draft", "DraftsMixin"]
