"""Web pages of a generated report, as government sites publish them.

Every form renders the same ``GenDoc``; the details of each page (markup of runs, chrome, how the
metadata is printed, how blank cells look …) are drawn from ``random.Random(doc.title)``, so a document
always gives the same bytes.

- ``html``: a CMS article page (UTF-8): header, menu and breadcrumb chrome, a metadata block (a small
  key/value table or ``key：value`` spans), the report as Word exports it (``MsoNormal`` paragraphs,
  nested ``<span lang=EN-US>`` runs, ``&nbsp;``, ``<o:p></o:p>``, source lines broken between runs),
  tables with ``rowspan``/``colspan`` (table two now and then cut in two tables, as at a page break of the
  Word file the page was made from), a footer;
- ``html_gbk``: the same page declared ``gb2312``/``GBK`` and written in GBK;
- ``html_cms_nested``: an older site whose whole page is a layout ``<table>`` (banner row, left menu
  column of links, a content cell); title, paragraphs and section headings sit in the content cell as
  ``<p>``/``<div>``/``<br>``-separated text, the report's tables nested in it (sometimes one wrapper
  table deeper);
- ``html_split_headings``: section headings and paragraphs split across inline runs (``<span>``,
  ``<font>``, ``<b>``/``<strong>``, ``&nbsp;`` between ordinal and title, source newlines inside);
- ``html_meta_only``: the article has no title line; agency and year are printed only as page metadata
  (``<title>``, a 标题/发布机构 row, ``<meta name="ArticleTitle">``), the title sometimes without the
  agency (then 发布机构 prints the agency's full name).
"""

from __future__ import annotations

import html as _html
import random
import re
from dataclasses import dataclass, field

from gongkai.synth import register
from gongkai.synth.doc import GenDoc, Grid, Para, split_table

_ASCII_RUN = re.compile(r"[0-9A-Za-z.%/-]+")  # the runs Word wraps in <span lang=EN-US>
_WIDE = re.compile(r"[\u3000-\u9fff\uff01-\uff60]")  # Chinese characters and full-width punctuation
_ORDINAL = re.compile(r"^([一二三四五六七八九十]+、|\d+[.、．])")
_PLACE = re.compile(r"^(.*?(?:自治县|新区|实验区|区|县|市))")
_TITLE_YEAR = re.compile(r"^(?P<agency>.*?)(?P<rest>(?:19|20)\d{2}年.*)$")
# zero-width space / joiner, left-to-right mark, soft hyphen, BOM, word-break opportunity
_INVISIBLE = ("&#8203;", "&zwj;", "&#8206;", "&shy;", "&#65279;", "<wbr>")
_FONTS = ("仿宋_GB2312", "仿宋", "宋体", "FangSong_GB2312")
_HEAD_FONTS = ("黑体", "楷体_GB2312", "方正黑体_GBK")


def _esc(text: str) -> str:
    return _html.escape(text, quote=False)


