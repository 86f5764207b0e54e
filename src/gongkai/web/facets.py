"""The report filter of the pages (机关, 年度, 地区, 层级) read from the query, and the choices it offers.

地区 is chosen by drilling down: the provinces, and under the chosen region's ancestors their regions, so
the list stays short whatever the library holds (a region takes every region within it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query

from gongkai.store.filters import NO_REGION, ReportFilter


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    count: int
    depth: int = 0


def report_filter(
    agency: Annotated[str, Query(max_length=200)] = "",
    year: Annotated[str, Query(max_length=4)] = "",
    region: Annotated[str, Query(max_length=200)] = "",
    level: Annotated[str, Query(max_length=50)] = "",
) -> ReportFilter:
    """Dependency: the filter of the query (blank fields are no filter; a year that is not 4 digits is none)."""
    return ReportFilter(
        agency=agency.strip() or None,
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        region=region.strip().strip("/") or None,
        level=level.strip() or None,
    )


def region_options(regions: dict[str, int], chosen: str | None) -> list[Option]:
    """Provinces, and the regions under each region the chosen one lies in (indented), then 地区未知."""
    chosen = chosen or ""
    children: dict[str, list[str]] = {}
    for path in regions:
        if path == NO_REGION:
            continue
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        children.setdefault(parent, []).append(path)
    out: list[Option] = []

    def walk(parent: str, depth: int) -> None:
        for path in sorted(children.get(parent, [])):
            name = path.rsplit("/", 1)[-1]
            out.append(Option(path, "\u3000" * depth + name, regions[path], depth))
            if chosen == path or chosen.startswith(path + "/"):
                walk(path, depth + 1)

    walk("", 0)
    if chosen and chosen != NO_REGION and chosen not in regions:
        out.append(Option(chosen, chosen, 0))  # a region typed in a URL that holds nothing: still shown
    if NO_REGION in regions:
        out.append(Option(NO_REGION, "（地区未知）", regions[NO_REGION]))
    return out


def level_options(levels: dict[str, int], chosen: str | None) -> list[Option]:
    out = [Option(level, "（层级未知）" if level == NO_REGION else level, n) for level, n in levels.items()]
    out.sort(key=lambda o: (o.value == NO_REGION, o.value))
    if chosen and chosen not in levels:
        out.append(Option(chosen, chosen, 0))
    return out


def filter_query(flt: ReportFilter) -> dict[str, str]:
    """The filter as query parameters (to carry it to another page: 导出, 对比)."""
    out = {
        "agency": flt.agency or "",
        "year": str(flt.year or ""),
        "region": flt.region or "",
        "level": flt.level or "",
    }
    return {k: v for k, v in out.items() if v}


__all__ = ["NO_REGION", "Option", "filter_query", "level_options", "region_options", "report_filter"]
