"""Checking a batch: the same inputs as ingest (files, folders, zip archives), consecutive years paired.

``check_inputs(paths)`` reads every input (a bad one becomes its one-line reason, the batch goes on),
pairs each report with the same agency's previous year in the batch (or with ``previous`` when given),
and checks each with its document at hand, so narrative evidence names its line.  ``BatchSummary``
counts what a 政务公开办 wants at the end of a January run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from gongkai.check import CheckResult, check, pair_previous
from gongkai.check.model import Origin, Severity
from gongkai.document import Document
from gongkai.errors import GongkaiError
from gongkai.extract import extract
from gongkai.inputs import Item, collect
from gongkai.model import Report
from gongkai.readers import read_bytes

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(slots=True)
class Checked:
    """One input of the batch: its check result, or why it could not be read."""

    name: str
    result: CheckResult | None = None
    error: str | None = None


@dataclass(slots=True)
class BatchSummary:
    files: int = 0
    unreadable: int = 0
    with_errors: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    document: int = 0  # error and warning findings marked 原文问题
    reading: int = 0  # findings marked 读取存疑

    @classmethod
    def of(cls, items: Iterable[Checked]) -> BatchSummary:
        out = cls()
        for item in items:
            out.files += 1
            if item.result is None:
                out.unreadable += 1
                continue
            s = item.result.summary
            out.errors += s["error"]
            out.warnings += s["warning"]
            out.infos += s["info"]
            out.with_errors += 0 if item.result.ok else 1
            out.document += sum(
                1 for f in item.result.findings if f.origin is Origin.DOCUMENT and f.severity is not Severity.INFO
            )
            out.reading += sum(1 for f in item.result.findings if f.origin is Origin.READING)
        return out


@dataclass(slots=True)
class _Read:
    name: str
    document: Document | None = None
    report: Report | None = None
    error: str | None = None


def _read(item: Item) -> _Read:
    try:
        document = read_bytes(item.read(), item.name)
        return _Read(item.name, document, extract(document))
    except GongkaiError as exc:
        return _Read(item.name, error=str(exc))
    except (MemoryError, RecursionError) as exc:
        return _Read(item.name, error=f"{item.name}: 读取时资源耗尽（{type(exc).__name__}）")


def check_inputs(
    paths: Iterable[str | Path], previous: Report | None = None, progress: Progress | None = None
) -> list[Checked]:
    """Check every report among ``paths`` (files, folders, zips), in input order."""
    items = list(collect(paths))
    total = len(items) * 2  # reading, then checking
    read: list[_Read] = []
    for k, item in enumerate(items, start=1):
        read.append(_read(item))
        if progress is not None:
            progress(k, total)
    pairs = {} if previous is not None else pair_previous([r.report for r in read])
    out: list[Checked] = []
    for i, r in enumerate(read):
        if r.report is None:
            out.append(Checked(r.name, error=r.error))
        else:
            earlier = previous if previous is not None else (read[pairs[i]].report if i in pairs else None)
            out.append(Checked(r.name, result=check(r.report, previous=earlier, document=r.document)))
        if progress is not None:
            progress(len(items) + i + 1, total)
    return out


__all__ = ["BatchSummary", "Checked", "check_inputs"]