@dataclass
class _Page:
    """One page being written: the random choices of this document and the parts written so far."""

    doc: GenDoc
    rng: random.Random
    out: list[str] = field(default_factory=list)
    font: str = "仿宋_GB2312"
    wrap: bool = False  # Word breaks source lines between runs
    cut: random.Random = field(default_factory=random.Random)  # whether and where table two is cut in two

    @property
    def agency(self) -> str:
        sig = next((b.text for b in self.doc.blocks if isinstance(b, Para) and b.role == "signature"), "")
        return sig or self.title_parts()[0]

    def title_parts(self) -> tuple[str, str]:
        """(agency, "2023年政府信息公开工作年度报告") of the title."""
        m = _TITLE_YEAR.match(self.doc.title)
        return (m.group("agency"), m.group("rest")) if m else ("", self.doc.title)

    @property
    def site(self) -> str:
        m = _PLACE.match(self.agency)
        return (m.group(1) if m else "") + "人民政府"

    # -- inline markup ---------------------------------------------------------------------------

    def runs(self, text: str) -> str:
        """Word-exported runs: CJK text in a font span, ASCII runs in ``<span lang=EN-US>``.

        Word breaks its source lines inside a tag or between two Chinese characters, never where the
        break would print a space (beside a number).
        """
        parts: list[str] = []
        pos = 0
        for m in _ASCII_RUN.finditer(text):
            if m.start() > pos:
                parts.append(self._cjk_run(text[pos : m.start()]))
            parts.append(f'<span{self._nl()}lang="EN-US">{_esc(m.group())}</span>')
            pos = m.end()
        if pos < len(text):
            parts.append(self._cjk_run(text[pos:]))
        return "".join(parts)

    def _nl(self) -> str:
        return "\n" if self.wrap and self.rng.random() < 0.3 else " "

    def _cjk_run(self, text: str) -> str:
        style = f'<span{self._nl()}style="font-family:{self.font}">'
        if self.wrap and len(text) > 24 and self.rng.random() < 0.5:
            cut = self.rng.randint(8, len(text) - 8)  # a long Chinese run broken across source lines
            if _WIDE.match(text[cut - 1]) and _WIDE.match(text[cut]):
                return f"{style}{_esc(text[:cut])}\n{_esc(text[cut:])}</span>"
        return f"{style}{_esc(text)}</span>"

    def para(self, p: Para, tag: str = "p") -> str:
        rng = self.rng
        if p.role == "title":
            size = rng.choice(("22.0pt", "18.0pt", "20pt"))
            m = _TITLE_YEAR.match(p.text)
            if m and m.group("agency") and rng.random() < 0.3:  # the agency on a line of its own
                text = f"{self.runs(m.group('agency'))}<br>{self.runs(m.group('rest'))}"
            else:
                text = self.runs(p.text)
            return (
                f'<{tag} class="MsoNormal" align="center" style="text-align:center"><b><span '
                f'style="font-size:{size};font-family:方正小标宋简体">{text}</span></b></{tag}>'
            )
        if p.role == "heading":
            font = rng.choice(_HEAD_FONTS)
            return (
                f'<{tag} class="MsoNormal" style="text-indent:32.0pt"><b><span style="font-family:{font}">'
                f"{self.runs(p.text)}</span></b>{self.empty_run()}</{tag}>"
            )
        if p.role in ("signature", "date"):
            return f'<{tag} class="MsoNormal" align="right" style="text-align:right">{self.runs(p.text)}</{tag}>'
        return (
            f'<{tag} class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt">'
            f"{self.runs(p.text)}{self.empty_run()}</{tag}>"
        )

    def empty_run(self) -> str:
        return self.rng.choice(("", '<span lang="EN-US"><o:p></o:p></span>', "<o:p></o:p>"))

    # -- tables ----------------------------------------------------------------------------------

    def table(self, grid: Grid) -> str:
        rng = self.rng
        th = rng.random() < 0.25
        split_labels = rng.random() < 0.4
        quote = rng.choice(('"', "'", ""))
        blank = rng.choice(
            (
                "",
                "&nbsp;",
                "<o:p>&nbsp;</o:p>",
                '<p class="MsoNormal" align="center"><span lang="EN-US"><o:p>&nbsp;</o:p></span></p>',
            )
        )
        out = [
            '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%" '
            'style="border-collapse:collapse;border:none">'
        ]
        tbody = rng.random() < 0.5
        if tbody:
            out.append("<tbody>")
        for row in grid.rows:
            out.append('<tr style="height:20.0pt">')
            for slot in row:
                attrs = ""
                if slot.rowspan > 1:
                    attrs += f" rowspan={quote}{slot.rowspan}{quote}"
                if slot.colspan > 1:
                    attrs += f" colspan={quote}{slot.colspan}{quote}"
                tag = "th" if th and slot.header else "td"
                style = ' valign="middle" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"'
                out.append(f"<{tag}{attrs}{style}>{self.cell(slot.text, slot.header, split_labels, blank)}</{tag}>")
            out.append("</tr>")
        if rng.random() < 0.2:  # Word's row of column widths, empty and borderless
            out.append("<tr height=0>" + '<td width="40" style="border:none"></td>' * grid.width + "</tr>")
        if tbody:
            out.append("</tbody>")
        out.append("</table>")
        return "\n".join(out)

    def cell(self, text: str, header: bool, split: bool, blank: str) -> str:
        if not text:
            return blank
        if split and header and len(text) > 12:  # a long label typed as two paragraphs of the cell
            cut = 10
            return "".join(
                f'<p class="MsoNormal" align="center"><span>{self.runs(t)}</span></p>' for t in (text[:cut], text[cut:])
            )
        inner = self.runs(text)
        if header and self.rng.random() < 0.3:
            inner = f"<b>{inner}</b>"
        return f'<p class="MsoNormal" align="center" style="text-align:center">{inner}<o:p></o:p></p>'

    # -- page parts ------------------------------------------------------------------------------

    def meta_block(self, *, title: str | None, publisher: str) -> str:
        meta = self.doc.meta
        rng = self.rng
        rows = [("索引号", meta.get("索引号", "")), ("发布机构", publisher)]
        if title is not None:
            rows.append(("标题", title))
        rows += [("发文日期", meta.get("发文日期", "")), ("文号", "")]
        style = rng.random()
        if style < 0.2:
            items = "".join(f"<li><label>{k}：</label><span>{_esc(v)}</span></li>" for k, v in rows)
            return f'<ul class="xxgk-info">{items}</ul>'
        if style < 0.6:
            cells = []
            for i in range(0, len(rows), 2):
                pair = rows[i : i + 2]
                tds = "".join(f'<td class="t">{k}：</td><td>{_esc(v) or "&nbsp;"}</td>' for k, v in pair)
                if len(pair) == 1:
                    tds = f'<td class="t">{pair[0][0]}：</td><td colspan="3">{_esc(pair[0][1])}</td>'
                cells.append(f"<tr>{tds}</tr>")
            return '<table class="xxgk_table" width="100%">' + "".join(cells) + "</table>"
        spans = "&nbsp;&nbsp;".join(f"<span>{k}：{_esc(v)}</span>" for k, v in rows if v)
        extra = f"&nbsp;&nbsp;<span>浏览次数：<em>{rng.randint(10, 9999)}</em></span>"
        return f'<div class="info">{spans}{extra}</div>'

    def header(self) -> str:
        site = _esc(self.site)
        return (
            f'<div class="header"><div class="logo"><img src="/images/logo.png" alt="{site}">{site}</div>'
            '<ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
            '<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>'
            '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
            '<a href="/zwgk/ndbg/">政府信息公开年报</a></div>'
        )

    def footer(self) -> str:
        site = _esc(self.site)
        code = self.rng.randint(1000000000, 9999999999)
        return (
            '<div class="tools">【字体：<a>大</a> <a>中</a> <a>小</a>】【<a>打印本页</a>】【<a>关闭窗口</a>】</div>'
            f'<div class="footer"><p>主办单位：{site}办公室&nbsp;&nbsp;承办单位：{site}信息中心</p>'
            f"<p>网站标识码：{code}&nbsp;&nbsp;ICP备{code % 100000000:08d}号</p><p>版权所有 ©</p></div>"
        )

    def head(self, charset: str, title: str, extra: str = "") -> str:
        declare = (
            f'<meta charset="{charset}">'
            if self.rng.random() < 0.5
            else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        )
        return (
            f"<!DOCTYPE html><html><head>{declare}<title>{_esc(title)}</title>{extra}"
            '<link rel="stylesheet" href="/css/style.css"><script>var nav="<td>1</td>";</script>'
            "<style>p.MsoNormal{margin:0}</style></head>"
        )

    def body_blocks(self, skip_title: bool = False, tag: str = "p") -> list[str]:
        out = []
        empty = '<p class="MsoNormal"><span lang="EN-US"><o:p>&nbsp;</o:p></span></p>'
        for block in self.doc.blocks:
            if isinstance(block, Para):
                if skip_title and block.role == "title":
                    continue
                out.append(self.para(block, tag))
            else:
                out.append(self.tables(block, empty))
            if self.rng.random() < 0.15:  # Word's empty paragraphs between blocks
                out.append(empty)
        return out

    def tables(self, grid: Grid, between: str) -> str:
        """``grid`` as one table, or (table two, now and then) as two tables cut at a page break of the
        Word file the page was made from, with ``between`` between them."""
        parts = split_table(grid, self.cut) if grid.table == "t2" and self.cut.random() < 0.3 else [grid]
        return f"\n{between}\n".join(self.table(p) for p in parts)

    def neighbours(self) -> str:
        """The links to the site's previous and next articles, printed under the article."""
        agency, rest = self.title_parts()
        m = re.match(r"(\d{4})(.*)", rest)
        if not m:
            return ""
        earlier = f"{agency}{int(m.group(1)) - 1}{m.group(2)}"
        return f'<div class="pages"><p>上一篇：<a href="#">{_esc(earlier)}</a></p><p>下一篇：无</p></div>'


