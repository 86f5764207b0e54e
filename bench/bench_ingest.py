"""Ingest throughput: reports/s for 1,000 and 10,000 generated text reports, on SQLite and PostgreSQL.

    python3 bench/bench_ingest.py                      # 1000 and 10000 reports, SQLite (+ PostgreSQL if configured)
    python3 bench/bench_ingest.py --counts 1000 --backends sqlite
    GONGKAI_TEST_PG_URL=$(.ci/postgres) python3 bench/bench_ingest.py

Reports are generated from the corpus by ``bench/synth.py`` (numbers varied consistently, many agencies,
consecutive years).  Peak memory is the largest sum of resident memory of the ingest process and its
workers, sampled every 50 ms.  The target: ≥ 100 reports/s with both cores, < 1 GiB, linear in the count.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import generate

import gongkai


def _rss_tree(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


class PeakMemory:
    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_tree(os.getpid()))
            self._stop.wait(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _pg_database(admin: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"gongkai_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin).set(database=name).render_as_string(hide_password=False), name


def _drop_pg(admin: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def run(folder: Path, url: str, workers: int | None) -> tuple[float, int, int, int]:
    with gongkai.open(url) as lib:
        with PeakMemory() as mem:
            started = time.perf_counter()
            result = lib.ingest([folder], workers=workers)
            seconds = time.perf_counter() - started
        stored = lib.counts()["reports"]
    return seconds, len(result.stored), stored, mem.peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", default="1000,10000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--keep", type=Path, default=None, help="generate into / reuse this folder")
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    backends = args.backends.split(",")
    admin = os.environ.get("GONGKAI_TEST_PG_URL")
    if "postgresql" in backends and not admin:
        print("PostgreSQL skipped: set GONGKAI_TEST_PG_URL (e.g. $(.ci/postgres))")
        backends = [b for b in backends if b != "postgresql"]
    base = args.keep or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    print(f"cores: {os.cpu_count()}  workers: {args.workers or os.cpu_count()}  reports in {base}")
    print(f"{'backend':<11}{'reports':>9}{'stored':>9}{'seconds':>10}{'reports/s':>11}{'peak MiB':>10}")
    for count in counts:
        folder = base / f"n{count}"
        if not folder.is_dir():
            t = time.perf_counter()
            generate(count, folder, seed=1)
            print(f"(generated {count} reports in {time.perf_counter() - t:.1f} s)")
        for backend in backends:
            if backend == "sqlite":
                db = base / f"bench-{count}-{uuid.uuid4().hex[:6]}.db"
                seconds, _new, stored, peak = run(folder, str(db), args.workers)
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
            else:
                assert admin is not None
                url, name = _pg_database(admin)
                try:
                    seconds, _new, stored, peak = run(folder, url, args.workers)
                finally:
                    _drop_pg(admin, name)
            print(
                f"{backend:<11}{count:>9}{stored:>9}{seconds:>10.1f}{count / seconds:>11.1f}{peak / 2**20:>10.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
