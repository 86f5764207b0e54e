"""Dates: the statistics period is the report year; title, period and narrative name the same year;
the publication date (when the page gives one) meets the legal deadline of 条例第四十九条.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Literal

from gongkai.check.model import Evidence, Finding, Origin, Severity
from gongkai.check.registry import Context, rule
from gongkai.normalize import nfkc, squash

BodyKind = Literal["government", "department", "township", "unknown"]

_TOWNSHIP = re.compile(r"(?:镇|乡|街道|街道办事处|镇人民政府|乡人民政府)$")
_GOVERNMENT = re.compile(
    r"(?:人民政府|(?:省|自治区|市|区|县|旗|州|盟|新区|实验区|开发区)政府)$|(?:省|市|区|县|旗|州|盟)$"
)
_DEPARTMENT = re.compile(
    r"(?:局|委员会|委|办公室|办|中心|厅|部|署|院|会|所|站|队|处|管委会|管理委员会|公司|集团|馆|社|总队|支队|大队)$"
)


def body_kind(agency: str | None) -> BodyKind:
    """What kind of body publishes the report, from its name (条例第四十九条 sets deadlines by kind)."""
    if not agency:
        return "unknown"
    name = squash(agency)
    if _TOWNSHIP.search(name):
        return "township"
    if _DEPARTMENT.search(name):
        return "department"
    if _GOVERNMENT.search(name):
        return "government"
    return "unknown"


def _evidence_period(ctx: Context) -> Evidence:
    period = ctx.report.meta.get("statistics_period") or {}
    return Evidence(raw=period.get("raw"), label="统计期限")


@rule(
    "d_period",
    Severity.ERROR,
    "统计期限为报告年度全年",
    "统计期限应为报告年度 N 年 1 月 1 日至 12 月 31 日。",
    group="dates",
)
def period(ctx: Context) -> Iterator[Finding]:
    year = ctx.report.year
    p = ctx.report.meta.get("statistics_period")
    if year is None or not p:
        return
    want = (f"{year}-01-01", f"{year}-12-31")
    got = (p.get("start"), p.get("end"))
    if got == want:
        return
    yield Finding(
        rule="d_period",
        severity=Severity.ERROR,
        message=f"统计期限为“{p.get('raw')}”，{year} 年度报告应为 {year}年1月1日至{year}年12月31日。",
        expected=list(want),
        actual=list(got),
        evidence=(_evidence_period(ctx),),
    )


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


@rule(
    "d_years_agree",
    Severity.ERROR,
    "标题、统计期限与正文年度一致",
    "标题中的年度、统计期限的年度和正文（总体情况）所写年度应一致。",
    group="dates",
)
def years_agree(ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    title = report.meta.get("title")
    m = _YEAR.search(nfkc(title or ""))
    title_year = int(m.group(1)) if m else None
    p = report.meta.get("statistics_period") or {}
    period_year = int(str(p["start"])[:4]) if p.get("start") else None
    if title_year and period_year and title_year != period_year:
        yield Finding(
            rule="d_years_agree",
            severity=Severity.ERROR,
            message=f"标题年度为 {title_year} 年，统计期限却是 {period_year} 年（“{p.get('raw')}”）。",
            expected=title_year,
            actual=period_year,
            evidence=(Evidence(raw=title, label="标题"), _evidence_period(ctx)),
        )
    year = title_year or period_year
    s1 = report.section("s1")
    if year is None or s1 is None:
        return
    years = Counter(int(y) for y in _YEAR.findall(nfkc(s1.text)))
    if not years or year in years:
        return
    named, _ = years.most_common(1)[0]
    yield Finding(
        rule="d_years_agree",
        severity=Severity.ERROR,
        message=f"报告年度为 {year} 年，但“一、总体情况”中写的是 {named} 年（未出现 {year} 年）。",
        expected=year,
        actual=named,
        evidence=(Evidence(source=ctx.locate(s1, 0), raw=s1.text[:120], label=s1.heading),),
    )


_MIGRATED_AFTER_DAYS = 180

_KIND_TEXT = {
    "government": "本级人民政府年度报告",
    "department": "政府部门（含授权组织、派出机构）",
    "township": "乡镇人民政府/街道办事处",
    "unknown": "机关类型不明",
}


@rule(
    "d_deadline",
    Severity.ERROR,
    "按法定时限发布",
    "条例第四十九条：县级以上人民政府部门应于每年1月31日前公布上一年度报告；县级以上地方人民政府的本级报告于3月31日前公布。"
    "乡镇、街道的时限由地方规定：1月31日后为警告，3月31日后为错误。2018年及以前的报告适用3月31日。"
    "机关类型无法从名称判断时，按3月31日核对并说明所作假设。发布日期取自网页元数据；晚于时限半年以上的网页日期"
    "可能是网站迁移或更新的日期，只作警告（读取存疑）。",
    group="dates",
)
def deadline(ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    year = report.year
    published = report.meta.get("published")
    if year is None:
        return
    kind = body_kind(report.agency or report.meta.get("publisher"))
    jan, mar = date(year + 1, 1, 31), date(year + 1, 3, 31)
    if year <= 2018:
        due, soft, basis = mar, None, "2007 年条例第三十一条（3月31日）"
    elif kind == "government":
        due, soft, basis = mar, None, "条例第四十九条第二款（本级政府报告，3月31日）"
    elif kind == "department":
        due, soft, basis = jan, None, "条例第四十九条第一款（政府部门，1月31日）"
    elif kind == "township":
        due, soft, basis = mar, jan, "地方规定（乡镇街道，按1月31日提示、3月31日为限）"
    else:
        due, soft, basis = mar, jan, "机关类型不明，按本级政府报告的3月31日核对（若为部门则应在1月31日前）"
    evidence = (Evidence(raw=str(published), label=f"发布日期（{report.meta.get('published_from')}）"),)
    detail = {"body_kind": kind, "deadline": due.isoformat(), "basis": basis}
    if not published:
        yield Finding(
            rule="d_deadline",
            severity=Severity.INFO,
            message=f"未能确定发布日期，无法核对发布时限（{_KIND_TEXT[kind]}，时限 {due.isoformat()}，依据{basis}）。",
            expected=due.isoformat(),
            detail=detail,
        )
        return
    day = date.fromisoformat(str(published))
    origin = Origin.DOCUMENT
    if day > due and (day - due).days > _MIGRATED_AFTER_DAYS:
        # a page dated years after the report was due is more simply a site migration or a later edit than
        # a report published that late: we cannot tell from the page, so the verdict is not given
        severity, verdict = (
            Severity.WARNING,
            (
                f"晚于法定时限 {due.isoformat()} 达 {(day - due).days} 天；网页日期也可能是网站迁移或更新的日期，请核对首次发布时间"
            ),
        )
        origin = Origin.READING
    elif day < date(year + 1, 1, 1):
        severity, verdict = Severity.WARNING, "早于统计期结束（请核对发布日期或报告年度）"
    elif day > due:
        severity, verdict = Severity.ERROR, f"晚于法定时限 {due.isoformat()}，逾期 {(day - due).days} 天"
    elif soft is not None and day > soft:
        severity, verdict = Severity.WARNING, f"晚于 {soft.isoformat()}，在 {due.isoformat()} 之前"
    else:
        severity, verdict = Severity.INFO, f"在法定时限 {due.isoformat()} 之前，按时发布"
    yield Finding(
        rule="d_deadline",
        severity=severity,
        origin=origin,
        message=f"发布日期 {published}，{verdict}（{_KIND_TEXT[kind]}；依据{basis}）。",
        expected=due.isoformat(),
        actual=str(published),
        evidence=evidence,
        detail=detail,
    )