def _new(doc: GenDoc, form: str) -> _Page:
    rng = random.Random(f"{form}:{doc.title}")
    cut = random.Random(f"split:{form}:{doc.title}")  # drawn apart, so that the other choices stay as they were
    return _Page(doc, rng, font=rng.choice(_FONTS), wrap=rng.random() < 0.5, cut=cut)


def _encode(text: str, charset: str) -> bytes:
    if charset.lower() in ("gb2312", "gbk"):
        return text.encode("gbk", errors="xmlcharrefreplace")
    return text.encode("utf-8")


# -- html / html_gbk ------------------------------------------------------------------------------


def _article(doc: GenDoc, charset: str, form: str) -> bytes:
    page = _new(doc, form)
    rng = page.rng
    title = doc.meta.get("标题", doc.title)
    body = [page.header(), '<div class="main"><div class="article">']
    if rng.random() < 0.6:
        body.append(f'<h1 class="title">{_esc(title)}</h1>')
    body.append(page.meta_block(title=title if rng.random() < 0.5 else None, publisher=doc.meta.get("发布机构", "")))
    body.append(f'<div class="{rng.choice(("TRS_Editor", "zoom", "content"))}" id="zoom">')
    body.extend(page.body_blocks())
    body.append("</div></div></div>")
    if rng.random() < 0.4:
        body.append(page.neighbours())
    body.append(page.footer())
    text = page.head(charset, f"{title}_{page.site}") + "<body>" + "\n".join(body) + "</body></html>"
    return _encode(text, charset)


