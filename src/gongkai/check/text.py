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
from typing import TypeVar

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


def starts_ordinal(text: str) -> bool:
    """Whether a paragraph starts with an ordinal (（二）, 二、, 2.): a new item, not a continued one."""
    return bool(_STARTS_ORDINAL.match(text))


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


# clauses end at every comma, semicolon, colon and bracket, ASCII or full-width (NFKC makes them ASCII);
# a comma between digits that groups thousands ("1,200") does not end a clause
_CLAUSE = re.compile(r"(?<!\d),|,(?!\d{3}(?!\d))|[;:()，；：（）【】\[\]]")


def clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c.strip()]


def clause_spans(text: str) -> list[tuple[int, str]]:
    """Every clause with its offset in ``text``."""
    out: list[tuple[int, str]] = []
    at = 0
    for m in _CLAUSE.finditer(text):
        if text[at : m.start()].strip():
            out.append((at, text[at : m.start()]))
        at = m.end()
    if text[at:].strip():
        out.append((at, text[at:]))
    return out


def counts(text: str) -> list[tuple[int, str, int]]:
    """(number, unit, position) of every count stated with a counting word (件、条、起 …)."""
    return [(int(m.group(1)), m.group(2), m.start()) for m in _COUNT.finditer(text) if not _is_year(text, m)]


def _is_year(text: str, m: re.Match[str]) -> bool:
    return len(m.group(1)) == 4 and m.group(1).startswith(("19", "20")) and text[m.end(1) : m.end(1) + 1] == "年"


# --- exact counts of one clause, and the text around each ------------------------------------------------

_STATED = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)\s*([" + COUNT_UNITS + r"例])")
_APPROX_BEFORE = re.compile(r"(?:近|约|大约|将近|接近|超过|逾|不足|不到|不少于|至少|多达)\s*$")
_APPROX_AFTER = re.compile(r"^\s*(?:左右|以上|以下|上下|之多|有余|多|余|次|人)")


@dataclass(frozen=True, slots=True)
class Count:
    """A number stated with a counting word, and why it may not be an exact count."""

    number: int
    unit: str
    start: int  # where the digits start in the clause
    end: int  # just after the counting word
    doubt: str | None = None  # "约数" (近20件, 20件左右), "千分位或并列数字" (1,200件)


@dataclass(frozen=True, slots=True)
class Segment:
    """One count of a clause with the text before it (since the previous count) and after it."""

    count: Count
    before: str
    after: str  # up to the next count, or to the end of the clause
    index: int  # place of the count in the clause
    of: int  # counts in the clause


def stated_counts(clause: str, units: str) -> list[Count]:
    """Every count in ``clause`` whose counting word is one of ``units`` (years are not counts)."""
    out: list[Count] = []
    for m in _STATED.finditer(clause):
        if m.group(2) not in units or _is_year(clause, m):
            continue
        digits = m.group(1)
        doubt = None
        if "," in digits:
            doubt = "千分位或并列数字"
        elif _APPROX_BEFORE.search(clause[: m.start()]) or _APPROX_AFTER.match(clause[m.end() :]):
            doubt = "约数"
        out.append(Count(int(digits.replace(",", "")), m.group(2), m.start(), m.end(), doubt))
    return out


def segments(clause: str, units: str) -> list[Segment]:
    """The clause cut at its counts: each count with the words that introduce it and those that follow."""
    found = stated_counts(clause, units)
    out: list[Segment] = []
    for i, c in enumerate(found):
        start = found[i - 1].end if i else 0
        end = found[i + 1].start if i + 1 < len(found) else len(clause)
        out.append(Segment(c, clause[start : c.start], clause[c.end : end], i, len(found)))
    return out


T = TypeVar("T")


def orient(
    found: list[Segment], before: list[T | None], after: list[T | None]
) -> tuple[list[T | None], list[str], bool]:
    """Which words a clause's counts take, and the passage each count's reading rests on.

    The words before each count (``予以公开 12 件、部分公开 5 件``), unless the clause starts without such
    words and ends with them (``其中 12 件予以公开、5 件部分公开``): then the words after each.  Words on
    both sides (``收到申请 17 件已全部办结``) leave the clause ambiguous (the third value is False).
    """
    if after[-1] is None:
        return before, [sg.before for sg in found], True
    if before[0] is None:
        return after, [(found[0].before if i == 0 else "") + sg.after for i, sg in enumerate(found)], True
    return before, [sg.before + sg.after for sg in found], False


# --- what is left of a passage once every word a rule knows is taken out ---------------------------------

_ORDINAL_HEAD = re.compile(
    r"^\s*(?:\(?[一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}[、是]|\d{1,2}\s*[.、])"
)
_AGENCY_END = re.compile(
    r"(?:人民政府办公室|人民政府|政府办公室|办公室|管理委员会|委员会|管委会|办事处|街道|局|委|办|中心|政府|厅|署|"
    r"院|所|站|队|机关|单位|部门|镇|乡)$"
)
_NOT_AGENCY = re.compile(r"涉及|关于|有关|针对|属于|对|向|由|从|经|转|其他|上级|下级|部分|各类")


def words(*lists: str) -> str:
    """One regex alternative of the literal words of ``lists`` (each separated by spaces), the longest
    first (so that 上年结转 wins over 上年)."""
    found = {w for text in lists for w in text.split()}
    return "|".join(re.escape(w) for w in sorted(found, key=len, reverse=True))


def leftover(text: str, known: re.Pattern[str], agency: str | None = None, year: int | None = None) -> list[str]:
    """The parts of ``text`` that are none of the ``known`` words, a leading ordinal, the report year or the
    agency (its full name, or at the start a name ending like one: 区政府办公室, 市科委).

    Empty when the passage says nothing but what the rule understands: then its reading is certain.
    """
    text = _ORDINAL_HEAD.sub("", text)
    if agency:
        text = text.replace(agency, "|")
    if year:
        text = re.sub(rf"{year}\s*年度?", "|", text)
    pieces = [q.strip(" \u3000\t。!?") for p in known.split(text) for q in p.split("|")]
    rest = [p for p in pieces if p]
    first = rest[0] if rest and pieces[0] == rest[0] else ""
    if len(first) >= 2 and _AGENCY_END.search(first) and not _NOT_AGENCY.search(first):
        rest = rest[1:]  # the agency's own (short) name as the subject of the sentence
    return rest
