"""What a scan may say about the document: an OCR reading is never the ground for 原文问题.

- A cell read as blank in a scan is a guess (ink the reading missed looks the same): where a sum does not
  hold, each blank cell in it is 读取存疑, and the broken sum with it (a row of a scan came back empty
  while one of its cells printed 24, and the finding blamed the document).
- Text outside the tables (headings, sentences, dates) is OCR-read with no identity to confirm it: a
  missing heading or a narrative number that disagrees is 读取存疑 (a heading misread made s_sections a
  false 原文问题).

The same documents read as text (not a scan) keep their verdicts: the rules are about how they were read.
"""

from __future__ import annotations

from gongkai import extract, read_document, synth
from gongkai.check import Origin, Severity, check
from gongkai.check.registry import Context


def _read(text: str, layout: str) -> tuple[object, object]:
    doc = read_document(text.encode("utf-8"), "scan.txt")
    doc.layout = layout  # as the OCR reader marks a document whose pages it read
    report = extract(doc)
    return report, check(report, document=doc)


def _case_text() -> tuple[str, str, int]:
    case = synth.make_case(9, blank="zero")
    data, _ = synth.render(case, "word_tab")
    cid, value = next((c, v) for c, v in case.cells.items() if c.startswith("t2.o_") and v and v >= 10)
    return data.decode("utf-8"), cid, value


def test_a_blank_where_a_sum_breaks_in_a_scan_is_doubted_not_blamed() -> None:
    text, cid, value = _case_text()
    at = text.index(f"\t{value}\n", text.index("本年度办理结果"))
    lost = text[:at] + "\t\n" + text[at + len(str(value)) + 2 :]  # the value's ink not read: a blank cell
    report, result = _read(lost, "ocr")
    assert report.cells.get(cid) is None and cid in Context(report).uncertain
    assert any(n.code == "ocr_blank" and cid in n.cells for n in report.notes)
    sums = [f for f in result.findings if f.rule.startswith("t2_") and cid in f.cells]
    assert sums and all(f.origin is Origin.READING and f.severity is not Severity.ERROR for f in sums)
    # read as text, the same document's broken sum is the document's
    as_text, text_result = _read(lost, "word_tab")
    assert cid not in Context(as_text).uncertain
    assert any(
        f.origin is Origin.DOCUMENT and f.severity is Severity.ERROR and cid in f.cells for f in text_result.findings
    )


def test_a_heading_missing_from_a_scan_is_not_blamed_on_the_document() -> None:
    text, _, _ = _case_text()
    start = text.index("五、")
    end = text.index("\n", start)
    gone = text[:start] + "存在的问题和改进措施如下。" + text[end:]
    _, result = _read(gone, "ocr")
    missing = [f for f in result.findings if f.rule == "s_sections"]
    assert missing and all(f.origin is Origin.READING and f.severity is not Severity.ERROR for f in missing)
    assert all("扫描件" in f.message for f in missing)
    _, as_text = _read(gone, "word_tab")
    assert any(f.rule == "s_sections" and f.origin is Origin.DOCUMENT for f in as_text.findings)
