"""Narrative evidence names the line a quoted sentence is printed on (given the report's document)."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import pytest

import gongkai
from gongkai import check
from gongkai.check.locate import raw_offset
from gongkai.document import Document, Paragraph
from gongkai.model import Report
from gongkai.normalize import squash
from tests.check_helpers import of, with_section_text
from tests.conftest import CORPUS, SEEDS, require_shared


@cache
def read(path: Path) -> tuple[Document, Report]:
    if not path.exists():
        require_shared()
    doc = gongkai.read_document(path)
    return doc, gongkai.extract(doc)


def _seed(prefix: str) -> Path:
    """A seed by its number prefix (a path that does not exist when ../shared is absent: its tests skip)."""
    return next((p for p in sorted(SEEDS.glob("*.txt")) if p.name.startswith(prefix)), SEEDS / f"{prefix}.txt")


def _printed_at(doc: Document, line: int | None, page: int | None, char: int | None) -> list[str]:
    """The text of every paragraph printed at (page, line), from ``char`` on."""
    return [
        b.text[char or 0 :] if b.source.char is None else b.text
        for b in doc.blocks
        if isinstance(b, Paragraph) and b.source.line == line and b.source.page == page
    ]


def _starts(printed: str, quote: str) -> bool:
    """``quote`` starts where ``printed`` does (a sentence may go on on the next line)."""
    a, b = squash(printed), squash(quote)
    n = min(12, len(a), len(b))
    return n >= 4 and a[:n] == b[:n]


CASES = [
    _seed("000"),  # Word, tab-indented
    _seed("002"),  # U+2002 padding before "1."
    CORPUS / "pingtan-2020.txt",  # crawler text: the whole report on line 10 (char offsets)
    CORPUS / "stcsm-2024.md",  # Markdown from PDF: sentences broken over lines
    CORPUS / "hongze-2023.pdf",  # PDF: page, line and bbox
    CORPUS / "pingtan-2019.html",  # web page
]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_every_narrative_quote_points_at_the_line_it_starts_on(path: Path) -> None:
    doc, report = read(path)
    result = check(report, document=doc)
    quotes = [
        (f.rule, e) for f in result.findings for e in f.evidence if e.cell is None and e.raw and f.rule.startswith("n_")
    ]
    assert quotes, "expected narrative findings to look at"
    headings = {s.source.line for s in report.sections if s.source is not None}
    for rule, e in quotes:
        assert e.source is not None, rule
        printed = _printed_at(doc, e.source.line, e.source.page, e.source.char)
        assert any(_starts(text, e.raw or "") for text in printed), (rule, e.raw, printed)
    if path.suffix != ".txt" or "pingtan" not in path.name:  # one-line crawler text: everything is on line 10
        assert {e.source.line for _, e in quotes if e.source} - headings, "quotes should not all be at headings"


def test_seed_000_breakdown_is_on_line_7_not_the_heading_line_5() -> None:
    doc, report = read(_seed("000"))
    found = of(check(report, document=doc), "n_breakdown_sums")
    assert found[0].evidence[0].source is not None
    assert found[0].evidence[0].source.to_dict() == {"file": str(_seed("000")), "line": 7, "char": 10}
    assert found[0].evidence[0].where.endswith("第7行")
    # without the document the report knows where its section lines are printed (issue 14.1)
    plain = of(check(report), "n_breakdown_sums")[0].evidence[0].source
    assert plain is not None and plain.to_dict() == found[0].evidence[0].source.to_dict()
    # a report whose sections were built by hand (no line positions) falls back to the heading's line
    bare = dataclasses.replace(report, sections=tuple(dataclasses.replace(s, lines=()) for s in report.sections))
    heading = of(check(bare), "n_breakdown_sums")[0].evidence[0].source
    assert heading is not None and heading.line == 5


def test_crawler_text_gets_the_char_offset_within_its_one_line() -> None:
    path = CORPUS / "pingtan-2020.txt"
    doc, report = read(path)
    f = of(check(report, document=doc), "n_breakdown_sums")[0]
    src = f.evidence[0].source
    assert src is not None and src.line == 10 and src.char is not None
    line = path.read_text(encoding="utf-8").split("\n")[9]
    assert line[src.char :].startswith("全年我区政府信息公开单位共公布政府信息2602条")


def test_pdf_evidence_names_page_line_and_bbox() -> None:
    doc, report = read(CORPUS / "hongze-2023.pdf")
    f = next(f for f in check(report, document=doc).findings if f.rule == "n_t2_counts")
    src = f.evidence[0].source
    assert src is not None and (src.page, src.line) == (1, 21) and src.bbox is not None
    assert f.evidence[0].where.endswith("第1页 第21行")


def test_subsection_numbering_evidence_is_on_the_misnumbered_line() -> None:
    path = _seed("003")  # s6: （一）（二）（三）then （二） again
    doc, report = read(path)
    f = of(check(report, document=doc), "s_subsection_numbering")[0]
    src = f.evidence[0].source
    assert src is not None and src.line is not None
    assert path.read_text(encoding="utf-8").split("\n")[src.line - 1].strip().startswith(f.evidence[0].raw or "")
    section = report.section("s6")
    assert section is not None and section.source is not None and src.line > section.source.line


def test_changed_text_falls_back_to_the_heading() -> None:
    doc, report = read(_seed("002"))
    changed = with_section_text(report, "s1", "收到受理政府信息公开申请17件", "收到受理政府信息公开申请15件")
    f = of(check(changed, document=doc), "n_t2_counts", "error")[0]
    s1 = changed.section("s1")
    assert s1 is not None and f.evidence[0].source == s1.source  # the changed line is not in the document


def test_a_report_from_another_document_is_not_misplaced() -> None:
    doc, _ = read(_seed("000"))
    _, other = read(_seed("002"))
    result = check(other, document=doc)
    for f in result.findings:
        for e in f.evidence:
            if e.cell is None and e.source is not None and f.rule.startswith("n_"):
                assert e.source.file == str(_seed("002"))


def test_raw_offset_maps_through_nfkc() -> None:
    assert raw_offset("abc", 1) == 1
    assert raw_offset("　ＡＢＣ", 1) == 2  # U+3000 is stripped after NFKC; full-width letters map one to one
    assert raw_offset("面积3㎡，共5件", 6) == 5  # ㎡ → m2 (two characters after NFKC)


def test_json_keeps_its_shape() -> None:
    doc, report = read(_seed("000"))
    f = of(check(report, document=doc), "n_breakdown_sums")[0].to_dict()
    assert set(f["evidence"][0]) == {"cell", "label", "raw", "kind", "value", "source", "where"}
    assert dataclasses.asdict(of(check(report), "n_breakdown_sums")[0])["rule"] == "n_breakdown_sums"
