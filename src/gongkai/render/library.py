"""The library on the terminal: ingest summaries, report lists, stored findings, review history (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from gongkai.check import Severity
from gongkai.render.safe import lit, plain
from gongkai.store import IngestResult, ReportSummary, ReviewEntry, StoredFinding, StoredReport
from gongkai.store.library import REF_LENGTH, REVIEW_LABELS

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_FROM = {"document": "正文", "filename": "文件名"}


def print_ingest(result: IngestResult, console: Console, *, limit: int = 30) -> None:
    console.print(
        Text(
            f"入库完成：共 {result.total} 个文件，新入库 {len(result.stored)}，已存在（内容相同）{len(result.unchanged)}，"
            f"失败 {len(result.failures)}；用时 {result.seconds:.1f} 秒（{result.rate:.0f} 份/秒）",
            style="bold",
        )
    )
    if result.stored:
        table = Table(title="新入库的报告", title_justify="left")
        for col in ("机关", "年度", "版本", "错误", "警告", "来源", "文件"):
            table.add_column(col, overflow="fold")
        for v in result.stored[:limit]:
            origin = (
                ""
                if v.agency_from == v.year_from == "document"
                else f"机关取自{_FROM[v.agency_from]}，年度取自{_FROM[v.year_from]}"
            )
            table.add_row(
                lit(v.agency),
                str(v.year),
                f"第{v.version}版"
                + ("（同一发布的另一格式）" if v.same_publication else "")
                + ("" if v.active else "（非现行）"),
                Text(str(v.errors), style="bold red" if v.errors else ""),
                str(v.warnings),
                origin,
                lit(v.name),
            )
        console.print(table)
        if len(result.stored) > limit:
            console.print(Text(f"……另有 {len(result.stored) - limit} 份（gongkai list 查看全部）", style="dim"))
    if result.failures:
        console.print(Text(f"\n未能入库的文件（{len(result.failures)}）：", style="bold red"))
        for f in result.failures:
            console.print(lit(f"  • [{f.error}] {f.message}"), soft_wrap=True)


def print_reports(rows: list[ReportSummary], console: Console) -> None:
    if not rows:
        console.print("库中还没有报告（用 gongkai ingest 入库）。")
        return
    table = Table(title=f"已入库报告（{len(rows)} 份）", title_justify="left")
    for col in ("机关", "年度", "格式", "版本", "发布日期", "错误", "警告", "提示", "文件"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            lit(r.agency),
            str(r.year),
            f"{r.format}/{r.form}",
            f"{r.version}/{r.versions}",
            lit(r.published or ""),
            Text(str(r.errors), style="bold red" if r.errors else "green"),
            str(r.warnings),
            str(r.infos),
            lit(r.file_name),
        )
    console.print(table)


def print_findings(rows: list[StoredFinding], console: Console, *, evidence: int = 3) -> None:
    if not rows:
        console.print("没有符合条件的核查发现。")
        return
    current = None
    for f in rows:
        head = (f.agency, f.year)
        if head != current:
            console.print(lit(f"\n{f.agency} {f.year} 年度（第{f.version}版）", style="bold"))
            current = head
        line = Text("  ")
        line.append(f"{f.fingerprint[:REF_LENGTH]} ", style="dim")
        line.append(Severity(f.severity).label, style=_STYLE[f.severity])
        line.append(f" [{f.rule}] ", style="dim")
        line.append(plain(f.message))
        if f.origin == "reading":
            line.append("  〔读取存疑〕", style="magenta")
        if f.review != "open":
            line.append(
                plain(
                    f"  〔{REVIEW_LABELS[f.review]}：{f.reviewer}"
                    + (f"，{f.review_comment}" if f.review_comment else "")
                    + "〕"
                ),
                style="green",
            )
        console.print(line, soft_wrap=True)
        for e in f.evidence[:evidence]:
            where = e.get("where") or ""
            what = e.get("cell") or ""
            raw = e.get("raw")
            shown = f"印为“{raw}”" if raw not in (None, "") and what else (f"“{raw[:60]}”" if raw else "")
            console.print(lit(f"      ↳ {what} {shown} {where}".replace("  ", " "), style="dim"), soft_wrap=True)
    console.print(
        Text(
            f"\n共 {len(rows)} 条；复核：gongkai review 引用号 --confirm/--dismiss --comment …"
            "（引用号是核查发现的指纹前缀，重新核查、重新入库后不变）",
            style="dim",
        )
    )


def print_stored(stored: StoredReport, console: Console) -> None:
    from gongkai.render.terminal import print_report

    v = stored.version
    console.print(
        lit(
            f"{stored.agency} {stored.year} 年度 — 第{v.number}版"
            + ("（现行）" if v.active else "（非现行）")
            + f"，共 {len(stored.versions)} 版",
            style="bold",
        )
    )
    for info in stored.versions:
        mark = "▶" if info.id == v.id else " "
        console.print(
            lit(
                f" {mark} 第{info.number}版 {info.format}/{info.form} 发布 {info.published or '未知'} "
                f"入库 {info.ingested_at:%Y-%m-%d %H:%M} {info.file_name} sha256:{info.sha256[:12]}"
                + ("（管理员指定为现行）" if info.pinned else ""),
                style="" if info.active else "dim",
            ),
            soft_wrap=True,
        )
        for other in info.other_files:
            console.print(lit(f"     同一发布的另一格式：{other}", style="dim"), soft_wrap=True)
    print_report(stored.report, console)
    print_findings(list(stored.findings), console)


def print_review(entry: ReviewEntry, console: Console) -> None:
    console.print(
        lit(
            f"已记录：{entry.fingerprint[:REF_LENGTH]} → {REVIEW_LABELS[entry.state]}"
            f"（{entry.reviewer}，{entry.at:%Y-%m-%d %H:%M}）" + (f"：{entry.comment}" if entry.comment else "")
        )
    )
