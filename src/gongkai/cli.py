"""Command line: thin commands over the library.  Each opens what it needs, calls one library
function, prints.  Exit codes: 0 ok, 1 the report has errors (``check``), 2 a file could not be read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
import typer.rich_utils
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from gongkai import read
from gongkai.check import Severity, rules, rules_markdown
from gongkai.check.batch import BatchSummary, check_inputs
from gongkai.errors import ConfigError, GongkaiError, ReadError
from gongkai.examples import example_path, example_paths
from gongkai.render.findings import print_batch_summary, print_result, print_rules
from gongkai.render.library import print_findings, print_ingest, print_reports, print_review, print_stored
from gongkai.render.safe import lit
from gongkai.render.terminal import print_report
from gongkai.store import Library, open_library
from gongkai.store import Progress as IngestProgress

# typer's help screens in Chinese (the panel titles and markers it prints around our own texts)
typer.rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
typer.rich_utils.OPTIONS_PANEL_TITLE = "选项"
typer.rich_utils.COMMANDS_PANEL_TITLE = "命令"
typer.rich_utils.ERRORS_PANEL_TITLE = "错误"
typer.rich_utils.ABORTED_TEXT = "已中止。"
typer.rich_utils.DEFAULT_STRING = "[默认：{}]"
typer.rich_utils.REQUIRED_LONG_STRING = "[必填]"
typer.rich_utils.ENVVAR_STRING = "[环境变量：{}]"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="gongkai — 政府信息公开工作年度报告：解析、核查、入库、导出。",
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2

T = TypeVar("T")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="数据库：SQLite 文件路径或 postgresql+psycopg://… 地址（默认：环境变量 GONGKAI_DB、gongkai.toml 或 ./gongkai.db）",
    ),
]
AgencyOption = Annotated[str | None, typer.Option("--agency", help="机关名称（或其一部分）")]
YearOption = Annotated[int | None, typer.Option("--year", help="年度")]
JsonListOption = Annotated[bool, typer.Option("--json", help="输出 JSON 列表")]


def fail(message: str, code: int = EXIT_UNREADABLE) -> NoReturn:
    """One line on stderr (the message, naming a file or a value, printed literally) and exit ``code``."""
    Console(stderr=True, highlight=False).print(Text("错误", style="bold red") + lit(f"：{message}"), soft_wrap=True)
    raise typer.Exit(code)


def guarded(fn: Callable[[], T]) -> T:
    """Run library code; a ``GongkaiError`` becomes one line on stderr and exit code 2, never a traceback."""
    try:
        return fn()
    except ReadError as exc:
        fail(str(exc))
    except GongkaiError as exc:
        fail(str(exc))
    except (MemoryError, RecursionError) as exc:
        fail(f"读取时资源耗尽（{type(exc).__name__}）")


def _version(value: bool) -> None:
    if value:
        from gongkai import __version__

        sys.stdout.write(f"gongkai {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="显示版本号后退出", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """gongkai — 政府信息公开工作年度报告：解析、核查、入库、导出。"""


def console() -> Console:
    """Stdout console; wide enough for the official tables when output goes to a file or a pipe.  Markup is
    off: every string printed is literal (document text may contain ``[bold]`` …); styles come from Text."""
    out = Console(highlight=False, markup=False)
    return out if out.is_terminal else Console(highlight=False, markup=False, width=160)


def dump_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command()
def parse(
    file: Annotated[Path | None, typer.Argument(help="报告文件（文本、Markdown、网页文本…），按内容识别格式")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象（字段见 README）")] = False,
    example: Annotated[bool, typer.Option("--example", help="解析随包附带的示例报告")] = False,
) -> None:
    """解析一份年度报告：三张统计表的全部单元格、元数据和六个部分。"""
    if example:
        file = example_path()
    if file is None:
        fail("请给出要解析的文件，或使用 --example 解析示例报告", EXIT_UNREADABLE)
    target = file
    report = guarded(lambda: read(target))
    if as_json:
        dump_json(report.to_dict())
    else:
        print_report(report, console())


@app.command("check")
def check_command(
    files: Annotated[
        list[Path] | None, typer.Argument(help="要核查的报告：文件、文件夹或 zip 压缩包（可多个，与 ingest 相同）")
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="同一机关上一年度的报告，用于跨年度核查（上年结转、内容雷同等）；不给时，同批文件中同一机关相邻年度自动配对",
        ),
    ] = None,
    severity: Annotated[
        str | None,
        typer.Option("--severity", help="只显示不低于此级别的发现：错误/error、警告/warning、提示/info（默认全部）"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（字段见 docs/checks.md）")] = False,
    stored: Annotated[
        bool, typer.Option("--stored", help="重新核查库中的报告（含与上一年度的逐列比对），而不是文件")
    ] = False,
    agency: Annotated[str | None, typer.Option("--agency", help="与 --stored 合用：只核查该机关")] = None,
    year: Annotated[int | None, typer.Option("--year", help="与 --stored 合用：只核查该年度")] = None,
    db: DbOption = None,
) -> None:
    """核查年度报告：勾稽关系、取值、结构、日期、正文与表格一致性；多份报告时最后列出汇总表。

    退出码 0 无错误，1 有错误，2 有文件无法读取。
    """
    minimum = guarded(lambda: _severity(severity))
    if stored:
        _check_stored(db, agency, year, as_json, minimum)
        return
    if not files:
        fail("请给出要核查的文件、文件夹或 zip 压缩包，或用 --stored 核查库中的报告", EXIT_UNREADABLE)
    last = guarded(lambda: read(previous)) if previous is not None else None
    targets = list(files)
    err = Console(stderr=True, highlight=False)
    with _progress("核查", err, disable=as_json) as show:
        checked = check_inputs(targets, previous=last, progress=show)
    out = console()
    results: list[dict[str, Any]] = []
    for item in checked:
        if item.result is None:
            err.print(Text("错误", style="bold red") + lit(f"：{item.error or item.name}"), soft_wrap=True)
            results.append({"file": item.name, "error": item.error})
        elif as_json:
            results.append({"file": item.name, **item.result.to_dict()})
        else:
            print_result(item.result, out, minimum=minimum)
    summary = BatchSummary.of(checked)
    if as_json:
        dump_json(results[0] if len(results) == 1 and "error" not in results[0] else results)
    elif len(checked) > 1:
        print_batch_summary(checked, summary, out)
    code = EXIT_UNREADABLE if summary.unreadable else EXIT_FINDINGS if summary.with_errors else EXIT_OK
    raise typer.Exit(code)


def _severity(value: str | None) -> Severity | None:
    from gongkai.store.library import SEVERITY_WORDS

    if value is None:
        return None
    got = SEVERITY_WORDS.get(value.strip().lower())
    if got is None:
        raise ConfigError(f"级别应为 {'、'.join(SEVERITY_WORDS)} 之一，而不是“{value}”")
    return Severity(got)


@contextmanager
def _progress(what: str, err: Console, *, disable: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr (only on a terminal); yields the callback that moves it."""
    with Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=disable or not err.is_terminal,
    ) as bar:
        task = bar.add_task(what, total=None)

        def show(done: int, total: int) -> None:
            bar.update(task, total=total, completed=done)

        yield show


