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


def _iso(y: str | int, m: str | int, d: str | int) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def find_title(meta: dict[str, str], head_lines: list[str]) -> str | None:
    """The report title: the page's 标题, else the first lines that name the report."""
    if meta.get("标题"):
        return meta["标题"]
    lines = [ln.strip() for ln in head_lines if ln.strip()]
    for i, line in enumerate(lines[:8]):
        if not _TITLE_HINT.search(line):
            continue
        joined, j = line, i
        while not _TITLE.search(nfkc(joined)) and j + 1 < min(len(lines), i + 3):
            j += 1
            joined += lines[j]
        m = _TITLE.search(nfkc(joined))
        if m is None:
            continue
        if not m.group("pre").strip() and not m.group("post").strip() and i > 0:
            joined = lines[i - 1] + joined  # "张店区服务业发展中心" / "2024年政府信息公开工作年度报告"
        return joined
    return None


def agency_and_year(title: str | None) -> tuple[str | None, int | None]:
    if not title:
        return None, None
    m = _TITLE.search(nfkc(title))
    if not m:
        return None, None
    agency = m.group("pre").strip() or m.group("post").strip()
    agency = _AGENCY_TRIM.sub("", re.sub(r"\s+", "", agency)) or None
    return agency, int(m.group("year"))


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
