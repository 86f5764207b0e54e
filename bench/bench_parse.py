"""Parse throughput over the seeds and corpus text documents, one process, one core.

    python3 bench/bench_parse.py [--seconds 5]

Reads every file's bytes once, then parses them round-robin (bytes → Document → Report) for the given
time and prints reports/second overall and per file.  Target (issue 2): ≥ 300 reports/s.
"""

from __future__ import annotations

import argparse
import time

import gongkai
from corpus import text_reports  # bench/corpus.py (the script's own folder is on sys.path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args()
    docs = text_reports()
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
