"""Batch ingest: inputs → worker processes that read, extract, check and write their own batches.

- **Idempotent**: a file is identified by the SHA-256 of its bytes; bytes already stored are skipped
  before parsing.  Different bytes for an agency+year already stored become a new version.
- **Resumable**: each worker writes a batch of files in one transaction; a killed ingest loses at most
  the open transactions, and a rerun stores the rest (what was committed is recognised by its hash).
- **A bad file never stops the batch**: it is recorded in ``ingest_failures`` with its error and listed
  in the result.  Each worker reads under the readers' limits (``gongkai.readers.limits``) and caps its
  own address space (``LIMITS.worker_memory``); when a worker dies anyway (out of memory, a crash in a
  parser, SIGKILL), the batches it had in hand are run again one file at a time in a fresh worker, the
  file that kills it is recorded as failed (``WorkerDied``) and the others are stored.
- **Cross-year checks** run in the transaction that writes a version: the new version against the same
  agency's previous year, and the next year's active version against it.  A last pass compares the pairs
  that concurrent transactions could not see of each other (PostgreSQL; SQLite writers take turns).

The main process only hands out batches of file names and reports progress, so the work spreads over all
cores and nothing large crosses between processes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, and_, bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from gongkai.check.registry import Context, run_rules
from gongkai.check.verdict import decide
from gongkai.inputs import Item, collect
from gongkai.model import Report
from gongkai.readers.limits import LIMITS
from gongkai.store import schema as s
from gongkai.store import versions
from gongkai.store.analyse import (
    CELL_COLUMNS,
    FINDING_COLUMNS,
    SECTION_COLUMNS,
    Analysed,
    Failure,
    Outcome,
    Unchanged,
    analyse,
    finding_row,
    version_row,
)
from gongkai.store.bulk import insert_tuples
from gongkai.store.db import make_engine
from gongkai.store.rebuild import load_reports

BATCH = 25  # files per transaction


@dataclass(slots=True)
class Progress:
    """Counts so far, passed to the progress callback after every batch."""

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
    same_publication: bool = False  # stored as another file of an existing version (same publication)


@dataclass(slots=True)
class BatchResult:
    stored: list[StoredVersion] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    new_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class BatchRows:
    """Cell, section and finding rows of a batch, inserted together after its versions."""

    cells: list[tuple[Any, ...]] = field(default_factory=list)
    sections: list[tuple[Any, ...]] = field(default_factory=list)
    findings: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(slots=True)
class PairFindings:
    """The year-over-year findings of version ``later`` against version ``earlier``, ready to write."""

    later: int
    earlier: int
    rows: list[dict[str, Any]]


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


def _now() -> datetime:
    return datetime.now(UTC)


def _dialect_insert(conn: Connection, table: Table) -> Any:
    """An INSERT of the connection's dialect, which knows ON CONFLICT (PostgreSQL or SQLite)."""
    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)


def _insert_ignore(conn: Connection, table: Table) -> Any:
    """INSERT … ON CONFLICT DO NOTHING (concurrent writers create the same agency or file)."""
    return _dialect_insert(conn, table).on_conflict_do_nothing()


# statements built once: SQLAlchemy then only binds parameters (building a statement per row costs more
# than the database write)
_AGENCY_ID = select(s.agencies.c.id).where(s.agencies.c.key == bindparam("k"))
_VERSIONS_OF = select(s.versions.c.id, s.versions.c.number, s.versions.c.published, s.versions.c.active).where(
    s.versions.c.report_id == bindparam("report")
)
_INSERT_VERSION = insert(s.versions).returning(s.versions.c.id)


