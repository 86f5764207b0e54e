"""Command line: thin commands over the library.  Each opens what it needs, calls one library
function, prints.  Exit codes: 0 ok, 1 the report has errors (``check``), 2 a file could not be read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from gongkai import read
from gongkai.check import CheckResult, check, rules, rules_markdown
from gongkai.errors import GongkaiError, ReadError
from gongkai.examples import example_path
from gongkai.model import Report
from gongkai.render.findings import print_result, print_rules
from gongkai.render.terminal import print_report

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="gongkai — 政府信息公开工作年度报告：解析、核查、入库、导出。",
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2

T = TypeVar("T")


def fail(message: str, code: int = EXIT_UNREADABLE) -> NoReturn:
    Console(stderr=True, highlight=False).print(f"[bold red]错误[/]：{message}", soft_wrap=True)
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


@app.callback()
def _root() -> None:
    """gongkai — 政府信息公开工作年度报告：解析、核查、入库、导出。"""


def console() -> Console:
    """Stdout console; wide enough for the official tables when output goes to a file or a pipe."""
    out = Console(highlight=False)
    return out if out.is_terminal else Console(highlight=False, width=160)


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


def _read_for_check(path: Path) -> Report | str:
    """The report, or the one-line reason it could not be read (a batch goes on past it)."""
    try:
        return read(path)
    except GongkaiError as exc:
        return str(exc)
    except (MemoryError, RecursionError) as exc:
        return f"{path}: 读取时资源耗尽（{type(exc).__name__}）"


@app.command("check")
def check_command(
    files: Annotated[list[Path], typer.Argument(help="要核查的报告文件（可多个）")],
    previous: Annotated[
        Path | None, typer.Option("--previous", help="同一机关上一年度的报告，用于跨年度核查（上年结转、内容雷同等）")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（字段见 docs/checks.md）")] = False,
) -> None:
    """核查年度报告：勾稽关系、取值、结构、日期、正文与表格一致性；退出码 0 无错误，1 有错误，2 有文件无法读取。"""
    last = guarded(lambda: read(previous)) if previous is not None else None
    out = console()
    results: list[dict[str, Any]] = []
    unreadable = failed = False
    for path in files:
        report = _read_for_check(path)
        if isinstance(report, str):
            unreadable = True
            Console(stderr=True, highlight=False).print(f"[bold red]错误[/]：{escape(report)}", soft_wrap=True)
            results.append({"file": str(path), "error": report})
            continue
        result: CheckResult = check(report, previous=last)
        failed = failed or not result.ok
        if as_json:
            results.append({"file": str(path), **result.to_dict()})
        else:
            print_result(result, out)
    if as_json:
        dump_json(results[0] if len(files) == 1 and "error" not in results[0] else results)
    raise typer.Exit(EXIT_UNREADABLE if unreadable else EXIT_FINDINGS if failed else EXIT_OK)


@app.command("rules")
def rules_command(
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 列表")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="输出 Markdown 规则目录（即 docs/rules.md）")] = False,
) -> None:
    """列出全部核查规则：编号、级别、标题和说明。"""
    if markdown:
        sys.stdout.write(rules_markdown())
    elif as_json:
        dump_json([r.to_dict() for r in rules()])
    else:
        print_rules(rules(), console())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
