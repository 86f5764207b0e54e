"""The verdict, decided in one place: is a finding an error of the document (原文问题) or a doubt about
our reading of it (读取存疑)?

Rules say what is inconsistent; this module says who is to blame.  A finding stays 原文问题 only when

1. every cell it involves was read with certainty (no ambiguous split, no missing cell, no reading note
   naming it — ``Context.uncertain``) — or the finding holds under every admissible reading of what is
   printed (``detail["under_every_reading"]``: digits run together that no split can make add up), and
2. no *known misreading* explains it.  Before blaming the document we try the ways a reader goes wrong
   on real layouts, and if one of them makes every identity it touches hold, the simpler explanation is
   that we misread the table:

   - **a blank cell moved** (``shift``): a row printed with a blank cell whose values were placed one or
     more columns off (a PDF text layer or a plain-text copy that drops the blank), i.e. the blank belongs
     somewhere else in the row and the values between slide over by one;
   - **two cells fused** (``fused``): a number of several digits read from text (not from a table cell
     with its own boundaries) next to a blank cell is really two numbers whose digits ran together;
   - **rows exchanged** (``rows``): the values of two neighbouring rows belong to each other's labels
     (a label split over two lines, a row printed out of order);
   - **columns shifted** (``columns``): every row of the applications table shifted by one column between
     two positions (a header cell lost).

   The alternative is named in the finding (``detail["alternative"]``) so the reviewer sees what the
   other reading would be.

Year-over-year findings against a report that is not the same agency's previous year (``x_pair``) are
reading doubts: the comparison was given the wrong file.  Whatever is not certain is not an error: a finding whose origin is our reading is at most a warning
(``detail["unconfirmed"]`` keeps the severity the rule would have given the document).  Section headings
follow the same principle: a section reported missing whose title is printed in the text (split by markup,
with another ordinal), or missing from a file with damaged bytes (cut short, say), is a reading doubt.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from gongkai.check.model import Finding, Origin, Severity
from gongkai.check.registry import Context
from gongkai.document import OCR_LAYOUTS
from gongkai.extract.sections import NEAR
from gongkai.normalize import Kind, label_key
from gongkai.spec import Identity

Numbers = dict[str, float | None]


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another reading of some table cells that would make every identity touching them hold."""

    kind: str  # shift | fused | rows | columns
    description: str  # Chinese, for the reviewer
    changes: tuple[tuple[str, float | None], ...]  # cell -> number under this reading (None: blank)

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.changes)

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "description": self.description,
            "cells": {c: _show(v) for c, v in self.changes},
        }


