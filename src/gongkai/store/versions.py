"""Versions of a report: which files are one publication, which version is current, and the admin's hand.

- **One publication, several files.**  The .txt a crawler saved and the agency's web page of the same
  report are one publication: a file whose table values agree with a stored version's (every cell both
  read with certainty is equal, nearly all cells certain in both) and whose publication date does not
  differ, and whose narrative is the same text, is stored as another file of that version (``version_files``), not as a new version.  The
  version keeps the better reading of the two (fewer uncertain cells), so what it shows never depends on
  the order the files came in.
- **The current version** is chosen by rule, whatever the order of ingest: latest publication date, then
  the best reading, then the latest ingested.  An administrator can pin another
  (``Library.set_current``) or delete a version (``Library.delete_version``); both are logged
  (``version_log``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import Connection, select, update

from gongkai.model import Report
from gongkai.normalize import Kind, label_key
from gongkai.store import schema as s

# share of cells both readings must have read with certainty to call two files one publication
_CERTAIN_SHARE = 0.9
_UNCERTAIN_KINDS = (Kind.AMBIGUOUS, Kind.MISSING)
_SAME_TEXT = 0.98  # share of the narrative two forms of one publication have in common, at least


def doubtful_cells(report: Report) -> int:
    """How many cells our reading is unsure of (unreadable, missing, or named by a reading note)."""
    doubtful = {c for note in report.notes for c in note.cells}
    for cid in report.spec.cell_ids:
        v = report.values.get(cid)
        if v is None or v.kind in _UNCERTAIN_KINDS or v.alternatives:
            doubtful.add(cid)
    return len(doubtful)


def _narrative(report: Report, sections: tuple[str, ...]) -> str:
    return label_key("".join(sec.text for sec in report.sections if sec.id in sections))


def same_narrative(a: Report, b: Report) -> bool:
    """The same prose, up to spacing and punctuation.

    Two files of one layout (two text copies, two web pages) must print the same prose in every section
    without a table; a different layout is another rendering of the publication, whose table sections hold
    table text or whose last section runs into a page footer, so 一 and 五 are compared, allowing a little
    difference (``_SAME_TEXT``).
    """
    if a.layout == b.layout:
        prose = ("s1", "s5", "s6")
        return _narrative(a, prose) == _narrative(b, prose)
    ta, tb = _narrative(a, ("s1", "s5")), _narrative(b, ("s1", "s5"))
    if ta == tb:
        return True
    matcher = SequenceMatcher(None, ta, tb, autojunk=False)
    return (
        matcher.real_quick_ratio() >= _SAME_TEXT
        and matcher.quick_ratio() >= _SAME_TEXT
        and matcher.ratio() >= _SAME_TEXT
    )


def same_publication(a: Report, b: Report) -> bool:
    """Two readings of one publication: same format and date (when both say), same certain table values,
    the same narrative (a corrected re-publication changes one or the other)."""
    if a.format != b.format or a.merged_other != b.merged_other:
        return False
    da, db = a.meta.get("published"), b.meta.get("published")
    if da and db and da != db:
        return False
    cells = a.spec.cell_ids
    certain = 0
    for cid in cells:
        va, vb = a.values.get(cid), b.values.get(cid)
        if va is None or vb is None or va.kind in _UNCERTAIN_KINDS or vb.kind in _UNCERTAIN_KINDS:
            continue
        certain += 1
        if va.kind is not vb.kind:
            return False
        if va.number is not None and vb.number is not None and abs(float(va.number) - float(vb.number)) > 1e-9:
            return False
        if (va.number is None) != (vb.number is None):
            return False
    return certain >= _CERTAIN_SHARE * len(cells) and same_narrative(a, b)


def choose_current(conn: Connection, report_id: int) -> int | None:
    """Mark the current version of a report by rule (or the pinned one); returns its id."""
    rows = conn.execute(
        select(
            s.versions.c.id,
            s.versions.c.number,
            s.versions.c.published,
            s.versions.c.uncertain,
            s.versions.c.pinned,
            s.versions.c.active,
        ).where(s.versions.c.report_id == report_id)
    ).all()
    if not rows:
        return None
    pinned = [r for r in rows if r.pinned]
    chosen = pinned[0] if pinned else max(rows, key=lambda r: (r.published or "", -(r.uncertain or 0), r.number))
    for r in rows:
        if r.active != (r.id == chosen.id):
            conn.execute(update(s.versions).where(s.versions.c.id == r.id).values(active=r.id == chosen.id))
    return int(chosen.id)


def log(conn: Connection, report_id: int, number: int, action: str, who: str, comment: str | None) -> None:
    conn.execute(
        s.version_log.insert().values(
            report_id=report_id, number=number, action=action, who=who, comment=comment, at=datetime.now(UTC)
        )
    )


def files_of(conn: Connection, version_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """The other files of each version (forms of the same publication), oldest first."""
    out: dict[int, list[dict[str, Any]]] = {v: [] for v in version_ids}
    if not version_ids:
        return out
    q = (
        select(s.version_files)
        .where(s.version_files.c.version_id.in_(list(version_ids)))
        .order_by(s.version_files.c.id)
    )
    for row in conn.execute(q).mappings():
        out[row["version_id"]].append(
            {"file_name": row["file_name"], "sha256": row["sha256"], "form": row["form"], "added_at": row["added_at"]}
        )
    return out


__all__ = ["choose_current", "doubtful_cells", "files_of", "log", "same_publication"]
