"""Readers: bytes of any published form → the neutral ``Document``.

``sniff`` decides the form from the content (never from the file name); ``read_bytes`` dispatches to the
reader of that form.  Readers know forms, not reports.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.document import Document
from gongkai.errors import CorruptInput, ReadError, TooLarge, UnsupportedFormat
from gongkai.readers.limits import LIMITS
from gongkai.readers.sniff import Form, sniff
from gongkai.readers.text import text_to_document

MAX_BYTES = 200 * 1024 * 1024  # a report is never this large; anything bigger is refused unread

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


def decode_text(data: bytes, path: str | None) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (GBK/GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CorruptInput(path, f"UTF-16 文本无法解码 ({exc.reason})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise CorruptInput(path, "文本编码无法识别（既不是 UTF-8 也不是 GBK/GB18030）") from exc


def read_bytes(data: bytes, path: str | None = None) -> Document:
    """Read one document from its bytes.  Raises a ``ReadError`` naming ``path`` on bad input."""
    if len(data) > MAX_BYTES:
        raise TooLarge(path, f"文件过大（{len(data) // (1024 * 1024)} MiB，上限 {MAX_BYTES // (1024 * 1024)} MiB）")
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
    if form is Form.OFD:
        raise UnsupportedFormat(path, "OFD 版式文件暂不支持读取；请改用同一报告的 PDF、Word 或网页版本")
    if form is Form.BINARY:
        raise UnsupportedFormat(path, "不是文本也不是可识别的文档格式（二进制数据）")
    raise UnsupportedFormat(path, f"{_FORM_NAMES.get(form, form.value)}暂不支持读取")


def read_path(path: str | Path) -> Document:
    p = Path(path)
    try:
        if p.exists() and not p.is_file() and not p.is_dir():
            raise ReadError(str(p), "不是普通文件（设备、管道或套接字），不读取")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise TooLarge(str(p), f"文件过大（{size // (1024 * 1024)} MiB，上限 {MAX_BYTES // (1024 * 1024)} MiB）")
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError(str(p), "文件不存在") from exc
    except IsADirectoryError as exc:
        raise ReadError(str(p), "这是一个目录，不是文件") from exc
    except PermissionError as exc:
        raise ReadError(str(p), "没有读取权限") from exc
    return read_bytes(data, str(p))


__all__ = ["MAX_BYTES", "Form", "decode_text", "read_bytes", "read_path", "sniff"]
