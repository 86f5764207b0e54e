"""Tell the form of a file from its first bytes — never from its name."""

from __future__ import annotations

import re
from enum import StrEnum


class Form(StrEnum):
    TEXT = "text"
    HTML = "html"
    PAYLOAD = "payload"  # JSON or JavaScript whose strings carry the report's HTML
    DOCX = "docx"
    OFD = "ofd"
    ZIP = "zip"
    OLE = "ole"  # legacy .doc / .wps (and .xls …) compound files
    PDF = "pdf"
    IMAGE = "image"
    BINARY = "binary"


_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|table|meta|div|p)[\s>]", re.IGNORECASE)
_CONTROL = bytes([*range(0, 9), *range(14, 32)])  # control bytes that never occur in text
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
# the start of a JSON document or of a script assigning / passing a literal (var x = {…}; cb({…}); x = "…")
_PAYLOAD_START = re.compile(
    rb"""^\s*(?:[\[{]|(?:var|let|const|window\.[\w.$]+|[\w$.]+\s*=)[\s\w$.]*=?\s*[\[{"'`]|[\w$.]+\s*\(\s*[\[{"'])""",
)
# markup inside a string literal: raw, JSON-escaped (\u003c) or with escaped slashes (<\/td>)
_EMBEDDED_MARKUP = re.compile(
    rb"""(?:<|\\u003[cC]|\\x3[cC])\s*(?:table|p|div|span|td|tr|br|h\d)\b|<\\/(?:td|tr|p|div|span|table)>""",
    re.IGNORECASE,
)


def _is_payload(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf")
    return bool(_PAYLOAD_START.match(start)) and bool(_EMBEDDED_MARKUP.search(head))


def sniff(data: bytes) -> Form:
    head = data[:8192]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return Form.PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        if b"[Content_Types].xml" in data[:65536] and b"word/" in data[:262144]:
            return Form.DOCX
        if b"OFD.xml" in data[:65536]:
            return Form.OFD
        return Form.ZIP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Form.OLE
    if head.startswith(_IMAGE_MAGIC) or (head.startswith(b"RIFF") and head[8:12] == b"WEBP"):
        return Form.IMAGE
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM: sniff the text it carries
        text = head[2 : len(head) - len(head) % 2].decode("utf-16-le" if head[0] == 0xFF else "utf-16-be", "replace")
        inner = sniff(text.encode("utf-8"))
        return inner if inner in (Form.TEXT, Form.HTML, Form.PAYLOAD) else Form.BINARY
    # NUL counts with the other control bytes: one NUL from a damaged sector leaves a text a text
    control = len(head) - len(head.translate(None, _CONTROL))
    if head and control / len(head) > 0.05:
        return Form.BINARY
    if _is_payload(data[:65536]):
        return Form.PAYLOAD
    if _HTML.search(head[:4096]):
        return Form.HTML
    return Form.TEXT