@app.command("rules")
def rules_command(
    as_json: JsonListOption = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="输出 Markdown 规则目录（即 docs/rules.md）")] = False,
) -> None:
    """列出全部核查规则：编号、级别、标题和说明。"""
    if markdown:
        sys.stdout.write(rules_markdown())
    elif as_json:
        dump_json([r.to_dict() for r in rules()])
    else:
        print_rules(rules(), console())


def _check_stored(
    db: str | None, agency: str | None, year: int | None, as_json: bool, minimum: Severity | None
) -> None:
    err = Console(stderr=True, highlight=False)
    with _library(db) as lib:
        with _progress("重新核查", err, disable=as_json) as show:
            n = guarded(lambda: lib.recheck(agency=agency, year=year, progress=show))
        rows = lib.reports(agency=agency, year=year)
        found = lib.findings(agency=agency, year=year, severity=(minimum or Severity.WARNING).value)
    if as_json:
        dump_json({"reports": n, "findings": [f.to_dict() for f in found]})
    else:
        out = console()
        out.print(f"已重新核查库中 {n} 份报告（{lib.url}）。")
        print_findings(found, out)
    raise typer.Exit(EXIT_FINDINGS if any(r.errors for r in rows) else EXIT_OK)


# -- the library -------------------------------------------------------------------------------------


