"""The .doc/.wps reader: LibreOffice → HTML read like the DOCX reader reads a .docx; batches that survive
corrupt, crashing and hanging files; a clear error without LibreOffice.

The batch logic is also tested against a stand-in ``soffice`` (a small script speaking the macro's
log protocol), so a crash, a hang and a profile's first start are exercised without LibreOffice.
"""

from __future__ import annotations

import base64
import json
import os
import struct
import sys
import time
import zlib
from pathlib import Path

import pytest

import gongkai
from gongkai.document import Table
from gongkai.errors import CorruptInput, UnsupportedFormat
from gongkai.extract import extract
from gongkai.readers import doc as docreader
from gongkai.readers.doc import read_ole_files
from tests import formgen
from tests.conftest import GOLD

needs_lo = pytest.mark.skipif(formgen.soffice() is None, reason="LibreOffice (soffice) is not installed")

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:default-outline-level="1"/>
  <text:outline-style style:name="Outline">
   <text:outline-level-style text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>
  </text:outline-style>
 </office:styles>
 <office:automatic-styles>
  <text:list-style style:name="L1">
   <text:list-level-style-number text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>
   <text:list-level-style-number text:level="2" style:num-format="一, 二, 三, ..." style:num-prefix="（" style:num-suffix="）"/>
  </text:list-style>
  <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"/></style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header><text:p>页眉文字</text:p></style:header>
   <style:footer><text:p>— <text:page-number>1</text:page-number> —</text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body>
  <office:text>
   <text:tracked-changes>
    <text:changed-region text:id="c1"><text:insertion><office:change-info><dc:creator>a</dc:creator>
     <dc:date>2024-01-01T00:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
    <text:changed-region text:id="c2"><text:deletion><office:change-info><dc:creator>a</dc:creator>
     <dc:date>2024-01-01T00:00:00</dc:date></office:change-info><text:p>旧的</text:p></text:deletion></text:changed-region>
   </text:tracked-changes>
   <text:p>某某局2023年政府信息公开工作年度报告</text:p>
   <text:list text:style-name="L1">
    <text:list-item><text:p>总体情况</text:p>
     <text:list><text:list-item><text:p>主动公开</text:p></text:list-item>
     <text:list-item><text:p>依申请公开</text:p></text:list-item></text:list>
    </text:list-item>
   </text:list>
   <text:h text:style-name="Heading_20_1" text:outline-level="1">收到和处理政府信息公开申请情况</text:h>
   <text:p>本年共收到申请12件<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation>
    <text:note-body><text:p>脚注文字</text:p></text:note-body></text:note>，办结10件<office:annotation><dc:creator>a</dc:creator>
    <text:p>批注文字</text:p></office:annotation>。</text:p>
   <text:p>本年<text:change-start text:change-id="c1"/>新收<text:change-end text:change-id="c1"/><text:change text:change-id="c2"/>申请</text:p>
   <text:p>正<draw:frame draw:name="F1" text:anchor-type="as-char" svg:width="5cm" svg:height="2cm"><draw:text-box>
    <text:p>文本框里的段落</text:p></draw:text-box></draw:frame>文</text:p>
   <table:table table:name="T1"><table:table-column table:number-columns-repeated="3"/>
    <table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>合并</text:p></table:table-cell>
     <table:table-cell table:number-columns-spanned="2"><text:p>甲乙</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
    <table:table-row><table:covered-table-cell/><table:table-cell><text:p>1</text:p></table:table-cell>
     <table:table-cell><text:p>2</text:p></table:table-cell></table:table-row>
    <table:table-row><table:table-cell><text:list text:style-name="L1"><text:list-item><text:p>本年新收申请</text:p></text:list-item>
     </text:list></table:table-cell><table:table-cell><text:p>3</text:p></table:table-cell>
     <table:table-cell><text:p>第一行</text:p><text:p>第二行</text:p></table:table-cell></table:table-row>
   </table:table>
   <text:p/>
   <table:table table:name="T2"><table:table-column table:number-columns-repeated="3"/>
    <table:table-row><table:table-cell><text:p>丙</text:p></table:table-cell><table:table-cell><text:p>4</text:p></table:table-cell>
     <table:table-cell><text:p>5</text:p></table:table-cell></table:table-row>
   </table:table>
   <text:p>形状前<draw:custom-shape text:anchor-type="paragraph" svg:width="4cm" svg:height="2cm" svg:x="1cm" svg:y="0cm">
    <text:p>形状里的文字</text:p><draw:enhanced-geometry svg:viewBox="0 0 21600 21600" draw:type="rectangle"/></draw:custom-shape>形状后</text:p>
   <text:p>图片前<draw:frame text:anchor-type="as-char" svg:width="1cm" svg:height="1cm"><draw:image><office:binary-data>{png}</office:binary-data>
    </draw:image></draw:frame>图片后</text:p>
   <text:p>2024年1月20日</text:p>
  </office:text>
 </office:body>
