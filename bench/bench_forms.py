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
TARGETS = {"html": 100.0, "docx": 30.0, "pdf": 5.0, "doc": 5.0}


def rate(items: list[tuple[str, bytes]], seconds: float) -> tuple[float, int]:
    for name, data in items:
        gongkai.read(data, name)
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for name, data in items:
            gongkai.read(data, name)
            count += 1
    return count / (time.perf_counter() - start), count


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--doc-batch", type=int, default=40)
    args = ap.parse_args()
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((CORPUS / "gold").glob("*.json"))}
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    forms: dict[str, list[tuple[str, bytes]]] = {"html": [], "docx": [], "pdf": []}
    docx_files = []
    for name, gold in golds.items():
        report = formgen.build(name, gold)
        forms["html"].append((f"{name}.html", formgen.to_html(report)))
        path = tmp / f"{name}.docx"
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
    rows = []
    for form, items in forms.items():
        per_s, n = rate(items, args.seconds)
        rows.append((form, len(items), n, per_s))
    if have_lo:
        docs = sorted((tmp / "doc").glob("*.doc"))
        batch = [docs[i % len(docs)] for i in range(args.doc_batch)]
        inputs = []
        for i, src in enumerate(batch):  # distinct files, as a real batch has
            dst = tmp / "batch" / f"{i:04d}_{src.name}"
            dst.parent.mkdir(exist_ok=True)
            dst.write_bytes(src.read_bytes())
            inputs.append(dst)
        read_ole_files(inputs[:1], tmp / "profile")  # the worker's profile exists before the clock starts
        start = time.perf_counter()
        for src, doc in read_ole_files(inputs, tmp / "profile").items():
            assert not isinstance(doc, Exception), (src, doc)
            extract(doc)
        elapsed = time.perf_counter() - start
        rows.append(("doc", len(docs), len(inputs), len(inputs) / elapsed))
    print(f"{'form':<6} {'files':>5} {'parsed':>7} {'reports/s':>10} {'target':>7}")
    for form, files, n, per_s in rows:
        ok = "ok" if per_s >= TARGETS[form] else "LOW"
        print(f"{form:<6} {files:>5} {n:>7} {per_s:>10.1f} {TARGETS[form]:>7.0f}  {ok}")
    if not have_lo:
        print("(LibreOffice not installed: generated PDFs and .doc not measured)")


if __name__ == "__main__":
    main()
