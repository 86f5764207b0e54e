"""Scans and photos read by OCR (issue 12): generated scans scored cell by cell, images, a PDF mixing
text and scanned pages, the missing extra, hostile images, and no download.

The scans come from ``gongkai.synth.scan`` (a consistent generated report printed as a ruled PDF,
rendered at 200 dpi, toned, skewed by a fraction of a degree, blurred, noised, stamped, JPEG-damaged).
Every cell is scored against the truth: a wrong value must carry a reading note (读取存疑), and a
consistent document must get no 原文问题.  ``bench/bench_ocr.py`` measures the same over many more.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from typing import Any

import pytest

from gongkai.readers import ocr_engine

pytestmark = pytest.mark.skipif(not ocr_engine.available(), reason="the [ocr] extra is not installed")

import gongkai  # noqa: E402
from gongkai import synth  # noqa: E402
from gongkai.check import Origin, Severity  # noqa: E402
from gongkai.check.registry import Context  # noqa: E402
from gongkai.document import Paragraph  # noqa: E402
from gongkai.errors import CorruptInput, TooLarge, UnsupportedFormat  # noqa: E402
from gongkai.synth import scan  # noqa: E402


class Score:
    def __init__(self) -> None:
        self.correct = self.flagged = 0
        self.silent: dict[str, Any] = {}
        self.false: list[str] = []
        self.reports: list[gongkai.Report] = []

    @property
    def cells(self) -> int:
        return self.correct + self.flagged + len(self.silent)

    def add(self, label: str, doc: gongkai.Document, truth: dict[str, Any]) -> None:
        report = gongkai.extract(doc)
        self.reports.append(report)
        uncertain = Context(report).uncertain
        for cid, want in truth.items():
            have = report.cells.get(cid)
            if have == want:
                self.correct += 1
            elif cid in uncertain:
                self.flagged += 1
            else:
                self.silent[f"{label}:{cid}"] = (want, have)
        result = gongkai.check(report, document=doc)
        self.false += [
            f"{label}:{f.rule}" for f in result.findings if f.severity is Severity.ERROR and f.origin is Origin.DOCUMENT
        ]


NO_CJK = "no CJK font installed: a generated report renders without its labels (apt-get install fonts-noto-cjk)"


def _case(seed: int) -> tuple[synth.Case, bytes]:
    """A generated report printed as a ruled PDF (scanned, it needs a CJK font to show its text)."""
    if not scan.renders_cjk():
        pytest.skip(NO_CJK)
    case = synth.make_case(seed)
    pdf, _ = synth.render(case, "pdf_ruled")
    return case, pdf


@pytest.fixture(scope="module")
def score() -> Score:
    """Two generated reports: one as an image-only PDF (a colour scan, a red stamp on every page), one as
    a multi-page TIFF (a grey scan).  A stamp scanned in grey over the values is harder: see
    ``test_grey_stamp_over_a_table``."""
    out = Score()
    case, pdf = _case(0)
    pages = scan.scan(pdf, random.Random(1), name=case.agency, stamp=1.0, grey=0.0)
    out.add("pdf", gongkai.read_document(scan.to_pdf(pages), "scan.pdf"), dict(case.cells))
    case, pdf = _case(2)
    pages = scan.scan(pdf, random.Random(3), name=case.agency, stamp=0.0, grey=1.0)
    out.add("tiff", gongkai.read_document(scan.to_tiff(pages), "scan.tif"), dict(case.cells))
    return out


def test_no_silent_wrong_cell(score: Score) -> None:
    assert score.silent == {}


def test_no_false_finding_on_a_consistent_scan(score: Score) -> None:
    assert score.false == []


def test_cells_read_right(score: Score) -> None:
    assert score.cells >= 300
    assert score.correct >= 0.999 * score.cells, (score.correct, score.flagged, score.cells)


def test_every_value_has_page_cell_and_bbox(score: Score) -> None:
    for report in score.reports:
        for cid, value in report.values.items():
            src = value.source
            assert src is not None and src.page is not None and src.bbox is not None, cid
            assert src.table is not None and src.row is not None and src.col is not None, cid


def _mixed_pdf(text_pdf: bytes, scanned_pdf: bytes, page: int) -> bytes:
    """The text PDF with its page ``page`` (0-based) replaced by the same page scanned."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument(text_pdf)
    scanned = pdfium.PdfDocument(scanned_pdf)
    try:
        out.del_page(page)
        out.import_pages(scanned, [page], index=page)
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        scanned.close()
        out.close()


