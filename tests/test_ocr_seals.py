"""Seals over tables in scans (issue 12): most cells a scan got wrong lay under a seal — a grey seal in a
grey scan, which no colour tells apart from the print, or what JPEG leaves of a red one.

- A seal's ring is found even where the circle transform puts its centre some pixels off, and on a page
  crowded with a table's rules; a table alone has no ring.
- A grey seal is lifted: its ink becomes paper, the print under it and beside it stays.
- A cell under a seal is read a second time from its darkest ink; the sums choose between the readings.
- A scan where most cells are a little unsure (``0`` at 96 %, also ``8``) still settles the one cell
  the sums show misread: the confirmed cells are not tied into one group too large to try.
- The strokes of a ring beside a label (``规章III``) do not lose the row.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from typing import Any

import pytest

from gongkai.readers import ocr_engine

pytestmark = pytest.mark.skipif(not ocr_engine.available(), reason="the [ocr] extra is not installed")

import gongkai  # noqa: E402
from gongkai import synth  # noqa: E402
from gongkai.check import Origin, Severity  # noqa: E402
from gongkai.check.registry import Context  # noqa: E402
from gongkai.document import Doubt, Source, Table  # noqa: E402
from gongkai.synth import scan  # noqa: E402

PAPER, PRINT, SEAL = 240, 45, 130


def _ruled(case: synth.Case) -> bytes:
    """``case`` printed as a ruled PDF; skipped where a scan of it would show no text (no CJK font)."""
    if not scan.renders_cjk():
        pytest.skip(
            "no CJK font installed: a generated report renders without its labels (apt-get install fonts-noto-cjk)"
        )
    return synth.render(case, "pdf_ruled")[0]


def _page_with_clutter(rng: random.Random, size: tuple[int, int] = (1400, 1000)) -> Any:
    """A grey page with a ruled grid and character-sized blobs of print (uint8)."""
    import cv2
    import numpy as np

    h, w = size
    page = np.full((h, w), PAPER, np.uint8)
    for y in range(100, h - 100, 60):
        cv2.line(page, (80, y), (w - 80, y), PRINT, 2)
    for x in range(80, w - 79, 140):
        cv2.line(page, (x, 100), (x, h - 160), PRINT, 2)
    for _ in range(300):
        x, y = rng.randrange(90, w - 110), rng.randrange(110, h - 130)
        cv2.putText(page, str(rng.randrange(10)), (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.9, PRINT, 2)
    return page


def _seal(page: Any, centre: tuple[int, int], radius: int) -> Any:
    """``page`` with a grey seal (ring and star) multiplied over it."""
    import cv2
    import numpy as np

    ink = np.zeros(page.shape, np.uint8)
    cv2.circle(ink, centre, radius, 255, thickness=max(8, radius // 16))
    cx, cy = centre
    r = radius * 0.35
    star = [
        (
            cx + (r if k % 2 == 0 else r * 0.4) * np.sin(k * np.pi / 5),
            cy - (r if k % 2 == 0 else r * 0.4) * np.cos(k * np.pi / 5),
        )
        for k in range(10)
    ]
    cv2.fillPoly(ink, [np.array(star, np.int32)], 255)
    out = page.astype(np.float32)
    out[ink > 0] *= SEAL / PAPER
    return out.astype(np.uint8), ink > 0


def test_a_grey_seal_is_found_by_its_ring_and_a_table_alone_has_none() -> None:
    from gongkai.readers.ocr_image import binarize, ring_stamps

    rng = random.Random(4)
    page = _page_with_clutter(rng)
    assert ring_stamps(binarize(page), 28.0) is None, "a table's rules and digits make no ring"
    for centre, radius in (((500, 600), 190), ((731, 389), 215), ((300, 1000), 170)):
        sealed, _ = _seal(page, centre, radius)
        mask = ring_stamps(binarize(sealed), 28.0)
        assert mask is not None, (centre, radius)
        x, y = centre
        assert mask[y, x] and mask[y, x + radius - 5] and mask[y - radius + 5, x], "the whole seal is covered"
        assert not mask[y, min(mask.shape[1] - 1, x + radius + 60)], "and not far beyond its ring"


def test_a_grey_seal_is_lifted_and_the_print_under_it_stays() -> None:
    import cv2
    import numpy as np

    from gongkai.readers.ocr_image import binarize, lift_stamp, ring_stamps

    page = _page_with_clutter(random.Random(5))
    sealed, ink = _seal(page, (500, 600), 190)
    binary = binarize(sealed)
    mask = ring_stamps(binary, 28.0)
    assert mask is not None
    lifted = lift_stamp(sealed, binary, mask)
    seal_only = ink & (page == PAPER)
    print_under = ink & (page == PRINT)
    near = cv2.dilate(ink.astype(np.uint8), np.ones((17, 17), np.uint8)) > 0
    print_beside = ~near & (page == PRINT)
    assert np.median(lifted[seal_only]) >= 0.9 * PAPER, "the seal's ink is paper again"
    assert np.percentile(lifted[print_under], 90) < (PRINT + PAPER) / 2, "print under the seal is print"
    assert np.array_equal(lifted[print_beside], sealed[print_beside]), "print beside it is untouched"


def test_a_seal_as_dark_as_the_print_is_left_alone() -> None:
    from gongkai.readers.ocr_image import binarize, lift_stamp

    page = _page_with_clutter(random.Random(6))
    sealed, ink = _seal(page, (500, 600), 190)
    sealed[ink] = PRINT  # nothing tells the seal from the print: its cells stay in doubt
    binary = binarize(sealed)
    mask = (ink * 1).astype("uint8")
    assert (lift_stamp(sealed, binary, mask) == sealed).all()


def _table_with_a_sealed_cell(marks: str, grey: int) -> tuple[Any, tuple[int, int, int, int]]:
    """A grey page with a ruled table of numbers, a grey seal's ring around one empty cell of it, and in
    that cell ``marks`` drawn ``grey`` (pale: what a seal's letters leave once it is lifted; ``PRINT``: a
    printed value under the seal).  The page and the cell."""
    import cv2
    import numpy as np

    rng = random.Random(1)
    page = np.full((1000, 1400), PAPER, np.uint8)
    ys, xs = list(range(100, 820, 60)), [80, 400, *range(540, 1300, 140)]
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), PRINT, 2)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), PRINT, 2)
    for r, y in enumerate(ys[:-1]):
        cv2.putText(page, f"Row {r}", (95, y + 42), cv2.FONT_HERSHEY_SIMPLEX, 1.0, PRINT, 2)
        for x in xs[1:-1]:
            if rng.random() < 0.5 and (r, x) != (6, xs[3]):
                cv2.putText(page, str(rng.randrange(1, 99)), (x + 40, y + 42), cv2.FONT_HERSHEY_SIMPLEX, 1.0, PRINT, 2)
    cell = (xs[3], ys[6], xs[4], ys[7])
    cv2.putText(page, marks, (cell[0] + 12, cell[1] + 42), cv2.FONT_HERSHEY_SIMPLEX, 1.0, grey, 2)
    ring = np.zeros(page.shape, np.uint8)
    cv2.circle(ring, (cell[0] + 70, cell[1] + 30), 180, 255, thickness=12)
    sealed = page.astype(np.float32)
    sealed[ring > 0] *= SEAL / PAPER
    return cv2.cvtColor(sealed.astype(np.uint8), cv2.COLOR_GRAY2BGR), cell


@pytest.mark.parametrize("marks", ["18313", "27", "5", "1.5"])
@pytest.mark.parametrize("grey", [200, PRINT])
def test_a_number_read_from_a_seal_s_pale_remains_is_a_blank_in_doubt(marks: str, grey: int) -> None:
    """Under a seal, a cell where a number was read but no ink is as dark as print (what the seal's
    letters left once it was lifted: 18313 from 力资源和社): read blank, in doubt, the number among its
    other readings.  The same number printed under the seal is read as the number."""
    from gongkai.readers import ocr

    image, cell = _table_with_a_sealed_cell(marks, grey)
    read = ocr._Page(image, 1, "sealed.png", True, 1.0).read()
    (table,) = read.tables
    ((got, bbox),) = [
        (c.text, c.source.bbox)
        for row in table.rows
        for c in row
        if c.source.bbox and abs(c.source.bbox[0] - cell[0]) < 6 and abs(c.source.bbox[1] - cell[1]) < 6
    ]
    (doubt,) = [d for (_, b), d in read.doubts.items() if b == bbox]
    if grey == PRINT:
        assert got == marks and "" in doubt.alternatives, "printed: the number, in doubt (a seal lies over it)"
    else:
        assert got == "" and doubt.text == "" and marks in doubt.alternatives and "0" in doubt.alternatives
        assert f"首次识别为“{marks}”" in doubt.reason


def _score(case: synth.Case, doc: gongkai.Document) -> tuple[int, int, dict[str, Any], list[str]]:
    report = gongkai.extract(doc)
    uncertain = Context(report).uncertain
    correct = flagged = 0
    silent = {}
    for cid, want in case.cells.items():
        have = report.cells.get(cid)
        if have == want:
            correct += 1
        elif cid in uncertain:
            flagged += 1
        else:
            silent[cid] = (want, have)
    result = gongkai.check(report, document=doc)
    false = [f.rule for f in result.findings if f.severity is Severity.ERROR and f.origin is Origin.DOCUMENT]
    return correct, flagged, silent, false


@pytest.mark.parametrize("seed", [1033, 2011])
def test_values_under_a_grey_seal_in_a_grey_scan(seed: int) -> None:
    """Every page of a grey scan sealed in grey over its table: the values under the seals are read (a
    long picture of the whole report, and a multi-page TIFF)."""
    case = synth.make_case(seed)
    pdf = _ruled(case)
    rng = random.Random(seed)
    if seed % 2:
        data, name = scan.encode(scan.scan_long(pdf, rng, name=case.agency, stamp=1.0, grey=1.0), "png"), "long.png"
    else:
        data, name = scan.to_tiff(scan.scan(pdf, rng, name=case.agency, stamp=1.0, grey=1.0)), "pages.tif"
    correct, flagged, silent, false = _score(case, gongkai.read_document(data, name))
    assert silent == {} and false == []
    assert correct >= 0.99 * len(case.cells), (correct, flagged)


def _doubted_docx(seed: int, *misreads: tuple[str, tuple[str, ...]]) -> tuple[synth.Case, gongkai.Document, list[str]]:
    """A report read from DOCX, made to look as a scan reads it: every ``0`` of table two in doubt (96 %,
    also ``8``), and ``0``s side by side in the middle of it misread, each as its ``(reading, others)``
    (by default one, as ``1`` with ``7``, ``0`` and a blank its other readings)."""
    misreads = misreads or (("1", ("7", "0", "")),)
    case = synth.make_case(seed, blank="zero")
    data, _ = synth.render(case, "docx")
    doc = gongkai.read_document(data, "scan.docx")
    report = gongkai.extract(doc)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    zeros = [c for c, v in case.cells.items() if c.startswith("t2.") and v == 0 and not c.endswith(".total")]
    misread = dict(zip(zeros[len(zeros) // 2 :], misreads, strict=False))
    doubts = []
    for cid in zeros:
        src = report.values[cid].source
        assert src is not None and src.table is not None and src.row is not None and src.col is not None
        if cid in misread:
            read, others = misread[cid]
            tables[src.table].rows[src.row][src.col].text = read
            # under a seal: the mark may be the seal's alone, so a blank is among the readings (a blank and
            # a 0 make the same sums: the likelier reading, 0, is taken)
            doubts.append(Doubt(src, read, others, 0.6, "识别置信度只有 60%；印章覆盖"))
        else:
            doubts.append(Doubt(src, "0", ("8",), 0.96, "“0”的识别置信度只有 96%"))
    doc.doubts = doubts
    doc.layout = "ocr"
    return case, doc, list(misread)


def test_the_sums_settle_a_misread_cell_among_many_unsure_ones() -> None:
    case, doc, (misread,) = _doubted_docx(12)
    report = gongkai.extract(doc)
    assert report.cells[misread] == 0, "the one reading that makes the sums hold is taken"
    assert misread in Context(report).uncertain, "and stays 读取存疑: it was read as 1"
    assert {c: v for c, v in report.cells.items() if v != case.cells[c]} == {}
    notes = [n for n in report.notes if n.code == "ocr_uncertain"]
    assert [n.cells for n in notes] == [(misread,)], "the cells the sums confirm are certain"
    assert "“1”" in notes[0].message and "“0”" in notes[0].message and "“”" not in notes[0].message


def test_two_misread_cells_among_many_unsure_ones_are_settled_together() -> None:
    """Two cells of one row misread (a seal's letters) where every 0 of the table is a little unsure: too
    many readings to try every combination, so one misread cell and then two at a time are tried; the
    one pair of readings that makes the sums hold is taken, both cells still 读取存疑."""
    case, doc, cells = _doubted_docx(12, ("1", ("7", "0")), ("2", ("27", "0", "")))
    report = gongkai.extract(doc)
    for cid in cells:
        assert report.cells[cid] == 0 and cid in Context(report).uncertain, cid
    assert {c: v for c, v in report.cells.items() if v != case.cells[c]} == {}


def test_ink_read_as_no_character_is_a_0_when_the_sums_ask_one() -> None:
    """A cell where ink was seen but no character read (blank) under a seal, with ``0`` and ``8`` among
    its other readings: the sums are the same with a blank or a 0, and the 0 — a printed character — is
    taken, still 读取存疑; the blank is the least likely reading, never a tie that leaves the cell blank."""
    for misreads in ([("", ("0", "8"))], [("", ("0", "8")), ("1", ("7", "0"))], [("1", ("7", "0")), ("", ("0",))]):
        case, doc, cells = _doubted_docx(12, *misreads)
        report = gongkai.extract(doc)
        for cid in cells:
            assert report.cells[cid] == 0 and report.values[cid].raw == "0", (misreads, cid)
            assert cid in Context(report).uncertain
        assert {c: v for c, v in report.cells.items() if v != case.cells[c]} == {}


def test_letters_read_in_two_cells_and_three_misread_digits_are_settled_by_the_fewest_changes() -> None:
    """A seal over a corner of table two: two cells read as its letters (no number: they must change),
    three more as digits from its strokes, every 0 of the table a little unsure.  Too many readings to
    try whole; the fewest changes that make every sum hold — the two letters and three digits — are
    unique, and taken, each cell still 读取存疑."""
    misreads = (
        ("乡K", ("7", "0", "")),
        ("+", ("4", "0", "")),
        ("7", ("0", "2", "")),
        ("7", ("077", "0", "")),
        ("01", ("0",)),
    )
    case, doc, cells = _doubted_docx(12, *misreads)
    report = gongkai.extract(doc)
    for cid in cells:
        assert report.cells[cid] == 0 and cid in Context(report).uncertain, cid
    assert {c: v for c, v in report.cells.items() if v != case.cells[c]} == {}


@pytest.mark.parametrize("seed", range(8))
def test_a_row_of_0s_under_a_dark_seal_is_settled_with_a_letter_in_a_column_it_misreads(seed: int) -> None:
    """A dark seal over a row of 0s in table two: one or two of its cells read as the seal's letters (no
    number), three read as digits from its strokes, and in another row of 0s the seal's letter sits in
    the column of one of those digits; every 0 of the table a little unsure.  The letter in the other
    row is a 0 in every trial, so the digit's column still needs a change of its own: the fewest changes
    — the letters and the three digits — are unique and taken, each cell still 读取存疑."""
    rng = random.Random(seed)
    case = synth.make_case(seed, blank="zero")
    data, _ = synth.render(case, "docx")
    doc = gongkai.read_document(data, "scan.docx")
    report = gongkai.extract(doc)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    rows: dict[str, list[str]] = {}
    for cid in case.cells:
        if cid.startswith("t2.o_"):
            rows.setdefault(cid.rsplit(".", 1)[0], []).append(cid)
    nothing = [cells for cells in rows.values() if all(case.cells[c] == 0 for c in cells)]
    if len(nothing) < 2:
        pytest.skip(f"case {seed} has fewer than two rows of 0s in table two")
    row, other = rng.sample(nothing, 2)
    cols = rng.sample(range(len(row)), 3 + rng.randint(1, 2))
    digits, letters = cols[:3], cols[3:]
    misread = {row[i]: (rng.choice("1247"), ("0", "7", "")) for i in digits}
    misread |= {row[i]: (rng.choice(("乡", "K", "+")), ("0",)) for i in letters}
    misread[other[rng.choice(digits)]] = ("乡", ("0",))
    doubts = []
    for cid, value in case.cells.items():
        if not cid.startswith("t2.") or value != 0:
            continue
        src = report.values[cid].source
        assert src is not None and src.table is not None and src.row is not None and src.col is not None
        if cid in misread:
            read, others = misread[cid]
            tables[src.table].rows[src.row][src.col].text = read
            doubts.append(Doubt(src, read, others, 0.5, "识别置信度只有 50%；印章覆盖"))
        else:
            doubts.append(Doubt(src, "0", ("8",), 0.96, "“0”的识别置信度只有 96%"))
    doc.doubts, doc.layout = doubts, "ocr"
    report = gongkai.extract(doc)
    for cid in misread:
        assert report.cells[cid] == 0 and cid in Context(report).uncertain, (cid, misread[cid], report.cells[cid])
    assert {c: v for c, v in report.cells.items() if v != case.cells[c]} == {}


def test_a_cell_the_sums_read_as_nothing_is_blank_where_its_row_prints_blanks() -> None:
    """The sums are the same with a blank or a 0.  A cell with unread ink under a seal, in a row whose
    cells print nothing as blank, is read blank (in a row that prints 0, a 0: see above), still 读取存疑."""
    case = synth.make_case(12, blank="all_blank")
    data, _ = synth.render(case, "docx")
    doc = gongkai.read_document(data, "scan.docx")
    report = gongkai.extract(doc)
    blanks = [c for c, v in case.cells.items() if c.startswith("t2.o_") and v is None and not c.endswith(".total")]
    doubts = []
    for cid in blanks[len(blanks) // 2 : len(blanks) // 2 + 2]:
        src = report.values[cid].source
        assert src is not None and src.table is not None and src.row is not None and src.col is not None
        doubts.append(Doubt(src, "", ("0", "8"), 0.0, "有字迹但未能识别"))
    doc.doubts, doc.layout = doubts, "ocr"
    report = gongkai.extract(doc)
    doubted = [f"{report.values[c].raw}" for c in blanks]
    assert {c: v for c, v in report.cells.items() if v != case.cells[c]} == {}, doubted
    assert len([n for n in report.notes if n.code == "ocr_uncertain"]) == 2


def _nothing_under_a_seal(
    seed: int, printed: str, read: str, row_tells: bool, others: tuple[str, ...] | None = None
) -> tuple[str, str | None, Any, bool]:
    """A report whose rows of nothing print ``printed`` (``"0"`` or ``""``), read as a scan reads it: one
    such cell of table two under a seal read as ``read`` with the other form among its readings (a seal's
    remains read as ``0`` over a blank cell, or a 0 its strokes hid read blank), or with ``others``.
    Unless ``row_tells``, the other cells of its row, its total too, are under the seal (in doubt: they
    say nothing of how it prints)."""
    case = synth.make_case(seed, blank="zero" if printed == "0" else "all_blank")
    data, _ = synth.render(case, "docx")
    doc = gongkai.read_document(data, "scan.docx")
    report = gongkai.extract(doc)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    rows: dict[str, list[str]] = {}
    for cid in case.cells:
        if cid.startswith("t2.o_"):
            rows.setdefault(cid.rsplit(".", 1)[0], []).append(cid)
    nothing = [cells for cells in rows.values() if all(case.cells[c] in (0, None) for c in cells)]
    row = random.Random(seed).choice(nothing)
    target = row[len(row) // 2]  # not the total, the last
    doubts = []
    for cid in row if not row_tells else [target]:
        src = report.values[cid].source
        assert src is not None and src.table is not None and src.row is not None and src.col is not None
        text = read if cid == target else printed
        tables[src.table].rows[src.row][src.col].text = text
        alternatives = others if others is not None and cid == target else ("8", "") if text else ("0",)
        doubts.append(Doubt(src, text, alternatives, 0.5, "印章覆盖"))
    doc.doubts, doc.layout = doubts, "ocr"
    report = gongkai.extract(doc)
    return target, case.cells[target], report, target in Context(report).uncertain


@pytest.mark.parametrize(("printed", "read", "row_tells"), list(itertools.product(("0", ""), ("0", ""), (True, False))))
@pytest.mark.parametrize("seed", [3, 14])
def test_a_0_or_a_blank_under_a_seal_is_never_silently_the_other(
    seed: int, printed: str, read: str, row_tells: bool
) -> None:
    """The sums hold alike with a blank or a 0, so they confirm neither: a cell read as one that may be the
    other is read as its row prints nothing (the row's cells read for certain), 读取存疑 where it was
    read otherwise or read blank; where its row does not tell (all under the seal), it stays in doubt —
    never silently a 0 over a blank cell (a seal's remains read as ``0``)."""
    cid, want, report, doubted = _nothing_under_a_seal(seed, printed, read, row_tells)
    have = report.cells.get(cid)
    assert have == want or doubted, (cid, want, have)
    if row_tells:
        assert have == want, "the row's certain cells tell how it prints nothing"
        # a 0 read where its row prints 0s is confirmed; a blank read stays in doubt (a seal hides ink)
        assert doubted == (read != printed or not read), "in doubt only where it was read otherwise"
    else:
        assert doubted, "nothing tells a blank from a 0 here"
    result = gongkai.check(report, document=None)
    assert not [f for f in result.findings if f.severity is Severity.ERROR and f.origin is Origin.DOCUMENT]


@pytest.mark.parametrize("others", [("8",), (), ("3", "8")])
@pytest.mark.parametrize("row_tells", [True, False])
@pytest.mark.parametrize("seed", [3, 14, 27])
def test_a_0_an_arc_hid_is_read_as_its_row_prints_nothing_and_never_silently_blank(
    seed: int, row_tells: bool, others: tuple[str, ...]
) -> None:
    """A 0 under a seal's arc read as nothing, with no 0 among its other readings (an ``8``, or none):
    the sums hold alike with the blank, so they confirm nothing.  Where its row prints 0s for certain it
    is read 0, in doubt; where its row does not tell, it stays in doubt — never silently blank (seed
    9008's 上年结转 read blank, the sums holding)."""
    cid, want, report, doubted = _nothing_under_a_seal(seed, "0", "", row_tells, others)
    have = report.cells.get(cid)
    assert doubted, (cid, have)
    if row_tells:
        assert have == want == 0, "the row's certain cells print 0"
    result = gongkai.check(report, document=None)
    assert not [f for f in result.findings if f.severity is Severity.ERROR and f.origin is Origin.DOCUMENT]


@pytest.mark.parametrize(
    ("first", "darkest", "kept"),
    [
        ("3.危及“三安全一稳定”", "3", True),
        ("1.属于国家秘密", "1", True),
        ("（2）其他法律行政法规禁止公开", "2", True),
        ("10、其他", "10", True),
        ("7属于行政查询事项", "7", True),
        ("信息公开", "29", False),  # a seal's letters read in a value cell, the number under them
        ("店", "7", False),
        ("公开办", "3", False),
    ],
)
def test_a_numbered_label_under_a_seal_keeps_its_words_when_its_darkest_ink_reads_as_its_number(
    monkeypatch: pytest.MonkeyPatch, first: str, darkest: str, kept: bool
) -> None:
    """A label cell under a red seal read in doubt is read again from its darkest ink; where the seal's
    ink covers its words, only the item's number is left as dark as print (``3`` of ``3.危及…``). Taken
    for the cell, the label was a number and its row's values moved one column (fresh seed 9146). A
    number followed by words is a label and stays; a seal's letters read over a value cell still give
    way to the number read under them, in doubt."""
    import numpy as np

    from gongkai.readers import ocr
    from gongkai.readers.ocr_engine import Reading

    class Engine:
        def recognize(self, crops: list[Any]) -> list[Reading]:
            return [Reading(darkest, [0.9] * len(darkest), [[] for _ in darkest]) for _ in crops]

    monkeypatch.setattr(ocr, "engine", lambda path=None: Engine())
    monkeypatch.setattr(ocr._Page, "_darkest", lambda self, cell: np.zeros((30, 60), np.uint8))
    page = object.__new__(ocr._Page)
    page.path = "sealed.png"
    source = Source(file="sealed.png", page=1, bbox=(0, 0, 60, 30))
    cell = ocr._CellRead(0, 0, 1, 0, 1, first, Doubt(source, first, (), 0.5, "印章覆盖"), True)
    [(text, doubt)] = page._reread([cell], [(0.0, 0.0, 60.0, 30.0)])
    assert text == (first if kept else darkest)
    assert doubt is not None, "still in doubt: the sums decide"


def test_ring_strokes_beside_a_label_do_not_lose_its_row() -> None:
    from gongkai.readers.ocr import _label_under_seal

    for read, label in (
        ("规章III", "规章"),
        ("[信息内容1", "信息内容"),
        ("第二十条第（一）项1 I", "第二十条第（一）项"),
        ("行政规范性文件/", "行政规范性文件"),
        ("规章＃", "规章"),
        ("盛城A 0", "盛城A 0"),  # a value among a seal's letters: left for the second reading
        ("1.属于国家秘密", "1.属于国家秘密"),  # its own ordinal
        (
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)",
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)",
        ),
    ):
        assert _label_under_seal(read) == label


