"""One generated report: who, which year, the consistent cells, the narrative, and how it is printed.

``make_case(seed)`` draws everything from one ``random.Random(seed)``, so a case is reproducible from its
seed alone.  ``document(case)`` lays it out as a ``GenDoc`` (title, statistics period, the six sections
with their tables, the signature), which every writer renders.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from gongkai.spec import FormatSpec, FormatVersion, load
from gongkai.synth.doc import Block, GenDoc, Para
from gongkai.synth.layout import GRIDS
from gongkai.synth.names import agency_name
from gongkai.synth.values import BlankStyle, Cells, consistent_cells


@dataclass(frozen=True, slots=True)
class Statement:
    """A narrative sentence that states numbers: ``template.format(*numbers)`` is the printed text.

    ``cells`` says what the numbers are about (for a reader of the case), ``rule`` which check compares
    the sentence with the tables (a wrong number there must be caught by that rule); None when no rule
    compares it (e.g. a year-on-year change).
    """

    family: str
    template: str
    numbers: tuple[int | float, ...] = ()
    rule: str | None = None
    cells: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.template.format(*self.numbers)


Sentence = str | Statement
Paragraph = tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Case:
    seed: int
    version: FormatVersion
    merged_other: bool
    agency: str
    year: int
    published: date
    cells: Cells  # what the tables print (None: blank) — a correct reader reads exactly these
    sections: dict[str, tuple[Paragraph, ...]]  # narrative of s1 … s6 (table sections may have an intro)
    headings: dict[str, str]  # each section heading as printed
    printed: dict[str, str] = field(default_factory=dict)  # cell id -> printed text, where not the plain number
    publisher: str = ""  # the 发布机构 a web page prints (often a short name)
    mutation: dict[str, Any] | None = None  # the deliberate error, when there is one

    @property
    def spec(self) -> FormatSpec:
        return load(self.version, self.merged_other)

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def statements(self) -> list[Statement]:
        return [s for paras in self.sections.values() for p in paras for s in p if isinstance(s, Statement)]


def make_case(
    seed: int,
    *,
    version: FormatVersion | None = None,
    blank: BlankStyle | None = None,
    year: int | None = None,
) -> Case:
    """A consistent report drawn from ``seed`` (format, blanks and year drawn too unless given)."""
    from gongkai.synth.narrative import headings, narrative

    rng = random.Random(seed)
    if year is None:
        year = rng.choice((2019, 2020)) if version == "2019" else rng.randint(2021, 2025)
    if version is None:
        version = "2019" if year <= 2020 and rng.random() < 0.7 else "2021"
    merged = version == "2019" or rng.random() < 0.05
    spec = load(version, merged)
    style: BlankStyle = blank or rng.choices(("zero", "some_blank", "blank_t1", "all_blank"), (0.6, 0.15, 0.15, 0.1))[0]
    cells = consistent_cells(rng, spec, style)
    agency = agency_name(rng)
    published = date(year + 1, 1, 1) + timedelta(days=rng.randint(5, 28))
    short = agency[-6:] if len(agency) > 8 and rng.random() < 0.5 else agency
    return Case(
        seed=seed,
        version=version,
        merged_other=merged,
        agency=agency,
        year=year,
        published=published,
        cells=cells,
        sections=narrative(rng, spec, cells, agency, year),
        headings=headings(rng, spec),
        publisher=short,
    )


def with_cells(case: Case, cells: Cells) -> Case:
    """The case with other (still consistent) table values, its narrative written anew for them."""
    from gongkai.synth.narrative import narrative

    rng = random.Random(case.seed)
    sections = narrative(rng, case.spec, cells, case.agency, case.year)
    return replace(case, cells=dict(cells), sections=sections)


def document(case: Case) -> GenDoc:
    """The report laid out: title, statistics period, sections with their text and tables, signature."""
    spec = case.spec
    y = case.year
    blocks: list[Block] = [
        Para(case.title, "title"),
        Para(
            f"本报告依据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求编制。"
            f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
            "intro",
        ),
    ]
    for section in spec.sections:
        blocks.append(Para(case.headings.get(section.id, section.label), "heading", section.id))
        for paragraph in case.sections.get(section.id, ()):
            text = "".join(s.text if isinstance(s, Statement) else s for s in paragraph)
            blocks.append(Para(text, "body"))
        if section.table:
            blocks.append(GRIDS[section.table](spec, case.cells, case.printed))
    blocks.append(Para(case.agency, "signature"))
    p = case.published
    blocks.append(Para(f"{p.year}年{p.month}月{p.day}日", "date"))
    meta = {
        "标题": case.title,
        "索引号": f"{(case.seed * 7919) % 1000000:06d}/{p.year}-{case.seed % 100000:05d}",
        "发布机构": case.publisher,
        "发文日期": p.isoformat(),
    }
    return GenDoc(case.title, tuple(blocks), meta)
