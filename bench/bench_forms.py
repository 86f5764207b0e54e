"""Throughput per input form, reports per second on one core (bytes → Document → Report).

    python3 bench/bench_forms.py [--seconds 3] [--doc-batch 40]

Generates every gold report in each form (tests/formgen.py: CMS web page, python-docx .docx, and with
LibreOffice a text-layer PDF and a .doc), adds the real web pages and the real PDF of the corpus, then
parses each form round-robin for the given time.  .doc/.wps are timed as a batch: one soffice call
converts --doc-batch files (to HTML, see gongkai/readers/doc.py), then they are read.  Targets (issue 4): HTML ≥ 100/s,
DOCX ≥ 30/s, text-layer PDF ≥ 5/s, .doc/.wps ≥ 5/s in batches.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import formgen  # noqa: E402

import gongkai  # noqa: E402
from gongkai.extract import extract  # noqa: E402
from gongkai.readers.doc import read_ole_files  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = ROOT / "tests" / "fixtures" / "shared" / "corpus"
TARGETS = {"html": 100.0, "docx": 30.0, "pdf": 5.0, "doc": 5.0}


def _cpu() -> float:
    """CPU seconds used by this process and by the children it has waited for (soffice)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def rate(items: list[tuple[str, bytes]], seconds: float) -> tuple[int, float, float]:
    for name, data in items:
        gongkai.read(data, name)
    count = 0
    start, cpu = time.perf_counter(), _cpu()
    while time.perf_counter() - start < seconds:
        for name, data in items:
            gongkai.read(data, name)
            count += 1
    return count, time.perf_counter() - start, _cpu() - cpu


def doc_rate(docs: list[Path], size: int, tmp: Path) -> tuple[int, float, float]:
    inputs = []
    for i in range(size):  # distinct files, as a real batch has
        src = docs[i % len(docs)]
        dst = tmp / "batch" / f"{i:04d}_{src.name}"
        dst.parent.mkdir(exist_ok=True)
        dst.write_bytes(src.read_bytes())
        inputs.append(dst)
    read_ole_files(inputs[:1], tmp / "profile")  # the worker's profile exists before the clock starts
    start, cpu = time.perf_counter(), _cpu()
    for src, doc in read_ole_files(inputs, tmp / "profile").items():
        assert not isinstance(doc, Exception), (src, doc)
        extract(doc)
    return len(inputs), time.perf_counter() - start, _cpu() - cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--doc-batch", type=int, default=40)
    args = ap.parse_args()
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((CORPUS / "gold").glob("*.json"))}
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as name:
        tmp = Path(name)
        forms: dict[str, list[tuple[str, bytes]]] = {"html": [], "docx": [], "pdf": []}
        docx_files = []
        for stem, gold in golds.items():
            report = formgen.build(stem, gold)
            forms["html"].append((f"{stem}.html", formgen.to_html(report)))
            path = tmp / f"{stem}.docx"
            formgen.to_docx(report, path)
            docx_files.append(path)
            forms["docx"].append((path.name, path.read_bytes()))
        forms["html"] += [(p.name, p.read_bytes()) for p in sorted(CORPUS.glob("*.html"))]
        forms["pdf"] += [(p.name, p.read_bytes()) for p in sorted(CORPUS.glob("*.pdf"))]
        have_lo = formgen.soffice() is not None
        if have_lo:
            formgen.convert(docx_files, "pdf", tmp / "pdf", tmp / "profile")
            forms["pdf"] += [(p.name, p.read_bytes()) for p in sorted((tmp / "pdf").glob("*.pdf"))]
            formgen.convert(docx_files, "doc", tmp / "doc", tmp / "profile")
        rows = [(form, len(items), *rate(items, args.seconds)) for form, items in forms.items()]
        if have_lo:
            docs = sorted((tmp / "doc").glob("*.doc"))
            rows.append(("doc", len(docs), *doc_rate(docs, args.doc_batch, tmp)))
    # reports/s is wall time (the target); cpu/s counts only CPU time, steadier on a shared machine
    print(f"{'form':<6} {'files':>5} {'parsed':>7} {'reports/s':>10} {'cpu/s':>7} {'target':>7}")
    for form, files, n, wall, cpu in rows:
        ok = "ok" if n / wall >= TARGETS[form] else "LOW"
        print(f"{form:<6} {files:>5} {n:>7} {n / wall:>10.1f} {n / cpu:>7.1f} {TARGETS[form]:>7.0f}  {ok}")
    if not have_lo:
        print("(LibreOffice not installed: generated PDFs and .doc not measured)")


if __name__ == "__main__":
    main()
