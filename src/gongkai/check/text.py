"""The narrative as sentences and clauses, with the counts they state — shared by the narrative rules.

Only sections without a table are read (一、五、六): the table sections hold row labels, not prose.
Lines broken inside a sentence (PDF, Markdown from PDF) are joined; a line that starts with an ordinal
or follows a sentence end starts a new paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.check.model import Evidence
from gongkai.check.registry import Context
from gongkai.model import Report, SectionText
from gongkai.normalize import nfkc

_ENDS = "。；！？:：;!?"
_STARTS_ORDINAL = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、是]|\d{1,2}\s*[.．、])"
)
COUNT_UNITS = "件条篇次个项起宗份"
_COUNT = re.compile(r"(?<![\d.])(\d+)\s*([" + COUNT_UNITS + r"])")


@dataclass(frozen=True, slots=True)
class Sentence:
    section: SectionText
    paragraph: int  # index of the paragraph within the section
    text: str

    def evidence(self) -> Evidence:
        return Evidence(source=self.section.source, raw=self.text, label=self.section.heading)


def paragraphs(section: SectionText) -> list[str]:
    """Section text as paragraphs, with lines broken mid-sentence joined again."""
    out: list[str] = []
    for raw in section.text.splitlines():
        line = nfkc(raw).strip()
        if not line:
            continue
        if out and out[-1][-1] not in _ENDS and not _STARTS_ORDINAL.match(line):
            out[-1] += line
        else:
            out.append(line)
    return out


def prose_sections(report: Report) -> list[SectionText]:
    return [s for s in report.sections if not report.spec.section(s.id).table]


def _sentences(report: Report) -> Iterator[Sentence]:
    for section in prose_sections(report):
        for p, para in enumerate(paragraphs(section)):
            for text in re.split(r"(?<=[。！？!?])", para):
                if text.strip():
                    yield Sentence(section, p, text.strip())


def sentences(ctx: Context) -> list[Sentence]:
    """The narrative sentences of the checked report (computed once per check)."""
    if "sentences" not in ctx.memo:
        ctx.memo["sentences"] = list(_sentences(ctx.report))
    found: list[Sentence] = ctx.memo["sentences"]
    return found


def clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[，,；;：:（）()]", text) if c.strip()]


def counts(text: str) -> list[tuple[int, str, int]]:
    """(number, unit, position) of every count stated with a counting word (件、条、起 …)."""
    return [(int(m.group(1)), m.group(2), m.start()) for m in _COUNT.finditer(text) if not _is_year(text, m)]


def _is_year(text: str, m: re.Match[str]) -> bool:
    return len(m.group(1)) == 4 and m.group(1).startswith(("19", "20")) and text[m.end(1) : m.end(1) + 1] == "年"
