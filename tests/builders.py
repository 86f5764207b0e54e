"""Build report texts in each text layout from cell values (for layout and property tests).

The labels come from the format data, so these texts are what a converter would produce from a
correctly filled official template.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from gongkai import spec

Values = dict[str, int | float | None]
LAYOUTS = ("word_tab", "web_pipe", "markdown", "lines", "flat")

TITLE = ["测试区示例局", "2023年政府信息公开工作年度报告", ""]
INTRO = "本年度报告中所列数据的统计期限自2023年1月1日起，至2023年12月31日止。"


def consistent_values(rng: random.Random, scale: int = 30) -> Values:
    """Random t1/t2/t3 values that satisfy all 42 identities of the 2021 format."""
    fmt = spec.load("2021")
    t2 = fmt.tables["t2"]
    cols = [c.id for c in t2.columns if c.id != "total"]
    values: Values = {}
    leaves = list(spec.raw_schema()["tables"]["t2"]["outcome_leaves"])
    for col in cols:
        heavy = rng.random() < 0.5
        for leaf in leaves:
            values[f"t2.{leaf}.{col}"] = rng.randint(0, scale) if heavy and rng.random() < 0.4 else 0
        o_total = sum(int(values[f"t2.{leaf}.{col}"] or 0) for leaf in leaves)
        carried = rng.randint(0, min(3, o_total)) if o_total else 0
        r_next = rng.randint(0, 3)
        values[f"t2.o_total.{col}"] = o_total
        values[f"t2.r_carried.{col}"] = carried
        values[f"t2.r_next.{col}"] = r_next
        values[f"t2.r_new.{col}"] = o_total + r_next - carried
    for row in [r.id for r in t2.data_rows]:
        values[f"t2.{row}.total"] = sum(int(values[f"t2.{row}.{c}"] or 0) for c in cols)
    for cell in fmt.tables["t1"].cells:
        values[cell] = round(rng.uniform(0, 900), 2) if cell.endswith("amount_wan_yuan") else rng.randint(0, 400)
    for group in ("review", "suit_direct", "suit_after"):
        parts = [rng.randint(0, 6) for _ in range(4)]
        for name, v in zip(("maintain", "correct", "other", "pending"), parts, strict=True):
            values[f"t3.{group}_{name}"] = v
        values[f"t3.{group}_total"] = sum(parts)
    return values


def _fmt(v: int | float | None) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return str(v)


def _rows(values: Values) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]], list[str]]:
    fmt = spec.load("2021")
    t1 = fmt.tables["t1"]
    blocks = {r.id: r.label for r in t1.rows if not r.data}
    t1_rows: list[tuple[str, list[str]]] = []
    last = None
    for row in t1.data_rows:
        if row.block != last:
            t1_rows.append((blocks[row.block or ""], []))
            cols = [t1.column(c).label for c in row.columns]
            t1_rows.append(("信息内容", cols))
            last = row.block
        t1_rows.append((row.label, [_fmt(values.get(f"t1.{row.id}.{c}")) for c in row.columns]))
    t2 = fmt.tables["t2"]
    t2_rows = []
    for row in t2.rows:
        if row.data:
            t2_rows.append((row.label, [_fmt(values.get(f"t2.{row.id}.{c.id}")) for c in t2.columns]))
        else:
            t2_rows.append((row.label, []))
    t3 = [_fmt(values.get(c)) for c in fmt.tables["t3"].cells]
    return t1_rows, t2_rows, t3


T3_HEADER = [
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "未经复议直接起诉",
    "复议后起诉",
]
T2_HEADER = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
]
T2_SUBHEADER = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def _word_tab(values: Values) -> str:
    t1, t2, t3 = _rows(values)
    out = [*TITLE, INTRO, "一、总体情况", "本机关认真贯彻条例。", "二、主动公开政府信息情况"]
    for label, cells in t1:
        out.extend(["\t" + label, *("\t" + c for c in cells), ""])
    out.append("三、收到和处理政府信息公开申请情况")
    out.extend(["\t" + h for h in T2_HEADER] + [""] + ["\t"] + ["\t" + h for h in T2_SUBHEADER] + [""])
    for label, cells in t2:
        if len(label) > 12:  # long labels wrap in Word cells: the rest continues on the next line without TAB
            out.extend(["\t" + label[:12], label[12:]])
        else:
            out.append("\t" + label)
        out.extend(["\t" + c for c in cells] + [""])
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    out.extend(["\t" + h for h in T3_HEADER] + [""])
    out.extend(
        ["\t" + c for c in t3]
        + ["", "五、存在的主要问题及改进情况", "问题和改进。", "六、其他需要报告的事项", "无。", "— 1 —"]
    )
    return "\n".join(out) + "\n"


def _web_pipe(values: Values) -> str:
    t1, t2, t3 = _rows(values)
    out = [
        "标题: | 测试区示例局2023年政府信息公开工作年度报告 | ||",
        "---|---|---|---|",
        "发文日期: | 2024-01-20 | 发布机构: | 测试区示例局 |",
        INTRO,
        "一、总体情况",
        "本机关认真贯彻条例。",
        "二、主动公开政府信息情况",
    ]
    for label, cells in t1:
        out.extend([f"{label} |", *(f"{c} |" for c in cells), "||"])
    out.append("三、收到和处理政府信息公开申请情况")
    out.extend(f"{h} |" for h in T2_HEADER + T2_SUBHEADER)
    for label, cells in t2:
        out.extend([f"{label} |", *(f"{c} |" for c in cells)])
        if cells:
            out.append("||")
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    out.extend(f"{h} |" for h in T3_HEADER)
    out.extend(f"{c} |" for c in t3)
    out.extend(["五、存在的主要问题及改进情况", "问题和改进。", "六、其他需要报告的事项", "无。"])
    return "\n".join(out) + "\n"


def _markdown(values: Values) -> str:
    t1, t2, t3 = _rows(values)
    out = [*TITLE, INTRO, "", "一、总体情况", "本机关认真贯彻条例。", "", "二、主动公开政府信息情况"]
    for label, cells in t1:
        out.append("| " + " | ".join([label, *cells]) + " |")
        if label.startswith("第二十条"):
            out.append("|---|---|")
    out.extend(["", "三、收到和处理政府信息公开申请情况", "| " + " | ".join(T2_HEADER) + " |", "|---|---|---|---|---|"])
    for label, cells in t2:
        out.append("| " + " | ".join([label, *cells]) + " |")
    out.extend(["", "四、政府信息公开行政复议、行政诉讼情况", " ".join(T3_HEADER), "| " + " | ".join(t3) + " |"])
    out.extend(["", "五、存在的主要问题及改进情况", "问题和改进。", "", "六、其他需要报告的事项", "无。"])
    return "\n".join(out) + "\n"


def _lines(values: Values) -> str:
    """PDF-to-text style: one visual line per table row, cells separated by spaces."""
    t1, t2, t3 = _rows(values)
    out = [*TITLE, INTRO, "一、总体情况", "本机关认真贯彻条例。", "二、主动公开政府信息情况"]
    out.extend(" ".join([label, *cells]) for label, cells in t1)
    out.extend(["三、收到和处理政府信息公开申请情况", *T2_HEADER, " ".join(T2_SUBHEADER)])
    out.extend(" ".join([label, *cells]) for label, cells in t2)
    out.extend(["四、政府信息公开行政复议、行政诉讼情况", " ".join(T3_HEADER), " ".join(t3)])
    out.extend(["五、存在的主要问题及改进情况", "问题和改进。", "六、其他需要报告的事项", "无。"])
    return "\n".join(out) + "\n"


def _flat(values: Values) -> str:
    """Crawler text: the whole body on one line, digits of neighbouring cells run together."""
    t1, t2, t3 = _rows(values)
    body = [INTRO, "一、总体情况本机关认真贯彻条例。二、主动公开政府信息情况 "]
    body.extend(label + "".join(cells) for label, cells in t1)
    body.append("三、收到和处理政府信息公开申请情况" + "".join(T2_HEADER + T2_SUBHEADER))
    body.extend(label + "".join(cells) for label, cells in t2)
    body.append("四、政府信息公开行政复议、行政诉讼情况" + "".join(T3_HEADER) + "".join(t3))
    body.append(" 五、存在的主要问题及改进情况问题和改进。六、其他需要报告的事项 无。")
    header = [
        "标题: 测试区示例局2023年政府信息公开工作年度报告",
        "发布时间: 2024-01-20 10:00",
        "=" * 20 + " 正文 " + "=" * 20,
    ]
    return "\n".join([*header, "".join(body)]) + "\n"


BUILDERS: dict[str, Callable[[Values], str]] = {
    "word_tab": _word_tab,
    "web_pipe": _web_pipe,
    "markdown": _markdown,
    "lines": _lines,
    "flat": _flat,
}


def build(layout: str, values: Values) -> str:
    return BUILDERS[layout](values)
