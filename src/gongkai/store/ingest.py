"""Batch ingest: inputs → worker processes (read, extract, check) → one writer → the library.

- **Idempotent**: a file is identified by the SHA-256 of its bytes; bytes already stored are skipped
  before parsing.  Different bytes for an agency+year already stored become a new version.
- **Resumable**: reports are written in transactions of a few dozen; a killed ingest loses at most the
  open transaction and a rerun stores the rest (what was committed is recognised by its hash).
- **A bad file never stops the batch**: it is recorded in ``ingest_failures`` with its error and listed
  in the result.
- **Cross-year checks** run in the same transaction as the writes: each new version against the same
  agency's previous year, and the next year's active version against it.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from gongkai.check import check
from gongkai.errors import ConfigError
from gongkai.model import Report
from gongkai.readers.sniff import Form, sniff
from gongkai.store import schema as s
from gongkai.store.analyse import (
    Analysed,
    Failure,
    Item,
    Outcome,
    Unchanged,
    analyse,
    finding_row,
    init_worker,
    version_row,
)
from gongkai.store.rebuild import load_reports

BATCH = 50  # reports per transaction
BATCH_SECONDS = 2.0  # …or fewer, when they come in slowly
SKIP_SUFFIXES = {".db", ".db-wal", ".db-shm", ".sqlite", ".sqlite3", ".jsonl"}


@dataclass(slots=True)
class Progress:
    """Counts so far, passed to the progress callback after every file."""

    total: int
    done: int = 0
    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0


@dataclass(slots=True)
class StoredVersion:
    name: str
    agency: str
    year: int
    version: int
    active: bool
    errors: int
    warnings: int
    agency_from: str
    year_from: str


@dataclass(slots=True)
class IngestResult:
    run_id: int
    total: int
    stored: list[StoredVersion] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.total / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run_id,
            "total": self.total,
            "stored": [vars_of(v) for v in self.stored],
            "unchanged": self.unchanged,
            "failed": [vars_of(f) for f in self.failures],
            "seconds": round(self.seconds, 3),
            "rate": round(self.rate, 1),
        }


def vars_of(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}


def collect(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every input file: files as given, folders recursively (hidden files skipped), zip archives by member."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                hidden = any(part.startswith(".") for part in rel.parts)
                if child.is_file() and not hidden and child.suffix.lower() not in SKIP_SUFFIXES:
                    yield from _expand(child)
        elif path.is_file():
            yield from _expand(path)
        else:
            raise ConfigError(f"{path}: 文件或文件夹不存在")


def _expand(path: Path) -> Iterator[Item]:
    """A zip archive (not a .docx) becomes its members; anything else is one item."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        yield Item(str(path))
        return
    if head.startswith(b"PK") and sniff(head) is Form.ZIP and zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                members = [i.filename for i in archive.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, OSError):
            yield Item(str(path))
            return
        for member in members:
            if not Path(member).name.startswith(".") and "__MACOSX" not in member:
                yield Item(str(path), member)
    else:
        yield Item(str(path))


def _now() -> datetime:
    return datetime.now(UTC)


