"""Parse + check time per report over the seeds and corpus text documents, one process, one core.

    python3 bench/bench_check.py [--seconds 5]

Reads every file's bytes once, then parses and checks them round-robin for the given time and prints
ms/report overall, and per file the median of parse + check and of check alone.
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
    for name, data in docs:  # warm up (rule registry, caches), and fail loudly on an unreadable input
        gongkai.check(gongkai.read(data, name))
    both: dict[str, list[float]] = {name: [] for name, _ in docs}
    alone: dict[str, list[float]] = {name: [] for name, _ in docs}
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for name, data in docs:
            t0 = time.perf_counter()
            report = gongkai.read(data, name)
            t1 = time.perf_counter()
            gongkai.check(report)
            t2 = time.perf_counter()
            both[name].append(t2 - t0)
            alone[name].append(t2 - t1)
            count += 1
    elapsed = time.perf_counter() - start
    print(f"parse+check: {count} reports in {elapsed:.2f} s = {elapsed / count * 1000:.2f} ms/report (one process)")
    for name in both:
        b, a = sorted(both[name]), sorted(alone[name])
        print(
            f"  {name:32s} parse+check median {b[len(b) // 2] * 1000:6.2f} ms   check {a[len(a) // 2] * 1000:6.2f} ms"
        )


if __name__ == "__main__":
    main()
