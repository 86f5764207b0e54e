"""Text layouts of a generated report, as converters and crawlers produce them.

- ``word_tab``: Word "save as text": one cell per line after a TAB, a blank line between rows, long
  labels wrapped onto a line without TAB, U+3000 indents, a ``— 1 —`` page footer;
- ``web_pipe``: a web page copied as text: ``cell |`` one per line, ``|``-only lines for spanned cells,
  the page's 标题/索引号/发文日期/发布机构 header;
- ``markdown``: pipe tables (a converter's Markdown);
- ``pdf_text``: PDF-to-text: one visual line per table row, cells separated by spaces — blank cells
  leave no trace;
- ``crawler``: a crawler's text: ``key: value`` header, the whole body on one line, digits of
  neighbouring cells run together.

Variants of the same layouts, as other converters print them (``VARIANTS``; ``register_variants()`` makes
them forms of their own):

- ``crawler_spaced``: the crawler's body where some neighbouring cells kept a space between them
  (``200 000121``), as a crawler that keeps some of the page's whitespace;
- ``pdf_text_wrapped``: PDF text whose long row labels wrap onto a second line (the values stay on the
  line where the label starts), whose table-three header runs over two lines, and whose long section
  headings (printed large) wrap onto a second line;
- ``web_pipe_bare``: web-page text whose blank cells lost their space (a lone ``|``, like a spanned cell).
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable

from gongkai.synth.doc import GenDoc, Grid, Para

_FOOTER = "— 1 —"


def _rows(grid: Grid) -> list[tuple[list[str], list[str]]]:
    """(label texts, value texts) of each grid row, origin slots only."""
    out = []
    for row in grid.rows:
        labels = [s.text for s in row if s.cell is None]
        values = [s.text for s in row if s.cell is not None]
        out.append((labels, values))
    return out


def _para_lines(p: Para) -> list[str]:
    if p.role == "body":
        return ["\u3000\u3000" + p.text]
    if p.role == "title":
        return [p.text, ""]
    return [p.text]


def word_tab(doc: GenDoc) -> bytes:
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            out.extend(_para_lines(block))
            continue
        for row in block.rows:
            for slot in row:
                text = slot.text
                if slot.cell is None and len(text) > 14:  # long labels wrap inside the Word cell
                    out.extend(["\t" + text[:14], text[14:]])
                else:
                    out.append("\t" + text)
            out.append("")
    out.append(_FOOTER)
    return ("\n".join(out) + "\n").encode("utf-8")


def web_pipe(doc: GenDoc) -> bytes:
    meta = doc.meta
    out = [
        f"标题: | {meta.get('标题', doc.title)} | ||",
        "---|---|---|---|",
        f"索引号: | {meta.get('索引号', '')} | 文号: | 无文号 |",
        f"发文日期: | {meta.get('发文日期', '')} | 发布机构: | {meta.get('发布机构', '')} |",
    ]
    for block in doc.blocks:
        if isinstance(block, Para):
            if block.role != "title":
                out.append(block.text)
            continue
        covered = 0
        for r, row in enumerate(block.rows):
            for slot in row:
                out.append(f"{slot.text} |")
                covered += slot.colspan - 1
            covered += sum(1 for s in block.rows[r - 1] for _ in range(s.colspan) if s.rowspan > 1) if r else 0
            if covered:
                out.append("|" * covered)
            covered = 0
    return ("\n".join(out) + "\n").encode("utf-8")


def markdown(doc: GenDoc) -> bytes:
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            out.extend([("# " if block.role == "title" else "") + block.text, ""])
            continue
        for r, (labels, values) in enumerate(_rows(block)):
            out.append("| " + " | ".join([*labels, *values]) + " |")
            if r == 0:
                out.append("|" + "---|" * max(2, len(labels) + len(values)))
        out.append("")
    return ("\n".join(out) + "\n").encode("utf-8")


def pdf_text(doc: GenDoc) -> bytes:
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            text = block.text
            while len(text) > 38:  # a PDF page breaks running text at its width
                out.append(text[:38])
                text = text[38:]
            out.append(text)
            continue
        for labels, values in _rows(block):
            out.append(" ".join(t for t in [*labels, *values] if t))
    return ("\n".join(out) + "\n").encode("utf-8")


def _crawler(doc: GenDoc, join: Callable[[list[str]], str]) -> bytes:
    """Crawler text: a ``key: value`` header, then the whole body on one line; ``join`` runs a row's
    printed values together (blank cells leave no trace)."""
    meta = doc.meta
    body: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            if block.role != "title":
                body.append(block.text)
            continue
        for labels, values in _rows(block):
            body.append("".join(labels) + join([v for v in values if v]))
    header = [
        f"标题: {meta.get('标题', doc.title)}",
        f"发布时间: {meta.get('发文日期', '')} 10:00",
        f"来源: {meta.get('发布机构', '')}",
        "=" * 20 + " 正文 " + "=" * 20,
    ]
    return ("\n".join([*header, "".join(body)]) + "\n").encode("utf-8")


def crawler(doc: GenDoc) -> bytes:
    return _crawler(doc, "".join)


def _rng(doc: GenDoc, salt: str) -> random.Random:
    """A generator fixed by the document (the same bytes every time the case is rendered)."""
    return random.Random(zlib.crc32(f"{salt}:{doc.title}:{doc.meta.get('索引号', '')}".encode()))


def crawler_spaced(doc: GenDoc) -> bytes:
    """Crawler text where some neighbouring values kept a space between them."""
    rng = _rng(doc, "crawler_spaced")

    def join(printed: list[str]) -> str:
        run = printed[0] if printed else ""
        for v in printed[1:]:
            run += (" " if rng.random() < 0.3 else "") + v
        return run

    return _crawler(doc, join)


_WRAP = 16  # characters of a label cell's line in the PDF


def pdf_text_wrapped(doc: GenDoc) -> bytes:
    out: list[str] = []
    # half of the documents print their section headings large: a long heading wraps onto a second line
    heading_width = _rng(doc, "headings").choice((0, 10, 12, 14, 16))
    for block in doc.blocks:
        if isinstance(block, Para):
            text = block.text
            if block.role == "heading" and heading_width and len(text) > heading_width:
                out.extend([text[:heading_width], text[heading_width:]])
                continue
            while len(text) > 38:
                out.append(text[:38])
                text = text[38:]
            out.append(text)
            continue
        for r, (labels, values) in enumerate(_rows(block)):
            if block.table == "t2" and r == 0 and labels:  # the corner note over two lines
                head = labels[0]
                out.extend([head[: len(head) // 2], " ".join([head[len(head) // 2 :], *labels[1:]])])
                continue
            if not values:  # a header row
                out.append(" ".join(labels))
                continue
            label = labels[-1] if labels else ""
            lead = " ".join(labels[:-1])
            printed = [v for v in values if v]
            if len(label) > _WRAP:
                first = " ".join(t for t in [lead, label[:_WRAP], *printed] if t)
                out.extend([first, label[_WRAP:]])
            else:
                out.append(" ".join(t for t in [lead, label, *printed] if t))
    return ("\n".join(out) + "\n").encode("utf-8")


def web_pipe_bare(doc: GenDoc) -> bytes:
    lines = web_pipe(doc).decode("utf-8").split("\n")
    return "\n".join("|" if line == " |" else line for line in lines).encode("utf-8")


# the variants, by form name (not registered by default, so ``synth.forms()`` stays the same whoever
# imports this module first; ``register_variants()`` adds them)
VARIANTS = {"crawler_spaced": crawler_spaced, "pdf_text_wrapped": pdf_text_wrapped, "web_pipe_bare": web_pipe_bare}


def register_variants() -> None:
    """Make the variants forms of ``gongkai.synth`` (``synth.render(case, "crawler_spaced")``)."""
    from gongkai.synth import register

    for name in VARIANTS:
        register(name, "text", name, ".txt")
