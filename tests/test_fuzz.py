"""Fuzz suite (issue 13): hostile files of every category through read → extract → check, in process.

Each must read or give one ``ReadError`` whose message names the file — never another exception — and
nothing may carry the content of a local file into any output.  The long run with time and memory watched
per file is ``bench/bench_fuzz.py``; here a quick sample of every category, the XXE family whole, a
folder of symlinks and traversal names through ``collect`` and ingest, and property tests on the readers.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongkai
from gongkai.errors import ReadError
from gongkai.inputs import collect
from gongkai.readers import read_bytes
from gongkai.synth import hostile

LEAKS = (hostile.SECRET_MARKER, "root:x:0:0")


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile.write_secret(tmp_path_factory.mktemp("private"))


def run(name: str, data: bytes) -> tuple[str, str, dict[str, int | float | None] | None]:
    """(outcome, every text that came out, the cells when read): only ``ReadError`` may be raised."""
    texts: list[str] = []
    try:
        doc = read_bytes(data, name)
        texts.extend(p.text for p in doc.paragraphs)
        texts.extend(c.text for t in doc.tables for row in t.rows for c in row)
        texts.append(json.dumps(doc.meta, ensure_ascii=False))
        report = gongkai.extract(doc)
        texts.append(json.dumps(report.to_dict(), ensure_ascii=False, default=str))
        result = gongkai.check(report, document=doc)
        texts.extend(json.dumps(f.to_dict(), ensure_ascii=False, default=str) for f in result.findings)
    except ReadError as exc:
        message = str(exc)
        assert message.startswith(f"{name}: "), message
        assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.problem), message  # says the problem in Chinese
        return "error", message, None
    return "read", "\n".join(texts), report.cells


def assert_hostile(h: hostile.Hostile) -> None:
    outcome, text, cells = run(h.name, h.data)
    assert not any(marker in text for marker in LEAKS), f"{h.name}: local file content in the output"
    if h.expect == "error":
        assert outcome == "error", f"{h.name} must be refused"
    if h.expect == "read":
        assert outcome == "read", f"{h.name} must read: {text}"
        if h.cells is not None:
            assert cells == h.cells, h.name
        if h.reference is not None:
            assert gongkai.read(h.data, h.reference).cells == cells, f"{h.name} reads unlike {h.reference}"


@pytest.fixture(scope="module")
def samples(secret: Path) -> dict[str, list[hostile.Hostile]]:
    out: dict[str, list[hostile.Hostile]] = {}
    for h in hostile.sample(3, secret=secret, per_category=3):
        out.setdefault(h.category, []).append(h)
    return out


@pytest.mark.parametrize("category", list(hostile.CATEGORIES))
def test_a_sample_of_every_category_reads_or_is_one_clear_error(
    category: str, samples: dict[str, list[hostile.Hostile]]
) -> None:
    assert samples[category]
    for h in samples[category]:
        assert_hostile(h)


def test_no_entity_include_or_link_reads_a_local_file(secret: Path) -> None:
    """XXE, parameter entities, external DTDs, XInclude, iframes, SVG links, PDF external streams."""
    items = list(hostile.generate(0, secret=secret, categories=["entities"]))
    assert len(items) >= 15
    for h in items:
        assert_hostile(h)


def test_the_generator_is_deterministic(secret: Path) -> None:
    first = [(h.name, h.data) for h in hostile.generate(5, secret=secret, categories=["random_bytes", "bit_flip"])]
    again = [(h.name, h.data) for h in hostile.generate(5, secret=secret, categories=["random_bytes", "bit_flip"])]
    assert first == again


def test_a_folder_of_links_fifos_and_traversal_zips_never_leaves_the_folder(tmp_path: Path, secret: Path) -> None:
    inbox = hostile.build_tree(tmp_path / "tree", secret)
    items = list(collect([inbox]))
    root = inbox.resolve()
    read = []
    for item in items:
        assert item.refused or Path(item.path).resolve().is_relative_to(root), item  # nothing outside is read
        try:
            data = item.read()
        except ReadError as exc:
            assert str(exc).startswith(f"{item.name}: "), str(exc)
            continue
        assert hostile.SECRET_MARKER.encode() not in data and b"root:x:0:0" not in data, item.name
        read.append(item.own_name)
        run(item.name, data)
    refused = {Path(i.path).name for i in items if i.refused}
    assert {"secret-link.txt", "secret-dir", "zero.txt", "passwd.txt", "pipe.txt", "loop"} <= refused
    assert "good.txt" in {Path(n).name for n in read}  # the real report, on disk and in the zip


def test_ingesting_the_folder_stores_the_report_and_no_local_file(tmp_path: Path, secret: Path) -> None:
    inbox = hostile.build_tree(tmp_path / "tree", secret)
    db = tmp_path / "lib.db"
    with gongkai.open(db) as lib:
        result = lib.ingest([inbox], workers=1)
    assert len(result.stored) == 1  # the report; every way out of the folder recorded as a failure
    assert {Path(f.name).name for f in result.failures} >= {"secret-link.txt", "pipe.txt", "zero.txt"}
    assert all(f.message.startswith(f"{f.name}: ") for f in result.failures)
    assert hostile.SECRET_MARKER.encode() not in db.read_bytes()


# -- properties --------------------------------------------------------------------------------------

_PREFIXES = st.sampled_from(
    [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b'{"content": "<table>', b"\xff\xfe", b"\xef\xbb\xbf"]
)


def _only_read_errors(data: bytes, name: str = "x.bin") -> None:
    try:
        read_bytes(data, name)
    except ReadError as exc:
        assert str(exc).startswith(f"{name}: ")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PREFIXES, st.binary(max_size=2048))
def test_arbitrary_bytes_give_a_document_or_a_read_error(prefix: bytes, body: bytes) -> None:
    _only_read_errors(prefix + body)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_text_in_any_encoding_reads_or_is_a_read_error(text: str) -> None:
    for encoding in ("utf-8", "gb18030", "utf-16"):
        _only_read_errors(text.encode(encoding, errors="replace"), "x.txt")
    _only_read_errors(f"<html><body><table><tr><td>{text}</td></tr></table>{text}".encode(), "x.html")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=1500), st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml"]))
def test_a_docx_with_any_xml_part_reads_or_is_a_read_error(text: str, part: str) -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts = {
        "[Content_Types].xml": "<Types/>",
        "word/document.xml": f"<w:document {w}><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>",
    }
    parts[part] = f'<?xml version="1.0"?><w:root {w}>{text}</w:root>' if len(text) % 2 else text
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    _only_read_errors(buf.getvalue(), "x.docx")


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_real_report_with_random_damage_reads_or_is_a_read_error(data: st.DataObject) -> None:
    form = data.draw(st.sampled_from(["word_tab", "html", "docx", "crawler", "pdf_ruled"]))
    raw, suffix = _rendered(form)
    pos = data.draw(st.integers(0, len(raw) - 1))
    damage = data.draw(st.binary(min_size=1, max_size=16))
    cut = data.draw(st.booleans())
    damaged = raw[:pos] + (b"" if cut else damage + raw[pos + len(damage) :])
    _only_read_errors(damaged, f"damaged{suffix}")


_RENDERED: dict[str, tuple[bytes, str]] = {}


def _rendered(form: str) -> tuple[bytes, str]:
    from gongkai import synth

    if form not in _RENDERED:
        _RENDERED[form] = synth.render(synth.make_case(77), form)
    return _RENDERED[form]


def test_ingest_records_damaged_documents_as_read_errors_not_internal_errors(
    samples: dict[str, list[hostile.Hostile]], secret: Path
) -> None:
    """Issue 15: a damaged DOCX or PDF in a batch is recorded as the damaged input it is."""
    from gongkai.store.analyse import Failure, analyse_bytes

    damaged = [
        h
        for h in hostile.generate(1, secret=secret, categories=["truncated", "bit_flip"])
        if h.name.endswith((".docx", ".pdf"))
    ][::4]
    assert len(damaged) > 10
    for h in damaged:
        outcome = analyse_bytes(h.name, h.data)
        if isinstance(outcome, Failure):
            assert outcome.error not in ("InternalError", "MemoryError", "RecursionError"), outcome.message
            assert outcome.message.startswith(f"{h.name}: ")


def test_the_time_budget_stops_a_reader() -> None:
    from gongkai.errors import TooLarge
    from gongkai.readers.limits import Deadline

    Deadline("slow.pdf").check("PDF 读取")  # within budget: nothing
    with pytest.raises(TooLarge, match=r"^slow\.pdf: PDF 读取耗时超过"):
        Deadline("slow.pdf", seconds=-1).check("PDF 读取")