def test_a_seal_s_bold_stroke_walls_off_no_sliver_of_a_cell() -> None:
    """A seal's lettering (or its ring running along a cell) crossing a cell: a short bold stroke from a
    rule to a short stroke across it would make a sliver cell, and the value beside it would be read
    into the wrong cell (blank)."""
    import cv2
    import numpy as np

    from gongkai.readers.ocr_grid import find_rules

    binary = np.zeros((700, 900), np.uint8)
    for y in range(100, 601, 100):
        cv2.line(binary, (100, y), (800, y), 255, 3)
    for x in range(100, 801, 140):
        cv2.line(binary, (x, 100), (x, 600), 255, 3)
    cv2.line(binary, (240, 320), (280, 320), 255, 7)  # the stroke of a seal's letter, from the rule at 240
    cv2.line(binary, (278, 300), (278, 322), 255, 4)  # and a short stroke across it, up to the row rule
    seal = np.zeros(binary.shape, np.uint8)
    cv2.circle(seal, (300, 330), 150, 1, thickness=-1)
    h, v = find_rules(binary, 24.0, seal)
    assert sorted(round(s.pos) for s in h) == [100, 200, 300, 400, 500, 600]
    assert sorted(round(s.pos) for s in v) == [100, 240, 380, 520, 660, 800]
    # away from a seal a short bold segment may be a table's bold frame: it is kept
    h, v = find_rules(binary, 24.0)
    assert 320 in {round(s.pos) for s in h}


