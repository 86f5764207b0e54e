"""The narrative as sentences and clauses, with the counts they state — shared by the narrative rules.

Only sections without a table are read (一、五、六): the table sections hold row labels, not prose.
Lines broken inside a sentence (PDF, Markdown from PDF) are joined; a line that starts with an ordinal
or follows a sentence end starts a new paragraph.  Every sentence keeps the body line it starts on and
its offset there, so its evidence names where it was printed (``Context.locate``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.check.locate import raw_offset
from gongkai.check.model import Evidence
from gongkai.check.registry import Context
from gongkai.document import Source
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
    line: int | None = None  # the body line of the section (index in ``section.text`` lines) it starts on
    char: int = 0  # where it starts in that line, as printed
    source: Source | None = None  # where it was printed (``Context.locate``); the heading when unknown

    def evidence(self) -> Evidence:
        return Evidence(source=self.source or self.section.source, raw=self.text, label=self.section.heading)


@dataclass(frozen=True, slots=True)
class ProseParagraph:
    """A paragraph of a section joined from its body lines, with where each line starts in it."""

    text: str
    starts: tuple[tuple[int, int], ...]  # (offset in ``text``, index of the body line) per joined line

    def place(self, offset: int, lines: list[str]) -> tuple[int, int]:
        """(body line, offset in that line as printed) of ``offset`` in the paragraph."""
        at, index = next((s for s in reversed(self.starts) if s[0] <= offset), self.starts[0])
        return index, raw_offset(lines[index], offset - at)


def section_paragraphs(section: SectionText) -> list[ProseParagraph]:
    """Section text as paragraphs, with lines broken mid-sentence joined again."""
    texts: list[str] = []
    starts: list[list[tuple[int, int]]] = []
    for index, raw in enumerate(section.text.split("\n")):
        line = nfkc(raw).strip()
        if not line:
            continue
        if texts and texts[-1][-1] not in _ENDS and not _STARTS_ORDINAL.match(line):
            starts[-1].append((len(texts[-1]), index))
            texts[-1] += line
        else:
            texts.append(line)
            starts.append([(0, index)])
    return [ProseParagraph(t, tuple(s)) for t, s in zip(texts, starts, strict=True)]


def paragraphs(section: SectionText) -> list[str]:
    """Section text as paragraphs, with lines broken mid-sentence joined again."""
    return [p.text for p in section_paragraphs(section)]


def prose_sections(report: Report) -> list[SectionText]:
    return [s for s in report.sections if not report.spec.section(s.id).table]


def _sentences(ctx: Context) -> Iterator[Sentence]:
    for section in prose_sections(ctx.report):
        lines = section.text.split("\n")
        for p, para in enumerate(section_paragraphs(section)):
            pos = 0
            for piece in re.split(r"(?<=[。！？!?])", para.text):
                start, pos = pos, pos + len(piece)
                text = piece.strip()
                if not text:
                    continue
                line, char = para.place(start + len(piece) - len(piece.lstrip()), lines)
                yield Sentence(section, p, text, line, char, ctx.locate(section, line, char))


def sentences(ctx: Context) -> list[Sentence]:
    """The narrative sentences of the checked report (computed once per check)."""
    if "sentences" not in ctx.memo:
        ctx.memo["sentences"] = list(_sentences(ctx))
    found: list[Sentence] = ctx.memo["sentences"]
    return found


def clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[，,；;：:（）()]", text) if c.strip()]


def counts(text: str) -> list[tuple[int, str, int]]:
    """(number, unit, position) of every count stated with a counting word (件、条、起 …)."""
    return [(int(m.group(1)), m.group(2), m.start()) for m in _COUNT.finditer(text) if not _is_year(text, m)]


def _is_year(text: str, m: re.Match[str]) -> bool:
    return len(m.group(1)) == 4 and m.group(1).startswith(("19", "20")) and text[m.end(1) : m.end(1) + 1] == "年"
