"""Label variants met in real reports that the format contract (``schema.json``) does not list.

Each entry names where it was seen.  Matching is done on normalised keys (see ``gongkai.normalize``),
so full-/half-width punctuation, spaces and quote styles never need an entry of their own.
"""

from __future__ import annotations

# (table, row id) -> extra aliases
ROW_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("t2", "r_next"): ("结转下年度办理", "结转下一年度办理"),
    ("t1_2019", "normative"): ("行政规范性文件",),
}

# section id -> extra heading aliases (title text only, ordinals are handled by the matcher)
SECTION_ALIASES: dict[str, tuple[str, ...]] = {
    "s3": ("收到和处理政府信息公开申请的情况",),
    "s4": (
        "因政府信息公开申请行政复议、提起行政诉讼的情况",
        "政府信息公开行政复议和行政诉讼情况",
    ),
    "s6": ("其他需要报告的事项情况",),
}

# 2019 trial format, table-one column label variants
T1_2019_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "change": ("本年增/减", "本年增减", "本年增（减）"),
}

# Short texts that are printed only inside the report's statistics tables (table headers and row labels of
# t1/t2/t3, both formats): readers use them to tell a data table from a layout table by its content.
TABLE_MARKERS: tuple[str, ...] = (
    "本年新收",  # t2 一、本年新收政府信息公开申请数量
    "信息内容",  # t1 header cell
    "申请人情况",  # t2 column group
    "本年度办理结果",  # t2 三、本年度办理结果
    "结果维持",  # t3 column
    "处理决定数量",  # t1 column, 2021 and 2019
)
