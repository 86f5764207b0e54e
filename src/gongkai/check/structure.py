"""Structure: the six sections with their official titles and numbering, numbered sub-headings that
neither repeat nor skip, the three tables complete, and the table format that fits the report year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.check.model import Evidence, Finding, Origin, Severity
from gongkai.check.registry import Context, rule
from gongkai.model import SectionText
from gongkai.normalize import CN_DIGITS, Kind, cn_ordinal_value, label_key, nfkc, strip_ordinal

_TABLE_NAME = {
    "t1": "主动公开政府信息情况表",
    "t2": "收到和处理政府信息公开申请情况表",
    "t3": "行政复议、行政诉讼情况表",
}


def _cn(n: int) -> str:
    if n <= 10:
        return CN_DIGITS[n - 1]
    return ("" if n < 20 else CN_DIGITS[n // 10 - 1]) + "十" + (CN_DIGITS[n % 10 - 1] if n % 10 else "")


@rule(
    "s_sections",
    Severity.ERROR,
    "六个部分齐全且顺序正确",
    "报告应依次包含“一、总体情况”至“六、其他需要报告的事项”六个部分（条例第五十条、2021 年格式）。",
    group="structure",
)
def sections_present(ctx: Context) -> Iterator[Finding]:
    found = [s.id for s in ctx.report.sections]
    for section in ctx.spec.sections:
        if section.id not in found:
            yield Finding(
                rule="s_sections",
                severity=Severity.ERROR,
                message=f"未找到第{section.ordinal}部分“{section.label}”的标题。",
                expected=section.label,
                actual=None,
                detail={"section": section.id},
            )
    order = [int(s[1:]) for s in found]
    if order != sorted(order):
        yield Finding(
            rule="s_sections",
            severity=Severity.ERROR,
            message="各部分顺序与官方格式不一致：" + "、".join(s.heading for s in ctx.report.sections),
            expected=[s.id for s in ctx.spec.sections],
            actual=found,
            evidence=tuple(_heading_evidence(s) for s in ctx.report.sections),
        )


def _heading_evidence(s: SectionText) -> Evidence:
    return Evidence(source=s.source, raw=s.heading, label=s.id)


@rule(
    "s_section_title",
    Severity.WARNING,
    "部分标题与官方标题一致",
    "各部分标题应与官方格式一致；常见变体（如“四、因政府信息公开行政复议……”）作为提示列出，其他不同写法给出警告。",
    group="structure",
)
def section_titles(ctx: Context) -> Iterator[Finding]:
    for printed in ctx.report.sections:
        section = ctx.spec.section(printed.id)
        title = strip_ordinal(label_key(printed.heading))
        if title == label_key(section.title):
            continue
        known = any(strip_ordinal(label_key(a)) == title for a in section.aliases)
        yield Finding(
            rule="s_section_title",
            severity=Severity.INFO if known else Severity.WARNING,
            message=f"第{section.ordinal}部分标题印为“{printed.heading}”，官方标题为“{section.label}”"
            + ("（常见变体）。" if known else "。"),
            expected=section.label,
            actual=printed.heading,
            evidence=(_heading_evidence(printed),),
            detail={"section": printed.id},
        )


@rule(
    "s_section_numbering",
    Severity.WARNING,
    "部分编号应为“一、”至“六、”",
    "六个部分的编号应为中文数字“一、”……“六、”；用阿拉伯数字（如“2、”）或编号与所在位置不符都会被指出。",
    group="structure",
)
def section_numbering(ctx: Context) -> Iterator[Finding]:
    wrong: list[tuple[SectionText, str]] = []
    for printed in ctx.report.sections:
        section = ctx.spec.section(printed.id)
        ordinal = nfkc(printed.ordinal or "").strip()
        number = ordinal.rstrip("、.,，． ").strip()
        due = f"{section.ordinal}、"
        if number == section.ordinal:
            continue
        wrong.append((printed, due))
    if not wrong:
        return
    parts = []
    for printed, due in wrong:
        number = nfkc(printed.ordinal or "").rstrip("、.,，． ").strip()
        kind = "阿拉伯数字" if number.isdigit() else "编号"
        if number.isdigit() and int(number) == int(printed.id[1:]):
            parts.append(f"“{printed.ordinal}”（{kind}，应为“{due}”）")
        else:
            parts.append(f"“{printed.ordinal}{strip_ordinal(label_key(printed.heading))}”（应为“{due}”）")
    yield Finding(
        rule="s_section_numbering",
        severity=Severity.WARNING,
        message="部分标题编号不规范：" + "；".join(parts) + "。",
        expected=[due for _, due in wrong],
        actual=[p.ordinal for p, _ in wrong],
        evidence=tuple(_heading_evidence(p) for p, _ in wrong),
        detail={"sections": [p.id for p, _ in wrong]},
    )


# numbered sub-headings at the start of a line: （一） (一)  /  （1） (1)  /  1. 1、 1．
_LEVELS: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    ("（一）", re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]"), False),
    ("（1）", re.compile(r"^[（(](\d{1,2})[）)]"), True),
    ("1.", re.compile(r"^(\d{1,2})\s*[.．、](?=\D|(?:19|20)\d{2}年)"), True),
)


def _numbering_problems(section: SectionText) -> Iterator[tuple[str, list[str], int, str, str, int]]:
    """(level, printed sequence, index of the bad item, its line, what was due, body line index) per anomaly."""
    lines = [(k, ln.strip()) for k, ln in enumerate(section.text.split("\n")) if ln.strip()]
    normal = [nfkc(ln[:12]) for _, ln in lines]  # an ordinal is within the first characters
    for level, pattern, may_restart in _LEVELS:
        seq: list[tuple[int, str, str, int]] = []  # (value, printed ordinal, line, body line index)
        for (k, line), head in zip(lines, normal, strict=True):
            m = pattern.match(head)
            if m:
                value = cn_ordinal_value(m.group(1))
                if value is not None:
                    seq.append((value, line[: len(m.group(0))], line, k))
        printed = [p for _, p, _, _ in seq]
        for i, (value, _, line, k) in enumerate(seq):
            prev = seq[i - 1][0] if i else 0
            if value == prev + 1 or (may_restart and value == 1):
                continue
            due = prev + 1
            shown = f"（{_cn(due)}）" if level == "（一）" else (f"（{due}）" if level == "（1）" else f"{due}.")
            yield level, printed, i, line, shown, k


@rule(
    "s_subsection_numbering",
    Severity.WARNING,
    "小标题序号重复或跳号",
    "各部分内以行首序号开头的小标题（（一）（二）……、（1）（2）……、1. 2. ……）应依次递增，不得重复或跳号。",
    group="structure",
)
def subsection_numbering(ctx: Context) -> Iterator[Finding]:
    for section in ctx.report.sections:
        if ctx.spec.section(section.id).table:
            continue  # 二、三、四 hold the tables, whose row labels are numbered on their own
        for _level, printed, i, line, due, k in _numbering_problems(section):
            bad = printed[i]
            what = "重复" if bad in printed[:i] else "跳号"
            title = ctx.spec.section(section.id).label
            excerpt = line if len(line) <= 40 else line[:38] + "…"
            yield Finding(
                rule="s_subsection_numbering",
                severity=Severity.WARNING,
                message=f"“{title}”中小标题序号依次为{''.join(printed)}："
                f"第 {i + 1} 个“{excerpt}”序号{what}，应为“{due}”。",
                expected=due,
                actual=bad,
                evidence=(Evidence(source=ctx.locate(section, k, _lead(section, k)), raw=line, label=title),),
                detail={"section": section.id, "sequence": printed, "position": i + 1, "kind": what},
            )


def _lead(section: SectionText, k: int) -> int:
    line = section.text.split("\n")[k]
    return len(line) - len(line.lstrip())


@rule(
    "s_tables",
    Severity.WARNING,
    "三张统计表完整",
    "表二（主动公开）、表三（申请办理）、表四（复议诉讼）都应齐全，官方格式的行列不得删减。未读到的表或单元格可能是原文缺失，"
    "也可能是读取失败，因此记为读取存疑（警告），不作为原文错误。",
    group="structure",
)
def tables_complete(ctx: Context) -> Iterator[Finding]:
    for table_id, table in ctx.spec.tables.items():
        missing = [c for c in table.cells if ctx.value(c).kind is Kind.MISSING]
        if not missing:
            continue
        whole = len(missing) == len(table.cells)
        rows = sorted({c.rsplit(".", 1)[0] for c in missing}, key=[c.rsplit(".", 1)[0] for c in table.cells].index)
        names = [table.row(r.split(".")[1]).label if table_id != "t3" else ctx.label(r) for r in rows]
        message = (
            f"未找到{_TABLE_NAME[table_id]}（可能原文缺少此表，也可能未能识别）。"
            if whole
            else f"{_TABLE_NAME[table_id]}有 {len(missing)} 个单元格未能读到，涉及："
            + "；".join(names[:8])
            + ("等" if len(names) > 8 else "")
            + "。"
        )
        yield Finding(
            rule="s_tables",
            severity=Severity.WARNING,
            message=message,
            origin=Origin.READING,
            cells=tuple(missing),
            expected=len(table.cells),
            actual=len(table.cells) - len(missing),
            detail={"table": table_id, "whole_table": whole},
        )


@rule(
    "s_format_version",
    Severity.WARNING,
    "表格格式与报告年度相符",
    "2021 年及以后的报告应使用 2021 年格式（国办公开办函〔2021〕30号）：主动公开情况表不再用“本年新制作数量”"
    "等 2019 年试行格式栏目，申请处理情况表的“（六）其他处理”拆分为三行。",
    group="structure",
)
def format_version(ctx: Context) -> Iterator[Finding]:
    year = ctx.report.year
    if year is None or year < 2021:
        return
    if ctx.report.format == "2019":
        yield Finding(
            rule="s_format_version",
            severity=Severity.WARNING,
            message=f"{year} 年度报告的主动公开情况表仍使用 2019 年试行格式"
            "（本年新制作数量/本年新公开数量/对外公开总数量等栏目），应使用 2021 年格式。",
            expected="2021",
            actual="2019",
        )
    if ctx.report.merged_other:
        cells = tuple(c for c in ctx.spec.tables["t2"].cells if ".o_other_all." in c)
        yield Finding(
            rule="s_format_version",
            severity=Severity.WARNING,
            message=f"{year} 年度报告的申请处理情况表“（六）其他处理”只印一行，2021 年格式应拆分为"
            "“1.申请人无正当理由逾期不补正……”“2.申请人逾期未按收费通知要求缴纳费用……”“3.其他”三行。",
            cells=cells,
            expected="三行",
            actual="一行",
            evidence=tuple(ctx.evidence(c) for c in cells[:1]),
        )
