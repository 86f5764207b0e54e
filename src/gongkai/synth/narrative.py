"""The narrative of a generated report: statements consistent with its tables, in many phrasings.

``narrative(rng, spec, cells, agency, year)`` returns the paragraphs of each section (sentences and
``Statement`` objects that state numbers); ``headings(rng, spec)`` the section headings as printed.
"""

from __future__ import annotations

import random

from gongkai.spec import FormatSpec
from gongkai.synth.case import Paragraph, Statement
from gongkai.synth.values import Cells


def _n(cells: Cells, cid: str) -> int:
    return int(cells.get(cid) or 0)


def headings(rng: random.Random, spec: FormatSpec) -> dict[str, str]:
    return {s.id: s.label for s in spec.sections}


def narrative(
    rng: random.Random, spec: FormatSpec, cells: Cells, agency: str, year: int
) -> dict[str, tuple[Paragraph, ...]]:
    new = _n(cells, "t2.r_new.total")
    s1: list[Paragraph] = [
        (f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。",),
        (Statement("received", "全年共收到政府信息公开申请{}件。", (new,), "n_t2_counts", ("t2.r_new.total",)),),
    ]
    return {
        "s1": tuple(s1),
        "s5": (("主要问题是公开内容的深度和广度还需拓展。下一步将加强培训，提升工作质量。",),),
        "s6": (("本机关本年度未收取信息处理费。",),),
    }