def test_the_page_binarised_again_under_a_seal_adds_rules_not_a_seal_s_strokes() -> None:
    """Where a seal lay, the page binarised a second way shows the part of a rule the seal hid — and the
    seal's straight strokes.  A segment on the line of a rule found is kept, and one long enough to span
    rows; a stroke a cell high beside no rule is not (taken for a rule, it adds a column to one row and
    shifts its values)."""
    from gongkai.readers.ocr_grid import Segment, merge_rules

    found = [Segment(False, 100, 0, 400, 2), Segment(False, 240, 0, 180, 2)]  # the seal hid 240's foot
    hidden_foot = Segment(False, 240.5, 190, 400, 2)
    hidden_whole = Segment(False, 380, 0, 400, 2)
    stroke = Segment(False, 273, 200, 230, 3)
    again = Segment(False, 100.5, 50, 300, 2)
    merged = merge_rules(found, [hidden_foot, hidden_whole, stroke, again], long=4 * 24)
    assert merged == [*found, hidden_foot, hidden_whole]


@pytest.mark.parametrize(("stroke_top", "stroke_len"), [(250, 40), (285, 45), (345, 30), (230, 60)])
@pytest.mark.parametrize("x", [450, 520])
def test_a_grey_seal_s_region_joins_no_stroke_to_a_rule_below_it(stroke_top: int, stroke_len: int, x: int) -> None:
    """A seal found by its ring in grey covers a disc, most of it paper. A stroke of its letters in line
    with a column rule of the next table (below the seal) is no piece of that rule: along the gap there
    is paper, where a rule would show (joined across the disc, the rule ran up into the table above and
    split its rows' labels). A coloured seal's ink over the gap, or the ink of a ring along it, does
    hide a rule, and its pieces are joined."""
    import cv2
    import numpy as np

    from gongkai.readers.ocr_grid import find_rules

    binary = np.zeros((900, 900), np.uint8)
    for y in range(100, 401, 60):  # the table above: no column at x
        cv2.line(binary, (100, y), (800, y), 255, 3)
    for cx in (100, 300, 800):
        cv2.line(binary, (cx, 100), (cx, 400), 255, 3)
    for y in (520, 580, 640):  # the table below, a column at x
        cv2.line(binary, (100, y), (800, y), 255, 3)
    for cx in (100, x, 800):
        cv2.line(binary, (cx, 520), (cx, 640), 255, 3)
    cv2.line(binary, (x, stroke_top), (x, stroke_top + stroke_len), 255, 3)  # a letter's stroke in line
    disc = np.zeros(binary.shape, np.uint8)
    cv2.circle(disc, (x, 420), 160, 1, thickness=-1)
    _, v = find_rules(binary, 24.0, disc, hides=None)
    at_x = [s for s in v if abs(s.pos - x) < 4]
    assert at_x and all(s.lo >= 515 for s in at_x), at_x
    # the same gap under a coloured seal's ink (the rule lifted with it): one rule, run up to the stroke
    ink = np.zeros(binary.shape, np.uint8)
    cv2.line(ink, (x, stroke_top), (x, 520), 1, 9)
    _, v = find_rules(binary, 24.0, disc, hides=ink)
    assert any(abs(s.pos - x) < 4 and s.lo < 400 and s.hi >= 635 for s in v)


