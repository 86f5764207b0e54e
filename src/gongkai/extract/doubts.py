"""A reader's doubts about value cells (an OCR reading it was not sure of) → reading notes, unless the
tables' own arithmetic confirms the value as read.

For each doubted cell read as a number, every identity of the format through that cell is evaluated
with the cells as read (blank, dash and 无 count as 0, as in the checks).  When every one of them can be
evaluated and holds, the reading is confirmed: a misread digit would break them, so the value is
certain and nothing is said.  Otherwise — an identity breaks, one cannot be evaluated, the cell is in
no identity (table one), or what was read is not a number (ink that could not be read, a letter where
a digit could stand) — the cell gets a ``ocr_uncertain`` reading note with the other readings the
reader admits and, when one of them makes the identities hold, that one named first.  The value is
never changed: it stays what was read, and the note makes every finding on it 读取存疑.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from gongkai.document import Doubt
from gongkai.model import ReadingNote, Value
from gongkai.normalize import Kind, read_value
from gongkai.spec import FormatSpec, Identity

_ZERO_WORDS = frozenset({"无", "空", "零"})
Numbers = dict[str, float | None]


def _number(v: Value) -> float | None:
    if v.kind is Kind.NUMBER and v.number is not None:
        return float(v.number)
    if v.kind in (Kind.BLANK, Kind.DASH) or (v.kind is Kind.TEXT and v.raw.strip() in _ZERO_WORDS):
        return 0.0
    return None


def _holds(ident: Identity, nums: Numbers) -> bool | None:
    values = [nums.get(c) for c in ident.cells]
    if any(v is None for v in values):
        return None
    n = len(ident.lhs)
    return abs(sum(values[:n]) - sum(values[n:])) < 1e-9  # type: ignore[arg-type]


def _verdict(idents: Sequence[Identity], nums: Numbers) -> bool | None:
    """True: every identity holds; False: one breaks; None: none breaks but one cannot be evaluated."""
    results = [_holds(i, nums) for i in idents]
    if any(r is False for r in results):
        return False
    return True if results and all(results) else None


def doubt_notes(
    doubts: Sequence[Doubt], values: dict[str, Value], spec: FormatSpec
) -> tuple[dict[str, Value], list[ReadingNote]]:
    """The values (doubted ones carrying their alternatives) and a reading note per doubted value cell."""
    at: dict[tuple[int | None, int | None, int | None], list[str]] = {}
    for cid, v in values.items():
        src = v.source
        if src is not None and src.table is not None and src.col is not None:
            at.setdefault((src.table, src.row, src.col), []).append(cid)
    by_cell: dict[str, list[Identity]] = {}
    for ident in spec.identities:
        for c in ident.cells:
            by_cell.setdefault(c, []).append(ident)
    nums: Numbers = {cid: _number(v) for cid, v in values.items()}
    out = dict(values)
    notes: list[ReadingNote] = []
    for doubt in doubts:
        src = doubt.source
        for cid in at.get((src.table, src.row, src.col), []):
            v = values[cid]
            idents = by_cell.get(cid, [])
            if v.kind is Kind.NUMBER and idents and _verdict(idents, nums) is True:
                continue  # the arithmetic confirms what was read
            fitting = []
            for alt in doubt.alternatives:
                rv = read_value(alt)
                if (
                    rv.kind is Kind.NUMBER
                    and rv.number is not None
                    and idents
                    and _verdict(idents, {**nums, cid: float(rv.number)}) is True
                ):
                    fitting.append(alt)
            alternatives = tuple(dict.fromkeys([*fitting, *doubt.alternatives]))
            message = f"{src.describe()}扫描识别为“{doubt.text}”" if doubt.text else f"{src.describe()}有字迹但未能识别"
            if doubt.reason and doubt.text:
                message += f"（{doubt.reason}）"
            if alternatives:
                message += "，也可能是" + "".join(f"“{a}”" for a in alternatives[:4])
            if fitting:
                message += f"；读作“{fitting[0]}”时勾稽关系成立"
            elif not idents:
                message += "；该单元格没有勾稽关系可以核对"
            elif v.kind is Kind.NUMBER and _verdict(idents, nums) is False:
                message += "；按识别结果勾稽关系不成立"
            message += "。这是识别的不确定，不是原文的错误，请对照原件核实"
            out[cid] = replace(
                v, note=f"扫描识别：{doubt.reason or '不确定'}", alternatives=alternatives or v.alternatives
            )
            notes.append(ReadingNote("ocr_uncertain", message, (cid,), src))
    return out, notes


__all__ = ["doubt_notes"]
