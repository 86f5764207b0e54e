"""Which reports a list, a comparison or an export is about: one filter, the same meaning everywhere.

::

    ReportFilter(agency="教育", year=2024, region="山东省/淄博市", level="县级部门")

- ``agency``: agencies whose name contains what was typed (spacing and punctuation ignored, as the key);
- ``year``: the report year;
- ``region``: the region or any region within it — ``山东省/淄博市`` takes ``山东省/淄博市/张店区`` too (the
  regions are paths of 行政区划 names, ``gongkai.regions``); ``NO_REGION`` takes agencies whose region is
  not known;
- ``level``: exactly that level (县级部门, 乡镇街道 …); ``NO_REGION`` takes agencies without one.

The conditions are on ``agencies`` and ``reports``; every query joining them can take them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_

from gongkai.check import agency_key
from gongkai.errors import ConfigError
from gongkai.store import schema as s

NO_REGION = "-"  # the filter value for "not known"
MAX_TEXT = 200


def agency_condition(agency: str | None) -> ColumnElement[bool] | None:
    """Agencies whose normalised name contains what was typed (None when nothing is left to search for)."""
    if not agency or not agency.strip():
        return None
    key = agency_key(agency)
    if not key:
        return None
    return s.agencies.c.key.contains(key, autoescape=True)


@dataclass(frozen=True, slots=True)
class ReportFilter:
    agency: str | None = None
    year: int | None = None
    region: str | None = None
    level: str | None = None

    def __post_init__(self) -> None:
        for name in ("agency", "region", "level"):
            value = getattr(self, name)
            if value is not None and len(value) > MAX_TEXT:
                raise ConfigError(f"筛选条件过长（{name} 至多 {MAX_TEXT} 个字符）")
        if self.year is not None and not 1900 <= self.year <= 2999:
            raise ConfigError(f"年度无效：{self.year}")

    @property
    def empty(self) -> bool:
        return not (self.agency or self.year is not None or self.region or self.level)

    def conditions(self) -> list[Any]:
        """SQL conditions on ``agencies`` and ``reports``."""
        out: list[Any] = []
        named = agency_condition(self.agency)
        if named is not None:
            out.append(named)
        if self.year is not None:
            out.append(s.reports.c.year == self.year)
        region = (self.region or "").strip().strip("/")
        if region == NO_REGION:
            out.append(s.agencies.c.region.is_(None))
        elif region:
            out.append(
                or_(s.agencies.c.region == region, s.agencies.c.region.startswith(region + "/", autoescape=True))
            )
        level = (self.level or "").strip()
        if level == NO_REGION:
            out.append(s.agencies.c.level.is_(None))
        elif level:
            out.append(s.agencies.c.level == level)
        return out

    def describe(self) -> str:
        """The filter in words (for page headings and file names)."""
        parts = []
        if self.agency:
            parts.append(f"机关含“{self.agency.strip()}”")
        if self.year is not None:
            parts.append(f"{self.year} 年度")
        if self.region:
            parts.append("地区未知" if self.region == NO_REGION else f"地区 {self.region}")
        if self.level:
            parts.append("层级未知" if self.level == NO_REGION else f"层级 {self.level}")
        return "，".join(parts) or "全部报告"

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency, "year": self.year, "region": self.region, "level": self.level}


__all__ = ["NO_REGION", "ReportFilter", "agency_condition"]
