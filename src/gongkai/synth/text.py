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
"""

from __future__ import annotations

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


def crawler(doc: GenDoc) -> bytes:
    meta = doc.meta
    body: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            if block.role != "title":
                body.append(block.text)
            continue
        for labels, values in _rows(block):
            body.append("".join(labels) + "".join(values))
    header = [
        f"标题: {meta.get('标题', doc.title)}",
        f"发布时间: {meta.get('发文日期', '')} 10:00",
        f"来源: {meta.get('发布机构', '')}",
        "=" * 20 + " 正文 " + "=" * 20,
    ]
    return ("\n".join([*header, "".join(body)]) + "\n").encode("utf-8")