@pytest.mark.parametrize("stroke", [18, 23, 30])
@pytest.mark.parametrize("below", [60, 117, 150])
def test_a_character_s_stroke_touching_a_rule_is_no_piece_of_a_rule_under_a_red_seal(stroke: int, below: int) -> None:
    """Under a red seal's letters (its ink lifts the print under it, so the gap is taken as hidden), a
    character's upright stroke that touches the row rule below it is in line with a stroke of the text
    under the table. Neither is a rule where it shows — the character's stroke meets a rule only at its
    end toward the gap, where a rule's piece would cross on — so they are not joined (joined, the rule
    ran down through two rows and split their labels: fresh seed 6008). A rule's piece that crosses a
    rule away from the gap still is joined to its piece beyond the seal."""
    import cv2
    import numpy as np

    from gongkai.readers.ocr_grid import find_rules

    binary = np.zeros((900, 900), np.uint8)
    rows = [100, 200, 300, 385, 420, 455]
    for y in rows:
        cv2.line(binary, (100, y), (800, y), 255, 3)
    for x in (100, 300, 800):
        cv2.line(binary, (x, 100), (x, 455), 255, 3)
    cv2.line(binary, (503, 385 - stroke - 3), (503, 383), 255, 3)  # a character's stroke on the rule at 385
    cv2.line(binary, (503, 455 + below), (503, 455 + below + 26), 255, 3)  # text under the table
    seal = np.zeros(binary.shape, np.uint8)
    cv2.circle(seal, (480, 430), 130, 1, thickness=14)  # the red seal's ring and letters over the gap
    cv2.line(seal, (503, 386), (503, 455 + below), 1, 9)
    _, v = find_rules(binary, 23.0, seal)
    assert not [s for s in v if abs(s.pos - 503) < 4], "no column at the stroke"
    # a column rule of the upper rows, its foot under the seal: the pieces are one rule again
    cv2.line(binary, (503, 200), (503, 385 - stroke - 3), 255, 3)
    _, v = find_rules(binary, 23.0, seal)
    assert any(abs(s.pos - 503) < 4 and s.lo <= 202 and s.hi >= 453 for s in v)


