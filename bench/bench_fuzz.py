"""Hostile files through read → extract → check, each in a child process with a time limit and memory watched.

    python3 bench/bench_fuzz.py                        # ~1,100 files (scale 2): every category of issue 13
    python3 bench/bench_fuzz.py --scale 1 --jobs 2     # ~600 files, two at a time
    python3 bench/bench_fuzz.py --categories zip_bomb pdf_floods --verbose

Files come from ``gongkai.synth.hostile`` (deterministic for a seed), plus a folder of symlinks, a FIFO and
zips with traversal names (``build_tree``) read the way ingest reads a folder (``collect`` → ``Item.read``).
Each file runs in a process forked from a server that has gongkai imported, under ``RLIMIT_AS``
(``--limit-mib``, a safety net); the parent kills it after ``--timeout`` seconds and samples its peak
resident memory (``VmHWM``) meanwhile.  Per category the table gives: files, clear errors (a ``ReadError``),
reads, tracebacks (any other exception), timeouts, crashes (the process died), leaks (the secret file's
content or /etc/passwd in any output: document text, report, findings, messages), unnamed (an error
message not naming the file), unexpected (a regression file that must read but did not, or read to the
wrong cells; a file that must be refused but read), peak MiB and the slowest file.

Done when: 0 tracebacks, 0 timeouts, 0 crashes, 0 leaks, peak < 1024 MiB per file.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gongkai.synth import hostile

LEAK_MARKERS = (hostile.SECRET_MARKER, "root:x:0:0")
PRELOAD = [
    "gongkai",
    "gongkai.inputs",
    "gongkai.readers.html",
    "gongkai.readers.payload",
    "gongkai.readers.docx",
    "gongkai.readers.pdf",
    "gongkai.readers.doc",
    "pdfplumber.table",
]


def _run_one(conn: Any, path: str | None, name: str, item: Any, limit_mib: int, reference: str | None) -> None:
    """In the child: read, extract and check one file; send back what happened."""
    resource.setrlimit(resource.RLIMIT_AS, (limit_mib << 20, limit_mib << 20))
    import gongkai
    from gongkai.readers import read_bytes

    out: dict[str, Any] = {"outcome": "read", "message": "", "leak": False, "named": True}
    texts: list[str] = []
    try:
        data = item.read() if item is not None else Path(path or "").read_bytes()
        doc = read_bytes(data, name)
        texts.extend(b.text for b in doc.paragraphs)
        texts.extend(c.text for t in doc.tables for row in t.rows for c in row)
        texts.append(json.dumps(doc.meta, ensure_ascii=False))
        report = gongkai.extract(doc)
        texts.append(json.dumps(report.to_dict(), ensure_ascii=False, default=str))
        out["cells"] = report.cells
        if reference is not None:  # the same bytes under their proper name must read the same
            out["same"] = gongkai.read(data, reference).cells == report.cells
        result = gongkai.check(report, document=doc)
        texts.extend(json.dumps(f.to_dict(), ensure_ascii=False, default=str) for f in result.findings)
    except gongkai.ReadError as exc:
        message = str(exc)
        texts.append(message)
        out.update(outcome="error", error=type(exc).__name__, message=message, named=message.startswith(f"{name}: "))
    except MemoryError:
        out.update(outcome="traceback", error="MemoryError", message="MemoryError (RLIMIT_AS)")
    except BaseException as exc:
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(tb.filename).name}:{tb.lineno}"
        out.update(
            outcome="traceback", error=type(exc).__name__, message=f"{type(exc).__name__}: {exc} ({where})"[:300]
        )
    out["leak"] = any(marker in text for text in texts for marker in LEAK_MARKERS)
    out["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    conn.send(out)
    conn.close()


def _hwm_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


@dataclass
class Job:
    category: str
    name: str
    expect: str
    cells: dict[str, Any] | None
    reference: str | None = None
    path: str | None = None
    item: Any = None
    process: Any = None
    conn: Any = None
    started: float = 0.0
    peak_kib: int = 0
    result: dict[str, Any] = field(default_factory=dict)


@dataclass
class Tally:
    files: int = 0
    errors: int = 0
    reads: int = 0
    tracebacks: int = 0
    timeouts: int = 0
    crashes: int = 0
    leaks: int = 0
    unnamed: int = 0
    unexpected: int = 0
    peak_mib: float = 0.0
    slowest: float = 0.0
    problems: list[str] = field(default_factory=list)


def _finish(job: Job, tallies: dict[str, Tally], timeout: float) -> None:
    t = tallies[job.category]
    t.files += 1
    elapsed = time.monotonic() - job.started
    r = job.result
    peak = max(job.peak_kib, r.get("maxrss_kib", 0)) / 1024
    t.peak_mib = max(t.peak_mib, peak)
    t.slowest = max(t.slowest, elapsed)
    label = f"{job.category}/{job.name!r}"
    if not r:
        if elapsed >= timeout:
            t.timeouts += 1
            t.problems.append(f"TIMEOUT {label} after {elapsed:.1f} s, {peak:.0f} MiB")
        else:
            t.crashes += 1
            t.problems.append(f"CRASH {label} exit {job.process.exitcode}, {peak:.0f} MiB")
        return
    outcome = r["outcome"]
    if outcome == "read":
        t.reads += 1
        if job.expect == "error":
            t.unexpected += 1
            t.problems.append(f"READ-BUT-MUST-FAIL {label}")
        elif job.cells is not None and r.get("cells") != job.cells:
            t.unexpected += 1
            wrong = sum(1 for k, v in job.cells.items() if r["cells"].get(k) != v)
            t.problems.append(f"WRONG-CELLS {label}: {wrong} cells differ")
        elif r.get("same") is False:
            t.unexpected += 1
            t.problems.append(f"NOT-AS-{job.reference!r} {label}: the name changed the reading")
    elif outcome == "error":
        t.errors += 1
        if not r["named"]:
            t.unnamed += 1
            t.problems.append(f"UNNAMED {label}: {r['message'][:160]}")
        if job.expect == "read":
            t.unexpected += 1
            t.problems.append(f"FAILED-BUT-MUST-READ {label}: {r['message'][:160]}")
    else:
        t.tracebacks += 1
        t.problems.append(f"TRACEBACK {label}: {r['message']}")
    if r["leak"]:
        t.leaks += 1
        t.problems.append(f"LEAK {label}")
    if peak >= 1024:
        t.problems.append(f"MEMORY {label}: {peak:.0f} MiB")


def _jobs(args: argparse.Namespace, work: Path, secret: Path) -> Any:
    files = work / "files"
    files.mkdir()
    for index, h in enumerate(hostile.generate(args.seed, secret=secret, scale=args.scale, categories=args.categories)):
        path = files / f"{index:05d}.bin"
        path.write_bytes(h.data)
        yield Job(h.category, h.name, h.expect, h.cells, h.reference, path=str(path))
    if args.categories is None or "folders" in args.categories:
        from gongkai.inputs import collect

        inbox = hostile.build_tree(work / "tree", secret)
        for item in collect([inbox]):
            yield Job("folders", item.name, "any", None, item=item)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--limit-mib", type=int, default=4096, help="RLIMIT_AS of each child (a safety net)")
    parser.add_argument("--categories", nargs="*", default=None, help=f"of {[*hostile.CATEGORIES, 'folders']}")
    parser.add_argument("--verbose", action="store_true", help="print every problem file")
    parser.add_argument("--json", help="write the tallies to this file")
    args = parser.parse_args()

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    tallies: dict[str, Tally] = defaultdict(Tally)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gongkai-fuzz-") as tmp:
        work = Path(tmp)
        secret = hostile.write_secret(work / "private")
        pending = _jobs(args, work, secret)
        running: list[Job] = []
        exhausted = False
        while running or not exhausted:
            while not exhausted and len(running) < args.jobs:
                job = next(pending, None)
                if job is None:
                    exhausted = True
                    break
                parent, child = ctx.Pipe(duplex=False)
                job.process = ctx.Process(
                    target=_run_one,
                    args=(child, job.path, job.name, job.item, args.limit_mib, job.reference),
                    daemon=True,
                )
                job.started = time.monotonic()
                job.process.start()
                child.close()
                job.conn = parent
                running.append(job)
            time.sleep(0.02)
            for job in list(running):
                job.peak_kib = max(job.peak_kib, _hwm_kib(job.process.pid))
                if job.conn.poll():
                    try:
                        job.result = job.conn.recv()
                    except EOFError:
                        job.result = {}
                if job.result or not job.process.is_alive():
                    job.process.join(5)
                elif time.monotonic() - job.started > args.timeout:
                    job.process.kill()
                    job.process.join()
                else:
                    continue
                if job.path:
                    Path(job.path).unlink(missing_ok=True)
                running.remove(job)
                _finish(job, tallies, args.timeout)
    _print(tallies, time.monotonic() - started, args.verbose)
    if args.json:
        Path(args.json).write_text(
            json.dumps({k: vars(v) for k, v in tallies.items()}, ensure_ascii=False, indent=1), encoding="utf-8"
        )


def _print(tallies: dict[str, Tally], seconds: float, verbose: bool) -> None:
    cols = ("files", "errors", "reads", "tracebacks", "timeouts", "crashes", "leaks", "unnamed", "unexpected")
    print(f"{'category':<16}" + "".join(f"{c:>11}" for c in cols) + f"{'peak MiB':>10}{'slowest s':>10}")
    total = Tally()
    for name, t in tallies.items():
        print(f"{name:<16}" + "".join(f"{getattr(t, c):>11}" for c in cols) + f"{t.peak_mib:>10.0f}{t.slowest:>10.1f}")
        for c in cols:
            setattr(total, c, getattr(total, c) + getattr(t, c))
        total.peak_mib, total.slowest = max(total.peak_mib, t.peak_mib), max(total.slowest, t.slowest)
    print(
        f"{'total':<16}"
        + "".join(f"{getattr(total, c):>11}" for c in cols)
        + f"{total.peak_mib:>10.0f}{total.slowest:>10.1f}"
    )
    print(f"{seconds:.0f} s")
    problems = [p for t in tallies.values() for p in t.problems]
    for p in problems if verbose else problems[:60]:
        print("  " + p)
    if not verbose and len(problems) > 60:
        print(f"  … {len(problems) - 60} more (--verbose)")


if __name__ == "__main__":
    main()