def test_pdf_mixing_text_pages_and_a_scanned_page() -> None:
    case, pdf = _case(4)
    pages = scan.scan(pdf, random.Random(5), name=case.agency, stamp=1.0, grey=0.0)
    doc = gongkai.read_document(_mixed_pdf(pdf, scan.to_pdf(pages), 1), "mixed.pdf")
    assert doc.layout == "pdf+ocr"
    score = Score()
    score.add("mixed", doc, dict(case.cells))
    assert score.silent == {} and score.false == []
    assert score.correct >= 0.999 * score.cells


def test_grey_stamp_over_a_table() -> None:
    """A grey scan with a grey stamp over the page holding most values: what the stamp hides may be
    unreadable, but it is 读取存疑 (never a silent wrong value, never 原文问题)."""
    case, pdf = _case(5)
    pages = scan.scan(pdf, random.Random(8), name=case.agency, stamp=1.0, grey=1.0)
    doc = gongkai.read_document(_mixed_pdf(pdf, scan.to_pdf(pages), 1), "grey.pdf")
    score = Score()
    score.add("grey", doc, dict(case.cells))
    assert score.silent == {} and score.false == []
    assert score.correct >= 0.98 * score.cells  # measured: 94 % in session 4, 99.5 % since the seal is lifted


def test_a_page_photographed_is_read() -> None:
    case, pdf = _case(6)
    page = scan.scan(pdf, random.Random(7), name=case.agency, stamp=0.0)[0]
    doc = gongkai.read_document(scan.encode(page, "jpeg", quality=70), "page1.jpg")
    assert doc.layout == "ocr"
    text = "".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    assert "年度报告" in text and "总体情况" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row]
    assert "信息内容" in cells, "the first page's table is found"


def test_a_png_is_read() -> None:
    case, pdf = _case(6)
    page = scan.render_pages(pdf)[0]
    page = page.crop((0, 0, page.size[0], page.size[1] // 3))  # the head of the first page
    doc = gongkai.read_document(scan.encode(page, "png"), "head.png")
    text = "".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    assert case.agency[-4:] in text and "年度报告" in text and "总体情况" in text
    assert all(b.source.page == 1 and b.source.bbox is not None for b in doc.blocks if isinstance(b, Paragraph))


# -- the extra missing -----------------------------------------------------------------------------------


def test_without_the_extra_an_image_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_engine, "available", lambda: False)
    monkeypatch.setattr(ocr_engine, "_ENGINE", [])
    page = scan.render_pages(_case(0)[1], 50)[0]
    with pytest.raises(UnsupportedFormat) as err:
        gongkai.read_document(scan.encode(page, "png"), "扫描件.png")
    message = str(err.value)
    assert "扫描件.png" in message and "pip install 'gongkai[ocr]'" in message and "OCR" in message


def test_without_the_extra_a_scanned_pdf_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_engine, "available", lambda: False)
    monkeypatch.setattr(ocr_engine, "_ENGINE", [])
    pages = scan.render_pages(_case(0)[1], 50)
    with pytest.raises(UnsupportedFormat) as err:
        gongkai.read_document(scan.to_pdf(pages, 50), "扫描件.pdf")
    message = str(err.value)
    assert "扫描件.pdf" in message and "pip install 'gongkai[ocr]'" in message and "扫描件" in message


