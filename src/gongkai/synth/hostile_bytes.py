"""Byte-level builders for ``gongkai.synth.hostile``: zips written entry by entry (sizes that lie, flags,
symlink members, names that climb out), deflate bombs made without deflating a gigabyte, minimal PDFs and
OLE compound files.

A deflate bomb is one compressed segment repeated: after a full flush the compressor starts afresh, so
the segment for the same input is the same bytes every time and a gigabyte of spaces costs a megabyte
and a few CRC passes to make.
"""

from __future__ import annotations

import functools
import struct
import zlib
from dataclasses import dataclass

ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class Deflated:
    """A raw deflate stream (final block included) with the checksums and size of what it inflates to."""

    raw: bytes
    crc: int
    adler: int
    size: int

    @property
    def zlib(self) -> bytes:
        """The same data as a zlib stream (a PDF ``/FlateDecode`` stream)."""
        return b"\x78\x9c" + self.raw + struct.pack(">I", self.adler)


@functools.lru_cache(maxsize=32)
def _segment(chunk: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)


def deflate_repeat(chunk: bytes, times: int, head: bytes = b"", tail: bytes = b"") -> Deflated:
    """``head + chunk * times + tail`` deflated, built from one compressed segment of ``chunk``."""
    pieces = [_segment(head)] if head else []
    pieces.append(_segment(chunk) * times)
    end = zlib.compressobj(9, zlib.DEFLATED, -15)
    pieces.append(end.compress(tail) + end.flush())
    crc = zlib.crc32(head)
    adler = zlib.adler32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
        adler = zlib.adler32(chunk, adler)
    crc, adler = zlib.crc32(tail, crc), zlib.adler32(tail, adler)
    return Deflated(b"".join(pieces), crc, adler, len(head) + len(chunk) * times + len(tail))


def deflate(data: bytes) -> Deflated:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Deflated(c.compress(data) + c.flush(), zlib.crc32(data), zlib.adler32(data), len(data))


# -- zip ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ZipEntry:
    """One member as written: ``data`` already compressed by ``method``; ``size`` what it inflates to."""

    name: str
    data: bytes
    method: int
    crc: int
    size: int
    external_attr: int = 0
    flags: int = 0
    declared: int | None = None  # the uncompressed size the headers claim (a lie when not ``size``)


def stored(data: bytes) -> tuple[bytes, int, int, int]:
    """``ZipEntry(name, *stored(data))``: a member kept as is."""
    return data, 0, zlib.crc32(data), len(data)


def make_zip(entries: list[ZipEntry]) -> bytes:
    out = bytearray()
    central = bytearray()
    for e in entries:
        name = e.name.encode("utf-8")
        flags = e.flags | 0x800  # names in UTF-8
        size = e.size if e.declared is None else e.declared
        offset = len(out)
        out += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, flags, e.method, 0, 0x21, e.crc, len(e.data), size, len(name), 0
        )
        out += name + e.data
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            (3 << 8) | 20,
            20,
            flags,
            e.method,
            0,
            0x21,
            e.crc,
            len(e.data),
            size,
            len(name),
            0,
            0,
            0,
            0,
            e.external_attr,
            offset,
        )
        central += name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx_package(parts: dict[str, bytes | Deflated], declared: int | None = None) -> bytes:
    """A minimal .docx holding ``parts`` (bytes, or a ready deflate stream such as a bomb);
    ``declared`` makes the headers of the deflated parts lie about their size."""
    entries = [ZipEntry("[Content_Types].xml", *stored(_CONTENT_TYPES)), ZipEntry("_rels/.rels", *stored(_RELS))]
    for name, content in parts.items():
        d = deflate(content) if isinstance(content, bytes) else content
        entries.append(ZipEntry(name, d.raw, 8, d.crc, d.size, declared=declared))
    return make_zip(entries)


# -- PDF ----------------------------------------------------------------------------------------------


def _stream(dictionary: str, data: bytes | Deflated) -> bytes:
    if isinstance(data, Deflated):
        body = data.zlib
        dictionary += " /Filter /FlateDecode"
    else:
        body = data
    return f"<< {dictionary} /Length {len(body)} >>\nstream\n".encode() + body + b"\nendstream"


def pdf_file(
    contents: list[bytes | Deflated], image: tuple[int, int] | None = None, extra_stream: str | None = None
) -> bytes:
    """A PDF of one page per content stream (Helvetica as /F1; ``/Im1`` a grey image when ``image``
    gives its size; ``extra_stream`` a raw stream dictionary added to each page's contents)."""
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    resources = "/Font << /F1 3 0 R >>"
    if image is not None:
        w, h = image
        pixels = deflate(bytes((x * 7 + y) % 256 for y in range(min(h, 300)) for x in range(min(w, 200))))
        objects.append(
            _stream(
                f"/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8",
                pixels,
            )
        )
        resources += f" /XObject << /Im1 {len(objects)} 0 R >>"
    extra = 0
    if extra_stream is not None:
        objects.append(extra_stream.encode() + b"\nstream\n\nendstream")
        extra = len(objects)
    kids = []
    for content in contents:
        objects.append(_stream("", content))
        refs = f"{len(objects)} 0 R" + (f" {extra} 0 R" if extra else "")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << {resources} >> /Contents [{refs}] >>".encode()
        )
        kids.append(f"{len(objects)} 0 R")
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_page_doc(
    content: bytes | Deflated, image: tuple[int, int] | None = None, extra_stream: str | None = None
) -> bytes:
    return pdf_file([content], image, extra_stream)


# -- OLE compound file (what an encrypted .docx really is) -------------------------------------------


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file holding ``streams`` (each padded to 4096 bytes, so no mini stream)."""
    padded = {name: data.ljust(4096, b"\0") for name, data in streams.items()}
    fat: list[int] = [FATSECT, ENDOFCHAIN]  # sector 0: the FAT, sector 1: the directory
    starts: dict[str, int] = {}
    body = bytearray()
    for name, data in padded.items():
        n = -(-len(data) // 512)
        starts[name] = len(fat)
        fat.extend(range(len(fat) + 1, len(fat) + n))
        fat.append(ENDOFCHAIN)
        body += data.ljust(n * 512, b"\0")
    if len(fat) > 128:
        raise ValueError("streams too large for a one-sector FAT")
    fat_sector = struct.pack("<128L", *(fat + [FREESECT] * (128 - len(fat))))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return struct.pack(
            "<64sHBB3L16sL16s2LL", raw, len(raw), kind, 1, NOSTREAM, right, child, b"", 0, b"", start, size, 0
        )

    names = list(padded)
    directory = entry("Root Entry", 5, NOSTREAM, 1, ENDOFCHAIN, 0)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else NOSTREAM
        directory += entry(name, 2, right, NOSTREAM, starts[name], len(padded[name]))
    directory = directory.ljust(512, b"\0")
    header = struct.pack(
        "<8s16s5H6s10L",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"",
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"",
        0,
        1,
        1,
        0,
        4096,
        ENDOFCHAIN,
        0,
        ENDOFCHAIN,
        0,
        0,
    )
    header += struct.pack("<108L", *([FREESECT] * 108))
    return bytes(header + fat_sector + directory + body)


__all__ = [
    "Deflated",
    "ZipEntry",
    "deflate",
    "deflate_repeat",
    "docx_package",
    "make_zip",
    "ole_file",
    "pdf_file",
    "pdf_page_doc",
    "stored",
]
