"""Corrupt and hostile inputs: a clear error naming the file, exit code 2, fast, bounded memory."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import gongkai
from gongkai.errors import ReadError
from tests import formgen
from tests.conftest import GOLD


def _docx_bytes(tmp_path: Path) -> bytes:
    import json

    gold = json.loads((GOLD / "hongze-2023.json").read_text(encoding="utf-8"))
    path = tmp_path / "r.docx"
    formgen.to_docx(formgen.build("hongze-2023", gold), path)
    return path.read_bytes()


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(200):  # 200 MiB of zeros, a few hundred KiB packed
                fh.write(chunk)
    return buf.getvalue()


def _cases(tmp_path: Path) -> dict[str, bytes]:
    docx = _docx_bytes(tmp_path)
    return {
        "truncated.docx": docx[: len(docx) // 2],
        "bomb.docx": _zip_bomb(),
        "nopages.pdf": b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n",
        "cut.pdf": b"%PDF-1.7\n1 0 obj<</Type/Catalog",
        "noreport.html": b"<html><head><title>x</title></head><body><nav>home</nav><p>nothing here</p></body></html>",
        "empty.json": b'{"content": "<p>hello</p>"}',
        "archive.zip": b"PK\x05\x06" + b"\0" * 18,
        "doc.ofd": b"PK\x03\x04" + b"\0" * 26 + b"OFD.xml",
    }


def test_each_corrupt_input_is_a_clear_read_error(tmp_path: Path) -> None:
    for name, data in _cases(tmp_path).items():
        started = time.perf_counter()
        with pytest.raises(ReadError) as info:
            gongkai.read(data, name)
        assert time.perf_counter() - started < 5, name
        message = str(info.value)
        assert message.startswith(f"{name}: ") and any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    with pytest.raises(gongkai.TooLarge):
        gongkai.read(_zip_bomb(), "bomb.docx")


@pytest.mark.parametrize("name", ["truncated.docx", "bomb.docx", "nopages.pdf", "noreport.html"])
def test_cli_exit_code_2(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(_cases(tmp_path)[name])
    code = "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31)); "
    code += "from gongkai.cli import main; sys.argv = ['gongkai', 'parse', sys.argv[1]]; main()"
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr + proc.stdout
    assert name in proc.stderr + proc.stdout
    assert time.perf_counter() - started < 15


def test_utf16_text_and_pages_with_a_bom_are_read() -> None:
    """Issue 13: UTF-16 LE/BE with BOM read as README says (text, web pages)."""
    import gongkai
    from gongkai import synth

    case = synth.make_case(12)
    for form in ("word_tab", "html"):
        data, suffix = synth.render(case, form)
        text = data.decode("gb18030" if b"gb2312" in data[:400] else "utf-8")
        for encoded in (b"\xff\xfe" + text.encode("utf-16-le"), b"\xfe\xff" + text.encode("utf-16-be")):
            report = gongkai.read(encoded, f"utf16{suffix}")
            assert report.cells == case.cells and report.agency == case.agency


def test_a_text_file_far_larger_than_any_report_is_refused_unread() -> None:
    import gongkai
    from gongkai.errors import TooLarge
    from gongkai.readers.limits import LIMITS

    with pytest.raises(TooLarge, match=r"huge\.txt: 文本文件过大.*上限 32 MiB"):
        gongkai.read("一、总体情况\n".encode() * (LIMITS.text_bytes // 10), "huge.txt")


@pytest.mark.parametrize("form", ["word_tab", "web_pipe", "markdown", "pdf_text", "crawler", "html"])
def test_a_control_character_inside_a_number_is_damage(form: str) -> None:
    """Flipped bits leave control characters in a report — a record separator inside a number, NULs after
    elements, a form feed.  The number is a damaged cell (读取存疑), never its digits run together
    (``1<RS>41`` read as 141, or as 1 and 41); every other cell reads as printed or is flagged; a web page
    does not raise (lxml refuses such text when the reader moves it)."""
    from gongkai import synth
    from gongkai.check.registry import Context

    case = synth.make_case(4, blank="zero")
    data, suffix = synth.render(case, form)
    text = data.decode("utf-8")
    cid, value = next((c, v) for c, v in case.cells.items() if c.startswith("t2.") and v is not None and v >= 10)
    at = text.index(str(value), text.index("本年新收"))
    damaged = text[: at + 1] + "\x1e" + text[at + 1 :]
    if form == "html":
        damaged = damaged.replace("</span>", "</span>\x00", 3).replace("<table", "\x0c<table", 1)
    got = gongkai.read(damaged.encode("utf-8"), "damaged" + suffix)
    uncertain = Context(got).uncertain
    assert cid in uncertain, (got.cells.get(cid), value)
    silent = {c: (v, got.cells.get(c)) for c, v in case.cells.items() if got.cells.get(c) != v and c not in uncertain}
    assert not silent  # every other cell read as printed, or flagged