def html(doc: GenDoc) -> bytes:
    return _article(doc, "utf-8", "html")


def html_gbk(doc: GenDoc) -> bytes:
    rng = random.Random(doc.title)
    return _article(doc, rng.choice(("gb2312", "GBK", "gbk", "GB2312")), "html_gbk")


# -- html_cms_nested ------------------------------------------------------------------------------

_MENU = (
    "政府信息公开指南",
    "政府信息公开制度",
    "法定主动公开内容",
    "主动公开信息内容",
    "政府信息公开年报",
    "依申请公开",
    "机构职能",
    "政策解读",
)


def _nested_text(page: _Page, sep: str) -> list[str]:
    """The report as text in the content cell: ``<p>``, ``<div>`` or ``<br>``-separated lines."""
    out: list[str] = []
    tables_deeper = page.rng.random() < 0.5
    for block in page.doc.blocks:
        if isinstance(block, Grid):
            table = page.tables(block, "<br>")
            if tables_deeper:  # one wrapper table more around the report table
                table = f'<table width="100%" border="0"><tr><td align="center">{table}</td></tr></table>'
            out.append(table)
            continue
        text = page.runs(block.text)
        if block.role in ("title", "heading"):
            text = f"<b>{text}</b>" if block.role == "heading" else f'<font size="5"><b>{text}</b></font>'
        if sep == "br":
            out.append(("&nbsp;" * 4 if block.role == "body" else "") + text + "<br>")
        else:
            align = ' align="center"' if block.role == "title" else ""
            out.append(f"<{sep}{align}>{text}</{sep}>")
    return out


