"""Generating the standard report: speed per form and the round trip over generated reports.

    python3 bench/bench_render.py [--n 200] [--pdf 40]

Reads ``--n`` generated reports (gongkai.synth, word_tab form), renders each as DOCX, HTML and Markdown
(and ``--pdf`` of them as PDF, in one LibreOffice run), parses every rendering back and counts the cells
that do not come back; prints reports/s of rendering per form (one process).
"""

from __future__ import annotations

import argparse
import sys
import time

import gongkai
from gongkai import generate, synth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--pdf", type=int, default=40, help="how many of them also as PDF (0: none)")
    args = ap.parse_args(argv)
    reports = []
    for seed in range(args.n):
        data, suffix = synth.render(synth.make_case(seed), "word_tab")
        reports.append(gongkai.read(data, f"case{seed}{suffix}"))
    failures = 0
    print(f"{'form':<6}{'reports':>9}{'render/s':>10}{'cells wrong':>13}")
    for form in ("docx", "html", "md", "pdf"):
        batch = reports if form != "pdf" else reports[: args.pdf]
        if not batch:
            continue
        started = time.perf_counter()
        rendered = generate.render_many(batch, form, force=True)
        seconds = time.perf_counter() - started
        wrong = 0
        for report, data in zip(batch, rendered, strict=True):
            back = gongkai.read(data, f"r{generate.SUFFIX[form]}")
            wrong += sum(1 for c, v in report.cells.items() if back.cells.get(c) != v)
        failures += wrong
        print(f"{form:<6}{len(batch):>9}{len(batch) / seconds:>10.1f}{wrong:>13}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
