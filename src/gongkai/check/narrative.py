"""Narrative ↔ tables: counts stated in the text compared with the table cells.

The principle: **a narrative rule reports an error only when the sentence has one admissible reading and
it contradicts every admissible table reading; otherwise a 提示 (info) or nothing.**

- Every table reading a statement admits is tried ("收到" may be the new applications or new + carried;
  "办理" the concluded ones or all to be handled; 复议 may count all cases or the concluded ones); the
  finding says which one matched.
- The *text* must have one reading: the count exact (not 20余件, 近20件, 1,200件), one role (予以公开, or
  予以公开及部分公开 as their sum; not 上年结转 and 收到 at once), no word the rule does not understand
  (涉及房屋征收的, 网上, 自然人, 同比, 上年度 …), and a subject that is the applications / the 复议诉讼 about
  政府信息公开.  A statement that fails one of these and still matches a table reading is reported as
  info; one that does not match gives nothing.
- Negations apply to their subject: 未审结 37 件 negates nothing, 无极县 is a place, and 未发生…被行政复议纠错
  或行政诉讼败诉 speaks of corrections (``n_t3_upheld``), not of there being no cases.

How statements are read is in ``narrative_t2`` (申请) and ``narrative_t3`` (复议、诉讼); which rows belong
to an outcome category (（三）不予公开 …) comes from the format data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from gongkai.check.model import Finding, Severity
from gongkai.check.narrative_t2 import Claim, Reading, t2_claims
from gongkai.check.narrative_t3 import RESULTS, Upheld, t3_claims, t3_groups, upheld
from gongkai.check.registry import Context, rule
from gongkai.check.text import Sentence, sentences
from gongkai.normalize import Kind

__all__ = ["Reading", "t3_groups"]

_CHANGE = re.compile(r"增加|减少|增长|下降|上升|相比|同比|环比|较上年|较去年|比上年|比去年|持平|上年度|去年")


def _value(ctx: Context, reading: Reading) -> float | None:
    plus = [ctx.arithmetic(c) for c in reading[1]]
    minus = [ctx.arithmetic(c) for c in reading[2]]
    if any(v is None for v in plus + minus):
        return None
    return float(sum(v for v in plus if v is not None) - sum(v for v in minus if v is not None))


def _compare(
    ctx: Context,
    rule_id: str,
    s: Sentence,
    subject: str,
    stated: int,
    readings: tuple[Reading, ...] | list[Reading],
    quote: str = "",
    doubt: str | None = None,
) -> Iterator[Finding]:
    """Info when a reading matches; an error when none does and the text is certain (no ``doubt``)."""
    values = [(r, _value(ctx, r)) for r in readings]
    known = [(r, v) for r, v in values if v is not None]
    if not known:
        return
    matched = [r for r, v in known if v == stated]
    if not matched and (doubt is not None or len(known) < len(values)):
        return  # the text admits other readings, or a table reading could not be evaluated: no accusation
    cells = tuple(dict.fromkeys(c for r, _ in known for c in r[1] + r[2]))
    evidence = (s.evidence(), *(ctx.evidence(c) for c in cells))
    shown = "；".join(f"{r[0]} {int(v)}" for r, v in known)
    quote = quote.strip().rstrip("。!?") or s.text[:60]
    blank = [c for c in cells if ctx.value(c).kind is not Kind.NUMBER]
    if blank:
        shown += f"（{'、'.join(ctx.label(c) for c in blank)} 为空白，按 0 计）"
    # each reading's cells: added (plus) and taken away (minus), for whoever rewrites or explains the sentence
    terms = {r[0]: {"plus": list(r[1]), "minus": list(r[2])} for r, _ in known}
    if matched:
        detail: dict[str, object] = {
            "reading": matched[0][0],
            "readings": [r[0] for r in matched],
            "terms": {r[0]: terms[r[0]] for r in matched},
        }
        if doubt:
            detail["doubt"] = doubt
        yield Finding(
            rule=rule_id,
            severity=Severity.INFO,
            message=f"正文“{quote}”所述{subject} {stated} 与表格一致（按“{matched[0][0]}”理解）。",
            origin=ctx.origin_of(cells),
            cells=cells,
            expected=stated,
            actual=stated,
            evidence=evidence,
            detail=detail,
        )
        return
    yield Finding(
        rule=rule_id,
        severity=Severity.ERROR,
        message=f"正文写{subject} {stated}（“{quote}”），但表格中无论按哪种口径都不是 {stated}：{shown}。",
        origin=ctx.origin_of(cells),
        cells=cells,
        expected=stated,
        actual=[int(v) for _, v in known],
        evidence=evidence,
        detail={"readings": {r[0]: int(v) for r, v in known}, "terms": terms},
    )


def _claim(ctx: Context, rule_id: str, c: Claim) -> Iterator[Finding]:
    return _compare(ctx, rule_id, c.sentence, c.subject, c.stated, c.readings, c.quote, c.doubt)


@rule(
    "n_t2_counts",
    Severity.ERROR,
    "正文的申请件数与表格一致",
    "正文中收到、上年结转、办理（答复、办结）、结转下年度的申请件数，以及予以公开、不予公开、无法提供等各类办理结果的件数"
    "（几类连写如“予以公开及部分公开”为其和），与申请处理情况表一致。收到可理解为本年新收或新收＋上年结转，办理可理解为"
    "（七）总计或新收＋上年结转；只有表述唯一（确数、口径唯一、说的是政府信息公开申请）且任何口径都对不上时为错误。",
    group="narrative",
)
def t2_counts(ctx: Context) -> Iterator[Finding]:
    for c in t2_claims(ctx):
        yield from _claim(ctx, "n_t2_counts", c)


@rule(
    "n_t3_counts",
    Severity.ERROR,
    "正文的复议、诉讼件数与表格一致",
    "正文所述行政复议、行政诉讼件数（及其中维持、纠正、其他结果、尚未审结、已审结的件数）与复议诉讼情况表一致（总数可理解为"
    "总计或已审结件数，诉讼可为两类起诉合计或其中一类）；“无行政复议和行政诉讼”等表述要求表中相应总计为 0。"
    "“未审结”“被纠错”不是“无复议诉讼”；只有表述唯一且任何口径都对不上时为错误。",
    group="narrative",
)
def t3_counts(ctx: Context) -> Iterator[Finding]:
    for c in t3_claims(ctx):
        yield from _claim(ctx, "n_t3_counts", c)


_T1_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[str], str]], ...] = (
    (
        re.compile(r"(?:制发|印发|出台|制定)[^,;:。]{0,6}?(行政规范性文件|规范性文件|规章)\s*(\d+)\s*件"),
        lambda kind: f"t1.{'rules' if kind == '规章' else 'normative'}.issued",
    ),
    (
        re.compile(r"废止[^,;:。]{0,6}?(行政规范性文件|规范性文件|规章)\s*(\d+)\s*件"),
        lambda kind: f"t1.{'rules' if kind == '规章' else 'normative'}.abolished",
    ),
    (
        re.compile(r"现行有效[^,;:。]{0,6}?(行政规范性文件|规范性文件|规章)\s*(\d+)\s*件"),
        lambda kind: f"t1.{'rules' if kind == '规章' else 'normative'}.valid",
    ),
    (
        re.compile(r"(行政许可|行政处罚|行政强制)(?:决定)?\s*(\d+)\s*(?:件|个|项|起)"),
        lambda kind: (
            {"行政许可": "t1.licensing", "行政处罚": "t1.punishment", "行政强制": "t1.enforcement"}[kind] + ".decisions"
        ),
    ),
)
_APPROX_T1 = re.compile(r"(?:近|约|超过|逾|不足|不到)\s*$|^\s*(?:余|多|左右|以上)")


@rule(
    "n_t1_counts",
    Severity.WARNING,
    "正文的文件、许可、处罚件数与表格一致",
    "正文中紧接数字的制发/废止/现行有效规章和行政规范性文件件数、行政许可/处罚/强制决定数与主动公开情况表一致"
    "（约数、同比变化、上年度的数字不比较）。",
    group="narrative",
)
def t1_counts(ctx: Context) -> Iterator[Finding]:
    for s in sentences(ctx):
        for pattern, cell_of in _T1_PATTERNS:
            for m in pattern.finditer(s.text):
                cid = cell_of(m.group(1))
                clause = re.split(r"[,;:]", s.text[: m.start()])[-1] + m.group(0)
                if cid not in ctx.spec.label_index or _CHANGE.search(clause):
                    continue
                approx = _APPROX_T1.search(s.text[: m.start(2)]) or _APPROX_T1.match(s.text[m.end(2) :])
                doubt = "约数" if approx else None
                for f in _compare(
                    ctx, "n_t1_counts", s, m.group(1), int(m.group(2)), [(m.group(1), (cid,), ())], doubt=doubt
                ):
                    yield f if f.severity is not Severity.ERROR else replace(f, severity=Severity.WARNING)


@rule(
    "n_t3_upheld",
    Severity.ERROR,
    "“均获维持”等表述与复议诉讼结果一致",
    "正文称行政复议、行政诉讼“均获维持”（“全部维持”“均予以维持”），则复议诉讼情况表中相应一组（行政复议、未经复议直接起诉、"
    "复议后起诉）的结果纠正、其他结果、尚未审结都应为 0；“均胜诉”要求结果纠正、尚未审结为 0；“未被纠正”（“未发生…被行政复议"
    "纠错或行政诉讼败诉”）要求结果纠正为 0。所说的组取自同一分句，或其前说到复议诉讼的分句（到已列出结果的分句或分号为止）。"
    "纠正或尚未审结不为 0 是错误，只有其他结果不为 0 为警告；说的是“已审结的”案件时不计尚未审结；“其余均获维持”不比较。",
    group="narrative",
)
def t3_upheld(ctx: Context) -> Iterator[Finding]:
    for u in upheld(ctx):
        for group in u.groups:
            yield from _upheld_group(ctx, u, group)


def _upheld_group(ctx: Context, u: Upheld, group: str) -> Iterator[Finding]:
    s, zero = u.sentence, u.zero
    parts = {r: f"t3.{group}_{r}" for r in ("maintain", "correct", "other", "pending")}
    total = f"t3.{group}_total"
    cells = (*parts.values(), total)
    numbers = {r: ctx.arithmetic(c) for r, c in parts.items()}
    if any(numbers[r] is None for r in zero):
        return
    cases = max(ctx.arithmetic(total) or 0, sum(v or 0 for v in numbers.values()))
    if not cases:
        return  # nothing to uphold: the counts are checked by n_t3_counts
    wrong = {r: numbers[r] for r in zero if numbers[r]}
    name = _GROUP_NAMES[group]
    quote = s.text if len(s.text) <= 80 else s.text[:78] + "…"
    evidence = (s.evidence(), *(ctx.evidence(c) for c in cells))
    if not wrong:
        yield Finding(
            rule="n_t3_upheld",
            severity=Severity.INFO,
            message=f"正文“{quote}”称{u.says}，与表中{name}的结果一致（"
            + "、".join(f"{RESULTS[r]} 0" for r in zero)
            + "）。",
            origin=ctx.origin_of(cells),
            cells=cells,
            expected={parts[r]: 0 for r in zero},
            actual={parts[r]: numbers[r] for r in zero},
            evidence=evidence,
            detail={"group": group, "statement": u.phrase},
        )
        return
    if u.doubt is not None:
        return  # the statement may be about other cases: not an accusation
    shown = "、".join(f"{RESULTS[r]} {int(v or 0)}" for r, v in wrong.items())
    serious = bool({"correct", "pending"} & set(wrong))
    yield Finding(
        rule="n_t3_upheld",
        severity=Severity.ERROR if serious else Severity.WARNING,
        message=f"正文称“{u.phrase}”（“{quote}”），但复议诉讼情况表中{name}共 {int(cases)} 件，其中{shown}。",
        origin=ctx.origin_of(cells),
        cells=cells,
        expected={parts[r]: 0 for r in zero},
        actual={parts[r]: numbers[r] for r in zero},
        evidence=evidence,
        detail={"group": group, "statement": u.phrase, "nonzero": {RESULTS[r]: v for r, v in wrong.items()}},
    )


_GROUP_NAMES = {"review": "行政复议", "suit_direct": "未经复议直接起诉", "suit_after": "复议后起诉"}