def _library(db: str | None, *, create: bool = False) -> Library:
    """The library; only ``ingest`` creates a missing SQLite file, the other commands say it is missing."""
    return guarded(lambda: open_library(db, create=create))


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="报告文件、文件夹或 zip 压缩包（可多个）")] = None,
    db: DbOption = None,
    workers: Annotated[int | None, typer.Option("--workers", "-j", help="并行进程数（默认为 CPU 核数）")] = None,
    example: Annotated[bool, typer.Option("--example", help="入库随包附带的示例报告")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 摘要")] = False,
) -> None:
    """批量入库：解析、核查（含与上一年度比对）并保存报告；相同文件不重复入库，修订版成为新版本。

    退出码 0 全部入库（或已存在），2 有文件无法读取（已记录，其余照常入库）。
    """
    if example:
        paths = [*(paths or []), *example_paths()]
    if not paths:
        fail("请给出要入库的文件、文件夹或 zip 压缩包，或使用 --example", EXIT_UNREADABLE)
    if workers is not None and workers < 1:
        fail("--workers/-j 应为正整数（并行进程数）", EXIT_UNREADABLE)
    targets = list(paths)
    with _library(db, create=True) as lib:
        err = Console(stderr=True, highlight=False)
        with Progress(
            TextColumn("入库"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("新 {task.fields[stored]} · 已存在 {task.fields[unchanged]} · 失败 {task.fields[failed]}"),
            TextColumn("{task.fields[rate]:.0f} 份/秒"),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=as_json or not err.is_terminal,
        ) as bar:
            task = bar.add_task("ingest", total=None, stored=0, unchanged=0, failed=0, rate=0.0)

            def show(p: IngestProgress) -> None:
                bar.update(
                    task,
                    total=p.total,
                    completed=p.done,
                    stored=p.stored,
                    unchanged=p.unchanged,
                    failed=p.failed,
                    rate=p.rate,
                )

            result = guarded(lambda: lib.ingest(targets, workers=workers, progress=show))
        if as_json:
            dump_json({"db": lib.url, **result.to_dict()})
        else:
            out = console()
            print_ingest(result, out)
            out.print(f"数据库：{lib.url}")
    raise typer.Exit(EXIT_UNREADABLE if result.failures else EXIT_OK)


@app.command("list")
def list_command(
    agency: AgencyOption = None,
    year: YearOption = None,
    db: DbOption = None,
    as_json: JsonListOption = False,
) -> None:
    """列出库中的报告（每份报告的现行版本）及其错误、警告数。"""
    with _library(db) as lib:
        rows = guarded(lambda: lib.reports(agency=agency, year=year))
    if as_json:
        dump_json([r.to_dict() for r in rows])
    else:
        print_reports(rows, console())


@app.command()
def show(
    agency: Annotated[str, typer.Argument(help="机关名称（或其能唯一确定机关的一部分）")],
    year: Annotated[int, typer.Argument(help="年度")],
    version: Annotated[int | None, typer.Option("--version", help="第几版（默认现行版本）")] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（报告、版本、核查发现）")] = False,
) -> None:
    """显示一份已入库的报告：各版本、三张表、核查发现及复核状态。"""
    with _library(db) as lib:
        stored = guarded(lambda: lib.get(agency, year, version))
    if as_json:
        dump_json(stored.to_dict())
    else:
        print_stored(stored, console())


@app.command()
def findings(
    severity: Annotated[
        str | None, typer.Option("--severity", help="最低级别：error（仅错误）、warning（错误和警告）、info（全部）")
    ] = None,
    rule: Annotated[str | None, typer.Option("--rule", help="只看某条规则（gongkai rules 查看规则编号）")] = None,
    review: Annotated[str | None, typer.Option("--review", help="复核状态：open、confirmed、dismissed")] = None,
    origin: Annotated[str | None, typer.Option("--origin", help="document（原文问题）或 reading（读取存疑）")] = None,
    agency: AgencyOption = None,
    year: YearOption = None,
    db: DbOption = None,
    as_json: JsonListOption = False,
) -> None:
    """列出库中报告（现行版本）的核查发现，可按级别、规则、复核状态、机关、年度筛选。"""
    with _library(db) as lib:
        rows = guarded(
            lambda: lib.findings(severity=severity, rule=rule, review=review, origin=origin, agency=agency, year=year)
        )
    if as_json:
        dump_json([f.to_dict() for f in rows])
    else:
        print_findings(rows, console())


@app.command()
def review(
    finding: Annotated[str, typer.Argument(help="核查发现的编号（gongkai findings 中的 #编号）或指纹前缀")],
    confirm: Annotated[bool, typer.Option("--confirm", help="确认：原文确有此问题")] = False,
    dismiss: Annotated[bool, typer.Option("--dismiss", help="排除：不是问题（请用 --comment 说明理由）")] = False,
    reopen: Annotated[bool, typer.Option("--reopen", help="重新置为待复核")] = False,
    comment: Annotated[str | None, typer.Option("--comment", "-m", help="复核意见")] = None,
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="复核人（默认取环境变量 GONGKAI_REVIEWER 或登录名）")
    ] = None,
    history: Annotated[bool, typer.Option("--history", help="只显示该发现的复核记录")] = False,
    db: DbOption = None,
) -> None:
    """复核一条核查发现：确认或排除，附意见；重新核查、重新入库后只要发现相同，复核结论保留。"""
    with _library(db) as lib:
        if history:
            for entry in guarded(lambda: lib.review_log(finding)):
                print_review(entry, console())
            return
        chosen = [name for name, flag in (("confirmed", confirm), ("dismissed", dismiss), ("open", reopen)) if flag]
        if len(chosen) != 1:
            fail("请在 --confirm、--dismiss、--reopen 中选择一个", EXIT_UNREADABLE)
        entry = guarded(lambda: lib.review(finding, chosen[0], comment=comment, reviewer=reviewer))
    print_review(entry, console())


