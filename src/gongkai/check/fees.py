"""Fees in the narrative: what sections 一 and 六 say about 信息处理费, compared with each other and with
the tables, and section 六's 信息处理费 item.

Two different fees appear in a report and must not be mixed up:

- **信息处理费** (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号) is charged on information requests; the
  narrative reports it ("未收取信息处理费", "收取信息处理费300元"), usually as the first item of section 六
  (2021 format).  No table cell holds it; applications dropped because a fee notice went unpaid are
  counted in ``t2.o_other_fee``.
- **行政事业性收费** is the agency's own fees under 条例第二十条第（八）项: ``t1.fees.amount_wan_yuan`` (万元) in the
  2021 table one; the 2019 trial table one counts fee *items* instead (``t1.fees.prev_items``/``change``).

So (format data, ``p_fee_row_vs_processing_fee``) a 信息处理费 statement is never compared with ``t1.fees``; only
a statement naming 行政事业性收费 is.  Amounts are compared in 元, exactly (Decimal), after converting 万元;
an amount printed in 万元 with d > 0 decimals also matches what rounds to it (a whole number of 万元 is exact).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from gongkai.check.model import Finding, Severity
from gongkai.check.registry import Context, rule
from gongkai.check.text import Sentence, clauses, sentences

_WAN = Decimal(10000)
_AMOUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万元|元)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_FEE_WORD = re.compile(r"信息处理费|处理费|收费|费用")
_COLLECT = re.compile(r"收取|收缴|征收|收费|共收|处理费|费用")
_NOT_COLLECTED = re.compile(r"减免|免除|免收|退还|退回|其中")
# words in which 收费/费用 do not mean money collected on requests
_OTHER_FEE = re.compile(r"经费|收费通知|缴纳费用|收费标准|收费项目|收费目录|收费依据|收费公示|收费信息|收费清单")
_ADMINISTRATIVE = re.compile(r"行政事业性收费")
_ON_REQUEST = re.compile(r"信息处理费|处理费|申请|信息公开|政务公开")
_ZERO = re.compile(
    r"(?:未|没有|不|无需|并未|均未)(?:收取|收缴|征收|收费|产生|发生|涉及)"
    r"|(?:无|没有|未有)[^，。；,;]{0,24}?(?:收费|收取|处理费|费用)"
    r"|免费|零收费|免收|不收费"
)
_PROCESSING_MENTION = re.compile(r"信息处理费|处理费|收费|收取[^，。；]{0,20}费")


@dataclass(frozen=True, slots=True)
class FeeStatement:
    """A fee the narrative says was (or was not) collected."""

    sentence: Sentence
    kind: str  # "processing" (信息处理费, fees on requests) or "administrative" (行政事业性收费)
    yuan: Decimal  # the amount in 元 (0 for "未收取")
    printed: str  # the amount as printed ("300元", "0.03万元"), or the negation ("未收取")
    unit: str | None  # 元 / 万元; None for a negation

    @property
    def tolerance(self) -> Decimal:
        """Half a unit of the last printed decimal of an amount in 万元 ("0.03万元" may be 250–349 元), else 0.

        A whole number of 万元 is taken as exact: "2万元" is not a rounded 1.5 万元.
        """
        if self.unit != "万元" or "." not in self.printed:
            return Decimal(0)
        decimals = len(self.printed.split(".")[1].rstrip("万元 "))
        return _WAN * Decimal(5) * Decimal(10) ** -(decimals + 1)

    def shown(self) -> str:
        return f"{self.printed}（即 {_yuan(self.yuan)} 元）" if self.unit == "万元" else self.printed


def _yuan(amount: Decimal) -> str:
    return f"{amount.normalize():f}"


def _kind(s: Sentence, previous: Sentence | None) -> str | None:
    text = _OTHER_FEE.sub("", s.text)
    if not _FEE_WORD.search(text):
        return None
    if _ADMINISTRATIVE.search(text):
        return "administrative"
    if _ON_REQUEST.search(text):
        return "processing"
    if previous is not None and re.search(r"信息处理费|处理费", previous.text):  # under a "（一）信息处理费" line
        return "processing"
    return None


def statements(ctx: Context, section_ids: tuple[str, ...] = ("s1", "s6")) -> list[FeeStatement]:
    """Every fee the narrative of these sections says was collected (an amount) or not (a negation)."""
    key = "fee_statements:" + ",".join(section_ids)
    if key in ctx.memo:
        found: list[FeeStatement] = ctx.memo[key]
        return found
    out: list[FeeStatement] = []
    previous: Sentence | None = None
    for s in sentences(ctx):
        if s.section.id not in section_ids:
            continue
        same = previous if previous is not None and previous.section.id == s.section.id else None
        previous = s
        kind = _kind(s, same)
        if kind is None:
            continue
        text = _THOUSANDS.sub("", _OTHER_FEE.sub("", s.text))  # "1,200元": the comma would split the clause
        amount = next(
            (
                m
                for clause in clauses(text)
                if _COLLECT.search(clause) and not _NOT_COLLECTED.search(clause)
                for m in [_AMOUNT.search(clause)]
                if m is not None
            ),
            None,
        )
        if amount is not None:
            number, unit = Decimal(amount.group(1)), amount.group(2)
            out.append(FeeStatement(s, kind, number * _WAN if unit == "万元" else number, amount.group(0), unit))
        elif (zero := _ZERO.search(text)) is not None:
            out.append(FeeStatement(s, kind, Decimal(0), zero.group(0), None))
    ctx.memo[key] = out
    return out


def _agree(a: FeeStatement, b: FeeStatement) -> str | None:
    """The reading under which two statements state the same amount, or None."""
    if a.yuan == b.yuan:
        if (a.unit is None and b.unit is None) or a.yuan == 0:
            return "均为未收取（0 元）"
        return "金额相同" if a.unit == b.unit else "元与万元换算后相同"
    if abs(a.yuan - b.yuan) <= max(a.tolerance, b.tolerance):
        return "万元金额四舍五入后相同"
    return None


@rule(
    "n_fee_statements",
    Severity.ERROR,
    "正文各处的信息处理费表述一致",
    "“一、总体情况”与“六、其他需要报告的事项”关于信息处理费（依申请公开收费）的表述应一致：“未收取”即 0 元；"
    "金额按元比较，“万元”换算为元，按万元印出的金额允许四舍五入。两处说法在任何换算下都不同为错误。",
    group="narrative",
)
def fee_statements(ctx: Context) -> Iterator[Finding]:
    found = [f for f in statements(ctx) if f.kind == "processing"]
    first = [f for f in found if f.sentence.section.id == "s1"]
    sixth = [f for f in found if f.sentence.section.id == "s6"]
    if not first or not sixth:
        return
    agreed: list[tuple[FeeStatement, FeeStatement, str]] = []
    for a in _distinct(first):
        for b in _distinct(sixth):
            reading = _agree(a, b)
            if reading is not None:
                agreed.append((a, b, reading))
                continue
            same_digits = (
                a.unit and b.unit and a.unit != b.unit and a.printed.rstrip("万元 ") == b.printed.rstrip("万元 ")
            )
            yield Finding(
                rule="n_fee_statements",
                severity=Severity.ERROR,
                message=f"信息处理费前后说法不一：“一、总体情况”写 {a.shown()}，“六、其他需要报告的事项”写 {b.shown()}"
                + ("（数字相同而单位不同）" if same_digits else "")
                + "。",
                expected=_yuan(a.yuan),
                actual=_yuan(b.yuan),
                evidence=(a.sentence.evidence(), b.sentence.evidence()),
                detail={"unit": "元", "s1": a.printed, "s6": b.printed},
            )
    if agreed and len(agreed) == len(_distinct(first)) * len(_distinct(sixth)):
        a, b, reading = agreed[0]
        yield Finding(
            rule="n_fee_statements",
            severity=Severity.INFO,
            message=f"信息处理费：“一、总体情况”（{a.printed}）与“六、其他需要报告的事项”（{b.printed}）一致（{reading}）。",
            expected=_yuan(a.yuan),
            actual=_yuan(b.yuan),
            evidence=(a.sentence.evidence(), b.sentence.evidence()),
            detail={"reading": reading, "unit": "元"},
        )


def _distinct(found: list[FeeStatement]) -> list[FeeStatement]:
    """One statement per amount (the first that states it)."""
    out: list[FeeStatement] = []
    for f in found:
        if all(_agree(f, g) is None for g in out):
            out.append(f)
    return out


_T1_FEES = "t1.fees.amount_wan_yuan"


@rule(
    "n_fee_t1",
    Severity.WARNING,
    "正文的行政事业性收费金额与表格一致",
    "正文写明“行政事业性收费”金额时，应与主动公开情况表第二十条第（八）项“本年收费金额（单位：万元）”一致（元换算为万元，"
    "允许按表中小数位四舍五入）；只有把表中数字当作“元”才一致时，提示表格单位有误。信息处理费不是行政事业性收费，不与该格比较。",
    group="narrative",
)
def fee_t1(ctx: Context) -> Iterator[Finding]:
    if _T1_FEES not in ctx.spec.label_index:
        return  # the 2019 trial table one counts fee items, not an amount
    cell = ctx.arithmetic(_T1_FEES)
    if cell is None:
        return
    printed = ctx.value(_T1_FEES).raw.strip()
    decimals = len(printed.split(".")[1]) if "." in printed and printed.replace(".", "").isdigit() else 0
    table = Decimal(str(cell))
    for f in statements(ctx, ("s1", "s5", "s6")):
        if f.kind != "administrative":
            continue
        wan = f.yuan / _WAN
        table_rounding = Decimal(5) * Decimal(10) ** -(decimals + 1) if decimals else Decimal(0)
        rounding = max(table_rounding, f.tolerance / _WAN)
        readings = [
            ("按万元换算", abs(wan - table) <= rounding),
            ("表中数字按元填写", f.yuan == table and f.yuan != 0),
        ]
        matched = next((name for name, ok in readings if ok), None)
        evidence = (f.sentence.evidence(), ctx.evidence(_T1_FEES))
        origin = ctx.origin_of([_T1_FEES])
        if matched == "按万元换算":
            yield Finding(
                rule="n_fee_t1",
                severity=Severity.INFO,
                message=f"正文所述行政事业性收费 {f.shown()} 与表中 {printed} 万元一致（{matched}）。",
                origin=origin,
                cells=(_T1_FEES,),
                expected=float(wan),
                actual=cell,
                evidence=evidence,
                detail={"reading": matched},
            )
            continue
        message = f"正文所述行政事业性收费为 {f.shown()}，表中“本年收费金额（单位：万元）”印为 {printed}，" + (
            f"只有把表中数字当作元才一致，表格单位疑有误（应为 {_yuan(wan)} 万元）。"
            if matched
            else f"按万元（{_yuan(wan)} 万元）或按元理解都不一致。"
        )
        yield Finding(
            rule="n_fee_t1",
            severity=Severity.WARNING,
            message=message,
            origin=origin,
            cells=(_T1_FEES,),
            expected=float(wan),
            actual=cell,
            evidence=evidence,
            detail={"reading": matched}
            if matched
            else {"readings": {"按万元换算": float(wan), "表中数字按元填写": float(f.yuan)}},
        )


def _applications(ctx: Context) -> int | float | None:
    new, carried = ctx.arithmetic("t2.r_new.total"), ctx.arithmetic("t2.r_carried.total")
    return None if new is None or carried is None else new + carried


@rule(
    "n_fee_applications",
    Severity.WARNING,
    "收取信息处理费须有申请",
    "正文称收取了信息处理费（金额大于 0），申请处理情况表的本年新收＋上年结转却为 0：信息处理费只对政府信息公开申请收取。",
    group="narrative",
)
def fee_applications(ctx: Context) -> Iterator[Finding]:
    handled = _applications(ctx)
    if handled is None or handled > 0:
        return
    cells = ("t2.r_new.total", "t2.r_carried.total")
    for f in statements(ctx):
        if f.kind == "processing" and f.yuan > 0:
            yield Finding(
                rule="n_fee_applications",
                severity=Severity.WARNING,
                message=f"正文称收取信息处理费 {f.shown()}，但本年新收与上年结转的政府信息公开申请都是 0。",
                origin=ctx.origin_of(cells),
                cells=cells,
                expected="> 0",
                actual=handled,
                evidence=(f.sentence.evidence(), *(ctx.evidence(c) for c in cells)),
            )


_UNPAID = "t2.o_other_fee.total"


@rule(
    "n_fee_reported",
    Severity.WARNING,
    "第六部分报告信息处理费收取情况",
    "2021 年格式（报告年度 2021 年起）“六、其他需要报告的事项”的第一项是依据《政府信息公开信息处理费管理办法》收取信息处理费的情况"
    "（收取的金额，或“未收取”）；第六部分未提及信息处理费为警告（只在“一、总体情况”中说明时为提示）。"
    "申请处理情况表中有逾期未缴费不再处理的申请时，信息处理费更应说明。",
    group="narrative",
)
def fee_reported(ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    due = report.year >= 2021 if report.year is not None else report.format == "2021"
    s6 = report.section("s6")
    if not due or s6 is None or _PROCESSING_MENTION.search(_OTHER_FEE.sub("", s6.text)):
        return
    in_s1 = [f for f in statements(ctx, ("s1",)) if f.kind == "processing"]
    unpaid = ctx.arithmetic(_UNPAID) if _UNPAID in ctx.spec.label_index else None
    message = "“六、其他需要报告的事项”没有说明信息处理费的收取情况（收取金额或未收取）"
    evidence = [f.sentence.evidence() for f in in_s1[:1]]
    cells: tuple[str, ...] = ()
    if unpaid:
        message += f"；而申请处理情况表中有 {int(unpaid)} 件申请因逾期未缴纳信息处理费不再处理"
        cells = (_UNPAID,)
        evidence.append(ctx.evidence(_UNPAID))
    if in_s1:
        message += f"（“一、总体情况”中写了：{in_s1[0].printed}）"
    yield Finding(
        rule="n_fee_reported",
        severity=Severity.INFO if in_s1 and not unpaid else Severity.WARNING,
        message=message + "。",
        origin=ctx.origin_of(cells),
        cells=cells,
        expected="信息处理费收取情况",
        actual=None,
        evidence=tuple(evidence),
        detail={"section": "s6", "unpaid": unpaid},
    )