@pytest.mark.parametrize("run_on", [45, 52, 60, 89])
@pytest.mark.parametrize("crossed", [0, 1, 3])
def test_a_grey_seal_s_ring_run_on_from_a_rule_s_end_is_cut_where_the_lifted_page_shows_none(
    run_on: int, crossed: int
) -> None:
    """On the page as scanned, a grey seal's ring runs on in line from a column rule that ends on a row's
    corner, down into the next row (a rule there splits the row's label and moves its values). With the
    seal lifted, the line shows no ink there: the rule is cut where it shows none for a character's
    height inside the seal, and what is left of the run-on reaches no second rule. The seal's letters
    crossing a rule lift bits of it with them: those short gaps are kept."""
    import cv2
    import numpy as np

    from gongkai.readers.ocr_grid import Segment, seen_in

    char_h = 33.0
    rows = [200, 400, 600, 771, 815, 860, 904]
    h = [Segment(True, y, 230, 1424, 4) for y in rows]
    v = [Segment(False, x, 200, 904, 4) for x in (230, 1424)] + [Segment(False, 532.5, 200, 815 + run_on, 5)]
    lifted = np.zeros((1100, 1500), np.uint8)
    for s in h:
        cv2.line(lifted, (int(s.lo), int(s.pos)), (int(s.hi), int(s.pos)), 255, 3)
    for x in (230, 1424):
        cv2.line(lifted, (x, 200), (x, 904), 255, 3)
    cv2.line(lifted, (532, 200), (532, 815), 255, 3)  # the rule as printed: it ends on the corner at 815
    for k in range(crossed):  # the seal's letters crossed it: lifted with them, a few pixels each
        y = 640 + 40 * k
        lifted[y : y + 6, 525:540] = 0
    region = np.zeros(lifted.shape, np.uint8)
    cv2.circle(region, (700, 830), 190, 1, thickness=-1)
    h2, v2 = seen_in(list(h), list(v), lifted, region, char_h)
    column = [s for s in v2 if abs(s.pos - 532.5) < 1]
    assert len(column) == 1 and column[0].lo <= 202 and abs(column[0].hi - 815) <= 3, column
    assert len(h2) == len(h) and len(v2) == len(v)


