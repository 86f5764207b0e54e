"""Scans read by OCR: cells correct / flagged / silently wrong on generated scans, and seconds per page.

    python3 bench/bench_ocr.py [--n 40] [--seed 0] [--outputs pdf,png,jpeg,tiff] [--official 5]
                               [--corpus] [--mutations] [--show 10]

Every case is a consistent generated report (``gongkai.synth``) printed as a ruled text-layer PDF,
scanned (``gongkai.synth.scan``: rendered at 200 dpi, paper and ink tones, a fraction of a degree of
skew, blur, noise, a red — in a grey scan grey — stamp over part of a table, JPEG artefacts) and saved
as an image-only PDF, or as PNG/JPEG pages read one by one, or as a multi-page TIFF.  ``--official N``
adds N cases in the official layout (``gongkai.generate`` through LibreOffice); ``--corpus`` the seeds
and corpus reports (their gold cells, laid out by ``tests/formgen.py`` and printed by LibreOffice; the
real hongze PDF rendered and scanned).  Each document is read and checked and every cell scored
against the truth:

- **correct**: the number read is the printed one (flagged or not);
- **flagged**: wrong, and the reading said so (a reading note: 读取存疑);
- **wrong**: wrong and nothing said — a silent error (the target is 0);
- **false 原文问题**: an error blamed on a consistent document.

``--mutations`` also reads a scan of each case with one deliberate error and counts those caught as
原文问题 (an OCR doubt on the cells involved excuses a miss: "unverifiable").  Seconds per page are
wall-clock seconds of ``gongkai.read_document`` divided by the pages (the engine loaded before the clock
starts).  Done when ≥ 99.9 % of cells are correct with 0 silent errors, at ≤ 5 s per page.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gongkai
from gongkai import synth
from gongkai.check import Origin, Severity
from gongkai.check.registry import Context
from gongkai.errors import GongkaiError
from gongkai.synth import scan
from gongkai.synth.evaluate import evaluate
from gongkai.synth.mutate import mutate

OUTPUTS = ("pdf", "png", "jpeg", "tiff")


@dataclass
class Tally:
    docs: int = 0
    pages: int = 0
    seconds: float = 0.0
    correct: int = 0
    flagged: int = 0
    wrong: int = 0
    false_document: int = 0
    read_errors: int = 0
    caught: int = 0
    unverifiable: int = 0
    missed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def cells(self) -> int:
        return self.correct + self.flagged + self.wrong


def scanned(pdf: bytes, output: str, rng: random.Random, name: str) -> tuple[bytes, str]:
    """The scan of ``pdf`` as one file: an image-only PDF, a multi-page TIFF, or the pages stacked into
    one long PNG or JPEG (a "long picture" of the report, damaged as a whole)."""
    if output in ("png", "jpeg"):
        return scan.encode(scan.scan_long(pdf, rng, name=name), output), ".png" if output == "png" else ".jpg"
    pages = scan.scan(pdf, rng, name=name)
    if output == "pdf":
        return scan.to_pdf(pages), ".pdf"
    return scan.to_tiff(pages), ".tif"


def read_timed(data: bytes, name: str) -> tuple[gongkai.Document, float]:
    start = time.perf_counter()
    doc = gongkai.read_document(data, name)
    return doc, time.perf_counter() - start


def score(tally: Tally, truth: dict[str, object], file: tuple[bytes, str], label: str, pages: int) -> None:
    tally.docs += 1
    try:
        doc, seconds = read_timed(file[0], label + file[1])
        report = gongkai.extract(doc)
    except GongkaiError as exc:
        tally.read_errors += 1
        tally.failures.append(f"{label}: 读取失败 {exc}")
        return
    tally.pages += pages
    tally.seconds += seconds
    uncertain = Context(report).uncertain
    got = report.cells
    wrong = {}
    for cid, want in truth.items():
        have = got.get(cid)
        if have == want or (have is not None and want is not None and abs(float(have) - float(want)) < 1e-9):  # type: ignore[arg-type]
            tally.correct += 1
        elif cid in uncertain:
            tally.flagged += 1
        else:
            tally.wrong += 1
            wrong[cid] = (want, have)
    result = gongkai.check(report, document=doc)
    false = [f.rule for f in result.findings if f.severity is Severity.ERROR and f.origin is Origin.DOCUMENT]
    tally.false_document += len(false)
    flagged = sorted(c for c, want in truth.items() if c in uncertain and got.get(c) != want)
    if wrong or false or flagged:
        tally.failures.append(
            f"{label}: wrong={dict(list(wrong.items())[:5])} false原文问题={false[:4]} flagged={len(flagged)} {flagged[:3]}"
        )


def run_generated(args: argparse.Namespace, outputs: list[str]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for i in range(args.n):
        seed = args.seed + i
        case = synth.make_case(seed)
        pdf, _ = synth.render(case, "pdf_ruled")
        output = outputs[i % len(outputs)]
        rng = random.Random(seed * 7919 + 1)
        files = scanned(pdf, output, rng, case.agency)
        pages = len(scan.render_pages(pdf, 20))
        score(tallies[f"ruled→{output}"], dict(case.cells), files, f"seed{seed}:{output}", pages)
        if args.mutations:
            bad = mutate(case, random.Random(seed ^ 0x5EED))
            bad_pdf, _ = synth.render(bad, "pdf_ruled")
            data = scan.to_pdf(scan.scan(bad_pdf, random.Random(seed * 7919 + 2), name=bad.agency))
            out = evaluate(bad, "scan", data, ".pdf")
            t = tallies["mutated→pdf"]
            t.docs += 1
            if out.caught:
                t.caught += 1
            elif out.unverifiable:
                t.unverifiable += 1
            else:
                t.missed += 1
                t.failures.append(f"seed{seed}: mutation {bad.mutation} not caught")
    return tallies


def run_official(args: argparse.Namespace) -> dict[str, Tally]:
    """Cases in the official layout (gongkai.generate → LibreOffice PDF), scanned."""
    from gongkai.generate import render_many

    tallies: dict[str, Tally] = defaultdict(Tally)
    cases, reports = [], []
    for i in range(args.official):
        case = synth.make_case(10_000 + args.seed + i)
        data, suffix = synth.render(case, "docx")
        cases.append(case)
        reports.append(gongkai.read(data, f"case{case.seed}{suffix}"))
    for case, pdf in zip(cases, render_many(reports, "pdf", force=True), strict=True):
        files = scanned(pdf, "pdf", random.Random(case.seed), case.agency)
        score(tallies["official→pdf"], dict(case.cells), files, f"official{case.seed}", len(scan.render_pages(pdf, 20)))
    return tallies


def run_corpus(args: argparse.Namespace) -> dict[str, Tally]:
    """The seeds and corpus reports (gold cells) printed by LibreOffice, and the real hongze PDF, scanned."""
    from bench.corpus import SHARED
    from tests import formgen

    tallies: dict[str, Tally] = defaultdict(Tally)
    golds = {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((SHARED / "corpus" / "gold").glob("*.json"))
    }
    with tempfile.TemporaryDirectory(prefix="gongkai-ocr-") as name:
        tmp = Path(name)
        docx = []
        for stem, gold in golds.items():
            path = tmp / f"{stem}.docx"
            formgen.to_docx(formgen.build(stem, gold), path)
            docx.append(path)
        if formgen.soffice() is not None:
            formgen.convert(docx, "pdf", tmp / "pdf", tmp / "profile")
        pdfs = {p.stem: p.read_bytes() for p in sorted((tmp / "pdf").glob("*.pdf"))}
        for real in sorted((SHARED / "corpus").glob("*.pdf")):
            pdfs[f"{real.stem}(real)"] = real.read_bytes()
        for k, (stem, pdf) in enumerate(pdfs.items()):
            gold = golds[stem.removesuffix("(real)")]
            files = scanned(pdf, "pdf", random.Random(k), gold["meta"].get("agency", ""))
            score(tallies["corpus→pdf"], gold["cells"], files, stem, len(scan.render_pages(pdf, 20)))
    return tallies


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=40, help="generated cases (ruled PDF layout)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--outputs", default=",".join(OUTPUTS), help="scan outputs, used in turn")
    ap.add_argument("--official", type=int, default=0, help="cases in the official layout (needs LibreOffice)")
    ap.add_argument("--corpus", action="store_true", help="the seeds and corpus reports (needs LibreOffice)")
    ap.add_argument("--mutations", action="store_true", help="also one deliberate error per case")
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args(argv)
    outputs = [o for o in args.outputs.split(",") if o]
    if not scan.renders_cjk():
        print(
            "没有安装中文字体：生成的报告渲染后没有文字，无法测量（Debian: apt-get install fonts-noto-cjk）",
            file=sys.stderr,
        )
        return 2
    from gongkai.readers.ocr_engine import engine

    engine()  # loaded before the clock starts (once per process)
    started = time.perf_counter()
    tallies = run_generated(args, outputs)
    if args.official:
        tallies.update(run_official(args))
    if args.corpus:
        tallies.update(run_corpus(args))
    print(
        f"{'scans':<16}{'docs':>5}{'pages':>6}{'cells':>7}{'correct %':>11}{'flagged':>8}{'wrong':>6}{'false原文':>9}{'s/page':>8}"
    )
    total = Tally()
    for name, t in tallies.items():
        if t.cells:
            pct = 100 * t.correct / t.cells
            print(
                f"{name:<16}{t.docs:>5}{t.pages:>6}{t.cells:>7}{pct:>11.3f}{t.flagged:>8}{t.wrong:>6}"
                f"{t.false_document:>9}{t.seconds / max(1, t.pages):>8.2f}"
            )
        if t.caught or t.missed or t.unverifiable:
            print(f"{name:<16}{t.docs:>5}  caught {t.caught}, unverifiable {t.unverifiable}, missed {t.missed}")
        for attr in ("docs", "pages", "seconds", "correct", "flagged", "wrong", "false_document", "read_errors"):
            setattr(total, attr, getattr(total, attr) + getattr(t, attr))
    if total.cells:
        print(
            f"{'all':<16}{total.docs:>5}{total.pages:>6}{total.cells:>7}{100 * total.correct / total.cells:>11.3f}"
            f"{total.flagged:>8}{total.wrong:>6}{total.false_document:>9}{total.seconds / max(1, total.pages):>8.2f}"
        )
    print(f"read errors: {total.read_errors}; {time.perf_counter() - started:.0f} s in all")
    for name, t in tallies.items():
        for line in t.failures[: args.show]:
            print(f"  [{name}] {line}")
    ok = total.cells and total.wrong == 0 and total.correct >= 0.999 * total.cells and total.read_errors == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