class Writer:
    """The single writer: agencies, reports, versions, cells, sections, findings, in one transaction per batch."""

    def __init__(self) -> None:
        self.conn: Connection  # set per transaction
        self.agency_ids: dict[str, int] = {}
        self.recent: dict[int, Report] = {}  # version id → report, to spare a reload for cross-year checks

    def agency_id(self, key: str, name: str) -> int:
        if key in self.agency_ids:
            return self.agency_ids[key]
        found = self.conn.execute(select(s.agencies.c.id).where(s.agencies.c.key == key)).scalar()
        if found is None:
            found = self.conn.execute(
                insert(s.agencies).values(key=key, name=name, created_at=_now()).returning(s.agencies.c.id)
            ).scalar_one()
        self.agency_ids[key] = int(found)
        return int(found)

    def report_id(self, agency_id: int, year: int) -> int:
        found = self.conn.execute(
            select(s.reports.c.id).where(s.reports.c.agency_id == agency_id, s.reports.c.year == year)
        ).scalar()
        if found is None:
            found = self.conn.execute(
                insert(s.reports).values(agency_id=agency_id, year=year).returning(s.reports.c.id)
            ).scalar_one()
        return int(found)

    def store(self, a: Analysed) -> tuple[int, StoredVersion] | None:
        """Write one analysed file; None when its bytes were stored meanwhile (a duplicate in the batch)."""
        conn = self.conn
        if conn.execute(select(s.versions.c.id).where(s.versions.c.sha256 == a.sha256)).first():
            return None
        if not conn.execute(select(s.files.c.sha256).where(s.files.c.sha256 == a.sha256)).first():
            conn.execute(
                insert(s.files).values(sha256=a.sha256, size=len(a.content), content=a.content, added_at=_now())
            )
        report_id = self.report_id(self.agency_id(a.agency_key, a.agency), a.year)
        previous = conn.execute(
            select(s.versions.c.number, s.versions.c.published, s.versions.c.active).where(
                s.versions.c.report_id == report_id
            )
        ).all()
        number = max((p.number for p in previous), default=0) + 1
        row = version_row(a)
        current = next((p for p in previous if p.active), None)
        # the newest publication is active; by ingest order when a publication date is unknown
        active = current is None or not (
            row["published"] and current.published and row["published"] < current.published
        )
        if active and current is not None:
            conn.execute(update(s.versions).where(s.versions.c.report_id == report_id).values(active=False))
        version_id = conn.execute(
            insert(s.versions)
            .values(report_id=report_id, number=number, active=active, ingested_at=_now(), **row)
            .returning(s.versions.c.id)
        ).scalar_one()
        conn.execute(insert(s.cells), [{"version_id": version_id, **c} for c in a.cells])
        if a.sections:
            conn.execute(insert(s.sections), [{"version_id": version_id, **x} for x in a.sections])
        if a.findings:
            conn.execute(insert(s.findings), [{"version_id": version_id, **f} for f in a.findings])
        self.recent[version_id] = a.report
        errors = sum(1 for f in a.findings if f["severity"] == "error")
        warnings = sum(1 for f in a.findings if f["severity"] == "warning")
        return version_id, StoredVersion(
            a.name, a.agency, a.year, number, active, errors, warnings, a.agency_from, a.year_from
        )

    def reports(self, version_ids: Iterable[int]) -> dict[int, Report]:
        wanted = set(version_ids)
        out = {v: self.recent[v] for v in wanted if v in self.recent}
        out.update(load_reports(self.conn, wanted - out.keys()))
        return out

    def check_pairs(self, version_ids: Iterable[int]) -> None:
        """Year-over-year rules for each given version with its neighbours (previous and next year)."""
        pairs = pairs_around(self.conn, version_ids)
        if not pairs:
            return
        loaded = self.reports({v for pair in pairs for v in pair})
        for later, earlier in pairs:
            write_pair_findings(self.conn, later, earlier, loaded[later], loaded[earlier])
        if len(self.recent) > 4096:
            self.recent.clear()


