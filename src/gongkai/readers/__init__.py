"""Readers: bytes of any published form → the neutral ``Document``.

``sniff`` decides the form from the content (never from the file name); ``read_bytes`` dispatches to the
reader of that form.  Readers know forms, not reports.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from gongkai.document import Document
from gongkai.errors import ReadError, TooLarge, UnsupportedFormat
from gongkai.readers.encoding import decode_text
from gongkai.readers.limits import LIMITS, MiB
from gongkai.readers.sniff import Form, sniff
from gongkai.readers.text import text_to_document

MAX_BYTES = LIMITS.file_bytes  # a report is never this large; anything bigger is refused unread

_FORM_NAMES = {
    Form.DOCX: "Word .docx 文件",
    Form.OLE: "Word .doc / WPS .wps 文件",
    Form.PDF: "PDF 文件",
    Form.OFD: "OFD 文件",
    Form.ZIP: "zip 压缩包",
    Form.HTML: "网页 (HTML)",
    Form.PAYLOAD: "JSON/JS 数据文件",
    Form.IMAGE: "图片",
}


def read_bytes(data: bytes, path: str | None = None) -> Document:
    """Read one document from its bytes.  Raises a ``ReadError`` naming ``path`` on bad input."""
    if len(data) > MAX_BYTES:
        raise TooLarge(path, f"文件过大（{len(data) // MiB} MiB，上限 {MAX_BYTES // MiB} MiB）")
    if not data.strip():
        raise ReadError(path, "文件是空的")
    form = sniff(data)
    if form is Form.TEXT:
        if len(data) > LIMITS.text_bytes:
            raise TooLarge(
                path, f"文本文件过大（{len(data) >> 20} MiB，上限 {LIMITS.text_bytes >> 20} MiB），不像年度报告"
            )
        return text_to_document(decode_text(data, path), path)
    if form is Form.HTML:
        from gongkai.readers.html import read_html

        return read_html(data, path)
    if form is Form.PAYLOAD:
        from gongkai.readers.payload import read_payload

        return read_payload(data, path)
    if form is Form.DOCX:
        from gongkai.readers.docx import read_docx

        return read_docx(data, path)
    if form is Form.OLE:
        from gongkai.readers.doc import read_ole

        return read_ole(data, path)
    if form is Form.PDF:
        from gongkai.readers.pdf import read_pdf

        return read_pdf(data, path)
    if form is Form.IMAGE:
        from gongkai.readers.ocr import read_image

        return read_image(data, path)
    if form is Form.OFD:
        raise UnsupportedFormat(path, "OFD 版式文件暂不支持读取；请改用同一报告的 PDF、Word 或网页版本")
    if form is Form.BINARY:
        raise UnsupportedFormat(path, "不是文本也不是可识别的文档格式（二进制数据）")
    raise UnsupportedFormat(path, f"{_FORM_NAMES.get(form, form.value)}暂不支持读取")


def read_file(path: str | Path, name: str | None = None, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file, under the size limit; ``name`` labels errors (the path by default).

    The file is opened without blocking and judged by what was opened (``fstat``), so a FIFO, a device
    or a file swapped for one after a check is refused unread, and nothing past the limit is read.
    ``follow_symlinks=False`` refuses a symbolic link itself (a folder walk judges links on its own).
    """
    label = name if name is not None else str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise ReadError(label, "文件不存在") from exc
    except IsADirectoryError as exc:
        raise ReadError(label, "这是一个目录，不是文件") from exc
    except PermissionError as exc:
        raise ReadError(label, "没有读取权限") from exc
    except OSError as exc:  # a symbolic link refused, a loop of links, a name too long …
        raise ReadError(label, f"无法打开文件（{exc.strerror or exc}）") from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(label, "这是一个目录，不是文件")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(label, "不是普通文件（设备、管道或套接字），不读取")
        if info.st_size > MAX_BYTES:
            raise TooLarge(label, f"文件过大（{info.st_size // MiB} MiB，上限 {MAX_BYTES // MiB} MiB）")
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 22, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:  # it grew while being read
            raise TooLarge(label, f"文件过大（上限 {MAX_BYTES // MiB} MiB）")
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError(label, f"读取文件失败（{exc.strerror or exc}）") from exc
    finally:
        os.close(fd)


def read_path(path: str | Path) -> Document:
    name = str(Path(path))
    return read_bytes(read_file(name), name)


__all__ = ["MAX_BYTES", "Form", "decode_text", "read_bytes", "read_file", "read_path", "sniff"]
