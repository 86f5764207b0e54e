"""Report metadata: agency, year, statistics period, publication date, page metadata and contacts.

Everything is kept as printed (``*_raw``) next to a normalised form (ISO dates), so a reviewer can
see what the document said and what we made of it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from gongkai.normalize import nfkc

_TITLE = re.compile(
    r"(?P<pre>.*?)(?P<year>(?:19|20)\d{2})\s*年\s*度?(?P<post>.*?)政\s*府\s*信\s*息\s*公\s*开\s*工\s*作\s*年\s*度\s*报\s*告"
)
_TITLE_HINT = re.compile(r"政\s*府\s*信\s*息\s*公\s*开|年\s*度\s*报\s*告")
_DATE = r"(?P<{p}y>(?:19|20)\d{{2}})\s*年\s*(?P<{p}m>\d{{1,2}})\s*月\s*(?P<{p}d>\d{{1,2}})\s*日"
_PERIOD = re.compile(
    r"统计(?:期限|周期|时间|区间|期间|范围)[^。；]{0,12}?"
    + _DATE.format(p="a")
    + r"[^。；\d]{0,8}?(?:至|到|—|-|～|~)\s*"
    + r"(?:(?P<by>(?:19|20)\d{2})\s*年\s*)?(?P<bm>\d{1,2})\s*月\s*(?P<bd>\d{1,2})\s*日"
)
_ISO_DATE = re.compile(r"((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
_POSTCODE = re.compile(r"邮\s*(?:政\s*)?编\s*(?:码)?\s*[:：]?\s*(\d{6})(?!\d)")
_PHONE = re.compile(r"(?:联系)?电\s*话\s*(?:号码)?\s*[:：]?\s*([0-9()（）\-—－ ]{6,20}\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_ADDRESS = re.compile(r"(?:联系)?地\s*址\s*[:：]\s*([^；;，,。）)\n]{4,80})")
_AGENCY_TRIM = re.compile(r"^[\s:：|,，、]+|[\s:：|,，、（(]+$")
_MARKUP = re.compile(r"[#*`~=_>]+")  # Markdown/markup characters around a title: "# 某某局…", "**某某局**"
# what an agency name never contains: a page's breadcrumb, a metadata key, sentence punctuation
_NOT_AGENCY = re.compile(r"[:：>＞|/\\。，,；;！!？?]|当前位置|首页")
_BEFORE_AGENCY = re.compile(r"[:：|_\-—－]+")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
# the last character of an agency's name (局, 委员会, 人民政府, 办事处, 中心 …): a line before a title
# without agency is taken as the agency only when it ends like one (not a menu item such as 政策解读)
_AGENCY_END = frozenset("局委办室府院心处所会站队部厅署区县市镇乡司行馆团校社台园")
_TITLE_LINE = 80  # a title is a short line; a longer one that names the report is a sentence
_AGENCY_LINE = 40
# page metadata keys naming the report, in order of trust, and the ones naming who published it
TITLE_KEYS = ("标题", "网页标题")
PUBLISHER_KEYS = ("发布机构", "发文机关", "发布单位")


def _iso(y: str | int, m: str | int, d: str | int) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def clean_agency(text: str) -> str | None:
    """An agency name as printed, without spaces, markup and punctuation around it (None if none is left)."""
    agency = _MARKUP.sub("", re.sub(r"\s+", "", text))
    return _AGENCY_TRIM.sub("", agency) or None


def _agency_like(text: str) -> bool:
    return 2 <= len(text) <= _AGENCY_LINE and _NOT_AGENCY.search(text) is None


def agency_and_year(title: str | None) -> tuple[str | None, int | None]:
    """Agency and year as a title prints them; the agency is None when the title does not name one."""
    if not title:
        return None, None
    m = _TITLE.search(nfkc(title))
    if not m:
        return None, None
    printed = m.group("pre").strip() or m.group("post").strip()
    # "标题：某某局2023年…" (a metadata line), "沭阳县人民政府-某某局2023年…" (a page title after the site name)
    printed = _BEFORE_AGENCY.split(printed)[-1]
    agency = clean_agency(printed)
    if agency is not None and not _agency_like(agency):
        agency = None
    return agency, int(m.group("year"))


def _titles_in_lines(lines: list[str]) -> list[str]:
    """Title candidates among the lines before the first section, in order.

    A title is a short line naming the report with its year; one broken over two or three short lines
    is joined; a title without the agency takes the line before it when that line is an agency name
    ("张店区服务业发展中心" / "2024年政府信息公开工作年度报告").  A breadcrumb or a metadata line that
    mentions 政府信息公开 is never joined with what follows it: only a line holding the year is.
    """
    out: list[str] = []
    for i, line in enumerate(lines):
        if len(line) > _TITLE_LINE or not _TITLE_HINT.search(line):
            continue
        joined, j = line, i
        if _YEAR.search(nfkc(line)) and _NOT_AGENCY.search(_MARKUP.sub("", line)) is None:
            while not _TITLE.search(nfkc(joined)) and j + 1 < min(len(lines), i + 3) and len(lines[j + 1]) <= 40:
                j += 1
                joined += lines[j]
        m = _TITLE.search(nfkc(joined))
        if m is None and i > 0 and len(lines[i - 1]) <= _TITLE_LINE:
            # a title broken before its end ("某某局 2023 年政府" / "信息公开工作年度报告")
            joined = lines[i - 1] + joined
            m = _TITLE.search(nfkc(joined))
            if m is not None and out and out[-1] == lines[i - 1]:
                out.pop()
        if m is None:
            continue
        if not m.group("pre").strip() and not m.group("post").strip() and i > 0:
            before = clean_agency(lines[i - 1])
            if before and _agency_like(before) and before[-1] in _AGENCY_END and not _TITLE_HINT.search(before):
                joined = lines[i - 1] + joined
        out.append(joined)
    return out


def title_agency_year(meta: dict[str, str], head_lines: list[str]) -> tuple[str | None, str | None, int | None]:
    """The report title, agency and year from the page metadata and the lines before the first section.

    Titles are taken in order of trust: the page's 标题 (a metadata row or ``ArticleTitle``), a title
    line of the text, the page's ``<title>``.  The year is the first title's; the agency is the first
    that a title names, else the page's 发布机构 when a title with the year does not name one.
    """
    lines = [ln.strip() for ln in head_lines if ln.strip()]
    candidates = [meta[k] for k in TITLE_KEYS[:1] if meta.get(k)]
    candidates += _titles_in_lines(lines)
    candidates += [meta[k] for k in TITLE_KEYS[1:] if meta.get(k)]
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    for text in candidates:
        found_agency, found_year = agency_and_year(text)
        if found_year is None:
            continue
        if title is None:
            title, year = text.strip(), found_year
        if found_agency is not None and agency is None and found_year == year:
            agency = found_agency
            if not agency_and_year(title)[0]:
                title = text.strip()
            break
    if title is None and candidates:
        title = candidates[0].strip()
    if agency is None and year is not None:
        for key in PUBLISHER_KEYS:
            publisher = clean_agency(meta.get(key) or "")
            if publisher and _agency_like(publisher):
                agency = publisher
                break
    return title, agency, year


def statistics_period(text: str) -> dict[str, Any] | None:
    m = _PERIOD.search(nfkc(text))
    if not m:
        return None
    end_year = m.group("by") or m.group("ay")
    return {
        "raw": m.group(0),
        "start": _iso(m.group("ay"), m.group("am"), m.group("ad")),
        "end": _iso(end_year, m.group("bm"), m.group("bd")),
    }


def publication_date(meta: dict[str, str]) -> tuple[str | None, str | None]:
    for key in ("发文日期", "发布日期", "发布时间", "成文日期", "生成日期"):
        raw = meta.get(key)
        if raw:
            m = _ISO_DATE.search(nfkc(raw))
            if m:
                return _iso(*m.groups()), key
    return None, None


def contacts(text: str) -> dict[str, str]:
    text = nfkc(text)
    out: dict[str, str] = {}
    if m := _ADDRESS.search(text):
        out["address"] = re.sub(r"\s+", "", m.group(1))
    if m := _POSTCODE.search(text):
        out["postcode"] = m.group(1)
    if m := _PHONE.search(text):
        out["phone"] = re.sub(r"\s+", "", m.group(1))
    if m := _EMAIL.search(re.sub(r"\s+", "", text)):
        out["email"] = m.group(0)
    return out


def signed_date(tail_lines: list[str]) -> str | None:
    """A date printed alone on one of the last lines (the 落款)."""
    for line in reversed([ln.strip() for ln in tail_lines if ln.strip()][-4:]):
        m = re.fullmatch(_DATE.format(p="s"), nfkc(line))
        if m:
            return _iso(m.group("sy"), m.group("sm"), m.group("sd"))
    return None