def _table_three_header_under_a_red_seal(top: int, jpeg: bool, tone: int) -> Any:
    """A table whose header row is one cell over its value columns, with a red seal over it: one of the
    seal's letters has an upright stroke from above the table down to the header's lower rule, in line
    with no rule of the print (BGR uint8)."""
    import cv2
    import numpy as np

    page = np.full((1000, 1400, 3), PAPER, np.uint8)
    ys, xs = [200, 300, 360, 420, 480, 540], [80, 400, 560, 720, 880, 1040, 1200]
    ink = (PRINT,) * 3
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), ink, 2)
    for x in xs:
        cv2.line(page, (x, ys[0] if x in (xs[0], xs[1], xs[-1]) else ys[1]), (x, ys[-1]), ink, 2)
    font = cv2.FONT_HERSHEY_SIMPLEX
    for text, x in (("Item", 95), ("Review", 560), ("Results", 860)):
        cv2.putText(page, text, (x, ys[0] + 45), font, 1.0, ink, 2)
    for r, y in enumerate(ys[1:-1]):
        cv2.putText(page, f"Row {r}", (95, y + 42), font, 1.0, ink, 2)
        for k, x in enumerate(xs[1:-1]):
            cv2.putText(page, str((r * 7 + k * 3) % 20), (x + 40, y + 42), font, 1.0, ink, 2)
    seal = np.zeros(page.shape[:2], np.uint8)
    cv2.circle(seal, (800, 260), 170, 255, 10)
    cv2.line(seal, (800, top), (800, ys[1] + 2), 255, 3)  # the letter's stroke, down to the header's foot
    cv2.line(seal, (760, 180), (840, 180), 255, 6)
    out = page.astype(np.float32)
    out[seal > 0] *= np.array([tone, tone, 255], np.float32) / 255  # red ink multiplies the page
    out = out.astype(np.uint8)
    if jpeg:
        out = cv2.imdecode(cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, 70])[1], cv2.IMREAD_COLOR)
    return out


@pytest.mark.parametrize("top", [120, 160])
@pytest.mark.parametrize("jpeg", [False, True])
@pytest.mark.parametrize("tone", [60, 110])
def test_a_red_seal_s_letter_carries_no_rule_into_a_header_cell(top: int, jpeg: bool, tone: int) -> None:
    """A red seal's letter with an upright stroke across a header cell (table three's 行政复议 over its
    five columns): on the page in grey the stroke is a line from rule to rule, and split the header in
    two (seed 8026). Where the page with the seal taken out shows no line — not even the pale edge of
    the stroke JPEG's blurred colour leaves — it is no rule: the header stays one cell, the rows below
    keep their six cells."""
    from gongkai.readers import ocr

    read = ocr._Page(_table_three_header_under_a_red_seal(top, jpeg, tone), 1, "sealed.png", True, 1.0).read()
    assert read.tables, "the table is found"
    rows = read.tables[0].rows
    assert len(rows[0]) == 2 and rows[0][1].text.startswith("Review Results"), [c.text for c in rows[0]]
    assert [len(r) for r in rows[1:]] == [6, 6, 6, 6]


@pytest.mark.parametrize("horizontal", [True, False])
@pytest.mark.parametrize("gap", [5, 9, 14, 18, 22])
def test_no_rule_is_added_closer_to_a_rule_than_a_line_of_print(horizontal: bool, gap: int) -> None:
    """The page in grey under a red seal shows its star: the star's top run on along a label's strokes is
    a long straight segment a few pixels from the cell's rule.  No line of print fits between the two, so
    it is no rule (it walled off a sliver of the label's cell and moved its row's values one column); a
    hidden rule a row away is one, and so is the part of a rule on its own line the seal hid."""
    from gongkai.readers.ocr_grid import Segment, merge_rules

    char_h = 23.0
    found = [Segment(horizontal, 1153.5, 200, 1456, 3), Segment(horizontal, 1100, 200, 400, 3)]
    star = Segment(horizontal, 1153.5 + gap, 356, 645, 4)
    below = Segment(horizontal, 1153.5 + 2 * char_h, 356, 645, 3)
    foot = Segment(horizontal, 1100.5, 420, 1456, 3)
    merged = merge_rules(found, [star, below, foot], long=4 * char_h, row=char_h)
    assert merged == [*found, below, foot]


@pytest.mark.parametrize("seed", range(40, 46))
def test_a_row_read_with_a_cell_too_many_is_doubted_not_shifted(seed: int) -> None:
    """A stroke taken for a rule splits one cell of a grid row in two: the row has a cell more than its
    columns, and from the split on every value sits one column right.  Nothing of that row is taken as
    read: its cells are 读取存疑 (extra_values), and no cell anywhere is silently wrong."""
    from gongkai.document import Cell

    case = synth.make_case(seed)
    data, _ = synth.render(case, "docx")
    doc = gongkai.read_document(data, "scan.docx")
    report = gongkai.extract(doc)
    rng = random.Random(seed)
    row_id = rng.choice(["r_new", "o_grant_all", "o_deny_safety", "o_total", "r_next"])
    src = report.values[f"t2.{row_id}.natural"].source
    assert src is not None and src.table is not None and src.row is not None and src.col is not None
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.source.table == src.table)
    row = table.rows[src.row]
    at = rng.randrange(src.col, len(row))  # the cell split in two: the sliver left of it reads as a 0
    row.insert(at, Cell("0", src.row, at, replace(row[at].source, col=at)))
    for k, cell in enumerate(row[at + 1 :], start=at + 1):
        cell.col, cell.source = k, replace(cell.source, col=k)
    report = gongkai.extract(doc)
    uncertain = Context(report).uncertain
    have = report.cells
    assert {c: (w, have.get(c)) for c, w in case.cells.items() if have.get(c) != w and c not in uncertain} == {}
    assert any(n.code == "extra_values" and f"t2.{row_id}.total" in n.cells for n in report.notes)


@pytest.mark.parametrize("misread", ["6", "8 1", "0"])
def test_a_number_misread_in_table_three_s_header_does_not_take_its_values(misread: str) -> None:
    """A word of table three's header read as a number (总计 as ``6``, a seal's letter as ``8``): the
    header row, words but for that, is not the row of values; the values are read from their own row."""
    case = synth.make_case(77)
    data, _ = synth.render(case, "docx")
    doc = gongkai.read_document(data, "scan.docx")
    src = gongkai.extract(doc).values["t3.review_total"].source
    assert src is not None and src.table is not None and src.row is not None
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.source.table == src.table)
    for header in table.rows[: src.row]:
        for k in range(0, len(header), 4):  # a few header cells of each header row
            header[k].text = misread
        report = gongkai.extract(doc)
        t3 = {c: v for c, v in case.cells.items() if c.startswith("t3.")}
        assert {c: report.cells.get(c) for c in t3} == t3