# -- hostile images ------------------------------------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_huge_declared_dimensions_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import ImageFile

    def no_decode(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("pixels decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decode)
    with pytest.raises(TooLarge) as err:
        gongkai.read_document(_png_header(100_000, 100_000), "bomb.png")
    assert "bomb.png" in str(err.value) and "像素" in str(err.value)


@pytest.mark.parametrize("form", ["png", "jpeg"])
def test_truncated_image_is_corrupt_input(form: str) -> None:
    page = scan.render_pages(_case(0)[1], 60)[0]
    data = scan.encode(page, form)
    with pytest.raises(CorruptInput) as err:
        gongkai.read_document(data[: len(data) // 3], f"cut.{form}")
    assert f"cut.{form}" in str(err.value)


@pytest.mark.parametrize("head", [b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"\xff\xd8\xff\xe0" + b"garbage" * 10])
def test_garbage_after_an_image_signature_is_corrupt_input(head: bytes) -> None:
    with pytest.raises(CorruptInput) as err:
        gongkai.read_document(head, "bad.img")
    assert "bad.img" in str(err.value)


# -- offline -------------------------------------------------------------------------------------------


def test_models_come_from_the_installed_package_and_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    from pathlib import Path

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network use attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(ocr_engine, "_ENGINE", [])  # a fresh engine, loaded with the network cut
    engine = ocr_engine.engine()
    package = Path(ocr_engine._package_dir())
    for session in (engine.det, engine.rec):
        assert session is not None
    assert (package / "models" / "ch_PP-OCRv4_det_infer.onnx").is_file()
    assert (package / "models" / "ch_PP-OCRv4_rec_infer.onnx").is_file()
    readings = engine.recognize([_white_line()])
    assert len(readings) == 1


def _white_line() -> Any:
    import numpy as np

    return np.full((48, 200), 255, np.uint8)


def test_one_engine_per_process_reused() -> None:
    assert ocr_engine.engine() is ocr_engine.engine()


def test_a_value_cell_s_digits_are_read_where_the_model_saw_other_characters() -> None:
    """The model reads a 0 a seal's stroke crosses as ``θ`` and a seal's letter as ``店``: the digits
    reading keeps, per character seen, the digit the model weighed most there (``0`` for the ``θ``, when
    it weighed one at all) and drops a character with no digit's weight."""
    import numpy as np

    engine = ocr_engine.engine()
    index = engine.charset.index

    def frame(weights: dict[str, float]) -> Any:
        row = np.zeros(len(engine.charset), np.float32)
        row[0] = 1 - sum(weights.values())
        for ch, w in weights.items():
            row[0 if ch == "" else index(ch)] = w
        return row

    frames = [
        frame({"θ": 0.7, "0": 0.2}),
        frame({"": 0.9}),
        frame({"店": 0.95, "1": 0.001}),
        frame({"": 0.9}),
        frame({"1": 0.8, "7": 0.15}),
        frame({"1": 0.8, "7": 0.15}),
    ]
    reading = engine._decode(np.stack(frames))
    assert reading.text == "θ店1"
    assert reading.digits == "01"


def test_the_page_numbers_inside_a_long_picture_are_no_text() -> None:
    """A report shared as one long picture has its pages' numbers in the middle of it, not in a margin:
    a number alone in the middle of its line (``- 3 -``, read ``3-``) is a page number there too — read
    as text, it was taken for table three's row of values printed after it."""
    import re

    for seed in (9,):  # (a picture as wide as its landscape page: its portrait pages are not centred in it)
        _, pdf = _case(seed)
        picture = scan.scan_long(pdf, random.Random(seed), stamp=0.0)
        doc = gongkai.read_document(scan.encode(picture, "png"), "long.png")
        texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
        assert any("年度报告" in t for t in texts), "the text of the pages is read"
        assert not [t for t in texts if re.fullmatch(r"[\s\-—–－]*\d{1,3}[\s\-—–－]*", t)]


_LABEL = ("（二）部分公开（区分处理", "的，只计这一情形，不计其他", "情形）")


def _label_cell_page(font_px: int, gap: int, rng: random.Random) -> Any:
    """A scanned grid of two rows and three columns: a label of three lines set ``gap`` pixels apart, 23
    and 0, under it 其他 with 1 and 2 (200 dpi, grey, a little blur and noise)."""
    from pathlib import Path

    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
    if not font.is_file():
        pytest.skip(NO_CJK)
    face = ImageFont.truetype(str(font), font_px)
    page = Image.new("L", (1000, 500), 245)
    draw = ImageDraw.Draw(page)
    xs, top = (80, 480, 640, 800), 100
    ys = (top, top + 3 * font_px + 2 * gap + 24, top + 4 * font_px + 2 * gap + 48)
    for y in ys:
        draw.line([(xs[0], y), (xs[-1], y)], fill=40, width=2)
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[-1])], fill=40, width=2)

    def centred(text: str, x0: int, x1: int, y: float) -> None:
        draw.text(((x0 + x1 - draw.textlength(text, font=face)) / 2, y), text, fill=40, font=face)

    for n, line in enumerate(_LABEL):
        centred(line, xs[0], xs[1], top + 12 + n * (font_px + gap))
    for r, (label, values) in enumerate(((None, ("23", "0")), ("其他", ("1", "2")))):
        y = (ys[r] + ys[r + 1] - font_px) / 2
        if label:
            centred(label, xs[0], xs[1], y)
        for c, value in enumerate(values):
            centred(value, xs[c + 1], xs[c + 2], y)
    page = page.rotate(rng.uniform(-0.4, 0.4), fillcolor=245).filter(ImageFilter.GaussianBlur(0.6))
    noise = np.random.default_rng(rng.getrandbits(32)).normal(0, 4, (page.height, page.width))
    return np.clip(np.asarray(page, np.float32) + noise, 0, 255).astype(np.uint8)


# (lines 2 px apart, 1.13 times their height, still run together: not handled yet)
@pytest.mark.parametrize(("font_px", "gap"), [(15, 3), (15, 4), (16, 3), (16, 4), (17, 3), (17, 4), (18, 3), (20, 5)])
def test_a_label_of_tightly_set_lines_reads_line_by_line(font_px: int, gap: int) -> None:
    """Reduced for the detector, the lines of a long label set close together run into each other: a
    line's box took in the top of the next line's first character (``的（二）部分公开…``) and a box
    across two lines read neither.  Each line is read on its own, and the row keeps its label."""
    from gongkai.readers.ocr import ocr_page

    page = ocr_page(_label_cell_page(font_px, gap, random.Random(10 * font_px + gap)), 1, "label.png", image_dpi=200)
    assert len(page.tables) == 1
    from gongkai.normalize import label_key

    rows = [[label_key(c.text) for c in row] for row in page.tables[0].rows]
    assert rows == [[label_key("".join(_LABEL)), "23", "0"], ["其他", "1", "2"]]


def test_a_narrative_number_against_the_tables_of_a_scan_is_a_doubt_not_silence() -> None:
    """In a scan the narrative is read by OCR and nothing confirms it: a number in it that contradicts the
    tables (已办结 261 where they say 252) is reported as 读取存疑 (对照原件核实), never 原文问题 — and the
    benchmarks count it as flagged, not missed."""
    from gongkai.synth.evaluate import evaluate
    from gongkai.synth.mutate import mutate

    case, _ = _case(302)
    bad = mutate(case, random.Random(302 ^ 0x5EED))
    assert bad.mutation is not None and bad.mutation["kind"] == "statement"
    pdf, _ = synth.render(bad, "pdf_ruled")
    data = scan.to_pdf(scan.scan(pdf, random.Random(302 * 7919 + 2), name=bad.agency))
    outcome = evaluate(bad, "scan", data, ".pdf")
    assert outcome.caught is False and outcome.unverifiable


@pytest.mark.parametrize("value", ["0", "12", "653.5"])
def test_a_table_s_last_row_alone_at_the_top_of_a_page_is_a_table(value: str) -> None:
    """A table's last row carried onto the next page (行政事业性收费 | 0) is a ruled row of two wide cells:
    read as a table, its value is read in its cell — read as a line of text, the lone number at the far
    end of its row was lost.  A framed line of text (one cell) stays text."""
    import cv2
    import numpy as np

    from gongkai.readers import ocr

    page = np.full((600, 1400), 240, np.uint8)
    cv2.rectangle(page, (200, 200), (1300, 250), 40, 2)
    cv2.line(page, (560, 200), (560, 250), 40, 2)
    cv2.putText(page, "FEES", (300, 238), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 40, 2)
    cv2.putText(page, value, (1290 - 18 * len(value), 238), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 40, 2)
    cv2.rectangle(page, (200, 350), (1300, 410), 40, 2)
    cv2.putText(page, "NOTE 12 APPLIES", (220, 395), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 40, 2)
    read = ocr.ocr_page(cv2.cvtColor(page, cv2.COLOR_GRAY2BGR), 1, "page.png")
    assert [[cell.text for cell in row] for table in read.tables for row in table.rows] == [["FEES", value]]
    assert ["".join(g.text for g in line.chars) for line in read.lines] == ["NOTE 12 APPLIES"]


@pytest.mark.parametrize(
    ("read", "probs", "picked"),
    [
        ("18天虾", [0.99, 0.98, 0.05, 0.2], "18"),  # a seal's strokes beside the number, barely read as words
        ("18天虾", [0.99, 0.98, 0.9, 0.8], None),  # words read with confidence: a label, not a value
        ("3.其他", [0.99, 0.99, 0.1, 0.1], None),  # a numbered label, however faint
        ("7 天", [0.99, 0.0, 0.1], "7"),
    ],
)
def test_a_number_beside_faint_characters_is_the_cell_s_number(
    read: str, probs: list[float], picked: str | None
) -> None:
    """A value cell under a seal reads ``18天虾``: Chinese characters every one barely read are the
    seal's marks, the number is the cell's (still in doubt); words read with confidence are a label."""
    from gongkai.readers.ocr import Item, _pick_number
    from gongkai.readers.ocr_engine import Reading

    item = Item((10.0, 10.0, 90.0, 30.0), Reading(read, probs, [[] for _ in read]))
    found = _pick_number(read, [item], (0.0, 0.0, 100.0, 40.0))
    assert (found[0] if found else None) == picked