@app.command()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="导出到此文件夹（不存在则创建）")] = Path(
        "gongkai-export"
    ),
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv、xlsx、parquet 或 json")] = "csv",
    tidy: Annotated[
        bool, typer.Option("--tidy", help="长表：每份报告每个单元格一行（含官方标签、原文、出处）")
    ] = False,
    wide: Annotated[bool, typer.Option("--wide", help="宽表：每份报告一行，每个单元格编号一列（默认）")] = False,
    agency: Annotated[str | None, typer.Option("--agency", help="只导出名称含此文字的机关")] = None,
    year: Annotated[int | None, typer.Option("--year", help="只导出该年度")] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="只导出该地区及其下辖地区（如 山东省/淄博市；- 为地区未知）")
    ] = None,
    level: Annotated[str | None, typer.Option("--level", help="只导出该层级（如 县级部门；- 为层级未知）")] = None,
    db: DbOption = None,
) -> None:
    """导出库中报告（现行版本）的数据、核查发现和数据字典；空白单元格保持为空，不写成 0。"""
    from gongkai.store.filters import ReportFilter

    if tidy and wide:
        fail("--tidy 与 --wide 只能选一个", EXIT_UNREADABLE)
    shape = "tidy" if tidy else "wide"
    where = guarded(lambda: ReportFilter(agency, year, region, level))
    with _library(db) as lib:
        paths = guarded(lambda: lib.export(output, fmt=fmt, shape=shape, where=None if where.empty else where))
    out = console()
    for path in paths:
        out.print(f"已写出：{path}")


