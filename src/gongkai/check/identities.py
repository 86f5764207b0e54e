"""The hard arithmetic identities of the tables, driven by the format data (``spec.identities``).

One rule per identity template of ``schema.json`` (7 balance equations, 7 outcome totals, 25 row totals,
3 复议/诉讼 totals in the 2021 format).  Blank and dash cells count as 0 but are named in the message; an
identity with a cell we could not read (ambiguous split, missing) is not evaluated as a document error:
``identity_unverified`` says so as a reading finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.check.model import Evidence, Finding, Origin, Severity
from gongkai.check.registry import Context, rule
from gongkai.normalize import Kind
from gongkai.spec import Identity, raw_schema

# Chinese titles and the rule each template states (the cells themselves come from the format data)
_TEMPLATE_TEXT: dict[str, tuple[str, str]] = {
    "t2_balance": (
        "申请数量平衡：一＋二＝（七）总计＋四",
        "表三每一列：本年新收＋上年结转＝本年度办理结果（七）总计＋结转下年度继续办理（表格角注规定的勾稽关系）。",
    ),
    "t2_outcome_total": (
        "办理结果合计：（七）总计＝（一）至（六）各项之和",
        "表三每一列：（七）总计等于予以公开、部分公开、不予公开8项、无法提供3项、不予处理5项、其他处理各项之和。",
    ),
    "t2_row_total": (
        "表三行合计：总计＝自然人＋法人或其他组织各列",
        "表三每一行：总计列等于自然人与商业企业、科研机构、社会公益组织、法律服务机构、其他五列之和。",
    ),
    "t3_review_total": (
        "行政复议合计",
        "表四：行政复议总计＝结果维持＋结果纠正＋其他结果＋尚未审结。",
    ),
    "t3_suit_direct_total": (
        "未经复议直接起诉合计",
        "表四：未经复议直接起诉总计＝结果维持＋结果纠正＋其他结果＋尚未审结。",
    ),
    "t3_suit_after_total": (
        "复议后起诉合计",
        "表四：复议后起诉总计＝结果维持＋结果纠正＋其他结果＋尚未审结。",
    ),
}

_TABLE_NAME = {"t1": "主动公开情况表", "t2": "申请处理情况表", "t3": "复议诉讼情况表"}


def _short_row(label: str) -> str:
    """``（二）部分公开（区分处理的，只计这一情形，不计其他情形）`` → ``（二）部分公开``."""
    cut = label.find("（", 2)
    return label[:cut] if cut > 0 else label


def _parts(ctx: Context, cid: str) -> tuple[str, str]:
    """(row-ish name, column-ish name) of a cell, for messages."""
    table = ctx.spec.tables[cid.split(".")[0]]
    bits = cid.split(".")
    if len(bits) == 3 and table.id == "t2":
        return _short_row(table.row(bits[1]).label), table.column(bits[2]).label
    path = ctx.label(cid).split(" / ")
    return " / ".join(path[:-1]), path[-1]


def _where_and_names(ctx: Context, cells: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    parts = {c: _parts(ctx, c) for c in cells}
    rows = {p[0] for p in parts.values()}
    cols = {p[1] for p in parts.values()}
    table = _TABLE_NAME.get(cells[0].split(".")[0], "")
    if len(cols) == 1:
        return f"{table}“{cols.pop()}”列", {c: p[0] for c, p in parts.items()}
    if len(rows) == 1:
        return f"{table}“{rows.pop()}”", {c: p[1] for c, p in parts.items()}
    return table, {c: f"{p[0]}{p[1]}" for c, p in parts.items()}


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _terms(names: dict[str, str], values: dict[str, float], cells: tuple[str, ...]) -> str:
    shown = [f"{names[c]} {_fmt(values[c])}" for c in cells if values[c] != 0 or len(cells) <= 4]
    if not shown:
        return "各项均为 0"
    rest = "（其余各项为 0）" if len(shown) < len(cells) else ""
    return " + ".join(shown) + rest


def _side(names: dict[str, str], values: dict[str, float], cells: tuple[str, ...]) -> str:
    if len(cells) == 1:
        return f"{names[cells[0]]} 为 {_fmt(values[cells[0]])}"
    return f"{_terms(names, values, cells)} = {_fmt(sum(values[c] for c in cells))}"


def _check_identity(ctx: Context, ident: Identity) -> Iterator[Finding]:
    cells = ident.cells
    numbers = {c: ctx.arithmetic(c) for c in cells}
    if any(n is None for n in numbers.values()):
        return  # unreadable (identity_unverified) or text (value rules): cannot be evaluated
    values = {c: float(n) for c, n in numbers.items() if n is not None}
    lhs = sum(values[c] for c in ident.lhs)
    rhs = sum(values[c] for c in ident.rhs)
    if abs(lhs - rhs) < 1e-9:
        return
    where, names = _where_and_names(ctx, cells)
    diff = lhs - rhs
    message = (
        f"{where}：{_side(names, values, ident.lhs)}，而 {_side(names, values, ident.rhs)}，相差 {_fmt(abs(diff))}。"
    )
    blanks = [c for c in cells if ctx.value(c).kind is not Kind.NUMBER]
    if blanks:
        message += f"其中 {len(blanks)} 个空白或“—”单元格按 0 计（{'、'.join(names[c] for c in blanks)}）"
        if len(blanks) == 1:
            fill = -diff if blanks[0] in ident.lhs else diff
            message += f"；若该格为 {_fmt(fill)}，等式即成立" if fill > 0 else ""
        message += "。"
    origin = ctx.origin_of(cells)
    if origin is Origin.READING:
        doubtful = [c for c in cells if c in ctx.uncertain]
        which = "、".join(names[c] for c in doubtful)
        message += f"涉及读取存疑的单元格（{which}：{ctx.uncertain[doubtful[0]]}），请先核对原文。"
    yield Finding(
        rule=ident.template,
        severity=Severity(ident.severity),
        message=message,
        origin=origin,
        cells=cells,
        expected=_num(rhs),
        actual=_num(lhs),
        evidence=tuple(ctx.evidence(c) for c in cells),
        detail={"identity": ident.id, "difference": _num(diff)},
    )


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _impossible(ctx: Context, ident: Identity) -> Iterator[Finding]:
    """An identity whose cells were printed as one run of digits that no reading can make hold: whatever
    the split, the document is wrong (the reader's note says the digits; the cells stay unread)."""
    for note in ctx.report.notes:
        if note.code != "split_impossible" or set(note.cells) != set(ident.cells):
            continue
        where, _names = _where_and_names(ctx, ident.cells)
        raw = ctx.value(ident.cells[0]).raw
        yield Finding(
            rule=ident.template,
            severity=Severity(ident.severity),
            message=f"{where}印作“{raw}”：这些数字无论怎样拆分成 {len(ident.cells)} 个单元格，都不满足{_TEMPLATE_TEXT.get(ident.template, (ident.template,))[0]}，"
            "原文数字有误（各单元格的值无法确定）。",
            origin=Origin.DOCUMENT,
            cells=ident.cells,
            expected=None,
            actual=raw,
            evidence=(Evidence(source=note.source, raw=raw, label=where),),
            detail={"identity": ident.id, "under_every_reading": True},
        )


def _make_rule(template: str) -> None:
    title, description = _TEMPLATE_TEXT.get(template, (template, template))

    def check_template(ctx: Context) -> Iterator[Finding]:
        for ident in ctx.spec.identities:
            if ident.template == template:
                yield from _check_identity(ctx, ident)
                yield from _impossible(ctx, ident)

    check_template.__name__ = f"check_{template}"
    rule(template, Severity.ERROR, title, description, group="identities")(check_template)


for _template in raw_schema()["identities"]:
    _make_rule(_template["id"])


@rule(
    "identity_unverified",
    Severity.WARNING,
    "勾稽关系无法核对",
    "某个勾稽等式涉及的单元格未能确定读取（连写数字多种拆分、未找到单元格等），该等式不作为原文错误判断，只提示人工核对。",
    group="identities",
)
def identity_unverified(ctx: Context) -> Iterator[Finding]:
    for ident in ctx.spec.identities:
        unknown = [c for c in ident.cells if ctx.arithmetic(c) is None]
        doubtful = [c for c in unknown if ctx.value(c).kind in (Kind.AMBIGUOUS, Kind.MISSING)]
        if not doubtful:
            continue
        table = ident.table
        if not ctx.has_table(table):
            continue  # the whole table is missing: reported once by s_tables
        where, names = _where_and_names(ctx, ident.cells)
        yield Finding(
            rule="identity_unverified",
            severity=Severity.WARNING,
            message=(
                f"{where}的勾稽关系（{ident.id}）无法核对："
                f"{'、'.join(names[c] for c in doubtful)} 未能确定读取（{ctx.uncertain.get(doubtful[0], '')}）。"
            ),
            origin=Origin.READING,
            cells=tuple(doubtful),
            evidence=tuple(ctx.evidence(c) for c in doubtful),
            detail={"identity": ident.id},
        )
