"""Parse throughput over the seeds and corpus text documents, one process, one core.

    python3 bench/bench_parse.py [--seconds 5]

Reads every file's bytes once, then parses them round-robin (bytes → Document → Report) for the given
time and prints reports/second overall and per file.  Target (issue 2): ≥ 300 reports/s.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import gongkai
import gongkai.examples

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def inputs() -> list[tuple[str, bytes]]:
    files = sorted((SHARED / "seeds").glob("*.txt")) + sorted(
        p for p in (SHARED / "corpus").glob("*") if p.suffix in (".txt", ".md") and p.name != "README.md"
    )
    if not files:
        files = [Path(gongkai.examples.example_path())]
    return [(p.name, p.read_bytes()) for p in files]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args()
    docs = inputs()
    for name, data in docs:  # warm up, and fail loudly on an unreadable input
        gongkai.read(data, name)
    per_file: dict[str, list[float]] = {name: [] for name, _ in docs}
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for name, data in docs:
            t0 = time.perf_counter()
            gongkai.read(data, name)
            per_file[name].append(time.perf_counter() - t0)
            count += 1
    elapsed = time.perf_counter() - start
    print(f"parse: {count} reports in {elapsed:.2f} s = {count / elapsed:.0f} reports/s (one process)")
    for name, times in per_file.items():
        times.sort()
        print(f"  {name:32s} median {times[len(times) // 2] * 1000:6.2f} ms  ({len(times)} runs)")


if __name__ == "__main__":
    main()