def html_cms_nested(doc: GenDoc) -> bytes:
    page = _new(doc, "html_cms_nested")
    rng = page.rng
    sep = rng.choice(("p", "div", "br"))
    site = _esc(page.site)
    items = rng.sample(_MENU, rng.randint(4, len(_MENU)))
    menu_rows = "".join(f'<tr><td height="28"><a href="/list{i}.htm">{m}</a></td></tr>' for i, m in enumerate(items))
    menu = (
        f'<table width="100%" cellspacing="0"><tr><td class="lm">信息公开目录</td></tr>{menu_rows}</table>'
        if rng.random() < 0.5
        else "<br>".join(f'<a href="/list{i}.htm">{m}</a>' for i, m in enumerate(items))
    )
    content = _nested_text(page, sep)
    first = doc.blocks[0] if doc.blocks else None
    title_at = 1 if isinstance(first, Para) and first.role == "title" else 0
    if title_at and rng.random() < 0.4:  # the title in a bar of its own
        content[0] = f'<table width="100%"><tr><td align="center" class="title">{content[0]}</td></tr></table>'

    meta = doc.meta
    info = (
        f"发布机构：{_esc(meta.get('发布机构', ''))}&nbsp;&nbsp;发布日期：{meta.get('发文日期', '')}"
        f"&nbsp;&nbsp;浏览次数：{rng.randint(5, 999)}"
    )
    # the title row in the content cell, then the metadata line, then the report
    content.insert(title_at, f'<div class="info">{info}</div>' if sep != "br" else info + "<br>")
    inner = "\n".join(content)
    if rng.random() < 0.5:  # a wrapper table between the page layout and the content cell
        inner = (
            '<table width="100%" border="0" cellpadding="0" cellspacing="0">'
            '<tr><td class="dqwz">当前位置：<a href="/">首页</a> &gt; 政务公开</td></tr>'
            f'<tr><td class="content" style="line-height:2">{inner}</td></tr></table>'
        )
    body = (
        '<table width="1000" align="center" border="0" cellpadding="0" cellspacing="0">'
        f'<tr><td colspan="2" height="120" background="/images/banner.jpg"><b>{site}</b></td></tr>'
        '<tr><td colspan="2" class="nav"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | '
        '<a href="/bsfw/">办事服务</a></td></tr>'
        f'<tr><td width="200" valign="top">{menu}</td>\n<td width="800" valign="top">{inner}</td></tr>'
        f'<tr><td colspan="2" align="center">主办：{site}办公室&nbsp;&nbsp;版权所有</td></tr></table>'
    )
    charset = rng.choice(("utf-8", "gb2312"))
    title = doc.meta.get("标题", doc.title)
    text = page.head(charset, title) + f'<body topmargin="0">{body}</body></html>'
    return _encode(text, charset)


# -- html_split_headings --------------------------------------------------------------------------


def _split_heading(page: _Page, text: str) -> str:
    """One section heading printed as several inline runs, as editors and Word leave them."""
    rng = page.rng
    m = _ORDINAL.match(text)
    ordinal, title = (m.group(0), text[m.end() :]) if m else ("", text)
    cut = rng.randint(1, max(1, len(title) - 1))
    a, b = _esc(title[:cut]), _esc(title[cut:])
    o = _esc(ordinal)
    variant = rng.randrange(8)
    if variant == 0:
        inner = f'<span>{o}</span><span style="font-family:黑体">{a}</span><font face="黑体">{b}</font>'
    elif variant == 1:
        inner = f"<b>{o}</b>&nbsp;&nbsp;<strong>{a}{b}</strong>"
    elif variant == 2:
        inner = f"<strong>{o}{a}\n{b}</strong>"
    elif variant == 3:
        inner = f'<span style="font-family:黑体">{o[:-1]}</span><span>{o[-1:]}</span>\n<strong>{a}{b}</strong>'
    elif variant == 4:
        inner = (
            f'<span style="mso-list:Ignore">{o}<span style="font:7.0pt &quot;Times New Roman&quot;">'
            f"&nbsp;&nbsp;&nbsp; </span></span><b><span>{a}</span></b><b><span>{b}</span></b>"
        )
    elif variant == 5:
        inner = f'<a name="_Toc{rng.randint(1000, 9999)}"></a><span>{o}</span>&#12288;<strong><font color="#000000">{a}{b}</font></strong>'
    elif variant == 6:
        inner = f"<span><b>{o}</b></span><span><b>{a}</b></span>\n<span><b>{b}</b></span>"
    else:  # what an editor leaves between runs and prints as nothing
        mark, mark2 = rng.choice(_INVISIBLE), rng.choice(_INVISIBLE)
        inner = f"<span>{o}</span>{mark}<strong>{a}</strong>{mark2}<strong>{b}</strong>"
    tag = rng.choice(("p", "p", "h3", "div"))
    return f'<{tag} class="MsoNormal" style="text-indent:2em">{inner}</{tag}>'


