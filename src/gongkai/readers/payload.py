"""JSON or JavaScript files whose strings carry the report's HTML → ``Document``.

Many CMSs serve the article through an API (``{"title": …, "content": "<p>…</p>"}``) or a script
(``var article = {…}``, ``callback({…})``).  The reader finds the string literals that hold markup, in
the order they appear, joins them and reads the result as a web page; string fields named like a
title or a date become page metadata.
"""

from __future__ import annotations

import json
import re
from typing import Any

from gongkai.document import Document
from gongkai.errors import NotAReport, TooLarge
from gongkai.readers.html import MAX_HTML_BYTES, html_to_document
from gongkai.readers.limits import LIMITS, over

_MARKUP = re.compile(r"<\s*(?:table|p|div|span|td|tr|br|h\d)\b", re.IGNORECASE)
# possessive: a ten-megabyte literal is one match, not ten million backtracking marks (gigabytes)
_STRING = re.compile(r""""(?:[^"\\\n]++|\\.)*+"|'(?:[^'\\\n]++|\\.)*+'|`(?:[^`\\]++|\\.)*+`""", re.DOTALL)
_HEX_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})")
_FIELD_META = {
    "title": "标题",
    "articletitle": "标题",
    "doctitle": "标题",
    "标题": "标题",
    "pubdate": "发布时间",
    "publishdate": "发布时间",
    "publishtime": "发布时间",
    "pubtime": "发布时间",
    "docreltime": "发布时间",
    "发布时间": "发布时间",
    "发文日期": "发文日期",
    "indexno": "索引号",
    "索引号": "索引号",
    "fileno": "文号",
    "docno": "文号",
    "文号": "文号",
    "publisher": "发布机构",
    "发布机构": "发布机构",
}


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _walk_json(value: Any, path: str | None) -> tuple[list[str], dict[str, str]]:
    """Strings holding markup, in document order, and metadata fields — iteratively (no recursion)."""
    html: list[str] = []
    meta: dict[str, str] = {}
    stack: list[tuple[str | None, Any]] = [(None, value)]
    seen = 0
    while stack:
        key, item = stack.pop()
        seen += 1
        if seen > LIMITS.payload_strings * 4:
            raise over(path, "JSON 数据项", seen, LIMITS.payload_strings * 4)
        if isinstance(item, dict):
            stack.extend(reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((None, v) for v in reversed(item))
        elif isinstance(item, str):
            if _MARKUP.search(item):
                html.append(item)
            elif key is not None and item.strip():
                name = _FIELD_META.get(key.strip().lower().replace("_", ""))
                if name and len(item) < 300:
                    meta.setdefault(name, item.strip())
    return html, meta


def _literal(lit: str) -> str | None:
    quote, body = lit[0], lit[1:-1]
    if quote != '"':
        body = body.replace("\\" + quote, quote).replace('"', '\\"')
    body = _HEX_ESCAPE.sub(r"\\u00\1", body).replace("\n", "\\n")
    try:
        out = json.loads('"' + body + '"')
    except json.JSONDecodeError:
        return None
    return out if isinstance(out, str) else None


def _from_script(text: str, path: str | None) -> tuple[list[str], dict[str, str]]:
    html: list[str] = []
    meta: dict[str, str] = {}
    for k, m in enumerate(_STRING.finditer(text)):
        if k >= LIMITS.payload_strings:
            raise over(path, "脚本中的字符串", k, LIMITS.payload_strings)
        value = _literal(m.group())
        if value is None:
            continue
        if _MARKUP.search(value):
            html.append(value)
            continue
        # "key": "value" pairs in a script literal
        before = text[max(0, m.start() - 40) : m.start()]
        km = re.search(r"""["']?([\w\u4e00-\u9fff]+)["']?\s*:\s*$""", before)
        if km and value.strip() and len(value) < 300:
            name = _FIELD_META.get(km.group(1).lower().replace("_", ""))
            if name:
                meta.setdefault(name, value.strip())
    return html, meta


def read_payload(data: bytes, path: str | None = None) -> Document:
    if len(data) > MAX_HTML_BYTES:
        raise TooLarge(path, f"文件过大（{len(data) >> 20} MiB，上限 {MAX_HTML_BYTES >> 20} MiB）")
    text = _decode(data)
    html: list[str] = []
    meta: dict[str, str] = {}
    try:
        html, meta = _walk_json(json.loads(text), path)
    except (json.JSONDecodeError, RecursionError):
        html, meta = _from_script(text, path)
    if len(html) > LIMITS.payload_strings:
        raise over(path, "含网页标记的字符串", len(html), LIMITS.payload_strings)
    if not html:
        raise NotAReport(path, "JSON/JS 文件中没有找到网页内容（没有含 HTML 标记的字符串）")
    return html_to_document("\n".join(html), path, meta=meta)


__all__ = ["read_payload"]