def pairs_around(conn: Connection, version_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(later, earlier) active versions of consecutive years around the given versions."""
    ids = list(version_ids)
    if not ids:
        return set()
    touched = conn.execute(
        select(s.reports.c.agency_id, s.reports.c.year)
        .join(s.versions, s.versions.c.report_id == s.reports.c.id)
        .where(s.versions.c.id.in_(ids), s.versions.c.active)
    ).all()
    if not touched:
        return set()
    agencies = {t.agency_id for t in touched}
    active = {
        (r.agency_id, r.year): r.id
        for r in conn.execute(
            select(s.reports.c.agency_id, s.reports.c.year, s.versions.c.id)
            .join(s.versions, s.versions.c.report_id == s.reports.c.id)
            .where(s.reports.c.agency_id.in_(agencies), s.versions.c.active)
        )
    }
    pairs = set()
    for t in touched:
        for later_year in (t.year, t.year + 1):
            later, earlier = active.get((t.agency_id, later_year)), active.get((t.agency_id, later_year - 1))
            if later is not None and earlier is not None:
                pairs.add((later, earlier))
    return pairs


def write_pair_findings(conn: Connection, later_id: int, earlier_id: int, later: Report, earlier: Report) -> None:
    """Replace the pair findings of ``later_id`` with a fresh comparison against ``earlier_id``."""
    head = conn.execute(
        select(s.agencies.c.key, s.reports.c.year)
        .join(s.reports, s.reports.c.agency_id == s.agencies.c.id)
        .join(s.versions, s.versions.c.report_id == s.reports.c.id)
        .where(s.versions.c.id == later_id)
    ).one()
    conn.execute(s.findings.delete().where(s.findings.c.version_id == later_id, s.findings.c.scope == "pair"))
    conn.execute(update(s.versions).where(s.versions.c.id == later_id).values(compared_with=earlier_id))
    result = check(later, previous=earlier)
    pair_rules = {r for r in result.rules_run if r.startswith("x_")}
    rows = [
        {"version_id": later_id, "previous_version_id": earlier_id, **finding_row(f, head.key, head.year, "pair")}
        for f in result.findings
        if f.rule in pair_rules
    ]
    if rows:
        conn.execute(insert(s.findings), rows)


def known_hashes(conn: Connection) -> frozenset[str]:
    return frozenset(conn.execute(select(s.versions.c.sha256)).scalars())


def _outcomes(items: list[Item], known: frozenset[str], workers: int) -> Iterator[Outcome]:
    if workers <= 1 or len(items) < 4:
        init_worker(known)
        for item in items:
            yield analyse(item)
        return
    ctx = multiprocessing.get_context("spawn")  # no fork: the caller may hold threads and connections
    with ctx.Pool(workers, initializer=init_worker, initargs=(known,)) as pool:
        yield from pool.imap_unordered(analyse, items, chunksize=4)


def ingest(
    engine: Engine,
    paths: Iterable[str | Path],
    *,
    workers: int | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> IngestResult:
    """Store every report under ``paths``; see the module docstring for the guarantees."""
    started = time.monotonic()
    items = list(collect(paths))
    workers = workers or os.cpu_count() or 1
    with engine.begin() as conn:
        run_id = conn.execute(
            insert(s.ingest_runs)
            .values(started_at=_now(), inputs=[str(p) for p in paths], stored=0, unchanged=0, failed=0)
            .returning(s.ingest_runs.c.id)
        ).scalar_one()
        known = known_hashes(conn)
    result = IngestResult(run_id=run_id, total=len(items))
    state = Progress(total=len(items))
    writer = Writer()
    pending: list[Outcome] = []
    last_flush = time.monotonic()
    for outcome in _outcomes(items, known, workers):
        pending.append(outcome)
        state.done += 1
        if isinstance(outcome, Unchanged):
            state.unchanged += 1
        elif isinstance(outcome, Failure):
            state.failed += 1
        if len(pending) >= BATCH or time.monotonic() - last_flush > BATCH_SECONDS:
            _flush(engine, writer, run_id, pending, result, state)
            pending, last_flush = [], time.monotonic()
        if progress is not None:
            progress(state)
    _flush(engine, writer, run_id, pending, result, state)
    with engine.begin() as conn:
        conn.execute(
            update(s.ingest_runs)
            .where(s.ingest_runs.c.id == run_id)
            .values(
                finished_at=_now(),
                stored=len(result.stored),
                unchanged=len(result.unchanged),
                failed=len(result.failures),
            )
        )
    result.seconds = time.monotonic() - started
    if progress is not None:
        progress(state)
    return result


def _flush(
    engine: Engine, writer: Writer, run_id: int, pending: list[Outcome], result: IngestResult, state: Progress
) -> None:
    """Write a batch in one transaction: nothing of it is visible until all of it is."""
    if not pending:
        return
    stored: list[StoredVersion] = []
    with engine.begin() as conn:
        writer.conn = conn
        new_ids = []
        for outcome in pending:
            if isinstance(outcome, Analysed):
                done = writer.store(outcome)
                if done is None:
                    result.unchanged.append(outcome.name)
                    state.unchanged += 1
                    continue
                new_ids.append(done[0])
                stored.append(done[1])
            elif isinstance(outcome, Unchanged):
                result.unchanged.append(outcome.name)
            else:
                conn.execute(
                    insert(s.ingest_failures).values(
                        run_id=run_id,
                        file_name=outcome.name,
                        sha256=outcome.sha256,
                        error=outcome.error,
                        message=outcome.message,
                        at=_now(),
                    )
                )
                result.failures.append(outcome)
        writer.check_pairs(new_ids)
        conn.execute(
            update(s.ingest_runs)
            .where(s.ingest_runs.c.id == run_id)
            .values(
                stored=s.ingest_runs.c.stored + len(stored),
                failed=select(func.count()).where(s.ingest_failures.c.run_id == run_id).scalar_subquery(),
            )
        )
    result.stored.extend(stored)
    state.stored += len(stored)