class Writer:
    """Writes analysed files: agencies, reports, versions, cells, sections, findings (one transaction per batch)."""

    def __init__(self) -> None:
        self.agency_ids: dict[str, int] = {}
        self.recent: dict[int, Report] = {}  # version id → report, to spare a reload for cross-year checks
        self._statements: dict[str, Any] = {}

    def _ignore(self, conn: Connection, table: Table) -> Any:
        if table.name not in self._statements:
            self._statements[table.name] = _insert_ignore(conn, table)
        return self._statements[table.name]

    def agency_id(self, conn: Connection, key: str, name: str) -> int:
        if key not in self.agency_ids:
            conn.execute(self._ignore(conn, s.agencies), {"key": key, "name": name, "created_at": _now()})
            self.agency_ids[key] = int(conn.execute(_AGENCY_ID, {"k": key}).scalar_one())
        return self.agency_ids[key]

    def report_id(self, conn: Connection, agency_id: int, year: int) -> int:
        """The report's id, created if new — one round trip.  The upsert also locks the row (PostgreSQL),
        so two versions of one report written at once take their numbers in turn."""
        if "report_upsert" not in self._statements:
            stmt = _dialect_insert(conn, s.reports)
            self._statements["report_upsert"] = stmt.on_conflict_do_update(
                index_elements=[s.reports.c.agency_id, s.reports.c.year], set_={"year": stmt.excluded.year}
            ).returning(s.reports.c.id)
        return int(conn.execute(self._statements["report_upsert"], {"agency_id": agency_id, "year": year}).scalar_one())

    def store(self, conn: Connection, a: Analysed, rows: BatchRows) -> tuple[int, StoredVersion]:
        """Write one analysed file: a new version, or another file of a stored version of the same
        publication; its cells, sections and findings go to ``rows`` (one bulk insert per batch)."""
        report_id = self.report_id(conn, self.agency_id(conn, a.agency_key, a.agency), a.year)
        previous = conn.execute(_VERSIONS_OF, {"report": report_id}).all()
        doubts = versions.doubtful_cells(a.report)
        same = self._same_publication(conn, previous, a)
        if same is not None:
            version_id, number = same
            self._add_file(conn, version_id, a, rows, doubts)
            merged = True
        else:
            number = max((p.number for p in previous), default=0) + 1
            version_id = conn.execute(
                _INSERT_VERSION,
                {
                    "report_id": report_id,
                    "number": number,
                    "active": False,
                    "ingested_at": _now(),
                    "uncertain": doubts,
                    **version_row(a),
                },
            ).scalar_one()
            self._add_rows(version_id, a, rows)
            merged = False
        active = versions.choose_current(conn, report_id) == version_id
        return version_id, StoredVersion(
            a.name,
            a.agency,
            a.year,
            number,
            active,
            a.severities.count("error"),
            a.severities.count("warning"),
            a.agency_from,
            a.year_from,
            merged,
        )

    def _add_rows(self, version_id: int, a: Analysed, rows: BatchRows) -> None:
        rows.cells.extend((version_id, *c) for c in a.cells)
        rows.sections.extend((version_id, *x) for x in a.sections)
        rows.findings.extend((version_id, *f) for f in a.findings)
        self.recent[version_id] = a.report

    def _same_publication(self, conn: Connection, previous: Sequence[Any], a: Analysed) -> tuple[int, int] | None:
        """(id, number) of a stored version that is the same publication as ``a``, if any."""
        if not previous:
            return None
        ids = [p.id for p in previous]
        loaded = self.reports(conn, ids)
        for p in previous:
            other = loaded.get(p.id)
            if other is not None and versions.same_publication(other, a.report):
                return int(p.id), int(p.number)
        return None

    def _add_file(self, conn: Connection, version_id: int, a: Analysed, rows: BatchRows, doubts: int) -> None:
        """Keep ``a`` as another file of a version; when it reads better, its reading becomes the version's."""
        head = conn.execute(
            select(s.versions.c.sha256, s.versions.c.file_name, s.versions.c.form, s.versions.c.uncertain).where(
                s.versions.c.id == version_id
            )
        ).one()
        better = head.uncertain is not None and doubts < head.uncertain
        extra = (a.sha256, a.name, a.form) if not better else (head.sha256, head.file_name, head.form)
        if better:
            for table in (s.cells, s.sections):
                conn.execute(table.delete().where(table.c.version_id == version_id))
            conn.execute(
                s.findings.delete().where(s.findings.c.version_id == version_id, s.findings.c.scope == "report")
            )
            for bucket in (rows.cells, rows.sections, rows.findings):  # rows of this batch not yet written
                bucket[:] = [r for r in bucket if r[0] != version_id]
            conn.execute(
                update(s.versions).where(s.versions.c.id == version_id).values(uncertain=doubts, **version_row(a))
            )
            self._add_rows(version_id, a, rows)
        conn.execute(
            s.version_files.insert().values(
                version_id=version_id, sha256=extra[0], file_name=extra[1], form=extra[2], added_at=_now()
            )
        )

    def reports(self, conn: Connection, version_ids: Iterable[int]) -> dict[int, Report]:
        wanted = set(version_ids)
        out = {v: self.recent[v] for v in wanted if v in self.recent}
        out.update(load_reports(conn, wanted - out.keys()))
        return out

    def plan_pairs(self, conn: Connection, version_ids: Iterable[int]) -> list[PairFindings]:
        """Year-over-year findings for each given version with its neighbours (previous and next year).

        Computed on a read connection, outside the write lock; ``write_pairs`` stores them.
        """
        pairs = pairs_around(conn, version_ids)
        planned = []
        if pairs:
            loaded = self.reports(conn, {v for pair in pairs for v in pair})
            heads = report_heads(conn, {later for later, _ in pairs})
            for later, earlier in sorted(pairs):
                key, year = heads[later]
                planned.append(PairFindings(later, earlier, pair_rows(key, year, loaded[later], loaded[earlier])))
        if len(self.recent) > 512:
            self.recent.clear()
        return planned

    def write_batch(self, conn: Connection, run_id: int, outcomes: list[Outcome]) -> BatchResult:
        result = BatchResult()
        new_ids = []
        analysed = [o for o in outcomes if isinstance(o, Analysed)]
        hashes = [a.sha256 for a in analysed]
        stored_now = (
            set(conn.execute(select(s.versions.c.sha256).where(s.versions.c.sha256.in_(hashes))).scalars().all())
            | set(
                conn.execute(select(s.version_files.c.sha256).where(s.version_files.c.sha256.in_(hashes)))
                .scalars()
                .all()
            )
            if analysed
            else set()
        )
        fresh: dict[str, Analysed] = {}
        for a in analysed:  # bytes stored meanwhile, or twice in this batch: unchanged
            if a.sha256 in stored_now or a.sha256 in fresh:
                result.unchanged.append(a.name)
            else:
                fresh[a.sha256] = a
        if fresh:
            conn.execute(
                self._ignore(conn, s.files),
                [
                    {"sha256": a.sha256, "size": len(a.content), "content": a.content, "added_at": _now()}
                    for a in fresh.values()
                ],
            )
        rows = BatchRows()
        for outcome in outcomes:
            if isinstance(outcome, Analysed):
                if fresh.get(outcome.sha256) is outcome:
                    version_id, stored = self.store(conn, outcome, rows)
                    new_ids.append(version_id)
                    result.stored.append(stored)
            elif isinstance(outcome, Unchanged):
                result.unchanged.append(outcome.name)
            else:
                result.failures.append(outcome)
        insert_tuples(conn, s.cells, ("version_id", *CELL_COLUMNS), rows.cells)
        insert_tuples(conn, s.sections, ("version_id", *SECTION_COLUMNS), rows.sections)
        insert_tuples(conn, s.findings, ("version_id", *FINDING_COLUMNS), rows.findings)
        if result.failures:
            conn.execute(
                insert(s.ingest_failures),
                [
                    {
                        "run_id": run_id,
                        "file_name": f.name,
                        "sha256": f.sha256,
                        "error": f.error,
                        "message": f.message,
                        "at": _now(),
                    }
                    for f in result.failures
                ],
            )
        result.new_ids = new_ids
        conn.execute(
            update(s.ingest_runs)
            .where(s.ingest_runs.c.id == run_id)
            .values(
                stored=s.ingest_runs.c.stored + len(result.stored),
                unchanged=s.ingest_runs.c.unchanged + len(result.unchanged),
                failed=s.ingest_runs.c.failed + len(result.failures),
            )
        )
        return result


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


