"""Score gongkai on generated cases: cells read, cells flagged, silent errors, false and caught findings.

For each (case, form) ``evaluate`` reads the rendered bytes, checks the report, and compares with the
case's truth:

- a cell is **correct** when its number equals the generated one (blank = None on both sides);
- **flagged** when it differs but our reading said it was unsure (ambiguous, missing, or named by a
  reading note) — an honest "look at the document";
- **wrong** when it differs and nothing said so: a silent misreading, the worst outcome.

On a consistent case every error finding is **false**; the ones marked 原文问题 (origin document) are
false accusations.  On a mutated case the deliberate error must be **caught**: an error finding of the
expected rule, naming the changed cell for table errors, marked 原文问题.  One not caught is
**unverifiable** when our reading flagged a cell involved, or the rule reported it as a doubt of our
reading (a scan's narrative, read by OCR, against its tables); else it was missed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import gongkai
from gongkai.check import Origin, Severity
from gongkai.check.registry import Context
from gongkai.errors import GongkaiError
from gongkai.synth import render
from gongkai.synth.case import Case


@dataclass(slots=True)
class Outcome:
    form: str
    seed: int
    read_error: str | None = None
    correct: int = 0
    flagged: list[str] = field(default_factory=list)
    wrong: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    meta_wrong: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # agency, year, format, sections
    false_document: list[str] = field(default_factory=list)  # error findings marked 原文问题 on a consistent case
    false_reading: list[str] = field(default_factory=list)  # error findings marked 读取存疑 on a consistent case
    caught: bool | None = None  # mutated cases: the deliberate error was reported as 原文问题
    unverifiable: bool = False  # mutated cases not caught: our reading flagged a cell involved, or the error
    # was reported as a doubt of our reading (读取存疑)

    @property
    def cells(self) -> int:
        return self.correct + len(self.flagged) + len(self.wrong)

    def summary(self) -> str:
        parts = [f"{self.form} seed={self.seed}"]
        if self.read_error:
            return parts[0] + f" 读取失败：{self.read_error}"
        if self.wrong:
            parts.append(f"wrong={dict(list(self.wrong.items())[:4])}")
        if self.meta_wrong:
            parts.append(f"meta={self.meta_wrong}")
        if self.false_document:
            parts.append(f"false原文问题={self.false_document[:4]}")
        if self.false_reading:
            parts.append(f"false读取存疑={self.false_reading[:4]}")
        if self.caught is False:
            parts.append("mutation flagged as unverifiable" if self.unverifiable else "mutation NOT caught")
        if self.flagged:
            parts.append(f"flagged={len(self.flagged)}")
        return " ".join(parts)


def evaluate(case: Case, form: str, data: bytes | None = None, suffix: str | None = None) -> Outcome:
    out = Outcome(form, case.seed)
    if data is None or suffix is None:
        data, suffix = render(case, form)
    name = f"case{case.seed}{suffix}"
    try:
        doc = gongkai.read_document(data, name)
        report = gongkai.extract(doc)
    except GongkaiError as exc:
        out.read_error = str(exc)
        return out
    result = gongkai.check(report, document=doc)
    uncertain = Context(report).uncertain
    got = report.cells
    for cid, want in case.cells.items():
        have = got.get(cid)
        if have == want or (have is not None and want is not None and abs(float(have) - float(want)) < 1e-9):
            out.correct += 1
        elif cid in uncertain:
            out.flagged.append(cid)
        else:
            out.wrong[cid] = (want, have)
    checks: tuple[tuple[str, Any, Any], ...] = (
        ("agency", case.agency, report.agency),
        ("year", case.year, report.year),
        ("format", case.version, report.format),
        ("sections", 6, len(report.sections)),
    )
    for key, want, have in checks:
        if want != have:
            out.meta_wrong[key] = (want, have)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    mutation = case.mutation
    if mutation is None:
        out.false_document = [_describe(f) for f in errors if f.origin is Origin.DOCUMENT]
        out.false_reading = [_describe(f) for f in errors if f.origin is Origin.READING]
    else:
        rules = set(mutation.get("rules", ()))
        cell = mutation.get("cell")
        out.caught = any(
            f.origin is Origin.DOCUMENT and f.rule in rules and (cell is None or cell in f.cells) for f in errors
        )
        if not out.caught:
            # the changed cell, a cell of an identity it is in, or a cell the changed sentence speaks of was
            # flagged: we said we could not verify it
            related = {c for i in report.spec.identities if cell in i.cells for c in i.cells}
            related |= set(mutation.get("cells", ()))
            # or the rule the error breaks spoke of it as our reading's doubt (a scan's narrative, read by
            # OCR, contradicting its tables: 读取存疑, 请对照原件核实)
            doubted = any(
                f.origin is Origin.READING and f.rule in rules and f.severity is not Severity.INFO
                for f in result.findings
            )
            out.unverifiable = doubted or bool(related & set(uncertain))
    return out


def _describe(f: Any) -> str:
    return f"{f.rule}:{','.join(f.cells[:3])}" if f.cells else f.rule
