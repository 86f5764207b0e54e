"""What the narrative says about 行政复议 and 行政诉讼: claims about table three, with their readings.

Helpers of ``n_t3_counts`` and ``n_t3_upheld`` (the rules are in ``narrative.py``).

- Counts: a clause is cut at its counts; each count takes its group (复议, 诉讼, 未经复议直接起诉, 复议后起诉)
  and its result (结果维持, 结果纠正, 其他结果, 尚未审结, 已审结, or none: the total) from the words around it, or
  — ``其中结果维持 25 件`` — the group from the nearest clause before it in the same statement (a ``;``
  or a sentence end closes a statement).  In a clause of several counts the words before each count
  name it (``复议 2 件、诉讼 1 件``) unless the clause ends with such words (``其中 1 件维持、1 件纠正``).
- Negations: ``无行政复议和行政诉讼`` says the totals are 0 only when every word from the negation to the end
  of the clause is one of the words such a statement is made of (发生, 因, 政府信息公开, 申请, 提起, 的, 情况 …).
  So 未审结 37 件 negates nothing, 无极县 is a place, and ``未发生…被行政复议纠错或行政诉讼败诉`` is about
  corrections (纠正 cells), not about there being no cases.
- ``均获维持`` / ``均胜诉`` / ``未被纠错``: the groups it covers are those named in its own clause, or in the
  clauses before it back to a clause that already states results (or a ``;`` or ``:``), or — when it
  starts the sentence — in the previous sentence.  ``其余均获维持`` is not compared.

A claim is certain (``doubt`` None) when its count is exact, its group and result are each one, every
other word is one the rule understands, and the sentence (or the one before) says the cases are about
政府信息公开 — an agency that decides 行政复议 itself reports its own caseload in the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.check.narrative_t2 import Claim, Reading
from gongkai.check.registry import Context
from gongkai.check.text import Sentence, clause_spans, leftover, orient, segments, sentences, words

UNITS = "件起宗例"
GROUPS = {"review": "行政复议", "suit_direct": "未经复议直接起诉", "suit_after": "复议后起诉"}
RESULTS = {"maintain": "结果维持", "correct": "结果纠正", "other": "其他结果", "pending": "尚未审结"}
SUITS = ("suit_direct", "suit_after")
DISCLOSURE = re.compile(r"信息公开|依申请|公开申请|政务公开")
_SUIT_AFTER = re.compile(r"复议后(?:提起|再)?(?:行政)?(?:诉讼|起诉)")
_SUIT_DIRECT = re.compile(r"未经复议(?:直接)?(?:提起)?(?:行政)?(?:诉讼|起诉)?|直接(?:提起)?(?:行政)?(?:诉讼|起诉)")
_AGENTS = re.compile(r"复议审查机关|复议机关|审查机关|人民法院|法院|上级行政机关|上级机关")
_RESULT_WORDS = (
    ("other", re.compile(r"以?其他方式结案|其他结果")),
    ("pending", re.compile(r"尚未审结|未审结|审理中|正在审理|尚在审理|尚未结案|未结案|尚未判决|未判决")),
    ("concluded", re.compile(r"已审结|审结|已结案|结案|已判决")),
    ("maintain", re.compile(r"维持")),
    ("correct", re.compile(r"纠正|纠错|撤销|确认违法|败诉")),
    ("other", re.compile(r"其他")),
)
CORRECTION = re.compile(r"纠正|纠错|撤销|确认违法|败诉")

_TIME_AND_AGENCY = (
    " 全年 本年度 本年 今年 年内 当年 年度内 报告期内 年度 以来"
    " 本机关 本单位 本部门 本局 本委 本办 本中心 我局 我委 我办 我中心 我单位 我部门"
    " 我机关 我区 我县 我市 我镇 我乡 我街道 全区 全县 全市"
)
_CASE_WORDS = (
    " 涉及 因 由于 被申请 被提起 被 申请 提起 提出 引发 引起 产生 发生 出现 收到"
    " 接到 政府信息公开申请 政府信息公开 信息公开 依申请公开 依申请 政务公开 工作 事项 方面"
    " 情况 情形 相关 有关 针对 对 案件 案 件数 数量 数 方式 类 该 此 上述"
    " 行政复议 复议 行政诉讼 诉讼 起诉 未经复议 直接 复议后 再"
)
_FILLERS = "共计 合计 总计 累计 共 其中 已经 已 均 全部 的 为 有 是 达 计 和 及 与 或 以及 、 结果 依法 经"
_KNOWN = re.compile(
    _AGENTS.pattern
    + "|"
    + "|".join(p.pattern for _, p in _RESULT_WORDS)
    + "|"
    + words(_TIME_AND_AGENCY, _CASE_WORDS, _FILLERS)
)
# a negation and the words a "no 复议/诉讼" or "not corrected" statement is made of
_NEGATION = re.compile(r"并无|均无|尚无|暂无|无|没有|未曾|并未|均未|未|不存在")
_SUBJECT = re.compile(r"行政复议|行政诉讼|复议|诉讼|起诉")
_NEG_WORDS = re.compile(
    _AGENTS.pattern
    + "|"
    + CORRECTION.pattern
    + "|被纠正|被纠错|被撤销|一件|一起|一例|一|判决|而|申请人|举报|投诉|信访|任何|纠纷|现象|事件|"
    + words(_TIME_AND_AGENCY, _CASE_WORDS, "的 和 及 与 或 以及 、 有 均 已")
)


def t3_groups(text: str) -> list[str]:
    """The t3 groups a passage speaks of: 复议, 未经复议直接起诉, 复议后起诉 (诉讼 alone: both kinds)."""
    found: set[str] = set()
    if _SUIT_AFTER.search(text):
        found.add("suit_after")
        text = _SUIT_AFTER.sub("", text)
    if _SUIT_DIRECT.search(text):
        found.add("suit_direct")
        text = _SUIT_DIRECT.sub("", text)
    text = _AGENTS.sub("", text)
    if re.search(r"诉讼|起诉|败诉", text):
        found |= set(SUITS)
    if "复议" in text:
        found.add("review")
    return [g for g in GROUPS if g in found]


def results(text: str) -> list[str]:
    """The result words of a passage (尚未审结 before 审结, so that 未审结 is not read as 已审结)."""
    found: list[str] = []
    text = _AGENTS.sub("", text)
    for name, pattern in _RESULT_WORDS:
        if pattern.search(text):
            found.append(name)
            text = pattern.sub("|", text)
    return list(dict.fromkeys(found))


def _cells(groups: list[str], part: str) -> tuple[str, ...]:
    return tuple(f"t3.{g}_{part}" for g in groups)


def readings(groups: list[str], result: str | None) -> tuple[Reading, ...]:
    """The table readings of a count of ``result`` (None: all cases) in ``groups``."""
    if groups == list(SUITS):
        both, pending = _cells(groups, "total"), _cells(groups, "pending")
        if result is None:
            return (
                ("行政诉讼合计（直接起诉＋复议后起诉）", both, ()),
                ("已审结（合计−尚未审结）", both, pending),
                ("未经复议直接起诉", both[:1], ()),
                ("复议后起诉", both[1:], ()),
            )
        if result == "concluded":
            return (
                ("已审结（合计−尚未审结）", both, pending),
                ("未经复议直接起诉已审结", both[:1], pending[:1]),
                ("复议后起诉已审结", both[1:], pending[1:]),
            )
        cells = _cells(groups, result)
        return (
            (f"行政诉讼{RESULTS[result]}（两类起诉合计）", cells, ()),
            (f"未经复议直接起诉{RESULTS[result]}", cells[:1], ()),
            (f"复议后起诉{RESULTS[result]}", cells[1:], ()),
        )
    (group,) = groups
    name = GROUPS[group]
    total, pending = (f"t3.{group}_total",), (f"t3.{group}_pending",)
    concluded = "已审结（总计−尚未审结）" if group == "review" else f"{name}已审结"
    if result is None:
        return ((f"{name}总计" if group == "review" else name, total, ()), (concluded, total, pending))
    if result == "concluded":
        return ((concluded, total, pending),)
    return ((f"{name}{RESULTS[result]}", (f"t3.{group}_{result}",), ()),)


def _subject(groups: list[str], result: str | None) -> str:
    name = "行政诉讼" if groups == list(SUITS) else GROUPS[groups[0]]
    if result is None:
        return name
    return name + ("已审结" if result == "concluded" else RESULTS[result])


def _disclosure(all_sentences: list[Sentence], i: int) -> bool:
    s = all_sentences[i]
    if DISCLOSURE.search(s.text):
        return True
    prev = all_sentences[i - 1] if i else None
    return prev is not None and prev.section is s.section and bool(DISCLOSURE.search(prev.text))


def _one_kind(groups: list[str]) -> bool:
    return groups in (["review"], ["suit_direct"], ["suit_after"], list(SUITS))


def t3_claims(ctx: Context) -> list[Claim]:
    """Every count and "no 复议/诉讼" statement of the narrative about table three (once per check)."""
    if "t3_claims" in ctx.memo:
        memo: list[Claim] = ctx.memo["t3_claims"]
        return memo
    out: list[Claim] = []
    all_sentences = sentences(ctx)
    for i, s in enumerate(all_sentences):
        if not re.search(r"复议|诉讼|起诉", s.text):
            continue
        context = _disclosure(all_sentences, i)
        scope: list[str] = []  # groups of the nearest clause that named some, in this statement
        for start, clause in clause_spans(s.text):
            if start and s.text[start - 1] == ";":
                scope = []
            out += _negated_cases(ctx, s, clause, context)
            found, named = _counts(ctx, s, clause, scope, context)
            out += found
            if named:
                scope = named
    ctx.memo["t3_claims"] = out
    return out


def _words_of(text: str) -> tuple[list[str], list[str]] | None:
    """(groups, results) a passage names, None when it names neither."""
    groups, res = t3_groups(text), results(text)
    return (groups, res) if groups or res else None


def _counts(ctx: Context, s: Sentence, clause: str, scope: list[str], context: bool) -> tuple[list[Claim], list[str]]:
    """Claims of the counts of one clause; ``scope`` are the groups named last before it."""
    found = segments(clause, UNITS)
    named: list[str] = t3_groups(clause)
    if not found:
        return [], named
    said, passages, clear = orient(found, [_words_of(sg.before) for sg in found], [_words_of(sg.after) for sg in found])
    out: list[Claim] = []
    last = scope
    for sg, words_said, passage in zip(found, said, passages, strict=True):
        if words_said is None:
            continue  # a count of something else
        groups, res = words_said
        groups = groups or last
        if not groups:
            continue
        last = groups
        doubt = None if clear else "数字前后都有口径词"
        if not _one_kind(groups):
            continue  # 行政复议和行政诉讼 3 件: not one group
        if len(res) > 1:
            doubt = doubt or "一处说了几种结果"
        result = res[0] if res else None
        rest = leftover(passage, _KNOWN, ctx.report.agency, ctx.report.year)
        doubt = doubt or sg.count.doubt or (f"表述中还有“{'、'.join(rest)}”" if rest else None)
        doubt = doubt or (None if context else "未说明是因政府信息公开引起的复议诉讼")
        out.append(Claim(s, clause.strip(), _subject(groups, result), sg.count.number, readings(groups, result), doubt))
    return out, named


@dataclass(frozen=True, slots=True)
class Negation:
    """A negated passage: ``未发生…行政复议…`` — what it negates, and whether it is about corrections."""

    phrase: str  # from the negation to the last word it understood
    subjects: list[str]  # t3 groups named in it
    corrected: bool  # it negates a correction (纠错, 败诉 …), not the cases themselves
    complete: bool  # every word up to the end of the clause was understood


def negations(clause: str) -> list[Negation]:
    """Every negation of the clause that speaks of 复议/诉讼 or of their correction."""
    out: list[Negation] = []
    covered = 0
    for m in _NEGATION.finditer(clause):
        if m.start() < covered:
            continue
        pos = last = m.end()
        corrected = named = False
        while pos < len(clause):
            if clause[pos] in " \u3000":
                pos += 1
                continue
            tok = _NEG_WORDS.match(clause, pos)
            if tok is None:
                break
            piece = tok.group(0)
            if CORRECTION.search(piece):
                corrected = True
            if CORRECTION.search(piece) or _SUBJECT.fullmatch(piece) or piece in ("复议后", "未经复议"):
                named = named or bool(_SUBJECT.search(piece))
                last = pos + len(piece)
            pos += len(piece)
        covered = pos
        phrase = clause[m.start() : last]
        if named or corrected:
            out.append(Negation(phrase, t3_groups(phrase), corrected, not clause[pos:].strip(" \u3000。!?")))
    return out


def _negated_cases(ctx: Context, s: Sentence, clause: str, context: bool) -> list[Claim]:
    """``无行政复议和行政诉讼``: the totals of the groups it names are 0."""
    out: list[Claim] = []
    for n in negations(clause):
        if n.corrected or not n.complete:
            continue
        doubt = None if context else "未说明是因政府信息公开引起的复议诉讼"
        tail = clause[clause.find(n.phrase) :].strip()
        if "review" in n.subjects:
            out.append(Claim(s, tail, "行政复议件数（“无”）", 0, (("行政复议总计", ("t3.review_total",), ()),), doubt))
        if set(SUITS) <= set(n.subjects):
            both = _cells(list(SUITS), "total")
            out.append(Claim(s, tail, "行政诉讼件数（“无”）", 0, (("行政诉讼合计", both, ()),), doubt))
    return out


# "all upheld" and "none corrected" statements: (pattern, what it says, t3 results that must be 0)
_UPHELD: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (
        re.compile(r"(?:均|全部|都|皆|全数|一律)(?:已|被|获|为|予以|予|以|得到|依法|得以)*维持"),
        "均获维持",
        ("correct", "other", "pending"),
    ),
    (re.compile(r"(?:均|全部|都|皆|全数)(?:已|获|依法)*胜诉"), "均胜诉", ("correct", "pending")),
)
_REST = re.compile(r"(?:其余|其他|剩余|余下|余)[^,;]{0,4}$")
CONCLUDED = re.compile(r"审结|结案|办结|已判决|已决")


@dataclass(frozen=True, slots=True)
class Upheld:
    """A statement that the cases of some groups were all upheld / won / not corrected."""

    sentence: Sentence
    phrase: str
    says: str  # 均获维持 / 均胜诉 / 未被纠正
    groups: list[str]
    zero: tuple[str, ...]  # results that must be 0
    doubt: str | None = None


def _scope_before(text: str) -> tuple[list[str], str]:
    """Groups of the clauses before a statement, back to a ``;``, a ``:`` or a clause that states results."""
    found: list[str] = []
    passage = ""
    spans = clause_spans(text)
    for start, clause in reversed(spans):
        if results(clause) and found:
            break
        groups = t3_groups(clause)
        if results(clause) and not groups:
            break
        found = [g for g in GROUPS if g in set(found) | set(groups)]
        passage = clause + passage
        if start and text[start - 1] in ";:":
            break  # a ";" ends a statement; what precedes a ":" is its heading
    return found, passage


def upheld(ctx: Context) -> list[Upheld]:
    """Every 均获维持 / 均胜诉 / 未被纠错 statement with the groups it covers."""
    out: list[Upheld] = []
    all_sentences = sentences(ctx)
    for i, s in enumerate(all_sentences):
        context = _disclosure(all_sentences, i)
        found: list[tuple[int, int, str, tuple[str, ...], list[str]]] = []
        for pattern, says, zero in _UPHELD:
            for m in pattern.finditer(s.text):
                found.append((m.start(), m.end(), says, zero, []))
        for start, clause in clause_spans(s.text):
            for n in negations(clause):
                if n.corrected and n.complete:
                    at = start + clause.find(n.phrase)
                    found.append((at, at + len(n.phrase), "未被纠正", ("correct",), n.subjects))
        for begin, end, says, zero, named in found:
            phrase = s.text[begin:end]
            head = re.split(r"[,;:]", s.text[:begin])
            own = head[-1]
            doubt = "“其余”所指不明" if _REST.search(own) else None
            groups = named or t3_groups(own)
            scope_text = own
            before = s.text[: begin - len(own)].rstrip(",;: ")
            if not groups and before:
                groups, scope_text = _scope_before(before)
                scope_text += own
            elif not groups and i > 0 and all_sentences[i - 1].section is s.section:
                groups, scope_text = _scope_before(all_sentences[i - 1].text.rstrip("。!?"))  # it starts the sentence
            zero_now = tuple(r for r in zero if not (r == "pending" and CONCLUDED.search(scope_text + own)))
            if not context:
                doubt = doubt or "未说明是因政府信息公开引起的复议诉讼"
            out.append(Upheld(s, phrase, says, groups, zero_now, doubt))
    return out