def unpaired(conn: Connection) -> set[tuple[int, int]]:
    """Active consecutive-year versions not (or no longer) compared with each other."""
    later_r, earlier_r = s.reports.alias("later_r"), s.reports.alias("earlier_r")
    later_v, earlier_v = s.versions.alias("later_v"), s.versions.alias("earlier_v")
    q = (
        select(later_v.c.id, earlier_v.c.id)
        .select_from(later_v)
        .join(later_r, later_r.c.id == later_v.c.report_id)
        .join(earlier_r, and_(earlier_r.c.agency_id == later_r.c.agency_id, earlier_r.c.year == later_r.c.year - 1))
        .join(earlier_v, and_(earlier_v.c.report_id == earlier_r.c.id, earlier_v.c.active))
        .where(later_v.c.active, (later_v.c.compared_with.is_(None)) | (later_v.c.compared_with != earlier_v.c.id))
    )
    return {(int(a), int(b)) for a, b in conn.execute(q)}


def report_heads(conn: Connection, version_ids: Iterable[int]) -> dict[int, tuple[str, int]]:
    """Version id → (agency key, year)."""
    rows = conn.execute(
        select(s.versions.c.id, s.agencies.c.key, s.reports.c.year)
        .join(s.reports, s.reports.c.id == s.versions.c.report_id)
        .join(s.agencies, s.agencies.c.id == s.reports.c.agency_id)
        .where(s.versions.c.id.in_(list(version_ids)))
    )
    return {int(r.id): (str(r.key), int(r.year)) for r in rows}


