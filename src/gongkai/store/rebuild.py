"""Stored rows → ``Report``: the same object the parser made, for checks and display from the library."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, select

from gongkai.document import Source
from gongkai.model import ReadingNote, Report, SectionText, Value
from gongkai.normalize import Kind
from gongkai.store import schema as s


def _source(data: Mapping[str, Any] | None, file: str | None = None) -> Source | None:
    """A stored source; cell and section sources leave the file name to their version (``file``)."""
    if not data:
        return None
    fields = dict(data)
    if file is not None:
        fields.setdefault("file", file)
    if fields.get("bbox") is not None:
        fields["bbox"] = tuple(fields["bbox"])
    return Source(**fields)


def stored_number(value: float | None, raw: str) -> int | float | None:
    """Counts come back as int (the database keeps one numeric type); decimals printed with a point stay float."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() and "." not in raw else value


def load_reports(conn: Connection, version_ids: Iterable[int]) -> dict[int, Report]:
    """Rebuild the reports of several versions with three queries."""
    ids = list(version_ids)
    if not ids:
        return {}
    head_rows = (
        conn.execute(
            select(s.versions, s.agencies.c.name.label("agency_name"), s.reports.c.year)
            .join(s.reports, s.reports.c.id == s.versions.c.report_id)
            .join(s.agencies, s.agencies.c.id == s.reports.c.agency_id)
            .where(s.versions.c.id.in_(ids))
        )
        .mappings()
        .all()
    )
    files = {h["id"]: h["file_name"] for h in head_rows}
    values: dict[int, dict[str, Value]] = {i: {} for i in ids}
    for row in conn.execute(select(s.cells).where(s.cells.c.version_id.in_(ids))).mappings():
        values[row["version_id"]][row["cell"]] = Value(
            raw=row["raw"],
            kind=Kind(row["kind"]),
            number=stored_number(row["value"], row["raw"]),
            source=_source(row["source"], files[row["version_id"]]),
            note=row["note"],
            alternatives=tuple(row["alternatives"] or ()),
        )
    texts: dict[int, list[SectionText]] = {i: [] for i in ids}
    for row in conn.execute(
        select(s.sections).where(s.sections.c.version_id.in_(ids)).order_by(s.sections.c.section)
    ).mappings():
        texts[row["version_id"]].append(
            SectionText(
                row["section"],
                row["heading"],
                row["ordinal"],
                row["text"],
                _source(row["source"], files[row["version_id"]]),
                tuple(_source(line, files[row["version_id"]]) for line in row["lines"] or ()),
            )
        )
    out: dict[int, Report] = {}
    for head in head_rows:
        vid = head["id"]
        kept = {cid: v for cid, v in values[vid].items() if v.kind is not Kind.MISSING}
        out[vid] = Report(
            format=head["format"],
            merged_other=head["merged_other"],
            agency=head["agency_printed"] or head["agency_name"],
            year=head["year"],
            meta=head["meta"],
            sections=tuple(texts[vid]),
            values=kept,
            notes=tuple(
                ReadingNote(n["code"], n["message"], tuple(n["cells"]), _source(n["source"])) for n in head["notes"]
            ),
            path=head["file_name"],
            layout=head["layout"],
        )
    return out
