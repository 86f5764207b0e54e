"""Narrative ↔ tables: counts stated in the text compared with the table cells.

A count may admit several readings (applications "收到" may be the new ones only or new + carried; "办理"
may be the concluded ones or all to be handled; 复议 may count all cases or the concluded ones).  Every
admissible reading is tried; the finding says which one matched, and a mismatch under every reading is
an error.  Which rows belong to an outcome category (（三）不予公开 …) comes from the format data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from gongkai.check.model import Finding, Severity
from gongkai.check.registry import Context, rule
from gongkai.check.text import Sentence, clauses, counts, sentences
from gongkai.normalize import Kind, label_key, strip_ordinal

Reading = tuple[str, tuple[str, ...], tuple[str, ...]]  # (name, cells added, cells subtracted)

_NOT_APPLICATIONS = re.compile(r"复议|诉讼|建议|提案|热线|12345|工单|咨询|留言|信访|举报|投诉|来电|来信")
_CHANGE = re.compile(r"增加|减少|增长|下降|相比|同比|环比|较上年|较去年|持平")
_CARRIED = re.compile(r"上一?年度?结转|结转上一?年")
_NEXT = re.compile(r"结转下|结转至下|转下一?年|转入下|顺延|结转到下|下一?年度继续办理")
_RECEIVED = re.compile(r"收到|新收|受理|接收|接到|提出")
_HANDLED = re.compile(r"办理|办结|答复|处理|回复|完成")


def _t2(row: str) -> tuple[str, ...]:
    return (f"t2.{row}.total",)


def _application_readings(clause: str) -> tuple[str, list[Reading]] | None:
    new, carried, total, nxt = _t2("r_new"), _t2("r_carried"), _t2("o_total"), _t2("r_next")
    if _CARRIED.search(clause):
        return "上年结转", [("上年结转", carried, ())]
    if _NEXT.search(clause):
        return "结转下年度", [("结转下年度继续办理", nxt, ())]
    readings: list[Reading] = []
    if _RECEIVED.search(clause):
        readings += [("本年新收", new, ()), ("新收＋上年结转", new + carried, ())]
    if _HANDLED.search(clause) or "受理" in clause:
        readings += [("办理结果（七）总计", total, ()), ("新收＋上年结转", new + carried, ()), ("本年新收", new, ())]
    if not readings:
        return None
    seen: dict[str, Reading] = {}
    for r in readings:
        seen.setdefault(r[0], r)
    return ("申请数量", list(seen.values()))


def _categories(ctx: Context) -> list[tuple[str, tuple[str, ...]]]:
    """(keyword, total cells) of every outcome category, from the t2 row tree of the format."""
    t2 = ctx.spec.tables["t2"]
    out: list[tuple[str, tuple[str, ...]]] = []
    for row in t2.rows:
        if row.parent != "g_results" or row.id == "o_total":
            continue
        key = strip_ordinal(label_key(row.label)).split("(")[0]
        members = (row.id,) if row.data else tuple(r.id for r in t2.data_rows if r.parent == row.id)
        out.append((key, tuple(f"t2.{m}.total" for m in members)))
        if row.id == "o_open":
            out.append(("同意公开", (f"t2.{row.id}.total",)))
    return sorted(out, key=lambda kv: -len(kv[0]))


def _review_readings(clause: str) -> tuple[str, list[Reading]] | None:
    has_review, has_suit = "复议" in clause, bool(re.search(r"诉讼|起诉", clause))
    if has_review and not has_suit:
        return "行政复议", [
            ("行政复议总计", ("t3.review_total",), ()),
            ("已审结（总计−尚未审结）", ("t3.review_total",), ("t3.review_pending",)),
        ]
    if has_suit and not has_review:
        both = ("t3.suit_direct_total", "t3.suit_after_total")
        return "行政诉讼", [
            ("行政诉讼合计（直接起诉＋复议后起诉）", both, ()),
            ("已审结（合计−尚未审结）", both, ("t3.suit_direct_pending", "t3.suit_after_pending")),
            ("未经复议直接起诉", ("t3.suit_direct_total",), ()),
            ("复议后起诉", ("t3.suit_after_total",), ()),
        ]
    return None


def _value(ctx: Context, reading: Reading) -> float | None:
    plus = [ctx.arithmetic(c) for c in reading[1]]
    minus = [ctx.arithmetic(c) for c in reading[2]]
    if any(v is None for v in plus + minus):
        return None
    return float(sum(v for v in plus if v is not None) - sum(v for v in minus if v is not None))


def _compare(
    ctx: Context, rule_id: str, s: Sentence, subject: str, stated: int, readings: list[Reading], quote: str = ""
) -> Iterator[Finding]:
    values = [(r, _value(ctx, r)) for r in readings]
    known = [(r, v) for r, v in values if v is not None]
    if not known:
        return
    cells = tuple(dict.fromkeys(c for r, _ in known for c in r[1] + r[2]))
    evidence = (s.evidence(), *(ctx.evidence(c) for c in cells))
    matched = [r for r, v in known if v == stated]
    shown = "；".join(f"{r[0]} {int(v)}" for r, v in known)
    quote = quote.strip() or s.text[:60]
    blank = [c for c in cells if ctx.value(c).kind is not Kind.NUMBER]
    if blank:
        shown += f"（{'、'.join(ctx.label(c) for c in blank)} 为空白，按 0 计）"
    if matched:
        yield Finding(
            rule=rule_id,
            severity=Severity.INFO,
            message=f"正文“{quote}”所述{subject} {stated} 与表格一致（按“{matched[0][0]}”理解）。",
            origin=ctx.origin_of(cells),
            cells=cells,
            expected=stated,
            actual=stated,
            evidence=evidence,
            detail={"reading": matched[0][0], "readings": [r[0] for r in matched]},
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
        detail={"readings": {r[0]: int(v) for r, v in known}},
    )


@rule(
    "n_t2_counts",
    Severity.ERROR,
    "正文的申请件数与表格一致",
    "正文中收到、上年结转、办理（答复、办结）、结转下年度的申请件数，以及予以公开、不予公开、无法提供等各类办理结果的件数，"
    "与申请处理情况表一致。收到可理解为本年新收或新收＋上年结转，办理可理解为（七）总计或新收＋上年结转；任何口径都对不上为错误。",
    group="narrative",
)
def t2_counts(ctx: Context) -> Iterator[Finding]:
    categories = _categories(ctx)
    for s in sentences(ctx):
        if "申请" not in s.text:
            continue
        for clause in clauses(s.text):
            found = counts(clause)
            if len(found) != 1 or _NOT_APPLICATIONS.search(clause) or _CHANGE.search(clause):
                continue
            stated = found[0][0]
            category = next((kv for kv in categories if kv[0] in label_key(clause)), None)
            if category is not None:
                reading: Reading = (category[0], category[1], ())
                yield from _compare(ctx, "n_t2_counts", s, f"“{category[0]}”", stated, [reading], clause)
            elif ("申请" in clause or _CARRIED.search(clause) or _NEXT.search(clause)) and (
                got := _application_readings(clause)
            ) is not None:
                yield from _compare(ctx, "n_t2_counts", s, got[0], stated, got[1], clause)
        if re.search(r"(?:未|没有)(?:收到|受理|接到)[^，。；]{0,12}申请", s.text):
            yield from _compare(ctx, "n_t2_counts", s, "申请数量", 0, [("本年新收", _t2("r_new"), ())])


_NEGATED = re.compile(r"(?:无|没有|未)(?![被经])(?:发生|收到|出现|产生|涉及|接到|有)?([^，。；]{0,40})")


@rule(
    "n_t3_counts",
    Severity.ERROR,
    "正文的复议、诉讼件数与表格一致",
    "正文所述行政复议、行政诉讼件数与复议诉讼情况表一致（可理解为总计或已审结件数，诉讼可为两类起诉合计或其中一类）；"
    "“无行政复议和行政诉讼”等表述要求表中相应总计为 0。",
    group="narrative",
)
def t3_counts(ctx: Context) -> Iterator[Finding]:
    for s in sentences(ctx):
        if not re.search(r"复议|诉讼", s.text):
            continue
        for clause in clauses(s.text):
            found = counts(clause)
            got = _review_readings(clause)
            if len(found) == 1 and got is not None and not _CHANGE.search(clause):
                yield from _compare(ctx, "n_t3_counts", s, got[0], found[0][0], got[1], clause)
        for m in _NEGATED.finditer(s.text):
            tail = m.group(0)[:40]
            subjects: list[tuple[str, Reading]] = []
            if "行政复议" in tail:
                subjects.append(("行政复议", ("行政复议总计", ("t3.review_total",), ())))
            if "行政诉讼" in tail:
                both = ("t3.suit_direct_total", "t3.suit_after_total")
                subjects.append(("行政诉讼", ("行政诉讼合计", both, ())))
            for subject, reading in subjects:
                yield from _compare(ctx, "n_t3_counts", s, f"{subject}件数（“无”）", 0, [reading], tail)


_T1_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[str], str]], ...] = (
    (
        re.compile(r"(?:制发|印发|出台|制定)[^，。；]{0,6}?(行政规范性文件|规范性文件|规章)\s*(\d+)\s*件"),
        lambda kind: f"t1.{'rules' if kind == '规章' else 'normative'}.issued",
    ),
    (
        re.compile(r"废止[^，。；]{0,6}?(行政规范性文件|规范性文件|规章)\s*(\d+)\s*件"),
        lambda kind: f"t1.{'rules' if kind == '规章' else 'normative'}.abolished",
    ),
    (
        re.compile(r"现行有效[^，。；]{0,6}?(行政规范性文件|规范性文件|规章)\s*(\d+)\s*件"),
        lambda kind: f"t1.{'rules' if kind == '规章' else 'normative'}.valid",
    ),
    (
        re.compile(r"(行政许可|行政处罚|行政强制)(?:决定)?\s*(\d+)\s*(?:件|个|项|起)"),
        lambda kind: (
            {"行政许可": "t1.licensing", "行政处罚": "t1.punishment", "行政强制": "t1.enforcement"}[kind] + ".decisions"
        ),
    ),
)


@rule(
    "n_t1_counts",
    Severity.WARNING,
    "正文的文件、许可、处罚件数与表格一致",
    "正文中紧接数字的制发/废止/现行有效规章和行政规范性文件件数、行政许可/处罚/强制决定数与主动公开情况表一致。",
    group="narrative",
)
def t1_counts(ctx: Context) -> Iterator[Finding]:
    for s in sentences(ctx):
        for pattern, cell_of in _T1_PATTERNS:
            for m in pattern.finditer(s.text):
                cid = cell_of(m.group(1))
                if cid not in ctx.spec.label_index or _CHANGE.search(m.group(0)):
                    continue
                for f in _compare(ctx, "n_t1_counts", s, m.group(1), int(m.group(2)), [(m.group(1), (cid,), ())]):
                    yield f if f.severity is not Severity.ERROR else _downgrade(f)


def _downgrade(f: Finding) -> Finding:
    from dataclasses import replace

    return replace(f, severity=Severity.WARNING)


# "all upheld" and "none corrected" statements about 复议/诉讼: (pattern, what it says, t3 results that must be 0)
_UPHELD: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (
        re.compile(r"(?:均|全部|都|皆|全数|一律)(?:已|被|获|予以|予|以|得到|依法|得以)*维持"),
        "均获维持",
        ("correct", "other", "pending"),
    ),
    (re.compile(r"(?:均|全部|都|皆|全数)(?:已|获|依法)*胜诉"), "均胜诉", ("correct", "pending")),
    (
        re.compile(r"(?:无一|没有|未|无)(?!法)(?:件|起|例)?被?[^，。；,;]{0,10}?(?:纠正|纠错|撤销|确认违法|败诉)"),
        "未被纠正",
        ("correct",),
    ),
)
_RESULTS = {"correct": "结果纠正", "other": "其他结果", "pending": "尚未审结"}
_T3_GROUPS = {"review": "行政复议", "suit_direct": "未经复议直接起诉", "suit_after": "复议后起诉"}
_SUIT_AFTER = re.compile(r"复议后(?:提起|再)?(?:行政)?(?:诉讼|起诉)")
_SUIT_DIRECT = re.compile(r"未经复议(?:直接)?(?:提起)?(?:行政)?(?:诉讼|起诉)?|直接(?:提起)?(?:行政)?(?:诉讼|起诉)")
_CONCLUDED = re.compile(r"审结|结案|办结|已判决|已决")


def t3_groups(text: str) -> list[str]:
    """The t3 groups a passage speaks of: 复议, 未经复议直接起诉, 复议后起诉 (诉讼 alone: both kinds)."""
    found: set[str] = set()
    if _SUIT_AFTER.search(text):
        found.add("suit_after")
        text = _SUIT_AFTER.sub("", text)
    if _SUIT_DIRECT.search(text):
        found.add("suit_direct")
        text = _SUIT_DIRECT.sub("", text)
    if re.search(r"诉讼|起诉", text):
        found |= {"suit_direct", "suit_after"}
    if "复议" in text:
        found.add("review")
    return [g for g in _T3_GROUPS if g in found]


@rule(
    "n_t3_upheld",
    Severity.ERROR,
    "“均获维持”等表述与复议诉讼结果一致",
    "正文称行政复议、行政诉讼“均获维持”（“全部维持”“均予以维持”），则复议诉讼情况表中相应一组（行政复议、未经复议直接起诉、"
    "复议后起诉）的结果纠正、其他结果、尚未审结都应为 0；“均胜诉”要求结果纠正、尚未审结为 0；“未被纠正”要求结果纠正为 0。"
    "纠正或尚未审结不为 0 是错误，只有其他结果不为 0 为警告；说的是“已审结的”案件时不计尚未审结。",
    group="narrative",
)
def t3_upheld(ctx: Context) -> Iterator[Finding]:
    all_sentences = sentences(ctx)
    for i, s in enumerate(all_sentences):
        for pattern, says, must_be_zero in _UPHELD:
            for m in pattern.finditer(s.text):
                before = re.split(r"[；;]", s.text[: m.start()])[-1]
                groups = t3_groups(before) or t3_groups(s.text)
                if not groups and i > 0 and all_sentences[i - 1].paragraph == s.paragraph:
                    groups = t3_groups(all_sentences[i - 1].text)
                zero = tuple(r for r in must_be_zero if not (r == "pending" and _CONCLUDED.search(before)))
                for group in groups:
                    yield from _upheld_group(ctx, s, m.group(0), says, group, zero)


def _upheld_group(
    ctx: Context, s: Sentence, phrase: str, says: str, group: str, zero: tuple[str, ...]
) -> Iterator[Finding]:
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
    name = _T3_GROUPS[group]
    quote = s.text if len(s.text) <= 80 else s.text[:78] + "…"
    evidence = (s.evidence(), *(ctx.evidence(c) for c in cells))
    if not wrong:
        yield Finding(
            rule="n_t3_upheld",
            severity=Severity.INFO,
            message=f"正文“{quote}”称{says}，与表中{name}的结果一致（"
            + "、".join(f"{_RESULTS[r]} 0" for r in zero)
            + "）。",
            origin=ctx.origin_of(cells),
            cells=cells,
            expected={parts[r]: 0 for r in zero},
            actual={parts[r]: numbers[r] for r in zero},
            evidence=evidence,
            detail={"group": group, "statement": phrase},
        )
        return
    shown = "、".join(f"{_RESULTS[r]} {int(v or 0)}" for r, v in wrong.items())
    serious = bool({"correct", "pending"} & set(wrong))
    yield Finding(
        rule="n_t3_upheld",
        severity=Severity.ERROR if serious else Severity.WARNING,
        message=f"正文称“{phrase}”（“{quote}”），但复议诉讼情况表中{name}共 {int(cases)} 件，其中{shown}。",
        origin=ctx.origin_of(cells),
        cells=cells,
        expected={parts[r]: 0 for r in zero},
        actual={parts[r]: numbers[r] for r in zero},
        evidence=evidence,
        detail={"group": group, "statement": phrase, "nonzero": {_RESULTS[r]: v for r, v in wrong.items()}},
    )