version_app = typer.Typer(
    help="版本管理（管理员）：指定现行版本、恢复按规则确定、删除版本、查看操作记录。", no_args_is_help=True
)
app.add_typer(version_app, name="version")

WhoOption = Annotated[
    str | None, typer.Option("--who", help="操作人（默认取环境变量 GONGKAI_REVIEWER、gongkai.toml 或登录名）")
]


@version_app.command("set-current")
def version_set_current(
    agency: Annotated[str, typer.Argument(help="机关名称（或其能唯一确定机关的一部分）")],
    year: Annotated[int, typer.Argument(help="年度")],
    number: Annotated[int | None, typer.Argument(help="第几版；不给并加 --auto 时恢复按规则确定")] = None,
    auto: Annotated[bool, typer.Option("--auto", help="取消指定，按规则（最新发布、读取最可靠）确定现行版本")] = False,
    comment: Annotated[str | None, typer.Option("--comment", "-m", help="说明")] = None,
    who: WhoOption = None,
    db: DbOption = None,
) -> None:
    """把某一版指定为现行版本（之后入库不再改变它），或用 --auto 恢复按规则确定；均记入操作记录。"""
    if (number is None) == (not auto):
        fail("请给出版本号，或使用 --auto（二者选一）", EXIT_UNREADABLE)
    with _library(db) as lib:
        chosen = guarded(lambda: lib.set_current(agency, year, None if auto else number, who=who, comment=comment))
    how = "按规则确定" if auto else "由管理员指定"
    console().print(f"现行版本：第{chosen.number}版（{how}） {chosen.file_name}")


@version_app.command("delete")
def version_delete(
    agency: Annotated[str, typer.Argument(help="机关名称（或其能唯一确定机关的一部分）")],
    year: Annotated[int, typer.Argument(help="年度")],
    number: Annotated[int, typer.Argument(help="第几版")],
    comment: Annotated[str | None, typer.Option("--comment", "-m", help="删除理由（必填）")] = None,
    who: WhoOption = None,
    db: DbOption = None,
) -> None:
    """删除一个版本（其单元格、核查发现和原始文件），随后按规则重新确定现行版本；须说明理由，记入操作记录。"""
    with _library(db) as lib:
        guarded(lambda: lib.delete_version(agency, year, number, who=who, comment=comment or ""))
    console().print(f"已删除：{agency} {year} 年度第{number}版。")


@version_app.command("log")
def version_log(
    agency: AgencyOption = None,
    year: YearOption = None,
    db: DbOption = None,
    as_json: JsonListOption = False,
) -> None:
    """版本操作记录：谁在何时指定现行版本或删除了哪一版。"""
    with _library(db) as lib:
        entries = guarded(lambda: lib.version_log(agency=agency, year=year))
    if as_json:
        dump_json(entries)
        return
    out = console()
    if not entries:
        out.print("没有版本操作记录。")
    labels = {"set_current": "指定现行", "unpin": "恢复按规则", "delete": "删除"}
    for e in entries:
        note = f"：{e['comment']}" if e.get("comment") else ""
        out.print(
            Text(
                f"{e['at']:%Y-%m-%d %H:%M} {e['who']} {labels.get(e['action'], e['action'])} {e['agency']} "
                f"{e['year']} 年度第{e['number']}版{note}"
            ),
            soft_wrap=True,
        )