</office:document>
"""


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
        + chunk(b"IEND", b"")
    )


@needs_lo
def test_doc_reads_like_the_docx_reader(tmp_path: Path) -> None:
    src = tmp_path / "features.fodt"
    src.write_text(FODT.replace("{png}", base64.b64encode(_png()).decode()), encoding="utf-8")
    formgen.convert([src], "doc", tmp_path, tmp_path / "profile")
    doc = gongkai.read_document(tmp_path / "features.doc")
    assert doc.layout == "doc" and doc.meta == {}
    texts = [b.text for b in doc.paragraphs]
    assert texts == [
        "某某局2023年政府信息公开工作年度报告",
        "一、总体情况",  # list numbers as printed
        "（一）主动公开",
        "（二）依申请公开",
        "一、收到和处理政府信息公开申请情况",  # outline numbering, once
        "本年共收到申请12件，办结10件。",  # no footnote mark, no comment
        "本年新收申请",  # the deletion accepted
        "正文",  # the text box after its paragraph, not inside it
        "文本框里的段落",
        "形状前形状后",
        "形状里的文字",  # a drawing shape's text after its paragraph
        "图片前图片后",  # a picture is left out
        "2024年1月20日",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["features.doc", "features.fodt", "profile"]
    assert len(doc.tables) == 1  # the table cut in two is one table
    grid = [[(c.text, c.spanned) for c in row] for row in doc.tables[0].rows]
    assert grid == [
        [("合并", False), ("甲乙", False), ("甲乙", True)],
        [("合并", True), ("1", False), ("2", False)],
        [("二、本年新收申请", False), ("3", False), ("第一行第二行", False)],
        [("丙", False), ("4", False), ("5", False)],
    ]
    assert doc.tables[0].rows[3][2].source.row == 3


@needs_lo
def test_a_corrupt_doc_does_not_break_its_batch(tmp_path: Path) -> None:
    gold = json.loads((GOLD / "hongze-2023.json").read_text(encoding="utf-8"))
    docx = tmp_path / "hongze-2023.docx"
    formgen.to_docx(formgen.build("hongze-2023", gold), docx)
    formgen.convert([docx], "doc", tmp_path, tmp_path / "profile")
    good = (tmp_path / "hongze-2023.doc").read_bytes()
    files = {
        "a/年报 2023.doc": good,
        "b/年报 2023.doc": good,  # the same name in another folder
        "c/garbage.doc": good[:8] + os.urandom(4000),
        "c/truncated.wps": good[: len(good) // 3],
        "c/empty.doc": b"",
        "d/last.doc": good,
    }
    paths = []
    for name, data in files.items():
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    started = time.perf_counter()
    results = read_ole_files(paths, tmp_path / "worker-profile")
    assert time.perf_counter() - started < 60
    assert list(results) == paths
    for path in paths:
        result = results[path]
        if path.parent.name == "c":
            assert isinstance(result, CorruptInput), path
            assert str(path) in str(result) and "LibreOffice" in str(result)
        else:
            assert not isinstance(result, Exception), (path, result)
            assert extract(result).cells == gongkai.read(tmp_path / "hongze-2023.doc").cells


def test_without_libreoffice_the_error_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GONGKAI_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000
    with pytest.raises(UnsupportedFormat) as info:
        gongkai.read(ole, "old.doc")
    assert str(info.value).startswith("old.doc: ") and "apt-get install -y libreoffice-writer-nogui" in str(info.value)
    with pytest.raises(UnsupportedFormat):
        read_ole_files([tmp_path / "old.doc"])


# -- the batch logic against a stand-in soffice ----------------------------------------------------

FAKE = """#!{python}
# Speaks the macro's protocol: "start k", then "ok k" / "fail k reason", then "done".
import os, subprocess, sys, time
from pathlib import Path
from urllib.parse import unquote, urlparse

def path(url):
    return Path(unquote(urlparse(url).path))

profile = path(next(a for a in sys.argv if a.startswith("-env:UserInstallation=")).split("=", 1)[1])
first = profile / "started-once"
if not first.exists():  # a fresh profile: the first start ends without running the macro
    first.write_text("")
    sys.exit(0)
listing = path(os.environ["GONGKAI_LO_LIST"])
log = open(str(listing) + ".log", "a")
lines = listing.read_text().splitlines()
for k in range(0, len(lines), 2):
    src, dst = path(lines[k]), path(lines[k + 1])
    print("start", k // 2, file=log, flush=True)
    data = src.read_bytes()
    if data.startswith(b"HANG"):
        child = subprocess.Popen(["sleep", "600"])  # like soffice.bin under its launcher
        (profile / "child.pid").write_text(str(child.pid))
        time.sleep(600)
    if data.startswith(b"CRASH"):
        os.abort()
    if data.startswith(b"FAIL"):
        print("fail", k // 2, "error 1: cannot load", file=log, flush=True)
        continue
    body = data.decode()
    dst.write_text(f"<html><body><p>{{body}}</p><table><tr><td>本年新收</td><td>1</td></tr></table></body></html>")
    print("ok", k // 2, file=log, flush=True)
print("done", file=log, flush=True)
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in state


def test_batch_survives_crash_hang_and_first_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text(FAKE.format(python=sys.executable))
    fake.chmod(0o755)
    monkeypatch.setenv("GONGKAI_SOFFICE", str(fake))
    monkeypatch.setattr(docreader, "FILE_TIMEOUT", 1.0)
    contents = ["第一份", "CRASH", "第三份", "HANG", "FAIL", "第六份"]
    paths = []
    for i, text in enumerate(contents):
        path = tmp_path / "in" / f"报告{i}.doc"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        paths.append(path)
    profile = tmp_path / "profile"
    started = time.perf_counter()
    results = read_ole_files(paths, profile)
    assert time.perf_counter() - started < 20
    read = {p.name: r for p, r in results.items()}
    for i in (0, 2, 5):
        doc = read[f"报告{i}.doc"]
        assert not isinstance(doc, Exception), doc
        assert doc.paragraphs[0].text == contents[i] and isinstance(doc.blocks[1], Table)
    assert "崩溃" in str(read["报告1.doc"]) and "报告1.doc" in str(read["报告1.doc"])
    assert "超时" in str(read["报告3.doc"])
    assert isinstance(read["报告4.doc"], CorruptInput)
    child = int((profile / "child.pid").read_text())
    deadline = time.monotonic() + 5
    while not _gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(child), "the hung LibreOffice process was left running"