def test_a_scanner_s_stated_resolution_is_used_and_a_screenshot_s_is_not() -> None:
    from gongkai.readers.ocr_image import scan_dpi

    assert scan_dpi((200, 200), 1654) == 200  # A4 at 200 dpi
    assert scan_dpi((300.0, 300.0), 2480) == 300
    assert scan_dpi(72, 1654) is None  # a screenshot's 72 dpi: 23 inches wide
    assert scan_dpi((96, 96), 1000) is None
    assert scan_dpi(None, 1654) is None and scan_dpi("x", 1654) is None
    assert scan_dpi((600, 600), 1654) is None  # 2.8 inches: no page


def test_a_tiff_at_300_dpi_keeps_its_own_pixels_in_the_bboxes() -> None:
    case = synth.make_case(7)
    pdf = _ruled(case)
    pages = scan.scan(pdf, random.Random(7), name=case.agency, dpi=300, stamp=0.0, grey=1.0)[:2]
    doc = gongkai.read_document(scan.to_tiff(pages, dpi=300), "300dpi.tif")
    boxes = [(c.source.page, c.source.bbox) for t in doc.tables for row in t.rows for c in row if c.source.bbox]
    assert boxes
    for page, b in boxes:
        width, height = pages[page - 1].size
        assert 0 <= b[0] < b[2] <= width + 1 and 0 <= b[1] < b[3] <= height + 1, (page, b)
    width = pages[0].size[0]
    assert max(b[2] for p, b in boxes if p == 1) > 0.6 * width, "in the image's own pixels, not scaled to 200 dpi"
    report = gongkai.extract(doc)
    read = {c: v for c, v in report.cells.items() if c.startswith("t1.") and v is not None}
    assert read and all(case.cells[c] == v for c, v in read.items() if c not in Context(report).uncertain)


def _grid(rows: range, cols: range, size: tuple[int, int] = (700, 900)) -> Any:
    """A binarised page (ink 255) with a ruled grid: rules 3 px thick at ``rows`` and ``cols``."""
    import cv2
    import numpy as np

    binary = np.zeros(size, np.uint8)
    for y in rows:
        cv2.line(binary, (cols[0], y), (cols[-1], y), 255, 3)
    for x in cols:
        cv2.line(binary, (x, rows[0]), (x, rows[-1]), 255, 3)
    return binary


@pytest.mark.parametrize("horizontal", [True, False])
@pytest.mark.parametrize("kept", [0.0, 0.3, 0.7])
def test_a_rule_a_red_seal_lifted_with_its_ink_is_whole_again(horizontal: bool, kept: float) -> None:
    """Lifting a red seal lifts the print under its ink too: a rule it lay on keeps only bits of that
    stretch (none, or some), however long.  Where the seal lies and the rule shows on either side, the
    pieces are one rule; the cell the lost stretch bounded is not merged with its neighbour (the values
    of two rows in one cell, or a label cell holding two rows' labels)."""
    import cv2
    import numpy as np

    from gongkai.readers.ocr_grid import find_rules

    rows, cols = range(100, 601, 100), range(100, 801, 140)
    binary = _grid(rows, cols)
    seal = np.zeros(binary.shape, np.uint8)
    cv2.circle(seal, (330, 300), 130, 1, thickness=-1)
    rng = random.Random(int(kept * 10) + horizontal)
    for at in range(205, 456):  # the seal's ink over 250 px of the rule at 300 (or 380): mostly lifted
        if rng.random() >= kept:
            if horizontal:
                binary[297:304, at] = 0
            else:
                binary[at - 50, 377:384] = 0
    h, v = find_rules(binary, 24.0, seal)
    full_h = {round(s.pos) for s in h if s.lo <= 102 and s.hi >= 798}
    full_v = {round(s.pos) for s in v if s.lo <= 102 and s.hi >= 598}
    assert full_h == set(rows) and full_v == set(cols)


def test_strokes_of_a_seal_s_lettering_in_line_are_not_joined_into_a_rule() -> None:
    """Two strokes under a seal in line, or a stroke of a character outside it in line with one under it:
    no rule shows on either side, so the seal's cover between them joins nothing."""
    import cv2
    import numpy as np

    from gongkai.readers.ocr_grid import find_rules

    rows, cols = range(100, 601, 100), range(100, 801, 140)
    binary = _grid(rows, cols)
    seal = np.zeros(binary.shape, np.uint8)
    cv2.circle(seal, (330, 350), 130, 1, thickness=-1)
    cv2.line(binary, (300, 210), (300, 245), 255, 2)  # two upright letter strokes, in line, under the seal
    cv2.line(binary, (300, 345), (300, 385), 255, 2)
    cv2.line(binary, (420, 150), (420, 180), 255, 2)  # a character's stroke above the seal, in line with
    cv2.line(binary, (420, 260), (420, 290), 255, 2)  # one of the seal's below it
    h, v = find_rules(binary, 24.0, seal)
    assert sorted(round(s.pos) for s in v) == list(cols)
    assert sorted(round(s.pos) for s in h) == list(rows)


def test_the_edge_of_a_seal_s_ring_upright_for_one_row_splits_no_cell() -> None:
    """Where a ring runs upright, a thin stroke reaches from one row rule to the next: a column that no
    other row has.  Taken for a rule it splits a value cell (a value too many in the row, or a ``0`` read
    as ``(`` beside a blank).  Away from a seal, a rule in one row only is a cell printed split: kept."""
    import cv2
    import numpy as np

    from gongkai.readers.ocr_grid import find_rules

    rows, cols = range(100, 601, 100), range(100, 801, 140)
    binary = _grid(rows, cols)
    cv2.line(binary, (455, 400), (455, 500), 255, 1)
    seal = np.zeros(binary.shape, np.uint8)
    cv2.circle(seal, (380, 450), 80, 1, thickness=-1)
    _, v = find_rules(binary, 60.0, seal)
    assert sorted(round(s.pos) for s in v) == list(cols)
    _, v = find_rules(binary, 60.0)
    assert any(abs(s.pos - 455) < 2 for s in v)


