"""Rules on single table values: what kind of thing each printed cell is.

Counts are non-negative integers; the 第二十条第（八）项 fee is a non-negative decimal in 万元 (and a value
that looks entered in 元 is flagged); blank, dash and text cells are reported (the official template
wants 0), and count as 0 for arithmetic when that is what they mean.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.check.model import Finding, Origin, Severity
from gongkai.check.registry import Context, rule
from gongkai.normalize import Kind, nfkc
from gongkai.spec import Column

_TABLE_NAME = {"t1": "主动公开情况表", "t2": "申请处理情况表", "t3": "复议诉讼情况表"}
_ZERO_WORDS = frozenset({"无", "空", "零"})
_YUAN_LOOKING = 10_000  # 1 亿元 in 万元: above this the amount was most likely typed in 元


def _column(ctx: Context, cid: str) -> Column | None:
    bits = cid.split(".")
    table = ctx.spec.tables[bits[0]]
    try:
        return table.column(bits[-1])
    except KeyError:
        return None


def _is_decimal(ctx: Context, cid: str) -> bool:
    col = _column(ctx, cid)
    return bool(col and col.decimal)


def _is_signed(ctx: Context, cid: str) -> bool:
    col = _column(ctx, cid)
    return bool(col and col.signed)


@rule(
    "v_nonneg_int",
    Severity.ERROR,
    "件数应为非负整数",
    "主动公开情况表的件数、申请处理情况表和复议诉讼情况表的全部单元格都应是非负整数"
    "（2019 年格式的“本年增/减”可为负数）。",
    group="values",
)
def nonneg_int(ctx: Context) -> Iterator[Finding]:
    for cid in ctx.spec.cell_ids:
        v = ctx.value(cid)
        if v.kind is not Kind.NUMBER or v.number is None or _is_decimal(ctx, cid):
            continue
        bad_sign = v.number < 0 and not _is_signed(ctx, cid)
        bad_int = not float(v.number).is_integer()
        if not (bad_sign or bad_int):
            continue
        what = "负数" if bad_sign else "小数"
        yield Finding(
            rule="v_nonneg_int",
            severity=Severity.ERROR,
            message=f"“{ctx.label(cid)}”印为 {v.raw.strip()}，是{what}；件数应为非负整数。",
            origin=ctx.origin_of([cid]),
            cells=(cid,),
            expected="非负整数",
            actual=v.number,
            evidence=(ctx.evidence(cid),),
        )


def _fee_cells(ctx: Context) -> list[str]:
    return [c for c in ctx.spec.tables["t1"].cells if _is_decimal(ctx, c) and c.startswith("t1.fees.")]


@rule(
    "v_fee_decimal",
    Severity.ERROR,
    "收费金额应为非负数（万元）",
    "主动公开情况表第二十条第（八）项“本年收费金额（单位：万元）”应是非负的数（可有小数）。",
    group="values",
)
def fee_decimal(ctx: Context) -> Iterator[Finding]:
    for cid in _fee_cells(ctx):
        v = ctx.value(cid)
        if v.kind is Kind.NUMBER and v.number is not None and v.number < 0:
            yield Finding(
                rule="v_fee_decimal",
                severity=Severity.ERROR,
                message=f"行政事业性收费金额印为 {v.raw.strip()}，为负数；应为非负金额（万元）。",
                origin=ctx.origin_of([cid]),
                cells=(cid,),
                expected="≥ 0",
                actual=v.number,
                evidence=(ctx.evidence(cid),),
            )


_YUAN_TEXT = re.compile(r"(?<!万)元")
# a number printed with its unit (12件, 395个, 73802895.90元): the number is there, the unit is superfluous
_WITH_UNIT = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?\s*(?:万元|元|件|个|条|项|次|宗|起|人次)")
_AMOUNT = re.compile(r"-?\d+(?:\.\d+)?")


@rule(
    "v_fee_unit",
    Severity.WARNING,
    "收费金额单位疑为“元”",
    "收费金额的单位是万元；单元格写了“元”（不是“万元”），或金额达到 10000（即 1 亿元）以上，多半是按元填写的。",
    group="values",
)
def fee_unit(ctx: Context) -> Iterator[Finding]:
    for cid in _fee_cells(ctx):
        v = ctx.value(cid)
        raw = nfkc(v.raw)
        amount: float | None = float(v.number) if v.kind is Kind.NUMBER and v.number is not None else None
        if _YUAN_TEXT.search(raw):
            m = _AMOUNT.search(raw.replace(",", ""))
            shown = m.group(0) if m else raw
            msg = f"收费金额写作“{v.raw.strip()}”，单位是元；表格要求万元（应为 {float(shown) / 10000:g} 万元）。"
            if not m:
                msg = f"收费金额写作“{v.raw.strip()}”，单位是元；表格要求万元。"
        elif amount is not None and amount >= _YUAN_LOOKING:
            yi = amount / 10000
            msg = f"收费金额 {v.raw.strip()} 万元即 {yi:g} 亿元，疑为按元填写（应为 {yi:g} 万元？）。"
        else:
            continue
        yield Finding(
            rule="v_fee_unit",
            severity=Severity.WARNING,
            message=msg,
            origin=ctx.origin_of([cid]),
            cells=(cid,),
            expected="万元",
            actual=v.raw,
            evidence=(ctx.evidence(cid),),
        )


def _grouped(ctx: Context, kind: Kind) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cid in ctx.spec.cell_ids:
        if ctx.value(cid).kind is kind:
            out.setdefault(cid.split(".")[0], []).append(cid)
    return out


@rule(
    "v_blank_cell",
    Severity.WARNING,
    "空白单元格",
    "官方表格每格都应填写（没有就填 0）；空白单元格在勾稽计算中按 0 计，但逐一报告。",
    group="values",
)
def blank_cells(ctx: Context) -> Iterator[Finding]:
    for table, cells in _grouped(ctx, Kind.BLANK).items():
        yield Finding(
            rule="v_blank_cell",
            severity=Severity.WARNING,
            message=f"{_TABLE_NAME[table]}有 {len(cells)} 个单元格空白（应填 0）："
            + "；".join(ctx.label(c) for c in cells[:6])
            + ("等" if len(cells) > 6 else "")
            + "。",
            origin=ctx.origin_of(cells),
            cells=tuple(cells),
            expected=0,
            actual="",
            evidence=tuple(ctx.evidence(c) for c in cells),
        )


@rule(
    "v_dash_cell",
    Severity.WARNING,
    "以“—”“/”代替数字",
    "单元格印的是“—”“/”等符号而不是数字；按 0 计算，但官方表格应填 0。",
    group="values",
)
def dash_cells(ctx: Context) -> Iterator[Finding]:
    for table, cells in _grouped(ctx, Kind.DASH).items():
        shown = "、".join(sorted({ctx.value(c).raw.strip() for c in cells}))
        yield Finding(
            rule="v_dash_cell",
            severity=Severity.WARNING,
            message=f"{_TABLE_NAME[table]}有 {len(cells)} 个单元格印为“{shown}”而非数字（按 0 计）。",
            origin=ctx.origin_of(cells),
            cells=tuple(cells),
            expected=0,
            actual=shown,
            evidence=tuple(ctx.evidence(c) for c in cells),
        )


@rule(
    "v_text_cell",
    Severity.ERROR,
    "单元格中是文字而非数字",
    "数字单元格印的是文字。“无”“空”按 0 计并给出警告；带单位的数字（如“12件”“395.5元”）给出警告；"
    "其他文字无法参与计算，是错误。",
    group="values",
)
def text_cells(ctx: Context) -> Iterator[Finding]:
    fees = set(_fee_cells(ctx))
    for cid in ctx.spec.cell_ids:
        v = ctx.value(cid)
        if v.kind is not Kind.TEXT or (cid in fees and _YUAN_TEXT.search(nfkc(v.raw))):
            continue  # an amount written with 元 is reported by v_fee_unit
        zero = v.raw.strip() in _ZERO_WORDS
        with_unit = _WITH_UNIT.fullmatch(nfkc(v.raw).strip()) is not None
        if zero:
            says = "，按 0 计；官方表格应填 0。"
        elif with_unit:
            says = "，是带单位的数字；表格栏目已有单位，单元格应只填数字（该格未参与勾稽计算）。"
        else:
            says = "，不是数字，无法参与勾稽计算。"
        yield Finding(
            rule="v_text_cell",
            severity=Severity.WARNING if zero or with_unit else Severity.ERROR,
            message=f"“{ctx.label(cid)}”印为文字“{v.raw.strip()}”" + says,
            origin=Origin.DOCUMENT if cid not in ctx.uncertain else Origin.READING,
            cells=(cid,),
            expected="数字",
            actual=v.raw,
            evidence=(ctx.evidence(cid),),
        )
