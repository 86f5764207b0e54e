"""What the narrative says about information requests (申请): claims about table two, with their readings.

Helpers of ``n_t2_counts`` (the rule itself is in ``narrative.py``).  A clause is cut at its counts;
each count takes its role from the words just before it (``予以公开 12 件、部分公开 5 件``) or, when the
clause starts without such words and ends with them, just after it (``其中 12 件予以公开、5 件部分公开``);
words on both sides leave the count ambiguous.  A role is

- an outcome category of the format (（一）予以公开 … （六）其他处理, plus 同意公开/全部公开), several of
  them joined (``予以公开及部分公开 42 件``) meaning their sum;
- 上年结转, 结转下年度 (转入下一年度办理 …), or 尚未办结 (which may be counted when the report was written);
- a verb: 收到/新收 (本年新收, or 新收＋上年结转), 受理 (also （七）总计), 办理/办结/答复 ((七)总计, 新收＋上年结转,
  本年新收).

A claim is certain (``doubt`` None) only when its count is exact, its role is one, every other word of
its passage is one the rule understands (``text.leftover``: time, the agency, 共/其中/依法 …) and the
statement is about requests — the clause names 申请, or a clause before it in the same statement did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.check.registry import Context
from gongkai.check.text import (
    Segment,
    Sentence,
    clauses,
    leftover,
    orient,
    segments,
    sentences,
    starts_ordinal,
    words,
)
from gongkai.normalize import label_key, strip_ordinal

Reading = tuple[str, tuple[str, ...], tuple[str, ...]]  # (name, cells added, cells subtracted)


@dataclass(frozen=True, slots=True)
class Claim:
    """A number the text states about the tables, the readings it admits, and why it may be uncertain."""

    sentence: Sentence
    quote: str
    subject: str
    stated: int
    readings: tuple[Reading, ...]
    doubt: str | None = None  # None: one admissible reading of the text — a mismatch is an error


UNITS = "件起宗条例"
CHANGE = re.compile(r"增加|减少|增长|下降|上升|相比|同比|环比|较上年|较去年|比上年|比去年|持平|多出|少于|上年度|去年")
NOT_REQUESTS = re.compile(
    r"复议|诉讼|起诉|建议|提案|热线|12345|工单|咨询|留言|信访|举报|投诉|来电|来信|诉求|意见|舆情|问政|政务服务|办件|审批"
)
REQUESTS = re.compile(r"申请(?!人)|依申请")
_NEXT = re.compile(
    r"(?:结转|转入|转至|转到|顺延|延续|转)(?:至|到|入)?下一?年度?(?:继续)?(?:办理|答复|处理)?|下一?年度?继续(?:办理|答复)|跨年度?办理"
)
_CARRIED = re.compile(r"上一?年度?结转(?:至本年|到本年|至今年)?|结转上一?年度?|上一?年度?遗留")
_PENDING = re.compile(r"尚未办结|未办结|正在办理|办理中|尚在办理|仍在办理|未答复|尚未答复|在办")
_RECEIVED = re.compile(r"新收到|新收|收到|接收|接到|收悉|提出|新增")
_ACCEPTED = re.compile(r"受理|登记")
_HANDLED = re.compile(r"办结|办理|答复|处理|回复|完成|办复")
_NEGATED_RECEIPT = re.compile(r"(?:并?未|没有|无)(?:新)?(?:收到|接到|受理|收悉)(?:过)?")

_FILLERS = (
    # time and place of the statement
    " 全年 本年度 本年 今年 年内 当年 年度内 本年内 报告期内 统计期内 年度 全年度"
    " 截至年底 截至年末 以来 期间"
    # the agency speaking
    " 本机关 本单位 本部门 本局 本委 本办 本中心 我局 我委 我办 我中心 我单位"
    " 我部门 我机关 我区 我县 我市 我镇 我乡 我街道 我署 我厅 各级行政机关 全区 全县"
    " 全市 全镇 全乡"
    # what is counted
    " 政府信息公开申请 政府信息公开的申请 信息公开申请 公开申请 依申请公开 依申请 申请件 申请"
    " 政府信息公开 信息公开 政务公开 事项 件数 数量 总数 总量 情况 方面 工作 各类"
    " 办理结果 答复结果 处理结果 结果 决定 答复书 类 情形 数"
    # words that change nothing
    " 共计 合计 总计 累计 共 其中 已经 均已 已 均 全部 全都 都 依法依规 依法"
    " 依规 按时 按期 及时 规范 认真 妥善 予以 给予 作出 做出 所有 了 的 为 有"
    " 达到 达 计 是 并 和 及 与 以及 、 对 中 含 包括 另有 此外 另外"
    " 同时 还 又 继续 并已 尚 暂"
)
_VERBS = "新收到 新收 收到 接收 接到 收悉 提出 新增 受理 登记 办结 办理 答复 处理 回复 完成 办复"


def categories(ctx: Context) -> list[tuple[str, str, tuple[str, ...]]]:
    """(word as printed, official name, total cells) of every outcome category, from the t2 row tree of the
    format (and 同意公开 / 全部公开 for （一）予以公开), longest word first."""
    key = "t2_categories"
    if key in ctx.memo:
        found: list[tuple[str, str, tuple[str, ...]]] = ctx.memo[key]
        return found
    t2 = ctx.spec.tables["t2"]
    out: list[tuple[str, str, tuple[str, ...]]] = []
    for row in t2.rows:
        if row.parent != "g_results" or row.id == "o_total":
            continue
        name = strip_ordinal(label_key(row.label)).split("(")[0]
        members = (row.id,) if row.data else tuple(r.id for r in t2.data_rows if r.parent == row.id)
        cells = tuple(f"t2.{m}.total" for m in members)
        out.append((name, name, cells))
        if row.id == "o_open":
            out += [("同意公开", name, cells), ("全部公开", name, cells)]
    out.sort(key=lambda kv: -len(kv[0]))
    ctx.memo[key] = out
    return out


def _known(ctx: Context) -> re.Pattern[str]:
    if "t2_known" not in ctx.memo:
        names = " ".join(word for word, _, _ in categories(ctx))
        pattern = "|".join(p.pattern for p in (_NEXT, _CARRIED, _PENDING)) + "|" + words(_FILLERS, _VERBS, names)
        ctx.memo["t2_known"] = re.compile(pattern)
    known: re.Pattern[str] = ctx.memo["t2_known"]
    return known


def _t2(row: str) -> tuple[str, ...]:
    return (f"t2.{row}.total",)


@dataclass(frozen=True, slots=True)
class _Role:
    subject: str
    readings: tuple[Reading, ...]
    doubt: str | None = None


def _role(ctx: Context, text: str) -> _Role | None:
    """What a count introduced (or followed) by ``text`` counts; None when the words name no role."""
    kinds: list[str] = []
    rest = text
    for kind, pattern in (("next", _NEXT), ("carried", _CARRIED), ("pending", _PENDING)):
        if pattern.search(rest):
            kinds.append(kind)
            rest = pattern.sub("|", rest)
    named: list[tuple[str, str, tuple[str, ...]]] = []
    for word, name, cells in categories(ctx):
        if word in rest:
            named.append((word, name, cells))
            rest = rest.replace(word, "|")
    if named:
        kinds.append("category")
    verbs = [k for k, p in (("received", _RECEIVED), ("accepted", _ACCEPTED), ("handled", _HANDLED)) if p.search(rest)]
    if len(kinds) > 1:
        return _Role("申请数量", (), "一句中有几种口径（" + "、".join(kinds) + "）")
    if kinds == ["next"]:
        return _Role("结转下年度", (("结转下年度继续办理", _t2("r_next"), ()),))
    if kinds == ["carried"]:
        doubt = "上年结转与收到、办理同时出现" if verbs else None
        return _Role("上年结转", (("上年结转", _t2("r_carried"), ()),), doubt)
    if kinds == ["pending"]:
        return _Role("尚未办结", (("结转下年度继续办理", _t2("r_next"), ()),), "尚未办结的件数可能按成文时统计")
    if named:
        named.sort(key=lambda kv: text.find(kv[0]))
        printed = "＋".join(word for word, _, _ in named)
        official = "＋".join(name for _, name, _ in named)
        cells = tuple(c for _, _, cs in named for c in cs)
        return _Role(f"“{printed}”", ((official, cells, ()),))
    if not verbs:
        return None
    new, carried, total = _t2("r_new"), _t2("r_carried"), _t2("o_total")
    readings: list[Reading] = []
    if "received" in verbs:
        readings += [("本年新收", new, ()), ("新收＋上年结转", new + carried, ())]
    if "accepted" in verbs:
        readings += [("本年新收", new, ()), ("新收＋上年结转", new + carried, ()), ("办理结果（七）总计", total, ())]
    if "handled" in verbs:
        readings += [("办理结果（七）总计", total, ()), ("新收＋上年结转", new + carried, ()), ("本年新收", new, ())]
        readings.append(("本年新收中办结（新收−结转下年度）", new, _t2("r_next")))
    return _Role("申请数量", tuple({r[0]: r for r in readings}.values()))


def _claims_of_clause(ctx: Context, s: Sentence, clause: str, about_requests: bool) -> tuple[list[Claim], bool | None]:
    """Claims of one clause, and whether what follows is still about requests (None: unchanged)."""
    names_requests = bool(REQUESTS.search(clause))
    subject_known = about_requests or names_requests
    agency, year = ctx.report.agency, ctx.report.year
    out: list[Claim] = []
    negated = _NEGATED_RECEIPT.search(clause)
    if negated and names_requests:
        rest = leftover(clause[: negated.start()], _known(ctx), agency, year)
        rest += leftover(clause[negated.end() :], _known(ctx), agency, year)
        doubt = f"表述中还有“{'、'.join(rest)}”" if rest else None
        out.append(Claim(s, clause, "申请数量", 0, (("本年新收", _t2("r_new"), ()),), doubt))
        return out, True
    found = segments(clause, UNITS)
    if not found:
        return out, True if names_requests else None
    roles, passages, clear = orient(
        found, [_role(ctx, sg.before) for sg in found], [_role(ctx, sg.after) for sg in found]
    )
    understood = True
    for sg, role, passage in zip(found, roles, passages, strict=True):
        if role is None:
            understood = False
            continue
        doubt = _doubt(ctx, sg, role, passage, subject_known, mixed=not clear)
        out.append(Claim(s, clause.strip(), role.subject, sg.count.number, role.readings, doubt))
    if CHANGE.search(clause) and not names_requests:
        return out, None  # a comparison with last year: still about the same thing
    return out, names_requests or (understood and about_requests)


def _doubt(ctx: Context, sg: Segment, role: _Role, passage: str, subject_known: bool, mixed: bool) -> str | None:
    if sg.count.doubt:
        return sg.count.doubt
    if role.doubt:
        return role.doubt
    if mixed:
        return "数字前后都有口径词"
    rest = leftover(passage, _known(ctx), ctx.report.agency, ctx.report.year)
    if rest:
        return f"表述中还有“{'、'.join(rest)}”"
    if not subject_known:
        return "未说明是政府信息公开申请"
    return None


def t2_claims(ctx: Context) -> list[Claim]:
    """Every claim the narrative makes about table two (computed once per check)."""
    if "t2_claims" in ctx.memo:
        memo: list[Claim] = ctx.memo["t2_claims"]
        return memo
    out: list[Claim] = []
    about = False
    previous: Sentence | None = None
    for s in sentences(ctx):
        if previous is None or previous.section is not s.section:
            about = False
        elif previous.paragraph != s.paragraph and starts_ordinal(s.text):
            about = False  # a new item; a paragraph without an ordinal may be a line break of a PDF
        previous = s
        for clause in clauses(s.text):
            if NOT_REQUESTS.search(clause.replace(ctx.report.agency or "\0", "")):
                about = False
                continue
            found, still = _claims_of_clause(ctx, s, clause, about)
            out += found
            if still is not None:
                about = still
    ctx.memo["t2_claims"] = out
    return out
