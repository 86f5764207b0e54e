"""OCR slips in labels and headings (issue 12): a row label read with a wrong character (不了公开) is
matched to the official one by similarity, and a section heading with a character dropped
(收到和处理政府息公开申请情况) is still found — so neither becomes a missing row or a false s_sections."""

from __future__ import annotations

import itertools

import pytest

import gongkai
from gongkai import synth
from gongkai.check import Origin, Severity


def _read(text: str) -> tuple[gongkai.Report, list[str]]:
    report = gongkai.read(text.encode("utf-8"), "slips.md")
    result = gongkai.check(report)
    errors = [f.rule for f in result.findings if f.severity is Severity.ERROR and f.origin is Origin.DOCUMENT]
    return report, errors


def _case_text() -> tuple[synth.Case, str]:
    case = synth.make_case(3, version="2021")
    data, _ = synth.render(case, "markdown")
    return case, data.decode("utf-8")


def test_label_slip_matched_by_similarity() -> None:
    case, text = _case_text()
    lines = text.splitlines()
    rows = [i for i, line in enumerate(lines) if line.lstrip().startswith("|") and "不予公开" in line]
    assert rows, "the table has a 不予公开 row"
    for i in rows:
        lines[i] = lines[i].replace("不予公开", "不了公开")
    report, errors = _read("\n".join(lines))
    assert report.cells == dict(case.cells)
    assert errors == []


def test_heading_with_a_dropped_character_is_found() -> None:
    case, text = _case_text()
    title = "收到和处理政府信息公开申请情况"
    assert title in text
    report, errors = _read(text.replace(title, "收到和处理政府息公开申请情况", 1))
    assert "s_sections" not in errors
    assert report.cells == dict(case.cells)


def test_a_list_item_with_another_number_is_not_a_heading() -> None:
    from gongkai.document import Source
    from gongkai.extract.sections import _near_headings
    from gongkai.extract.stream import PK, Piece

    def piece(text: str) -> Piece:
        return Piece(PK.TEXT, text, 0, 0, 0, Source(), False)

    pieces = [piece("五、收到和处理政府息公开申请情况"), piece("三、收到和处理政府息公开申请情况")]
    found = _near_headings(pieces)
    assert [(i, sid) for i, _, sid, *_ in found] == [(1, "s3")]


# a character read wrong in a label without a leaf's ``N.`` ordinal (a scan's slips: 事→生, 件→仵, 办→力, 容→客)
_SLIPS = {
    "行政事业性收费": "行政生业性收费",
    "行政规范性文件": "行政规范性文仵",
    "结转下年度继续办理": "结转下年度继续力理",
    "申请内容仍不明确": "申请内客仍不明确",
}


def test_a_table_cell_with_a_label_read_a_character_wrong_keeps_its_row() -> None:
    """A grid cell is a label wherever it stands: one like a single label by 85 % (and no other close)
    is that label, whatever its ordinal — where a text line is matched by a leaf's ``N.`` ordinal only."""
    case, text = _case_text()
    lines = text.splitlines()
    slipped = 0
    for i, line in enumerate(lines):
        if line.lstrip().startswith("|"):
            for right, wrong in _SLIPS.items():
                if right in line:
                    lines[i] = line = line.replace(right, wrong)
                    slipped += 1
    assert slipped == len(_SLIPS)
    report, errors = _read("\n".join(lines))
    assert report.cells == dict(case.cells)
    assert errors == []
    fuzzy = [n for n in report.notes if n.code == "label_fuzzy"]
    assert len(fuzzy) == len(_SLIPS), [n.message for n in fuzzy]


@pytest.mark.parametrize("label", ["规章", "行政强制"])
def test_a_label_with_a_seal_s_letters_beside_it_keeps_its_row(label: str) -> None:
    """A seal's letters read into a label cell at one end (``规章同``, ``局规章``, ``规章泰区院``): a label
    too short to be 85 % like it is still the one label it holds whole, with up to three letters more —
    letters after a short one noted as a match by similarity."""
    case, text = _case_text()
    for letters, at_end in itertools.product(("同", "局", "公", "泰区院", "应急局"), (True, False)):
        slipped = label + letters if at_end else letters + label
        lines = [
            line.replace(f"| {label} |", f"| {slipped} |") if line.lstrip().startswith("|") else line
            for line in text.splitlines()
        ]
        assert lines != text.splitlines(), f"the table has a {label} row"
        report, errors = _read("\n".join(lines))
        assert report.cells == dict(case.cells), slipped
        assert errors == []
        # a label ends a cell's text as a rule (an ordinal or a heading before it), and a long one may begin
        # it (cut at a line end): a short one's letters after it are noted
        noted = any(n.code == "label_fuzzy" and slipped in n.message for n in report.notes)
        assert noted == (at_end and len(label) < 4), slipped


def test_a_part_of_a_heading_is_no_short_label() -> None:
    """``复议后`` is the start of the heading 复议后起诉, not 复议 with a letter beside it."""
    from gongkai.extract.rows import LabelMatcher
    from gongkai.spec import load

    t3 = load("2021", False).tables["t3"]
    matcher = LabelMatcher(t3.rows, t3.header_labels)
    assert matcher.match("复议后", None, cell=True) is None
    assert matcher.match("复议局", None, cell=True) is not None