def _show(v: float | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


# -- the numbers as read ------------------------------------------------------------------------------


def _numbers(ctx: Context) -> Numbers:
    return {cid: (None if (n := ctx.arithmetic(cid)) is None else float(n)) for cid in ctx.spec.cell_ids}


def _holds(ident: Identity, nums: Numbers, changes: Numbers | None = None) -> bool | None:
    """Whether the identity holds with the cells as read (or with ``changes`` laid over them); None when a
    cell cannot be evaluated."""
    if changes:
        values = [changes[c] if c in changes else nums.get(c) for c in ident.cells]
    else:
        values = [nums.get(c) for c in ident.cells]
    if any(v is None for v in values):
        return None
    n = len(ident.lhs)
    return abs(sum(values[:n]) - sum(values[n:])) < 1e-9  # type: ignore[arg-type]


def _blank(ctx: Context, cid: str) -> bool:
    """Printed as nothing (blank) — the cells a misplacement can move around."""
    return ctx.value(cid).kind in (Kind.BLANK, Kind.MISSING)


# -- candidate misreadings ----------------------------------------------------------------------------


def _sequences(ctx: Context, failing: list[Identity]) -> Iterator[tuple[str, list[str]]]:
    """The cell sequences a misplacement can happen in: each t2 row touched by a failing identity, and the
    t3 line (its fifteen cells are printed as one row)."""
    spec = ctx.spec
    t2 = spec.tables["t2"]
    columns = [c.id for c in t2.columns]
    touched_rows = {c.split(".")[1] for ident in failing if ident.table == "t2" for c in ident.cells}
    for row in t2.data_rows:
        if row.id in touched_rows:
            yield row.label, [f"t2.{row.id}.{c}" for c in columns]
    if any(ident.table == "t3" for ident in failing):
        yield "复议诉讼情况表", list(spec.tables["t3"].cells)


def _moves(ctx: Context, name: str, cells: list[str], nums: Numbers) -> Iterator[Alternative]:
    """A blank moved to another place in the sequence, the values between sliding over by one."""
    n = len(cells)
    for i in range(n):
        if not _blank(ctx, cells[i]):
            continue
        for j in range(n):
            if j == i:
                continue
            order = cells[:i] + cells[i + 1 :]
            order.insert(j, cells[i])  # the blank now sits at j
            changes = tuple((cells[k], nums[order[k]]) for k in range(n) if order[k] != cells[k])
            if all(nums[c] == v or (nums[c] in (None, 0.0) and v in (None, 0.0)) for c, v in changes):
                continue  # only zeros and blanks move: the same numbers
            lo, hi = min(i, j), max(i, j)
            yield Alternative(
                "shift",
                f"“{name}”中空白单元格实际在第 {j + 1} 格、第 {lo + 1}–{hi + 1} 格的数值错开一格",
                changes,
            )


def _fused(ctx: Context, name: str, cells: list[str], nums: Numbers) -> Iterator[Alternative]:
    for k, cid in enumerate(cells):
        v = ctx.value(cid)
        digits = v.raw.strip()
        if v.kind is not Kind.NUMBER or not digits.isdigit() or len(digits) < 2:
            continue
        if v.source is not None and v.source.col is not None:
            continue  # a grid cell has its own boundaries: its digits cannot belong to a neighbour
        for other in (k - 1, k + 1):
            if not 0 <= other < len(cells) or not _blank(ctx, cells[other]):
                continue
            for cut in range(1, len(digits)):
                head, tail = digits[:cut], digits[cut:]
                if len(tail) > 1 and tail.startswith("0"):
                    continue
                first, second = (cid, cells[other]) if other > k else (cells[other], cid)
                yield Alternative(
                    "fused",
                    f"“{name}”中“{digits}”可能是相邻两格的数字连在一起（{head} 和 {tail}）",
                    ((first, float(head)), (second, float(tail))),
                )


def _row_swaps(ctx: Context, failing: list[Identity], nums: Numbers) -> Iterator[Alternative]:
    t2 = ctx.spec.tables["t2"]
    columns = [c.id for c in t2.columns]
    rows = list(t2.data_rows)
    touched = {c.split(".")[1] for ident in failing if ident.table == "t2" for c in ident.cells}
    for upper, lower in itertools.pairwise(rows):
        if upper.id not in touched and lower.id not in touched:
            continue
        changes = tuple(
            (f"t2.{r.id}.{c}", nums[f"t2.{o.id}.{c}"]) for r, o in ((upper, lower), (lower, upper)) for c in columns
        )
        if all(nums[c] == v for c, v in changes):
            continue
        yield Alternative("rows", f"“{upper.label}”与“{lower.label}”两行的数值可能互换了位置", changes)


def _column_shifts(ctx: Context, nums: Numbers) -> Iterator[Alternative]:
    t2 = ctx.spec.tables["t2"]
    columns = [c.id for c in t2.columns]
    labels = {c.id: c.label for c in t2.columns}
    n = len(columns)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            order = columns[:i] + columns[i + 1 :]
            order.insert(j, columns[i])
            changes = tuple(
                (f"t2.{r.id}.{columns[k]}", nums[f"t2.{r.id}.{order[k]}"])
                for r in t2.data_rows
                for k in range(n)
                if order[k] != columns[k]
            )
            if all(nums[c] == v for c, v in changes):
                continue
            yield Alternative(
                "columns", f"申请处理情况表的“{labels[columns[i]]}”列可能整体错位到第 {j + 1} 列", changes
            )


def _candidates(ctx: Context, failing: list[Identity], nums: Numbers) -> Iterator[Alternative]:
    for name, cells in _sequences(ctx, failing):
        yield from _moves(ctx, name, cells, nums)
        yield from _fused(ctx, name, cells, nums)
    if any(ident.table == "t2" for ident in failing):
        yield from _row_swaps(ctx, failing, nums)
        # a whole column out of place breaks the row total of every row that has a number in it
        if sum(1 for ident in failing if ident.template == "t2_row_total") >= 2:
            yield from _column_shifts(ctx, nums)


def alternatives(ctx: Context) -> list[Alternative]:
    """Known misreadings that make every identity they touch hold, where the tables as read break some.

    Computed once per check (``ctx.memo``); empty when every identity holds.
    """
    if "alternatives" in ctx.memo:
        found: list[Alternative] = ctx.memo["alternatives"]
        return found
    nums = _numbers(ctx)
    identities = ctx.spec.identities
    failing = [i for i in identities if _holds(i, nums) is False]
    out: list[Alternative] = []
    if failing:
        by_cell: dict[str, list[Identity]] = {}
        for ident in identities:
            for c in ident.cells:
                by_cell.setdefault(c, []).append(ident)
        failing_ids = {i.id for i in failing}
        for alt in _candidates(ctx, failing, nums):
            changes = dict(alt.changes)
            touched = {i.id: i for c in changes for i in by_cell.get(c, ())}
            if not touched.keys() & failing_ids:
                continue
            verdicts = [(i.id in failing_ids, _holds(i, nums, changes)) for i in touched.values()]
            # nothing it touches breaks, and some identity that broke now holds (one we cannot evaluate,
            # because a cell is unreadable, cannot refute it)
            if all(v is not False for _, v in verdicts) and any(was and v for was, v in verdicts):
                out.append(alt)
    ctx.memo["alternatives"] = out
    return out


# -- the decision -------------------------------------------------------------------------------------


def _section_printed(ctx: Context, title: str) -> bool:
    """Whether a section title is printed somewhere in the text we read (split by markup, mis-numbered …)."""
    key = label_key(title)
    if len(key) < 4:
        return False
    texts = [label_key(t) for s in ctx.report.sections for t in (s.text, s.heading)]
    if any(key in t for t in texts):
        return True
    return any(_near(key, t) for t in texts)  # a slip in the printed title as read (OCR: 主动分开政府信息情况)


def _near(key: str, text: str) -> bool:
    """Whether ``text`` holds a run of ``key``'s length within ``NEAR`` of it (the similarity a heading with
    a slip is found by, ``extract.sections``)."""
    from difflib import SequenceMatcher

    n = len(key)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(key)
    for start in range(max(1, len(text) - n + 1)):
        matcher.set_seq1(text[start : start + n])
        if matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR and matcher.ratio() >= NEAR:
            return True
    return False


def _explained(f: Finding, alts: list[Alternative]) -> Alternative | None:
    cells = set(f.cells)
    return next((a for a in alts if cells & set(a.cells)), None)


def decide(ctx: Context, findings: Iterable[Finding]) -> list[Finding]:
    """Each finding with its origin decided; a finding that is not certain is at most a warning."""
    alts = alternatives(ctx)
    findings = list(findings)
    # the previous year's report given is not this agency's previous year: a usage problem, so nothing
    # the year-over-year rules say about it is certain
    odd_pair = any(f.rule == "x_pair" for f in findings)
    out: list[Finding] = []
    for f in findings:
        if odd_pair and f.rule.startswith("x_") and f.origin is Origin.DOCUMENT:
            f = replace(
                f,
                origin=Origin.READING,
                message=f"{f.message}（用于比较的上一年度报告可能不对，结论仅供参考）"
                if f.rule != "x_pair"
                else f.message,
            )
        if f.origin is Origin.DOCUMENT:
            f = _reconsider(ctx, f, alts)
        if f.origin is Origin.READING and f.severity is Severity.ERROR:
            f = replace(f, severity=Severity.WARNING, detail={**f.detail, "unconfirmed": Severity.ERROR.value})
        out.append(f)
    return out


def _reconsider(ctx: Context, f: Finding, alts: list[Alternative]) -> Finding:
    if f.detail.get("under_every_reading"):
        return f  # wrong under every admissible reading of what is printed: certain although the cells are not
    if f.cells and any(c in ctx.uncertain for c in f.cells):
        return replace(f, origin=Origin.READING)
    alt = _explained(f, alts) if f.cells else None
    if alt is not None:
        return replace(
            f,
            origin=Origin.READING,
            message=f"{f.message}另一种读法可使勾稽关系成立：{alt.description}。可能是我们读错了表格，请先核对原文。",
            detail={**f.detail, "alternative": alt.to_dict()},
        )
    if ctx.report.layout in OCR_LAYOUTS and not f.rule.startswith(("t1_", "t2_", "t3_")):
        # a scan: text outside the tables (headings, sentences, dates) was read by OCR with no identity to
        # confirm it — what it says about the document is not certain
        return replace(
            f,
            origin=Origin.READING,
            message=f"{f.message}（扫描件经文字识别读取，正文、标题和日期可能漏识或误识，请对照原件核实。）",
        )
    if f.rule == "s_sections" and f.detail.get("section"):
        section = ctx.spec.section(str(f.detail["section"]))
        if any(note.code == "damaged_bytes" for note in ctx.report.notes):
            return replace(
                f,
                origin=Origin.READING,
                message=f"{f.message}（文件中有无法解码的损坏字节，缺少的部分可能是文件损坏或不完整所致，请核对原件。）",
            )
        if not ctx.report.sections:
            # not one of the six headings found: far more likely a layout we could not read (or not a report
            # at all) than a report without any of its parts
            return replace(
                f,
                origin=Origin.READING,
                message=f"{f.message}（六个部分的标题一个也没有识别出来，可能是版式未能读懂，请核对原文。）",
            )
        if _section_printed(ctx, section.title):
            return replace(
                f,
                origin=Origin.READING,
                message=f"{f.message}但正文中出现了“{section.title}”字样，可能是标题排版被拆分或编号不同，未能识别为标题，请核对原文。",
            )
    return f


__all__ = ["Alternative", "alternatives", "decide"]