def pair_rows(agency_key: str, year: int, later: Report, earlier: Report) -> list[dict[str, Any]]:
    """Finding rows of the year-over-year rules (``pair`` scope only) for ``later`` against ``earlier``."""
    ctx = Context(later, earlier)
    found = decide(ctx, [f for _rule, fs in run_rules(ctx, "pair") for f in fs])
    return [finding_row(f, agency_key, year, "pair") for f in found]


def write_pairs(conn: Connection, planned: Iterable[PairFindings]) -> None:
    """Replace the pair findings of each later version and record what it was compared with."""
    for p in planned:
        conn.execute(s.findings.delete().where(s.findings.c.version_id == p.later, s.findings.c.scope == "pair"))
        conn.execute(update(s.versions).where(s.versions.c.id == p.later).values(compared_with=p.earlier))
        if p.rows:
            conn.execute(
                insert(s.findings),
                [{"version_id": p.later, "previous_version_id": p.earlier, **row} for row in p.rows],
            )


def write_pair_findings(conn: Connection, later_id: int, earlier_id: int, later: Report, earlier: Report) -> None:
    """Replace the pair findings of ``later_id`` with a fresh comparison against ``earlier_id``."""
    key, year = report_heads(conn, [later_id])[later_id]
    write_pairs(conn, [PairFindings(later_id, earlier_id, pair_rows(key, year, later, earlier))])


def known_hashes(conn: Connection) -> frozenset[str]:
    """Hashes of every stored file: the versions' own and their other files."""
    return frozenset(conn.execute(select(s.versions.c.sha256)).scalars()) | frozenset(
        conn.execute(select(s.version_files.c.sha256)).scalars()
    )


# -- worker processes --------------------------------------------------------------------------------

_worker: dict[str, Any] = {}


