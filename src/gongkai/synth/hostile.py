"""Hostile and broken files of every kind a 政务公开办 or a web upload may meet, made deterministically.

The fuzz suite (``tests/test_fuzz.py``) and the long run (``bench/bench_fuzz.py``) feed these to the
readers: each must read, or give one clear ``ReadError`` naming the file — never a traceback, a hang or
gigabytes of memory — and nothing may ever carry the content of a local file into the output::

    from gongkai.synth import hostile
    for h in hostile.generate(seed=0, secret=Path("/tmp/x/secret.txt")):
        h.category, h.name, len(h.data)          # e.g. ('zip_bomb', 'bomb-1g.docx', 1044011)

Categories (``CATEGORIES``): random bytes; every generated form truncated and bit-flipped; text reports
with damaged bytes (issue 15: they must still read); wrong extensions; zip bombs; billion laughs and XXE
in DOCX XML, web pages and payloads; deep nesting (a real report page wrapped in 100,000 ``<div>``s);
huge spans; DOCX with 20,000–150,000 rows; encrypted PDF and DOCX; image-only PDFs; PDF flate bombs and
floods of text or path objects; 10 MB payloads; a 200,000-cell table; crawler text whose 行政复议/诉讼
table is one long run of fused digits; files far larger than any report; hostile file names.
``build_tree`` lays out a folder of symlinks (out of the folder, to devices, in loops), a FIFO and zips
with path-traversal and symlink members.  Everything is drawn from ``random.Random`` seeded by the
category, so the same seed gives the same bytes.  The byte-level builders (raw zip entries, deflate
bombs, PDF objects, OLE containers) live in ``gongkai.synth.hostile_bytes``.
"""

from __future__ import annotations

import functools
import io
import json
import os
import random
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gongkai import synth
from gongkai.synth.hostile_bytes import (
    Deflated,
    ZipEntry,
    deflate_repeat,
    docx_package,
    make_zip,
    ole_file,
    pdf_file,
    pdf_page_doc,
    stored,
)

SECRET_MARKER = "GONGKAI-SECRET-7f3a9c"  # written into the secret file; must never appear in any output
TEXT_FORMS = ("word_tab", "web_pipe", "markdown", "pdf_text", "crawler", "crawler_spaced", "pdf_text_wrapped")


@dataclass(frozen=True, slots=True)
class Hostile:
    """One hostile file: where it belongs, the name it is given, its bytes and what must come of it.

    ``expect``: ``"error"`` (a ``ReadError``), ``"read"`` (a regression: it must read, to ``cells`` when
    given, and to what it reads as under ``reference``) or ``"any"`` (either, but nothing else).
    """

    category: str
    name: str
    data: bytes
    expect: str = "any"
    cells: dict[str, int | float | None] | None = field(default=None, compare=False)
    reference: str | None = None  # a name under which the same bytes must read the same (wrong extensions)


@functools.lru_cache(maxsize=64)
def _render(seed: int, form: str) -> tuple[bytes, str]:
    return synth.render(synth.make_case(seed), form)


@functools.lru_cache(maxsize=16)
def _case_cells(seed: int) -> dict[str, int | float | None]:
    return dict(synth.make_case(seed).cells)


def _secret_uri(secret: Path | None) -> str:
    return (secret or Path("/etc/hostname")).resolve().as_uri()


# -- categories -------------------------------------------------------------------------------------

_MAGIC: tuple[bytes, ...] = (
    b"",
    b"PK\x03\x04",
    b"%PDF-1.7\n",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"<html><body>",
    b'{"content":"<p>',
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x89PNG\r\n\x1a\n",
    b"var a = '<table>",
)


