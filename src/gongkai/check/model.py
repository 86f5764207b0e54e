"""What a check produces: findings (values, never exceptions) with their evidence.

A ``Finding`` names the rule, how serious it is, a Chinese message a reviewer understands without the
manual, the canonical cells involved, the expected and the actual figure, and the ``Evidence``: where
every value involved was printed, its raw text and its kind.  ``origin`` says where the problem most
likely lies: in the **document** (it prints inconsistent numbers) or in **our reading** of it (an
ambiguous split, a label matched by similarity, a cell we could not find).  Published values are never
changed: a finding only points at them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from gongkai.document import Source


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Origin(StrEnum):
    DOCUMENT = "document"  # the report itself is inconsistent or incomplete
    READING = "reading"  # our extraction was uncertain; look at the document before blaming it

    @property
    def label(self) -> str:
        return "原文问题" if self is Origin.DOCUMENT else "读取存疑"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of the document a finding rests on: a table cell or a quoted passage of text."""

    source: Source | None = None
    raw: str | None = None  # the printed text (a cell's raw text, or the quoted passage)
    cell: str | None = None  # canonical cell id, when the evidence is a table cell
    label: str | None = None  # official label path of that cell, or the section heading
    kind: str | None = None  # kind of the cell value (number, blank, dash, text, ambiguous, missing)
    value: int | float | None = None  # the number we read, if any
    note: str | None = None  # how the value was read when that was not a plain cell read

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "cell": self.cell,
            "label": self.label,
            "raw": self.raw,
            "kind": self.kind,
            "value": self.value,
            "source": self.source.to_dict() if self.source else None,
            "where": self.where,
        }
        if self.note:
            out["note"] = self.note
        return out

    @property
    def where(self) -> str:
        """A short human reference to the place in the document (``第12行``, ``表2 第4行第5列`` …)."""
        if self.source is None:
            return "位置未知"
        text = self.source.describe()
        return f"{self.source.file.rsplit('/', 1)[-1]} {text}" if self.source.file else text

    def describe(self) -> str:
        """One line for the terminal: which cell, what was printed, where."""
        parts: list[str] = []
        if self.cell:
            parts.append(self.cell)
        if self.label:
            parts.append(f"〔{self.label}〕")
        if self.kind is not None and self.cell:
            shown = self.raw if self.raw not in (None, "") else "（空）"
            parts.append(f"印为“{shown}”（{self.kind}）")
        elif self.raw:
            quote = self.raw if len(self.raw) <= 80 else self.raw[:78] + "…"
            parts.append(f"“{quote}”")
        if self.note:
            parts.append(f"读法：{self.note}")
        parts.append(self.where)
        return " ".join(parts)


Number = int | float


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    origin: Origin = Origin.DOCUMENT
    cells: tuple[str, ...] = ()
    expected: Any = None
    actual: Any = None
    evidence: tuple[Evidence, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)  # rule-specific facts (e.g. the reading that matched)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "cells": list(self.cells),
            "expected": self.expected,
            "actual": self.actual,
            "evidence": [e.to_dict() for e in self.evidence],
            "origin": self.origin.value,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class CheckResult:
    """All findings of one report (and, when given, its comparison with the previous year's)."""

    findings: tuple[Finding, ...]
    file: str | None = None
    agency: str | None = None
    year: int | None = None
    previous: str | None = None  # file of the previous year's report, when one was compared
    rules_run: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not self.errors

    def by_rule(self, rule: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.rule == rule)

    @property
    def summary(self) -> dict[str, Any]:
        severities = Counter(f.severity.value for f in self.findings)
        origins = Counter(f.origin.value for f in self.findings)
        return {
            "file": self.file,
            "agency": self.agency,
            "year": self.year,
            "previous": self.previous,
            "ok": self.ok,
            "error": severities.get("error", 0),
            "warning": severities.get("warning", 0),
            "info": severities.get("info", 0),
            "document": origins.get("document", 0),
            "reading": origins.get("reading", 0),
            "rules_run": len(self.rules_run),
        }

    def to_dict(self) -> dict[str, Any]:
        return {"findings": [f.to_dict() for f in self.findings], "summary": self.summary}