def _split_body(page: _Page, text: str) -> str:
    """A body paragraph cut into runs at arbitrary places (between characters, not inside numbers)."""
    rng = page.rng
    cuts = sorted({rng.randint(1, len(text) - 1) for _ in range(rng.randint(1, 4))} if len(text) > 2 else set[int]())
    pieces, pos = [], 0
    for c in [*cuts, len(text)]:
        if text[c - 1 : c + 1].isdigit():  # never inside a number
            continue
        pieces.append(text[pos:c])
        pos = c
    out = []
    for k, piece in enumerate(pieces):
        if k and rng.random() < 0.15:
            out.append(rng.choice(_INVISIBLE))
        kind = rng.randrange(4)
        if kind == 0:
            out.append(f"<span>{_esc(piece)}</span>")
        elif kind == 1:
            out.append(f'<font face="仿宋">{_esc(piece)}</font>')
        elif kind == 2:
            out.append(f'<span style="font-size:16px">{page.runs(piece)}</span>')
        else:
            out.append(_esc(piece))
    return '<p style="text-indent:2em">' + "".join(out) + "</p>"


def html_split_headings(doc: GenDoc) -> bytes:
    page = _new(doc, "html_split_headings")
    rng = page.rng
    body = [page.header(), page.meta_block(title=None, publisher=doc.meta.get("发布机构", ""))]
    body.append('<div class="article-content">')
    for block in doc.blocks:
        if isinstance(block, Grid):
            body.append(page.tables(block, "<p>&nbsp;</p>"))
        elif block.role == "heading":
            body.append(_split_heading(page, block.text))
        elif block.role in ("body", "intro"):
            body.append(_split_body(page, block.text))
        else:
            body.append(page.para(block))
    body.append("</div>")
    body.append(page.footer())
    charset = rng.choice(("utf-8", "utf-8", "gbk"))
    text = page.head(charset, doc.meta.get("标题", doc.title)) + "<body>" + "\n".join(body) + "</body></html>"
    return _encode(text, charset)


# -- html_meta_only -------------------------------------------------------------------------------


def html_meta_only(doc: GenDoc) -> bytes:
    page = _new(doc, "html_meta_only")
    rng = page.rng
    agency, rest = page.title_parts()
    full = doc.meta.get("标题", doc.title)
    variant = rng.randrange(4)
    extra = ""
    if variant == 0:  # the page <title> alone names the report
        site = page.site
        page_title = rng.choice((f"{full}_{site}", f"{site}-{full}", f"{full} - {site}", f"{site}|{full}"))
        row_title, publisher = None, doc.meta.get("发布机构", "")
    elif variant == 1:  # <meta name="ArticleTitle">; the <title> is the site's
        page_title, row_title, publisher = page.site, None, doc.meta.get("发布机构", "")
        extra = f'<meta name="ArticleTitle" content="{_html.escape(full)}"><meta name="ColumnName" content="年度报告">'
    elif variant == 2:  # a 标题 row in the metadata block
        page_title, row_title, publisher = f"{page.site}-政务公开", full, doc.meta.get("发布机构", "")
    else:  # the title omits the agency: 发布机构 prints its full name
        short = rest if rng.random() < 0.7 else rest.replace("年政府", "年度政府", 1)
        page_title, row_title, publisher = f"{short}-{page.site}", short if rng.random() < 0.5 else None, agency
        if rng.random() < 0.5:
            extra = f'<meta name="ArticleTitle" content="{_html.escape(short)}">'
    body = [page.header(), page.meta_block(title=row_title, publisher=publisher)]
    body.append('<div class="TRS_Editor">')
    body.extend(page.body_blocks(skip_title=True))
    body.append("</div>")
    body.append(page.footer())
    charset = rng.choice(("utf-8", "utf-8", "gb2312"))
    text = page.head(charset, page_title, extra) + "<body>" + "\n".join(body) + "</body></html>"
    return _encode(text, charset)


register("html", "html", "html", ".html")
register("html_gbk", "html", "html_gbk", ".html")
register("html_cms_nested", "html", "html_cms_nested", ".html")
register("html_split_headings", "html", "html_split_headings", ".html")
register("html_meta_only", "html", "html_meta_only", ".html")
