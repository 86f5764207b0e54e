"""Findings on the terminal: per file, grouped by severity, each with its evidence (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from gongkai.check import CheckResult, Rule, Severity
from gongkai.check.batch import BatchSummary, Checked
from gongkai.render.safe import lit, plain

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
MAX_EVIDENCE = 8


def print_result(result: CheckResult, console: Console, *, minimum: Severity | None = None) -> None:
    """One report's findings, grouped by severity; ``minimum`` hides the less serious ones (counts stay)."""
    s = result.summary
    head = Text()
    head.append(plain(result.file or "（未命名）"), style="bold")
    head.append(plain(f"  {result.agency or '机关不明'} {result.year or '年度不明'} 年度"))
    if result.previous:
        head.append(plain(f"  对比上年：{result.previous}"))
    console.print(head)
    verdict = "未发现错误" if result.ok else "发现错误"
    console.print(
        Text(
            f"{verdict}：错误 {s['error']}，警告 {s['warning']}，提示 {s['info']}"
            f"（原文问题 {s['document']}，读取存疑 {s['reading']}）",
            style="green" if result.ok else "bold red",
        )
    )
    for severity in Severity:
        if minimum is not None and severity.rank > minimum.rank:
            continue
        group = [f for f in result.findings if f.severity is severity]
        if not group:
            continue
        console.print(Text(f"\n{severity.label}（{len(group)}）", style=_STYLE[severity]))
        for f in group:
            line = Text("  • ")
            line.append(f"[{f.rule}] ", style="dim")
            line.append(plain(f.message))
            if f.severity is not Severity.INFO or f.origin.value == "reading":
                line.append(f"  〔{f.origin.label}〕", style="magenta" if f.origin.value == "reading" else "dim")
            console.print(line)
            for e in f.evidence[:MAX_EVIDENCE]:
                console.print(lit(f"      ↳ {e.describe()}", style="dim"), soft_wrap=True)
            if len(f.evidence) > MAX_EVIDENCE:
                console.print(
                    Text(f"      ↳ ……另有 {len(f.evidence) - MAX_EVIDENCE} 处（--json 可看全部）", style="dim")
                )
    console.print()


def print_rules(rules: list[Rule], console: Console) -> None:
    table = Table(title="核查规则", title_justify="left", show_lines=False)
    table.add_column("编号", no_wrap=True)
    table.add_column("级别", no_wrap=True)
    table.add_column("范围", no_wrap=True)
    table.add_column("标题")
    table.add_column("说明", overflow="fold")
    for r in rules:
        scope = "单份报告" if r.scope == "report" else "跨年度"
        table.add_row(r.id, Text(r.severity.label, style=_STYLE[r.severity]), scope, r.title, r.description)
    console.print(table)


def print_batch_summary(items: list[Checked], summary: BatchSummary, console: Console) -> None:
    """The table at the end of a batch: one row per input, then the totals."""
    table = Table(title=f"汇总：{summary.files} 个文件", title_justify="left")
    for heading in ("文件", "机关"):
        table.add_column(heading, overflow="fold")
    for heading in ("年度", "错误", "警告", "提示", "原文问题", "读取存疑"):
        table.add_column(heading, justify="right")
    for item in items:
        file = lit(item.name.rsplit("/", 1)[-1])
        if item.result is None:
            table.add_row(file, Text("无法读取", style="bold red"), "", "", "", "", "", "")
            continue
        s = item.result.summary
        document = sum(
            1 for f in item.result.findings if f.origin.value == "document" and f.severity is not Severity.INFO
        )
        table.add_row(
            file,
            lit(item.result.agency or "机关不明"),
            str(item.result.year or ""),
            Text(str(s["error"]), style="bold red" if s["error"] else "green"),
            str(s["warning"]),
            str(s["info"]),
            str(document),
            str(s["reading"]),
        )
    console.print(table)
    console.print(
        Text(
            f"共 {summary.files} 个文件：{summary.with_errors} 份有错误，{summary.unreadable} 个无法读取；"
            f"错误 {summary.errors}，警告 {summary.warnings}，提示 {summary.infos}"
            f"（原文问题 {summary.document}，读取存疑 {summary.reading}）",
            style="bold",
        )
    )