# -- the web app and its users -----------------------------------------------------------------------


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="监听地址（默认仅本机；局域网访问用 0.0.0.0）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口", min=1, max=65535)] = 8000,
    example: Annotated[
        bool, typer.Option("--example", help="先把随包附带的示例报告入库（并允许未登录浏览，除非另有设置）")
    ] = False,
    anonymous_read: Annotated[
        bool | None,
        typer.Option("--anonymous-read/--no-anonymous-read", help="是否允许未登录者浏览报告与核查结果（默认不允许）"),
    ] = None,
) -> None:
    """启动网页版：报告库、报告页（官方表样）、核查结果与复核、上传核查。"""
    import uvicorn

    from gongkai.web.app import create_app
    from gongkai.web.settings import WebSettings

    out = console()
    if example:
        with _library(db, create=True) as lib:
            result = guarded(lambda: lib.ingest(example_paths(), workers=1))
        out.print(f"示例报告已入库：新入库 {len(result.stored)}，已存在 {len(result.unchanged)}（{lib.url}）")
        if anonymous_read is None:
            anonymous_read = True
    settings = guarded(lambda: WebSettings.load(anonymous_read=anonymous_read))
    web = guarded(lambda: create_app(db, settings))
    lib = web.state.library
    if not lib.users():
        out.print(
            Text("尚无用户：", style="bold yellow")
            + lit("请另开终端运行 gongkai user add 用户名 --role 管理员 添加管理员（上传、复核需要登录）。")
        )
    if host not in ("127.0.0.1", "localhost", "::1"):
        out.print(lit(f"注意：监听 {host}，同一网络中的其他电脑可以访问本服务；请确认已设置用户与密码。"))
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    out.print(lit(f"数据库：{lib.url}"))
    out.print(Text(f"请在浏览器中打开 http://{shown}:{port}/ （Ctrl+C 停止）", style="bold"))
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False)


user_app = typer.Typer(
    help="网页版用户：添加、列出、设置密码、更改角色、停用（管理员 / 审核员 / 访客）。", no_args_is_help=True
)
app.add_typer(user_app, name="user")

RoleOption = Annotated[str, typer.Option("--role", help="角色：管理员（admin）、审核员（reviewer）或 访客（viewer）")]