def random_bytes(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    for k in range(60 * scale):
        size = rng.choice((1, 7, 100, 4096, 65536, rng.randrange(1, 300_000)))
        body = rng.randbytes(size)
        if k % 3 == 0:  # printable noise that sniffs as text
            body = bytes(rng.choice(b"0123456789 \n\t|:-abc") for _ in range(size))
        magic = _MAGIC[k % len(_MAGIC)]
        yield Hostile("random_bytes", f"random{k}{rng.choice(('.txt', '.docx', '.pdf', '.html', ''))}", magic + body)


def _cuts(n: int, rng: random.Random, count: int) -> list[int]:
    fixed = [1, 10, 100, n // 10, n // 4, n // 2, 3 * n // 4, n - 100, n - 1]
    out = [c for c in fixed if 0 < c < n]
    while len(out) < count:
        out.append(rng.randrange(1, n))
    return sorted(set(out[:count]))


def truncated(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    for i, form in enumerate(synth.forms()):
        data, suffix = _render(100 + i, form)
        for cut in _cuts(len(data), rng, 9 * scale):
            yield Hostile("truncated", f"{form}-cut{cut}{suffix}", data[:cut])


def _flip(data: bytes, rng: random.Random, bits: int) -> bytes:
    out = bytearray(data)
    for _ in range(bits):
        pos = rng.randrange(len(out))
        out[pos] ^= 1 << rng.randrange(8)
    return bytes(out)


def bit_flip(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    for i, form in enumerate(synth.forms()):
        data, suffix = _render(200 + i, form)
        for k in range(9 * scale):
            bits = (1, 1, 2, 4, 8, 32, 128, 512, 2048)[k % 9]
            yield Hostile("bit_flip", f"{form}-flip{k}x{bits}{suffix}", _flip(data, rng, bits))
        # bytes overwritten in a run (a damaged disk sector)
        start = rng.randrange(len(data))
        yield Hostile("bit_flip", f"{form}-sector{suffix}", data[:start] + b"\0" * 512 + data[start + 512 :])


def text_damage(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    """Issue 15: text reports with one bad byte, a cut multi-byte character or a flipped bit must read."""
    for i, form in enumerate(TEXT_FORMS):
        seed = 300 + i
        data, suffix = _render(seed, form)
        for k in range(3 * scale):
            pos = _inside_char(data, rng)
            yield Hostile("text_damage", f"{form}-badbyte{k}{suffix}", data[:pos] + b"\xff" + data[pos + 1 :], "read")
            yield Hostile("text_damage", f"{form}-inserted{k}{suffix}", data[:pos] + b"\x80" + data[pos:], "read")
            yield Hostile("text_damage", f"{form}-flip{k}{suffix}", _flip(data, rng, 1))
            cut = _inside_char(data, rng)
            yield Hostile("text_damage", f"{form}-cutchar{k}{suffix}", data[:cut], "any")
            digit = _digit(data, rng)  # a printed digit lost: the cells around it must not read as certain
            yield Hostile(
                "text_damage", f"{form}-baddigit{k}{suffix}", data[:digit] + b"\xff" + data[digit + 1 :], "read"
            )


def _digit(data: bytes, rng: random.Random) -> int:
    """The position of an ASCII digit in the second half (where the tables are)."""
    for _ in range(1000):
        pos = rng.randrange(len(data) // 2, len(data))
        if 0x30 <= data[pos] <= 0x39:
            return pos
    return len(data) // 2


def _inside_char(data: bytes, rng: random.Random) -> int:
    """A position inside a multi-byte UTF-8 character (a continuation byte), in the second half."""
    for _ in range(1000):
        pos = rng.randrange(len(data) // 2, len(data))
        if 0x80 <= data[pos] < 0xC0:
            return pos
    return len(data) // 2


def wrong_extension(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    forms = synth.forms()
    suffixes = (".txt", ".html", ".docx", ".doc", ".pdf", ".json", ".zip", ".xlsx", ".png", "")
    for k in range(40 * scale):
        form = forms[k % len(forms)]
        data, suffix = _render(400 + k % len(forms), form)
        other = rng.choice([s for s in suffixes if s != suffix])
        yield Hostile("wrong_extension", f"{form}-as{other or '-none'}", data, "read", reference=f"{form}{suffix}")


def _docx_with_part(seed: int, part: str, content: bytes) -> bytes:
    data, _ = _render(seed, "docx")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == part else src.read(info.filename))
        if part not in src.namelist():
            dst.writestr(part, content)
    return out.getvalue()


def _document_xml(seed: int) -> bytes:
    data, _ = _render(seed, "docx")
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def zip_bomb(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    bomb = deflate_repeat(b" " * (1 << 20), 1024, head=head)  # 1 GiB of spaces in about 1 MB
    yield Hostile("zip_bomb", "bomb-1g.docx", docx_package({"word/document.xml": bomb}), "error")
    # the sizes in the archive lie: a small declared size, a gigabyte of data
    yield Hostile("zip_bomb", "bomb-lying-size.docx", docx_package({"word/document.xml": bomb}, declared=1000), "error")
    # many parts, each under the part limit, together far over the total
    many = deflate_repeat(b"<w:p/>" * 10_000, 1000, head=head)  # 60 MB each
    parts: dict[str, bytes | Deflated] = {f"word/{name}.xml": many for name in ("document", "numbering", "styles")}
    yield Hostile("zip_bomb", "bomb-parts.docx", docx_package(parts), "error")
    # a bomb in a zip archive handed to ingest
    text_bomb = deflate_repeat(b"1" * (1 << 20), 1024)
    entry = ZipEntry("报告.txt", text_bomb.raw, zipfile.ZIP_DEFLATED, text_bomb.crc, text_bomb.size)
    yield Hostile("zip_bomb", "bomb.zip", make_zip([entry]), "error")
    # issue 15: one 4 MiB part of repetitive XML is no bomb — the report must read
    seed = 500
    xml = _document_xml(seed)
    pad = b"<w:p><w:r><w:t> </w:t></w:r></w:p>" * ((4 << 20) // 34)
    big = xml.replace(b"</w:body>", pad + b"</w:body>", 1)
    yield Hostile(
        "zip_bomb", "big-part-4mib.docx", _docx_with_part(seed, "word/document.xml", big), "read", _case_cells(seed)
    )
    # under every size limit: millions of empty paragraphs in a 15 MiB part
    empty = deflate_repeat(b"<w:p/>" * 10_000, 260, head=head, tail=b"</w:body></w:document>")
    yield Hostile("zip_bomb", "paragraphs-2m.docx", docx_package({"word/document.xml": empty}), "error")
    for k in range(3 * scale):  # random ratios and sizes around the limits
        size_mib = rng.choice((17, 40, 63, 65, 100, 300))
        b = deflate_repeat(rng.randbytes(64) * (1 << 14), size_mib, head=head)
        yield Hostile("zip_bomb", f"bomb-{size_mib}mib-{k}.docx", docx_package({"word/document.xml": b}), "any")


def _lol(depth: int, width: int) -> str:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * width}">' for i in range(1, depth + 1)]
    return "\n".join(lines)


def entities(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    """Billion laughs and XXE in DOCX XML, web pages and payloads."""
    uri = _secret_uri(secret)
    seed = 600
    xml = _document_xml(seed)
    body_at = xml.index(b"<w:body>") + len(b"<w:body>")
    decl_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    subsets = {
        "laughs": _lol(10, 10),
        "xxe": f'<!ENTITY xxe SYSTEM "{uri}">',
        "xxe-param": f'<!ENTITY % p SYSTEM "{uri}"> %p;',
        "xxe-dtd": "",
    }
    for kind, subset in subsets.items():
        ref = "&lol10;" if kind == "laughs" else "&xxe;" if kind == "xxe" else ""
        doctype = f'<!DOCTYPE w:document SYSTEM "{uri}">' if kind == "xxe-dtd" else f"<!DOCTYPE w:document [{subset}]>"
        para = f"<w:p><w:r><w:t>{ref}</w:t></w:r></w:p>".encode()
        poisoned = xml[:decl_end] + doctype.encode() + xml[decl_end:body_at] + para + xml[body_at:]
        yield Hostile("entities", f"{kind}.docx", _docx_with_part(seed, "word/document.xml", poisoned))
    xinclude = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{uri}" parse="text"/>'.encode()
    poisoned = xml[:body_at] + b"<w:p><w:r><w:t>" + xinclude + b"</w:t></w:r></w:p>" + xml[body_at:]
    yield Hostile("entities", "xinclude.docx", _docx_with_part(seed, "word/document.xml", poisoned))
    page, _ = _render(seed, "html")
    text = page.decode("utf-8")
    tricks = {
        "laughs": (f"<!DOCTYPE html [{_lol(10, 10)}]>", "<p>&lol10;</p>"),
        "xxe": (f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{uri}">]>', "<p>&xxe;</p>"),
        "xxe-dtd": (f'<!DOCTYPE html SYSTEM "{uri}">', ""),
        "iframe": ("", f'<iframe src="{uri}"></iframe><object data="{uri}"></object><img src="{uri}">'),
        "xinclude": ("", xinclude.decode()),
        "svg": ("", f'<svg><image href="{uri}"/><use href="{uri}#x"/></svg>'),
    }
    for kind, (doctype, inject) in tricks.items():
        html = doctype + re.sub(r"^<!DOCTYPE[^>]*>", "", text, flags=re.I).replace("<body>", "<body>" + inject, 1)
        yield Hostile("entities", f"{kind}.html", html.encode("utf-8"))
        payload = json.dumps({"title": "报告", "content": html}, ensure_ascii=False).encode("utf-8")
        yield Hostile("entities", f"{kind}.json", payload)
    # a PDF whose stream data lives in a local file (/F)
    yield Hostile("entities", "external-stream.pdf", pdf_page_doc(b"", extra_stream=f"<< /Length 0 /F ({uri}) >>"))


def deep_nesting(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    seed = 700
    page, _ = _render(seed, "html")
    text = page.decode("utf-8")
    i, j = text.index("<body>") + 6, text.rindex("</body>")
    n = 100_000
    # issue 15: a real report page wrapped in 100,000 <div>s must read (or be a clear TooLarge)
    wrapped = text[:i] + "<div>" * n + text[i:j] + "</div>" * n + text[j:]
    yield Hostile("deep_nesting", "divs-100k.html", wrapped.encode("utf-8"), "any", _case_cells(seed))
    unclosed = text[:i] + "<div><span>" * n + text[i:j] + text[j:]
    yield Hostile("deep_nesting", "unclosed-100k.html", unclosed.encode("utf-8"), "any", _case_cells(seed))
    yield Hostile("deep_nesting", "tables-10k.html", ("<table><tr><td>" * 10_000 + "一、总体情况").encode())
    yield Hostile("deep_nesting", "font-1m.html", ("<html><body>" + "<font>" * 1_000_000 + "x").encode())
    payload = "[" * 100_000 + json.dumps(text) + "]" * 100_000
    yield Hostile("deep_nesting", "nested.json", payload.encode("utf-8"))
    yield Hostile("deep_nesting", "nested-objects.json", ('{"a":' * 100_000 + '"<p>x</p>"' + "}" * 100_000).encode())
    xml = _document_xml(seed)
    body_at = xml.index(b"<w:body>") + 8
    end = xml.rindex(b"</w:body>")
    sdt = b"<w:sdt><w:sdtContent>" * 50_000
    deep = xml[:body_at] + sdt + xml[body_at:end] + b"</w:sdtContent></w:sdt>" * 50_000 + xml[end:]
    yield Hostile("deep_nesting", "sdt-50k.docx", _docx_with_part(seed, "word/document.xml", deep), "any")
    tables = xml[:body_at] + b"<w:tbl><w:tr><w:tc>" * 5000 + b"</w:tc></w:tr></w:tbl>" * 5000 + xml[body_at:]
    yield Hostile("deep_nesting", "tables-5k.docx", _docx_with_part(seed, "word/document.xml", tables), "any")


def _docx_table(rows: int, cols: int, cell: Callable[[int, int], str]) -> bytes:
    parts = [
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>\xe4\xb8\x89\xe3\x80\x81\xe6\x94\xb6\xe5\x88\xb0</w:t></w:r></w:p><w:tbl>"
    ]
    for r in range(rows):
        parts.append(b"<w:tr>" + "".join(cell(r, c) for c in range(cols)).encode() + b"</w:tr>")
    parts.append(b"</w:tbl></w:body></w:document>")
    return b"".join(parts)


def _tc(text: str, pr: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{pr}</w:tcPr>' if pr else ''}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def huge_tables(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    """Huge spans and huge tables: DOCX gridSpan/vMerge runs, 20k–150k rows; HTML row/colspan; 200k cells."""
    for rows in (20_000, 50_000, 100_000, 150_000):
        xml = _docx_table(rows, 2, lambda r, c: _tc(str(r) if c else "本年新收"))
        yield Hostile("huge_tables", f"rows-{rows}.docx", docx_package({"word/document.xml": xml}))
    vmerge = _docx_table(100_000, 3, lambda r, c: _tc("1", '<w:vMerge w:val="restart"/>' if r == 0 else "<w:vMerge/>"))
    yield Hostile("huge_tables", "vmerge-100k.docx", docx_package({"word/document.xml": vmerge}))
    grid = _docx_table(2000, 50, lambda r, c: _tc("2", '<w:gridSpan w:val="1000"/>'))
    yield Hostile("huge_tables", "gridspan.docx", docx_package({"word/document.xml": grid}))
    both = _docx_table(
        20_000,
        20,
        lambda r, c: _tc("3", '<w:gridSpan w:val="999"/>' + ("<w:vMerge/>" if r else '<w:vMerge w:val="restart"/>')),
    )
    yield Hostile("huge_tables", "gridspan-vmerge.docx", docx_package({"word/document.xml": both}))
    before = _docx_table(50_000, 1, lambda r, c: _tc("4")).replace(
        b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="99999999"/></w:trPr>'
    )
    yield Hostile("huge_tables", "gridbefore.docx", docx_package({"word/document.xml": before}))
    cells = "".join(f"<tr>{'<td>1</td>' * 200}</tr>" for _ in range(1000))
    yield Hostile(
        "huge_tables", "cells-200k.html", f"<html><body><p>三、收到</p><table>{cells}</table></body></html>".encode()
    )
    spans = "<tr>" + '<td rowspan="65534" colspan="1000">1</td>' * 300 + "</tr>" + "<tr><td>2</td></tr>" * 3000
    yield Hostile("huge_tables", "spans.html", f"<html><body><table>{spans}</table></body></html>".encode())
    tall = "<tr><td>本年新收</td><td>1</td></tr>" * 150_000
    yield Hostile("huge_tables", "rows-150k.html", f"<html><body><table>{tall}</table></body></html>".encode())
    for k in range(2 * scale):
        r, c = rng.choice(((400, 500), (100_000, 2), (20, 10_000))), None
        row = "".join(f'<td colspan="{rng.randrange(1, 2000)}">{k}</td>' for _ in range(r[1]))
        c = f"<table>{('<tr>' + row + '</tr>') * r[0]}</table>"
        yield Hostile("huge_tables", f"random-spans-{k}.html", f"<html><body>{c}</body></html>".encode())


def encrypted(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    from reportlab.lib.pdfencrypt import StandardEncryption  # type: ignore[import-untyped]
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

    for user, strength in (("secret", 40), ("secret", 128), ("", 128)):
        buf = io.BytesIO()
        c = canvas.Canvas(buf, encrypt=StandardEncryption(user, "owner", strength=strength))
        c.setFont("Helvetica", 12)
        for k in range(40):
            c.drawString(72, 800 - 18 * k, f"line {k} of an encrypted report 12 34 56")
        c.showPage()
        c.save()
        yield Hostile("encrypted", f"encrypted-{user or 'owner'}-{strength}.pdf", buf.getvalue())
    ole = ole_file(
        {
            "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + rng.randbytes(4088),
            "EncryptedPackage": rng.randbytes(8192),
        }
    )
    yield Hostile("encrypted", "encrypted.docx", ole, "error")
    data, _ = _render(800, "docx")
    flagged = bytearray(data)
    for m in re.finditer(rb"PK\x03\x04|PK\x01\x02", data):  # the "encrypted" flag on every entry
        flag_at = m.start() + (6 if data[m.start() + 2] == 3 else 8)
        flagged[flag_at] |= 1
    yield Hostile("encrypted", "zip-flag-encrypted.docx", bytes(flagged), "error")


def pdf_floods(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    """Image-only PDFs, flate bombs, and pages flooded with text or path objects."""
    yield Hostile(
        "pdf_floods", "image-only.pdf", pdf_page_doc(b"q 500 0 0 700 40 60 cm /Im1 Do Q", image=(200, 300)), "error"
    )
    yield Hostile(
        "pdf_floods",
        "image-bomb.pdf",
        pdf_page_doc(b"q 500 0 0 700 40 60 cm /Im1 Do Q", image=(100_000, 100_000)),
        "error",
    )
    yield Hostile("pdf_floods", "shapes-only.pdf", pdf_page_doc(b"0 0 1 rg 10 10 200 200 re f " * 20), "error")
    yield Hostile("pdf_floods", "flate-1g.pdf", pdf_page_doc(deflate_repeat(b" " * (1 << 20), 1024)), "error")
    paths = deflate_repeat(b"10 10 m 300 10 l S 10 20 m 10 300 l S\n" * 1000, 2000)  # 4M rules
    yield Hostile("pdf_floods", "paths-flood.pdf", pdf_page_doc(paths), "any")
    text = b"BT /F1 8 Tf 20 20 Td " + b"(1234567890 ) Tj 0 1 Td " * 100_000 + b"ET\n"
    yield Hostile("pdf_floods", "text-flood.pdf", pdf_page_doc(deflate_repeat(text, 20)), "any")
    # under the stream limits: hundreds of thousands of objects or millions of characters on one page
    rules = b"10 10 m 300 10 l S 10 20 m 10 300 l S\n"
    yield Hostile("pdf_floods", "paths-6mib.pdf", pdf_page_doc(deflate_repeat(rules * 1000, 160)), "any")
    yield Hostile(
        "pdf_floods", "rules-5000.pdf", pdf_page_doc(rules * 2500 + b"BT /F1 9 Tf 20 20 Td (1 2 3) Tj ET"), "any"
    )
    glyphs = b"BT /F1 8 Tf 20 20 Td " + b"(1234567890 ) Tj 0 1 Td " * 10_000 + b"ET\n"
    yield Hostile("pdf_floods", "text-6mib.pdf", pdf_page_doc(deflate_repeat(glyphs, 25)), "any")
    yield Hostile("pdf_floods", "raw-content-40mib.pdf", pdf_page_doc(b"q Q " * (10 << 20)), "error")
    pages = pdf_file([b"BT /F1 12 Tf 72 700 Td (x) Tj ET"] * 5000)
    yield Hostile("pdf_floods", "pages-5000.pdf", pages, "error")
    for k in range(2 * scale):
        mib = rng.choice((50, 200, 500))
        body = rng.choice((b"q Q ", b"0 0 m 1 1 l S ", b"BT (a) Tj ET "))
        yield Hostile(
            "pdf_floods",
            f"flood-{mib}mib-{k}.pdf",
            pdf_page_doc(deflate_repeat(body * 4096, mib * 256 // len(body))),
            "any",
        )


def big_inputs(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    """10 MB payloads, files just under and over the size limits, crawler text of fused digits."""
    page, _ = _render(900, "html")
    cell = "<p>" + "一二三四五六七八九十" * 30 + "</p>"
    content = cell * (10_000_000 // len(cell.encode()))
    yield Hostile("big_inputs", "payload-10mb.json", json.dumps({"content": content}, ensure_ascii=False).encode())
    many = json.dumps([f"<p>{k}</p>" for k in range(700_000)]).encode()
    yield Hostile("big_inputs", "payload-strings.json", many)
    script = "var a = " + json.dumps({"content": content + page.decode()}) + ";"
    yield Hostile("big_inputs", "payload-10mb.js", script.encode())
    line = "一、总体情况 12 34\n".encode()
    yield Hostile("big_inputs", "text-31mib.txt", line * (31 * 2**20 // len(line)), "any")
    yield Hostile("big_inputs", "text-40mib.txt", b"1 2 3 4 5 6 7 8\n" * (40 * 2**20 // 16), "error")
    yield Hostile("big_inputs", "page-31mib.html", (b"<html><body>" + b"<p>1</p>" * (31 * 2**20 // 8)), "any")
    yield Hostile("big_inputs", "page-63mib.html", (b"<html><body>" + b"<p>1</p>" * (63 * 2**20 // 8)), "error")
    for k in range(5 * scale):  # crawler text whose 行政复议/诉讼 table is one long run of fused digits
        seed = 910 + k
        data, suffix = _render(seed, "crawler")
        text = data.decode("utf-8")
        at = text.rfind("行政复议")
        digits = "".join(rng.choice("0123456789") for _ in range(rng.choice((60, 200, 1000, 5000))))
        fused = text[:at] + "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 " + digits + text[at + 4 :]
        yield Hostile("big_inputs", f"fused-t3-{k}{suffix}", fused.encode("utf-8"), "any")


def names(rng: random.Random, scale: int, secret: Path | None) -> Iterator[Hostile]:
    """Hostile file names around a real report: markup, escapes, traversal, very long."""
    data, suffix = _render(950, "word_tab")
    for name in ("]y.txt", "[bold]x[/].txt", "[/].txt", "\x1b[2J\x1b[31mred.txt", "../../etc/passwd.txt", "a\nb.txt"):
        yield Hostile("names", name, data, "read", _case_cells(950))
    yield Hostile("names", "长" * 200 + suffix, data, "read", _case_cells(950))


CATEGORIES: dict[str, Callable[[random.Random, int, Path | None], Iterator[Hostile]]] = {
    "random_bytes": random_bytes,
    "truncated": truncated,
    "bit_flip": bit_flip,
    "text_damage": text_damage,
    "wrong_extension": wrong_extension,
    "zip_bomb": zip_bomb,
    "entities": entities,
    "deep_nesting": deep_nesting,
    "huge_tables": huge_tables,
    "encrypted": encrypted,
    "pdf_floods": pdf_floods,
    "big_inputs": big_inputs,
    "names": names,
}


def generate(
    seed: int = 0, *, secret: Path | None = None, scale: int = 1, categories: list[str] | None = None
) -> Iterator[Hostile]:
    """Every hostile file of the chosen categories (all by default), lazily and deterministically."""
    for name, make in CATEGORIES.items():
        if categories is None or name in categories:
            yield from make(random.Random(f"{seed}:{name}"), scale, secret)


def sample(seed: int = 0, *, secret: Path | None = None, per_category: int = 2) -> Iterator[Hostile]:
    """A quick sample: ``per_category`` files of each category, drawn evenly from the full list."""
    for name, make in CATEGORIES.items():
        items = list(make(random.Random(f"{seed}:{name}"), 1, secret))
        step = max(1, len(items) // per_category)
        yield from items[::step][:per_category]


# -- folders: symlinks, devices, FIFOs and zips with traversal names ---------------------------------


def write_secret(directory: Path) -> Path:
    """The local file hostile inputs try to read: its content must never appear in any output."""
    directory.mkdir(parents=True, exist_ok=True)
    secret = directory / "secret.txt"
    secret.write_text(f"{SECRET_MARKER}\n一、总体情况 本年新收 99999\n", encoding="utf-8")
    return secret


def build_tree(root: Path, secret: Path, seed: int = 0) -> Path:
    """A folder to ingest holding one real report and every way out of the folder; returns the folder."""
    inbox = root / "inbox"
    (inbox / "sub").mkdir(parents=True, exist_ok=True)
    data, suffix = _render(960 + seed, "word_tab")
    (inbox / f"good{suffix}").write_bytes(data)
    links = {
        "secret-link.txt": secret,
        "secret-dir": secret.parent,
        "zero.txt": Path("/dev/zero"),
        "random.txt": Path("/dev/urandom"),
        "passwd.txt": Path("/etc/passwd"),
        "dangling.txt": root / "nowhere",
        "sub/up.txt": Path("../secret-link.txt"),
        "loop": Path("loop"),
    }
    for name, target in links.items():
        link = inbox / name
        if not link.is_symlink():
            link.symlink_to(target)
    fifo = inbox / "pipe.txt"
    if not fifo.exists():
        os.mkfifo(fifo)
    secret_bytes = secret.read_bytes()
    members = [
        ZipEntry("../../secret-copy.txt", *stored(b"x")),
        ZipEntry("/etc/evil.txt", *stored(b"y")),
        ZipEntry("..\\..\\win.txt", *stored(b"z")),
        ZipEntry("link.txt", *stored(str(secret).encode()), external_attr=(0o120777 << 16)),
        ZipEntry("good.txt", *stored(data)),
        ZipEntry("good.txt", *stored(secret_bytes[:0] + b"duplicate name")),
    ]
    (inbox / "traversal.zip").write_bytes(make_zip(members))
    return inbox


__all__ = [
    "CATEGORIES",
    "SECRET_MARKER",
    "Hostile",
    "build_tree",
    "generate",
    "sample",
    "write_secret",
]