def init_worker(
    url: str,
    run_id: int,
    known: frozenset[str],
    own_process: bool = False,
    setup: Callable[[], None] | None = None,
) -> None:
    """Process-pool initialiser: an engine of the worker's own and the hashes already stored.

    ``own_process``: a pool worker, whose garbage collector may be tuned for a batch job (the objects
    of the imported modules frozen, collections rarer: about 10 % faster) and whose address space is
    capped (``LIMITS.worker_memory``: a file that still needs more fails with ``MemoryError`` or ends the
    worker, never the machine); never done in a caller's process.  ``setup`` runs last in each worker
    (an importable function: tests use it to make a worker die on a given file).
    """
    from gongkai.store import analyse as analyse_module

    if own_process:
        gc.freeze()
        gc.set_threshold(100_000, 50, 100)
        _cap_memory(LIMITS.worker_memory)

    analyse_module.init_worker(known)
    _worker.clear()
    _worker.update(url=url, run_id=run_id, engine=None, writer=Writer())
    if setup is not None:
        setup()


def _cap_memory(limit: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _engines() -> tuple[Engine, Engine]:
    """(writer, reader) engines of this worker; the same engine for PostgreSQL."""
    if _worker.get("engine") is None:
        _worker["engine"] = make_engine(_worker["url"], writer=True)
        is_sqlite = _worker["engine"].dialect.name == "sqlite"
        _worker["reader"] = make_engine(_worker["url"]) if is_sqlite else _worker["engine"]
    return _worker["engine"], _worker["reader"]


def ingest_batch(items: list[Item]) -> BatchResult:
    """Analyse a batch of files, write it in one transaction, then add its cross-year findings.

    Runs in a worker process.  The cross-year findings are computed on a read connection, outside the
    write lock, and written in a second short transaction; if the process dies in between, the final
    pass of the ingest (``unpaired``) computes them.
    """
    outcomes = [analyse(item) for item in items]
    (engine, reader), writer = _engines(), _worker["writer"]
    result: BatchResult | None = None
    for attempt in range(3):
        try:
            with engine.begin() as conn:
                result = writer.write_batch(conn, _worker["run_id"], outcomes)
            break
        except IntegrityError:
            # another worker stored the same bytes or created the same report meanwhile: write again
            # (what is stored now is skipped by its hash)
            writer.agency_ids.clear()
            if attempt == 2:
                raise
    assert result is not None
    if result.new_ids:
        with reader.connect() as conn:
            planned = writer.plan_pairs(conn, result.new_ids)
        if planned:
            with engine.begin() as conn:
                write_pairs(conn, planned)
    return result


def _batches(items: list[Item], size: int) -> list[list[Item]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _results(
    url: str,
    run_id: int,
    items: list[Item],
    known: frozenset[str],
    workers: int,
    died: Callable[[Item], BatchResult],
    setup: Callable[[], None] | None = None,
) -> Iterator[BatchResult]:
    batches = _batches(items, BATCH)
    if workers <= 1 or len(batches) < 2:
        init_worker(url, run_id, known)
        try:
            for batch in batches:
                yield ingest_batch(batch)
        finally:
            for name in ("engine", "reader"):
                if _worker.get(name) is not None:
                    _worker[name].dispose()
        return
    yield from _pooled(batches, min(workers, len(batches)), (url, run_id, known, True, setup), died)


def _pooled(
    batches: list[list[Item]], workers: int, initargs: tuple[Any, ...], died: Callable[[Item], BatchResult]
) -> Iterator[BatchResult]:
    """Batches run by ``workers`` processes, at most one batch in hand per worker.  When a worker dies
    the pool breaks: the batches in hand are run again one file at a time in a one-worker pool, where the
    file that kills it is known — ``died(item)`` records it — and the others go on."""
    ctx = multiprocessing.get_context("spawn")  # no fork: the caller may hold threads and connections
    queue: deque[list[Item]] = deque(batches)
    suspects: deque[Item] = deque()
    while queue:
        pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=init_worker, initargs=initargs)
        running: dict[Future[BatchResult], list[Item]] = {}
        broken = False
        try:
            while queue or running:
                while queue and len(running) < workers and not broken:
                    batch = queue.popleft()
                    running[pool.submit(ingest_batch, batch)] = batch
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    batch = running.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken = True
                        suspects.extend(batch)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if suspects:
            yield from _one_by_one(suspects, ctx, initargs, died)
            suspects.clear()


def _one_by_one(
    items: Iterable[Item], ctx: Any, initargs: tuple[Any, ...], died: Callable[[Item], BatchResult]
) -> Iterator[BatchResult]:
    """Each file alone in a one-worker pool: a file that kills the worker is recorded, a new one started."""
    pool: ProcessPoolExecutor | None = None
    try:
        for item in items:
            if pool is None:
                pool = ProcessPoolExecutor(1, mp_context=ctx, initializer=init_worker, initargs=initargs)
            try:
                yield pool.submit(ingest_batch, [item]).result()
            except BrokenProcessPool:
                pool.shutdown(wait=True)
                pool = None
                yield died(item)
    finally:
        if pool is not None:
            pool.shutdown(wait=True)


def _record_death(engine: Engine, run_id: int) -> Callable[[Item], BatchResult]:
    """The failure of a file whose worker died, written by the main process (the worker cannot)."""

    def record(item: Item) -> BatchResult:
        failure = Failure(
            item.name,
            "WorkerDied",
            f"{item.name}: 读取此文件时处理进程异常退出（内存耗尽、解析器崩溃或被终止），已跳过，其余文件照常入库",
        )
        with engine.begin() as conn:
            return Writer().write_batch(conn, run_id, [failure])

    return record


def ingest(
    engine: Engine,
    paths: Iterable[str | Path],
    *,
    workers: int | None = None,
    progress: Callable[[Progress], None] | None = None,
    worker_setup: Callable[[], None] | None = None,
) -> IngestResult:
    """Store every report under ``paths``; see the module docstring for the guarantees.

    ``worker_setup``: an importable function each worker process runs after its own set-up."""
    started = time.monotonic()
    inputs = [str(p) for p in paths]
    items = list(collect(inputs))
    workers = workers or os.cpu_count() or 1
    with engine.begin() as conn:
        run_id = int(
            conn.execute(
                insert(s.ingest_runs)
                .values(started_at=_now(), inputs=inputs, stored=0, unchanged=0, failed=0)
                .returning(s.ingest_runs.c.id)
            ).scalar_one()
        )
        known = known_hashes(conn)
    result = IngestResult(run_id=run_id, total=len(items))
    state = Progress(total=len(items))
    url = engine.url.render_as_string(hide_password=False)
    died = _record_death(engine, run_id)
    for batch in _results(url, run_id, items, known, workers, died, worker_setup):
        result.stored.extend(batch.stored)
        result.unchanged.extend(batch.unchanged)
        result.failures.extend(batch.failures)
        state.done += len(batch.stored) + len(batch.unchanged) + len(batch.failures)
        state.stored, state.unchanged, state.failed = len(result.stored), len(result.unchanged), len(result.failures)
        if progress is not None:
            progress(state)
    with engine.begin() as conn:
        missed = unpaired(conn)
        if missed:
            writer = Writer()
            loaded = writer.reports(conn, {v for pair in missed for v in pair})
            for later, earlier in sorted(missed):
                write_pair_findings(conn, later, earlier, loaded[later], loaded[earlier])
        conn.execute(update(s.ingest_runs).where(s.ingest_runs.c.id == run_id).values(finished_at=_now()))
    result.seconds = time.monotonic() - started
    return result


__all__ = ["IngestResult", "Progress", "StoredVersion", "collect", "ingest", "unpaired"]
