"""The PDF's compressed streams measured before pdfium inflates them.

pdfium inflates a page's content stream whole when the page is loaded, and a flate bomb (a gigabyte of
spaces in a megabyte) then takes gigabytes; it offers no hook to stop it.  So before the document is
handed to pdfium, every ``/FlateDecode`` stream is inflated here in bounded chunks and discarded, only to
count its size: a content stream (no ``/Type``/``/Subtype``, or a form) over ``pdf_content_bytes``, any
other stream over ``pdf_stream_bytes`` or all of them together over ``total_inflated_bytes`` is refused
(``TooLarge``) — images are left out, as text reading never decodes them; a stream stored without
compression is judged by its length.  The scan looks at the bytes,
not the object structure: a stream it cannot inflate (encrypted, damaged, another filter first) is left
to pdfium, whose own errors become ``CorruptInput``.
"""

from __future__ import annotations

import re
import zlib

from gongkai.errors import TooLarge
from gongkai.readers.limits import LIMITS, Deadline, MiB

_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_CHUNK = 1 << 20


def _kind(head: bytes) -> tuple[str, bool] | None:
    """What the stream whose dictionary ends ``head`` holds — ``content`` or ``other`` — and whether it is
    flate-compressed; None for an image (text reading never decodes one)."""
    objs = list(_OBJ.finditer(head))
    dictionary = head[objs[-1].end() :] if objs else head
    if b"/Image" in dictionary:
        return None
    typed = b"/Type" in dictionary or b"/Subtype" in dictionary or b"/Length1" in dictionary
    kind = "content" if not typed or b"/Form" in dictionary else "other"
    return kind, b"/FlateDecode" in dictionary


def _inflated_size(data: bytes, start: int, limit: int) -> int:
    """Bytes the zlib stream at ``start`` inflates to, counted in chunks, stopping past ``limit``."""
    d = zlib.decompressobj()
    total = 0
    pos = start
    try:
        while pos < len(data) and not d.eof:
            pending = data[pos : pos + _CHUNK]
            pos += _CHUNK
            while pending and not d.eof:
                total += len(d.decompress(pending, _CHUNK))
                if total > limit:
                    return total
                pending = d.unconsumed_tail
    except zlib.error:
        pass  # damaged or encrypted: pdfium decides
    return total


def check_streams(data: bytes, path: str | None) -> None:
    """Refuse a PDF whose streams inflate past the limits (see the module docstring)."""
    deadline = Deadline(path)
    total = 0
    for m in _STREAM.finditer(data):
        found = _kind(data[max(0, m.start() - 4096) : m.start()])
        if found is None:
            continue
        kind, flate = found
        limit = LIMITS.pdf_content_bytes if kind == "content" else LIMITS.pdf_stream_bytes
        if flate:
            size = _inflated_size(data, m.end(), limit)
        else:  # stored as is (or by a filter that does not inflate much): its length in the file
            end = data.find(b"endstream", m.end())
            size = (len(data) if end < 0 else end) - m.end()
        if size > limit:
            what = "页面内容流" if kind == "content" else "数据流"
            raise TooLarge(path, f"PDF 中的{what}解压后超过 {limit // MiB} MiB，疑为压缩炸弹或恶意构造，拒绝读取")
        total += size
        if total > LIMITS.total_inflated_bytes:
            raise TooLarge(
                path, f"PDF 各数据流解压后合计超过 {LIMITS.total_inflated_bytes // MiB} MiB，疑为压缩炸弹，拒绝读取"
            )
        deadline.check("PDF 数据流检查")


__all__ = ["check_streams"]
