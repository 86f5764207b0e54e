"""Our own uncertainty, said out loud: every reading note of the extractor becomes a reading finding.

Table and cell completeness (``table_missing``, ``cells_missing``) is reported by ``s_tables`` instead,
so a missing table is named once.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.check.model import Evidence, Finding, Origin, Severity
from gongkai.check.registry import Context, rule

# codes whose cells carry no usable value until a person looks; the others are readings we chose
_WARNING_CODES = frozenset(
    {
        "split_ambiguous",
        "split_impossible",
        "row_short",
        "extra_values",
        "row_repeated",
        "blank_assumed",
        "damaged_bytes",
    }
)
_HANDLED_ELSEWHERE = frozenset({"table_missing", "cells_missing"})


@rule(
    "r_reading_note",
    Severity.WARNING,
    "读取存疑",
    "解析时不确定之处（连写数字的拆分、按行序认定的行、按相似度识别的标签、多余或缺少的数值等）。"
    "这是我们读取的不确定性，不是原文的错误；涉及的单元格请对照原文核实。",
    group="reading",
)
def reading_notes(ctx: Context) -> Iterator[Finding]:
    for note in ctx.report.notes:
        if note.code in _HANDLED_ELSEWHERE:
            continue
        severity = Severity.WARNING if note.code in _WARNING_CODES else Severity.INFO
        evidence = [ctx.evidence(c) for c in note.cells]
        if not evidence and note.source is not None:
            evidence = [Evidence(source=note.source)]
        yield Finding(
            rule="r_reading_note",
            severity=severity,
            message=note.message,
            origin=Origin.READING,
            cells=note.cells,
            evidence=tuple(evidence),
            detail={"code": note.code},
        )
