"""Row labels: a piece printed as ordinal + label names the row with that ordinal, not another row whose
label ends the same way ("（六）其他" — the start of （六）其他处理 cut by a line end — is not "3.其他")."""

from __future__ import annotations

import pytest

from gongkai.extract.tables import _matcher


@pytest.mark.parametrize(
    ("printed", "last", "row"),
    [
        ("（六）其他", "o_other_overdue", None),  # a parent label cut at a line end names no data row
        ("3.其他", "o_other_fee", "o_other"),
        ("3、其他", "o_other_fee", "o_other"),  # 3、 = 3.
        ("（3）其他", "o_other_fee", "o_other"),
        ("（六）其他处理", "o_reject_confirm", "g_other"),
        ("其他", "o_other_fee", "o_other"),  # bare, after its sibling
        # a label no other row prints names its row whatever ordinal was read (a scan's 一 read as 二)
        ("二、本年新收政府信息公开申请数量", None, "r_new"),
        ("（三）本年新收政府信息公开申请数量", None, "r_new"),
        ("一、上年结转政府信息公开申请数量", "r_new", "r_carried"),
        ("1.危及“三安全一稳定”", "o_deny_law", "o_deny_safety"),
        ("二、予以公开", "g_results", "o_open"),
    ],
)
def test_a_label_with_its_own_ordinal_names_its_own_row(printed: str, last: str | None, row: str | None) -> None:
    """Where two rows print the same words (``其他``), the ordinal printed with them tells which; a label
    only one row prints is that row's, its ordinal misprinted or misread."""
    found = _matcher("2021", False, "t2").match(printed, last)
    assert (found.row if found else None) == row


def test_a_cell_holding_two_rows_labels_is_uncertain_not_read_as_the_second() -> None:
    """A layout ran "行政处罚" and "行政强制" into one label cell with one value: whose value it is is unknown."""
    import dataclasses

    import gongkai
    from gongkai.check.registry import Context
    from gongkai.document import Document
    from gongkai.synth import make_case, render

    case = make_case(31)
    data, suffix = render(case, "html")
    doc = gongkai.read_document(data, f"x{suffix}")
    for block in doc.blocks:  # merge the two rows the way a PDF reader once did
        rows = getattr(block, "rows", None)
        if not rows:
            continue
        for k, row in enumerate(rows):
            if row[0].text == "行政处罚" and rows[k + 1][0].text == "行政强制":
                row[0] = dataclasses.replace(row[0], text="行政处罚行政强制")
                del rows[k + 1]
                break
    report = gongkai.extract(Document(doc.blocks, doc.path, doc.layout, doc.meta))
    uncertain = Context(report).uncertain
    assert {"t1.punishment.decisions", "t1.enforcement.decisions"} <= set(uncertain)
    assert any("两个行标签" in n.message for n in report.notes)


@pytest.mark.parametrize("form", ["html", "docx", "pdf_ruled", "web_pipe", "markdown"])
@pytest.mark.parametrize("garbled", ["子公开", "■■■", "予从公卄"])
@pytest.mark.parametrize("row", ["o_open", "o_deny_secret", "o_other_overdue"])
def test_a_row_whose_label_is_garbled_past_knowing_is_placed_by_the_official_order(
    form: str, garbled: str, row: str
) -> None:
    """A label a seal made unreadable (``子公开`` for （一）予以公开): its values, between two rows read,
    are the one row missing there — its words are not its first value, no value moves a column."""
    import dataclasses

    import gongkai
    from gongkai.synth import Grid, document, make_case, writer

    case = make_case(71, version="2021")
    doc = document(case)
    label = _matcher("2021", False, "t2")
    blocks = []
    for block in doc.blocks:
        if isinstance(block, Grid) and block.table == "t2":
            rows = tuple(
                tuple(
                    dataclasses.replace(s, text=garbled)
                    if s.cell is None and (m := label.match(s.text, None)) is not None and m.row == row
                    else s
                    for s in slots
                )
                for slots in block.rows
            )
            assert rows != block.rows, "the row's label is printed"
            block = dataclasses.replace(block, rows=rows)
        blocks.append(block)
    write, suffix = writer(form)
    report = gongkai.extract(gongkai.read_document(write(dataclasses.replace(doc, blocks=tuple(blocks))), "g" + suffix))
    cells = [c for c in case.cells if c.startswith(f"t2.{row}.")]
    assert {c: report.cells.get(c) for c in cells} == {c: case.cells[c] for c in cells}
    wrong = [c for c in case.cells if report.cells.get(c) != case.cells[c]]
    assert not wrong, wrong
    placed = [n for n in report.notes if n.code == "row_by_order"]
    assert placed and set(cells) <= set(placed[0].cells)  # placed by the order, and said so


# forms whose grid keeps its rows (a text grid read as one run of cells gives the values to the group's label)
@pytest.mark.parametrize("form", ["html", "docx", "pdf_ruled"])
@pytest.mark.parametrize("garbled", ["UN#", "■■", "道文件"])
@pytest.mark.parametrize("rows", [("rules",), ("normative",), ("rules", "normative"), ("punishment",)])
def test_table_one_rows_whose_labels_are_garbled_are_placed_by_the_official_order(
    form: str, garbled: str, rows: tuple[str, ...]
) -> None:
    """A seal over table one's label column (``UN#`` for 规章, ``道文件`` for 行政规范性文件): the rows of
    values under 第二十条第（一）项 are its rows left without values, in order, where their widths agree;
    said so (uncertain), never a value moved."""
    import dataclasses

    import gongkai
    from gongkai.check.registry import Context
    from gongkai.synth import Grid, document, make_case, writer

    case = make_case(72, version="2021", blank="zero")
    doc = document(case)
    label = _matcher("2021", False, "t1")
    blocks = []
    for block in doc.blocks:
        if isinstance(block, Grid) and block.table == "t1":
            block = dataclasses.replace(
                block,
                rows=tuple(
                    tuple(
                        dataclasses.replace(s, text=garbled)
                        if s.cell is None and (m := label.match(s.text, None)) is not None and m.row in rows
                        else s
                        for s in slots
                    )
                    for slots in block.rows
                ),
            )
        blocks.append(block)
    write, suffix = writer(form)
    report = gongkai.extract(gongkai.read_document(write(dataclasses.replace(doc, blocks=tuple(blocks))), "g" + suffix))
    wrong = {c: (v, report.cells.get(c)) for c, v in case.cells.items() if report.cells.get(c) != v}
    assert not wrong, wrong
    cells = [c for c in case.cells if c.split(".")[1] in rows]
    assert set(cells) <= set(Context(report).uncertain)
