"""Year over year: a report compared with the same agency's report of the year before.

上年结转 of year N equals 结转下年度继续办理 of year N−1 per column (t2 rows are the same in the 2019 and
2021 formats); the stock of 现行有效 rules and normative documents continues (info: it breaks
legitimately after 清理 or 机构改革); section 五 copied from last year (内容雷同) is reported with its
similarity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher

from gongkai.check.model import Evidence, Finding, Severity
from gongkai.check.pairing import agency_key
from gongkai.check.registry import Context, rule
from gongkai.model import Report
from gongkai.normalize import squash

SIMILAR_WARNING = 0.85  # at or above: 内容雷同 (warning)
SIMILAR_INFO = 0.6  # at or above: reported as info


def _pair(ctx: Context) -> tuple[Report, Report] | None:
    return (ctx.report, ctx.previous) if ctx.previous is not None else None


@rule(
    "x_pair",
    Severity.WARNING,
    "上一年度报告与本报告可比",
    "跨年度比较要求两份报告属于同一机关、年度相差一年；否则给出警告，其余跨年度规则照常运行但结论需谨慎。",
    scope="pair",
    group="crossyear",
)
def pair_comparable(ctx: Context) -> Iterator[Finding]:
    pair = _pair(ctx)
    if pair is None:
        return
    now, prev = pair
    problems = []
    if now.year is not None and prev.year is not None and prev.year != now.year - 1:
        problems.append(f"年度为 {prev.year} 与 {now.year}，不是相邻年度")
    if now.agency and prev.agency and agency_key(now.agency) != agency_key(prev.agency):
        problems.append(f"机关名称不同（“{prev.agency}”与“{now.agency}”）")
    if problems:
        yield Finding(
            rule="x_pair",
            severity=Severity.WARNING,
            message="用于比较的上一年度报告：" + "；".join(problems) + "。",
            expected=(now.year - 1) if now.year else None,
            actual=prev.year,
            detail={"previous": prev.path},
        )


@rule(
    "x_carry",
    Severity.WARNING,
    "上年结转＝上一年度结转下年度（逐列）",
    "本年度“二、上年结转政府信息公开申请数量”每一列应等于上一年度报告“四、结转下年度继续办理”的同一列。",
    scope="pair",
    group="crossyear",
)
def carry(ctx: Context) -> Iterator[Finding]:
    pair = _pair(ctx)
    if pair is None:
        return
    _now, prev = pair
    for column in ctx.spec.tables["t2"].columns:
        this_cell, last_cell = f"t2.r_carried.{column.id}", f"t2.r_next.{column.id}"
        got, want = ctx.arithmetic(this_cell), ctx.arithmetic(last_cell, prev)
        if got is None or want is None or got == want:
            continue
        yield Finding(
            rule="x_carry",
            severity=Severity.WARNING,
            message=f"“{column.label}”列：本年度上年结转 {got}，"
            f"而 {prev.year or '上一'} 年度报告结转下年度继续办理为 {want}，相差 {abs(got - want)}。",
            origin=ctx.origin_of([this_cell]),
            cells=(this_cell, last_cell),
            expected=want,
            actual=got,
            evidence=(ctx.evidence(this_cell), ctx.evidence(last_cell, prev)),
            detail={"column": column.id, "previous_cell": last_cell},
        )


@rule(
    "x_normative_stock",
    Severity.INFO,
    "现行有效件数的延续",
    "现行有效件数 ≈ 上年现行有效 ＋ 本年制发 − 本年废止（规章、行政规范性文件）。"
    "清理、失效、机构改革都会合理地打破它，故只作提示。",
    scope="pair",
    group="crossyear",
)
def normative_stock(ctx: Context) -> Iterator[Finding]:
    pair = _pair(ctx)
    if pair is None:
        return
    now, prev = pair
    for row in ("rules", "normative"):
        cells = (f"t1.{row}.valid", f"t1.{row}.issued", f"t1.{row}.abolished")
        if any(c not in now.spec.label_index for c in cells) or cells[0] not in prev.spec.label_index:
            continue  # the 2019 trial table has no 现行有效 column
        valid, issued, abolished = (ctx.arithmetic(c) for c in cells)
        last = ctx.arithmetic(cells[0], prev)
        if valid is None or issued is None or abolished is None or last is None:
            continue
        want = last + issued - abolished
        if want == valid:
            continue
        name = now.spec.tables["t1"].row(row).label
        yield Finding(
            rule="x_normative_stock",
            severity=Severity.INFO,
            message=f"{name}：上年现行有效 {last} ＋ 本年制发 {issued} − 本年废止 {abolished} = {want}，"
            f"本年现行有效却为 {valid}（差 {valid - want}；如有清理、失效或机构调整请在报告中说明）。",
            cells=cells,
            expected=want,
            actual=valid,
            evidence=(*(ctx.evidence(c) for c in cells), ctx.evidence(cells[0], prev)),
        )


def _comparable(text: str) -> str:
    """Section text without spacing, punctuation, digits and years: what a copy would keep."""
    return re.sub(r"[\d\W_]+", "", squash(text))


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _comparable(a), _comparable(b), autojunk=False).ratio()


@rule(
    "x_s5_similarity",
    Severity.WARNING,
    "“五、存在的主要问题及改进情况”与上年雷同",
    "第五部分与上一年度报告的相似度（忽略数字、年份和标点）达到 85% 以上为内容雷同（2021 年格式通知问责条款所指），"
    "60% 以上作为提示；均给出相似度。",
    scope="pair",
    group="crossyear",
)
def s5_similarity(ctx: Context) -> Iterator[Finding]:
    pair = _pair(ctx)
    if pair is None:
        return
    now, prev = pair
    this, last = now.section("s5"), prev.section("s5")
    if this is None or last is None or not this.text.strip() or not last.text.strip():
        return
    ratio = similarity(this.text, last.text)
    if ratio < SIMILAR_INFO:
        return
    severity = Severity.WARNING if ratio >= SIMILAR_WARNING else Severity.INFO
    verdict = "内容雷同" if severity is Severity.WARNING else "相似度较高"
    yield Finding(
        rule="x_s5_similarity",
        severity=severity,
        message=f"“五、存在的主要问题及改进情况”与 {prev.year or '上一'} 年度报告{verdict}，相似度 {ratio:.0%}。",
        expected=f"< {SIMILAR_WARNING:.0%}",
        actual=round(ratio, 3),
        evidence=(
            Evidence(source=ctx.locate(this, 0), raw=this.text[:200], label=this.heading),
            Evidence(source=last.source, raw=last.text[:200], label=f"{prev.year} 年度 {last.heading}"),
        ),
        detail={"similarity": round(ratio, 3)},
    )