@pytest.mark.parametrize(
    ("depth", "width", "side", "across"),
    list(itertools.product((10, 12, 14, 16), (5, 6, 7, 8), (-1, 1), (False, True))),
)
def test_a_seal_s_ring_running_on_from_a_rule_s_end_is_no_part_of_it(
    depth: int, width: int, side: int, across: bool
) -> None:
    """A column rule ends on a row rule (the label cells below it are merged); a seal's ring touches
    the rule above that end and runs on into the row below, bowing off the rule's line by ``depth``
    pixels and coming back to it at the next row rule.  The ring's ink joins the rule's in one blob, and
    taken as one segment the rule went on through the row below, splitting its label in two (the row's
    values were lost to 读取存疑).  Either side, either direction, any thin ring stroke."""
    import math

    import cv2
    import numpy as np

    from gongkai.readers.ocr_grid import find_rules

    rows, cols = range(100, 601, 100), range(100, 801, 140)
    binary = _grid(rows, cols)
    binary[400:601, 238:243] = 0  # the rule at 240 ends on the row rule at 400
    radius = 150
    half_chord = math.sqrt(radius**2 - (radius - depth) ** 2)  # the ring leaves the line and meets it at 500
    centre = (240 - side * (radius - depth), round(500 - half_chord))
    cv2.circle(binary, centre, radius, 255, width)
    seal = np.zeros(binary.shape, np.uint8)
    cv2.circle(seal, centre, radius + 10, 1, thickness=-1)
    if across:
        binary, seal = binary.T.copy(), seal.T.copy()
    h, v = find_rules(binary, 24.0, seal)
    rules = h if across else v
    assert any(abs(s.pos - 240) < 3 and s.lo <= 102 and s.hi >= 398 for s in rules)
    assert not any(abs(s.pos - 240) < 4 and s.hi > 410 for s in rules)


def test_two_pieces_of_a_rule_a_stroke_moved_apart_are_one_rule() -> None:
    """The middle of a rule's piece moves where print or a seal touches it: two pieces of one rule a few
    pixels apart whose lines differ by more than two pixels are still one rule (else the label column
    loses the rule between two rows, and their labels fall into one cell)."""

    from gongkai.readers.ocr_grid import find_rules

    rows, cols = range(100, 601, 100), range(100, 801, 140)
    binary = _grid(rows, cols)
    binary[297:304, 100:801] = 0
    binary[299:302, 100:337] = 255  # the rule's first piece, centred on 300.5
    binary[301:305, 341:801] = 255  # the rest, thicker where strokes touch it: centred on 303
    h, _ = find_rules(binary, 24.0)
    assert any(abs(s.pos - 302) < 2.5 and s.lo <= 102 and s.hi >= 798 for s in h)


def test_a_rule_lost_along_a_seal_s_ring_is_carried_on_past_the_corner_it_left() -> None:
    """Cells are rectangles: two rules meeting in an L inside a table means one of them went on and was
    lost — here the column rule between two sub-labels, where a red seal's ring ran down it and was lifted
    with it (the last sub-label row's label then fell into the cell beside it, with the row above's).  The
    rule whose line the seal's ink covers is carried on to the next rule across; the other is not; with
    nothing on either line, nothing changes; the table's own corners stay corners."""
    import cv2
    import numpy as np

    from gongkai.readers.ocr_grid import find_rules

    binary = np.zeros((700, 900), np.uint8)
    for y, x0 in ((100, 100), (200, 240), (300, 380), (400, 100), (500, 100)):
        cv2.line(binary, (x0, y), (800, y), 255, 3)
    for x, y1 in ((100, 500), (240, 400), (380, 400), (520, 500), (660, 500), (800, 500)):
        cv2.line(binary, (x, 100), (x, y1), 255, 3)
    binary[303:400, 376:385] = 0  # the seal's ring lay along the rule at 380 from 300 to 400: lifted
    seal = np.zeros(binary.shape, np.uint8)
    seal[290:410, 372:389] = 1
    _, v = find_rules(binary, 24.0, seal)
    assert any(abs(s.pos - 380) < 3 and s.lo <= 102 and s.hi >= 398 for s in v)
    h, v = find_rules(binary, 24.0)
    assert not any(abs(s.pos - 380) < 3 and s.hi > 310 for s in v)
    assert not any(abs(s.pos - 300) < 3 and s.lo < 370 for s in h)
    assert sorted((round(s.pos), round(s.lo)) for s in h)[0] == (100, 99)


@pytest.mark.parametrize(("seed", "grey"), [(50, 0.0), (51, 1.0), (52, 0.0), (53, 1.0)])
def test_a_seal_over_the_row_labels_loses_no_row(seed: int, grey: float) -> None:
    """A seal pressed over the row labels (red in a colour scan, grey in a grey one), on every page: its
    ring lay along rules between rows and was lifted with them, its letters' remnants sit beside a label.
    Every row is still found — no two rows' labels in one cell, no label with a seal's letter appended
    (``规章防``) — and nothing is silently wrong or blamed on the document."""
    case = synth.make_case(seed)
    pdf = _ruled(case)
    pages = scan.scan(pdf, random.Random(seed), name=case.agency, stamp=1.0, grey=grey, stamp_at=0.15)
    doc = gongkai.read_document(scan.to_pdf(pages), "labels.pdf")
    correct, flagged, silent, false = _score(case, doc)
    assert silent == {} and false == []
    report = gongkai.extract(doc)
    lost = [n.message for n in report.notes if n.code in ("cells_missing", "row_missing") or "两个行标签" in n.message]
    assert lost == []
    assert correct >= 0.99 * len(case.cells), (correct, flagged)


@pytest.mark.parametrize("horizontal", [True, False])
@pytest.mark.parametrize("side", [-1, 1])
@pytest.mark.parametrize(("radius", "ring"), [(260, 12), (320, 16), (200, 10)])
def test_a_rule_a_grey_seal_s_ring_runs_beside_touching_is_still_a_rule(
    horizontal: bool, side: int, radius: int, ring: int
) -> None:
    """A grey seal's ring running along a rule, touching it for a row or more, makes one blob with it far
    too thick for a rule: the rule was lost, and the two cells it parted read as one (a row's values
    shifted by a column).  The rule is the band of the blob inked all along; nothing else is added."""
    import cv2
    import numpy as np

    from gongkai.readers.ocr_grid import find_rules

    rows, cols = range(100, 601, 100), range(100, 801, 140)
    binary = _grid(rows, cols)
    at = 380  # the column rule (or, turned, the row rule at 380) the ring runs beside
    centre = (at + side * (radius + ring // 2 - 1), 350)
    cv2.circle(binary, centre, radius, 255, thickness=ring)
    seal = np.zeros(binary.shape, np.uint8)
    cv2.circle(seal, centre, radius + ring, 1, thickness=-1)
    if horizontal:  # the same page turned: the ring runs along a row rule
        binary, seal = np.ascontiguousarray(binary.T), np.ascontiguousarray(seal.T)
    h, v = find_rules(binary, 24.0, seal)
    along = h if horizontal else v
    beside = [s for s in along if abs(s.pos - at) < 4]
    assert beside and min(s.lo for s in beside) <= 300 and max(s.hi for s in beside) >= 400, beside
    assert all(any(abs(s.pos - x) < 4 for x in cols) for s in along if s.hi - s.lo > 50)  # turned or not
