"""Where a passage of a section's text was printed: the line a quoted sentence starts on.

A ``SectionText`` carries the heading's ``Source`` and its body as text: one line per piece of a
paragraph of the document (``extract._section_texts`` keeps each paragraph's slice, stripped, and drops
empty ones).  Blank lines, page footers and tables between paragraphs are not in that text, so the body's
line numbers cannot be computed from the heading's line alone.  Given the ``Document`` the report was
extracted from, every body line is found again, in order, in the paragraphs from the heading on; its
``Source`` is the paragraph's (file, line, page, bbox), with ``char`` moved to where the body line and
then the sentence start (crawler text prints a whole report on one line).

Extraction records where each body line starts (``SectionText.lines``), and that is used first: a report
rebuilt from the library gives the same evidence as the file.  Without either (a report built by hand)
the heading's source is used.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from gongkai.document import Document, Paragraph, Source, shift
from gongkai.model import SectionText

Anchor = tuple[Source, int]  # source of the paragraph, offset of the body line in that paragraph's text


def _place(source: Source) -> tuple[str | None, int | None, int | None]:
    return (source.file, source.line, source.page)


def section_anchors(paragraphs: list[Paragraph], section: SectionText, at_heading: list[int]) -> list[Anchor | None]:
    """For every line of ``section.text``: the paragraph it was printed in and its offset there.

    ``at_heading`` are the indexes (in ``paragraphs``) of the paragraphs printed where the heading was.
    """
    lines = section.text.split("\n")
    heading = section.source
    if heading is None or not at_heading:
        return [None] * len(lines)  # not this report's document, or a section made by hand: do not guess
    named = [k for k in at_heading if section.heading in paragraphs[k].text]
    start = (named or at_heading)[0]
    offset = max(0, (heading.char or 0) - (paragraphs[start].source.char or 0))
    out: list[Anchor | None] = []
    for line in lines:
        if not line:
            out.append(None)
            continue
        found: Anchor | None = None
        for k in range(start, len(paragraphs)):
            para = paragraphs[k]
            at = para.text.find(line, offset if k == start else 0)
            if at >= 0:
                found = (para.source, at)
                start, offset = k, at + len(line)
                break
        out.append(found)
    return out


@lru_cache(maxsize=256)
def _normalised(raw: str) -> tuple[int, bool]:
    """(leading characters NFKC + strip removes, whether NFKC kept the length) of a body line.

    Cached: one line (a whole crawler page is one line) is asked about once per sentence on it.
    """
    full = unicodedata.normalize("NFKC", raw)
    return len(full) - len(full.lstrip()), len(full) == len(raw)


def raw_offset(raw: str, normalised_offset: int) -> int:
    """Offset in ``raw`` of the character at ``normalised_offset`` in ``nfkc(raw).strip()``.

    NFKC keeps the length of nearly every character of a report (full-width forms map one to one); where
    a character expands (``㎡`` → ``m2``) the offsets are mapped through, character by character.
    """
    lead, same_length = _normalised(raw)
    target = normalised_offset + lead
    if same_length:
        return min(target, len(raw))
    pos = 0
    for i, ch in enumerate(raw):
        if pos >= target:
            return i
        pos += len(unicodedata.normalize("NFKC", ch))
    return len(raw)


class Locator:
    """Sources of section body lines, computed once per section from the report's document."""

    def __init__(self, document: Document | None) -> None:
        self.document = document
        self._anchors: dict[str, list[Anchor | None]] = {}
        self._paragraphs: list[Paragraph] = []
        self._places: dict[tuple[str | None, int | None, int | None], list[int]] = {}

    def _anchors_of(self, document: Document, section: SectionText) -> list[Anchor | None]:
        if not self._paragraphs:
            self._paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
            for k, para in enumerate(self._paragraphs):
                self._places.setdefault(_place(para.source), []).append(k)
        at_heading = self._places.get(_place(section.source), []) if section.source is not None else []
        return section_anchors(self._paragraphs, section, at_heading)

    def source(self, section: SectionText, line: int | None = None, char: int = 0) -> Source | None:
        """Where ``char`` of body line ``line`` of ``section`` was printed (the heading when unknown)."""
        if line is None:
            return section.source
        if section.lines and len(section.lines) == len(section.text.split("\n")):
            start = section.lines[line] if 0 <= line < len(section.lines) else None
            return shift(start, char) if start is not None else section.source
        if self.document is None:
            return section.source
        key = f"{section.id}\n{section.text}"
        if key not in self._anchors:
            self._anchors[key] = self._anchors_of(self.document, section)
        anchors = self._anchors[key]
        anchor = anchors[line] if 0 <= line < len(anchors) else None
        if anchor is None:
            return section.source
        source, at = anchor
        return shift(source, at + char)