def _new_password(name: str) -> str:
    """A password typed twice on a terminal, or one line on stdin (scripts)."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            fail("请在标准输入给出密码（一行）")
        return line
    first = typer.prompt(f"为 {name} 设置密码", hide_input=True)
    second = typer.prompt("再输入一次", hide_input=True)
    if first != second:
        fail("两次输入的密码不一致")
    return str(first)


def _actor() -> str:
    from gongkai.store.library import default_reviewer

    return guarded(default_reviewer)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="用户名（登录用）")],
    role: RoleOption = "viewer",
    db: DbOption = None,
) -> None:
    """添加用户；密码在终端输入两次（或由标准输入给出一行）。"""
    with _library(db, create=True) as lib:
        password = _new_password(name)
        added = guarded(lambda: lib.add_user(name, password, role, who=_actor()))
    console().print(lit(f"已添加用户：{added.name}（{added.role_label}）"))


@user_app.command("list")
def user_list(db: DbOption = None, as_json: JsonListOption = False) -> None:
    """列出用户及其角色。"""
    with _library(db) as lib:
        users = guarded(lib.users)
    if as_json:
        dump_json(
            [
                {"name": u.name, "role": u.role, "active": u.active, "created_at": u.created_at.isoformat()}
                for u in users
            ]
        )
        return
    out = console()
    if not users:
        out.print("尚无用户（gongkai user add 用户名 --role 管理员）。")
    for u in users:
        out.print(lit(f"{u.name}  {u.role_label}  {'在用' if u.active else '已停用'}  添加于 {u.created_at:%Y-%m-%d}"))


@user_app.command("passwd")
def user_passwd(name: Annotated[str, typer.Argument(help="用户名")], db: DbOption = None) -> None:
    """设置新密码（该用户已登录的会话随之失效）。"""
    with _library(db) as lib:
        if lib.user(name) is None:
            fail(f"没有用户“{name}”（gongkai user list 列出全部用户）")
        password = _new_password(name)
        guarded(lambda: lib.set_password(name, password, who=_actor()))
    console().print(lit(f"已为 {name} 设置新密码。"))


@user_app.command("role")
def user_role(name: Annotated[str, typer.Argument(help="用户名")], role: RoleOption, db: DbOption = None) -> None:
    """更改角色（唯一的管理员不能降级）。"""
    with _library(db) as lib:
        changed = guarded(lambda: lib.set_role(name, role, who=_actor()))
    console().print(lit(f"{changed.name} 现为{changed.role_label}。"))


@user_app.command("disable")
def user_disable(
    name: Annotated[str, typer.Argument(help="用户名")],
    enable: Annotated[bool, typer.Option("--enable", help="重新启用")] = False,
    db: DbOption = None,
) -> None:
    """停用用户（不能再登录，会话失效）；--enable 重新启用。"""
    with _library(db) as lib:
        changed = guarded(lambda: lib.set_active(name, enable, who=_actor()))
    console().print(lit(f"已{'启用' if changed.active else '停用'}用户 {changed.name}。"))


# -- generating the standard report -------------------------------------------------------------------


@app.command()
def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="写出的 XLSX 模板")] = Path("年报模板.xlsx"),
    fmt: Annotated[str, typer.Option("--format", help="2021（国办公开办函〔2021〕30号）或 2019（试行格式）")] = "2021",
    previous: Annotated[
        Path | None,
        typer.Option("--previous", help="上一年度的报告（任何格式或 JSON）：带入机关名称，上年结转取其结转下年度"),
    ] = None,
) -> None:
    """写出填报模板（XLSX）：三张统计表按国家模板排版，另有基本信息和正文两页；填好后用 gongkai render 生成年报。"""
    from gongkai.generate import read_input, write_template

    if fmt not in ("2021", "2019"):
        fail("--format 应为 2021 或 2019", EXIT_UNREADABLE)
    last = guarded(lambda: read_input(previous)) if previous is not None else None
    data = write_template(fmt, previous=last)  # type: ignore[arg-type]
    output.write_bytes(data)
    console().print(lit(f"已写出：{output}"))


@app.command()
def render(
    source: Annotated[Path, typer.Argument(help="填好的 XLSX 模板、gongkai parse/show 的 JSON，或任何一份报告")],
    to: Annotated[str, typer.Option("--to", help="docx、pdf、html 或 md")] = "docx",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写出的文件（默认：与输入同名）")] = None,
    force: Annotated[bool, typer.Option("--force", help="即使核查发现错误也生成（另存核查结果，注明已强制）")] = False,
) -> None:
    """按国家格式生成年度报告：先核查，有错误时不生成（退出码 1，列出错误），除非 --force；警告照常列出。"""
    from gongkai.generate import FORMS, SUFFIX, RenderRefused, checked, read_input
    from gongkai.generate import render as render_report

    if to not in FORMS:
        fail(f"--to 应为 {'、'.join(FORMS)} 之一，而不是“{to}”", EXIT_UNREADABLE)
    report = guarded(lambda: read_input(source))
    target = output or source.with_suffix(SUFFIX[to])
    out, err = console(), Console(stderr=True, highlight=False)
    try:
        result = checked(report, force=force)
    except RenderRefused as refused:
        print_result(refused.result, out, minimum=Severity.ERROR)
        err.print(
            Text("未生成", style="bold red") + lit(f"：核查发现 {len(refused.errors)} 个错误（确需生成请加 --force）")
        )
        raise typer.Exit(EXIT_FINDINGS) from None
    warnings = [f for f in result.findings if f.severity is Severity.WARNING]
    if result.errors or warnings:
        print_result(result, out, minimum=Severity.WARNING)
    data = guarded(lambda: render_report(report, to, force=True))
    target.write_bytes(data)
    if result.errors:  # forced: nothing is stamped into the document; the check is kept beside it
        record = target.with_name(target.name + ".check.json")
        record.write_text(
            json.dumps({"forced": True, **result.to_dict()}, ensure_ascii=False, indent=2, default=str),
            encoding="utf-8",
        )
        err.print(lit(f"已强制生成（{len(result.errors)} 个错误），核查结果另存为 {record}"))
    out.print(lit(f"已生成：{target}"))


# -- agencies -----------------------------------------------------------------------------------------

agency_app = typer.Typer(help="机关：地区与层级（由名称对照行政区划得出，可更正）。", no_args_is_help=True)
app.add_typer(agency_app, name="agency")


@agency_app.command("set")
def agency_set(
    agency: Annotated[str, typer.Argument(help="机关名称（或其能唯一确定机关的一部分）")],
    region: Annotated[
        str | None, typer.Option("--region", help="地区，如 山东省/淄博市/张店区（空字符串清除）")
    ] = None,
    level: Annotated[
        str | None, typer.Option("--level", help="层级，如 县级部门、市级政府、乡镇街道（空字符串清除）")
    ] = None,
    db: DbOption = None,
) -> None:
    """更正机关的地区或层级（入库时由名称得出，用户更正后不再自动改动）。"""
    if region is None and level is None:
        fail("请给出 --region 或 --level", EXIT_UNREADABLE)
    with _library(db) as lib:
        row = guarded(lambda: lib.set_agency(agency, region=region, level=level))
    console().print(lit(f"{row['agency']}：地区 {row['region'] or '（空）'}，层级 {row['level'] or '（空）'}"))


def _usage_error_types() -> tuple[type[BaseException], ...]:
    """The command-line usage errors of the installed typer (its own vendored click, or click itself)."""
    found: list[type[BaseException]] = []
    try:
        from typer._click.exceptions import UsageError as VendoredUsageError

        found.append(VendoredUsageError)
    except ImportError:
        pass
    try:
        from click.exceptions import UsageError

        found.append(UsageError)
    except ImportError:
        pass
    return tuple(found)


def usage_message(exc: BaseException) -> str:
    """A usage error in Chinese, from the exception's kind and fields (never by translating its English text)."""
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    opts = [o for o in getattr(param, "opts", None) or [] if o.startswith("-")]
    is_argument = not opts and param is not None
    name = (opts[0] if opts else str(getattr(param, "name", "") or "").upper()) or str(getattr(exc, "param_hint", ""))
    text = str(getattr(exc, "message", "") or exc)
    if kind == "MissingParameter":
        return f"缺少{'参数' if is_argument else '选项'} {name}".rstrip()
    if kind == "NoSuchOption":
        options = getattr(exc, "possibilities", None) or []
        hint = f"（是否想用 {'、'.join(options)}？）" if options else ""
        return f"没有选项 {getattr(exc, 'option_name', '')}{hint}"
    if kind == "BadOptionUsage":
        return f"选项 {getattr(exc, 'option_name', '')} 的用法不对（例如缺少取值）"
    if kind == "BadParameter":
        wanted = {"int": "整数", "integer": "整数", "float": "数字", "path": "路径"}.get(
            str(getattr(getattr(param, "type", None), "name", "")).lower(), "合法的取值"
        )
        if "integer" in text:
            wanted = "整数"
        return f"{name or '参数'} 的取值无效，应为{wanted}"
    if text.startswith("No such command"):
        return f"没有这个命令：{text.split(chr(39))[1] if chr(39) in text else ''}（gongkai --help 列出全部命令）"
    if "unexpected extra argument" in text:
        return f"多余的参数：{text[text.rfind('(') + 1 : text.rfind(')')] if '(' in text else ''}"
    return f"命令行用法不对（{text}）"


def main() -> None:
    usage_errors = _usage_error_types()
    try:
        code = app(prog_name="gongkai", standalone_mode=False)  # a command's Exit comes back as its code
    except typer.Exit as exc:
        code = exc.args[0] if exc.args else getattr(exc, "exit_code", EXIT_OK)
    except typer.Abort:
        Console(stderr=True, highlight=False).print("已中止。")
        sys.exit(130)
    except usage_errors as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                sys.stdout.write(ctx.get_help() + "\n")
            sys.exit(EXIT_OK)
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx is not None else "gongkai"
        err = Console(stderr=True, highlight=False)
        err.print(Text("错误", style="bold red") + lit(f"：{usage_message(exc)}"), soft_wrap=True)
        err.print(lit(f"用法见：{command} --help"), soft_wrap=True)
        sys.exit(EXIT_UNREADABLE)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


if __name__ == "__main__":
    main()
