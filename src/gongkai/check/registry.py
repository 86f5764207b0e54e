"""Rules as data: a stable id, a default severity, a Chinese title and description, and a small
function that yields findings.  Rule modules register themselves with ``@rule(...)``; the registry is
the one list the engine runs, ``gongkai rules`` prints and ``docs/rules.md`` is generated from.

Each rule function receives a ``Context``: the report (and the previous year's report for pair rules)
plus helpers that turn cells into evidence and tell which cells our reading is unsure of.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Literal

from gongkai.check.locate import Locator
from gongkai.check.model import Evidence, Finding, Origin, Severity
from gongkai.document import Document, Source
from gongkai.model import Report, SectionText, Value
from gongkai.normalize import Kind
from gongkai.spec import FormatSpec

Scope = Literal["report", "pair"]
RuleFn = Callable[["Context"], Iterable[Finding]]

# reading-note codes that make a cell's value uncertain (every code the extractor emits counts)
_ZERO_WORDS = frozenset({"无", "空", "零"})


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity  # the most serious severity the rule gives
    title: str
    description: str
    fn: RuleFn = field(repr=False, compare=False)
    scope: Scope = "report"
    group: str = ""  # identities / values / structure / dates / narrative / crossyear / reading

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "severity": self.severity.value,
            "title": self.title,
            "description": self.description,
            "scope": self.scope,
            "group": self.group,
        }


RULES: dict[str, Rule] = {}


def rule(
    id: str,
    severity: Severity,
    title: str,
    description: str,
    *,
    scope: Scope = "report",
    group: str = "",
) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function under a stable id."""

    def register(fn: RuleFn) -> RuleFn:
        if id in RULES:
            raise ValueError(f"rule {id} registered twice")
        RULES[id] = Rule(id, severity, title, description, fn, scope, group or fn.__module__.rsplit(".", 1)[-1])
        return fn

    return register


class Context:
    """What a rule sees: the report, the previous year's report (pair rules), and cell helpers.

    ``document`` is the ``Document`` the report was extracted from, when the caller has it: narrative
    evidence then points at the line a quoted sentence is printed on instead of its section heading.
    """

    def __init__(self, report: Report, previous: Report | None = None, document: Document | None = None) -> None:
        self.report = report
        self.previous = previous
        self.document = document
        self.locator = Locator(document)
        self.spec: FormatSpec = report.spec
        self.memo: dict[str, Any] = {}  # derived views shared by several rules (e.g. the narrative sentences)
        self.uncertain: dict[str, str] = {}  # cell id -> why our reading of it is uncertain
        for note in report.notes:
            for cell in note.cells:
                self.uncertain.setdefault(cell, note.message)
        for cid, value in report.values.items():
            if value.kind in (Kind.AMBIGUOUS, Kind.MISSING) or value.alternatives:
                self.uncertain.setdefault(cid, value.note or f"单元格读取结果为“{value.kind.value}”")
        for cid in self.spec.cell_ids:
            if cid not in report.values:
                self.uncertain.setdefault(cid, "未能读到该单元格")

    def locate(self, section: SectionText, line: int | None = None, char: int = 0) -> Source | None:
        """Where ``char`` of body line ``line`` of a section was printed (its heading when not known)."""
        return self.locator.source(section, line, char)

    def value(self, cid: str, report: Report | None = None) -> Value:
        return (report or self.report).value(cid)

    def label(self, cid: str, report: Report | None = None) -> str:
        spec = (report or self.report).spec
        return spec.label_index.get(cid, cid)

    def evidence(self, cid: str, report: Report | None = None) -> Evidence:
        v = self.value(cid, report)
        return Evidence(
            source=v.source,
            raw=v.raw,
            cell=cid,
            label=self.label(cid, report),
            kind=v.kind.value,
            value=v.number,
            note=v.note,
        )

    def arithmetic(self, cid: str, report: Report | None = None) -> int | float | None:
        """The number a cell contributes to arithmetic: blank, dash and 无 count as 0; None if unknown."""
        v = self.value(cid, report)
        if v.kind is Kind.NUMBER:
            return v.number
        if v.kind in (Kind.BLANK, Kind.DASH):
            return 0
        if v.kind is Kind.TEXT and v.raw.strip() in _ZERO_WORDS:
            return 0
        return None

    def origin_of(self, cells: Iterable[str]) -> Origin:
        return Origin.READING if any(c in self.uncertain for c in cells) else Origin.DOCUMENT

    def has_table(self, table: str, report: Report | None = None) -> bool:
        r = report or self.report
        return any(c in r.values for c in r.spec.tables[table].cells)


# rule modules in catalogue order; a rule's place is its module's place, then its place in the module —
# whichever module happened to be imported first (a test importing one directly) changes nothing
RULE_MODULES = ("arithmetic", "crossyear", "dates", "identities", "narrative", "fees", "reading", "structure", "values")


def rules(scope: Scope | None = None) -> list[Rule]:
    """Every registered rule (of one scope), in catalogue order."""
    _load_rule_modules()
    seq = {rid: i for i, rid in enumerate(RULES)}

    def place(r: Rule) -> tuple[int, int]:
        module = r.fn.__module__.rsplit(".", 1)[-1]
        return (RULE_MODULES.index(module) if module in RULE_MODULES else len(RULE_MODULES), seq[r.id])

    return sorted((r for r in RULES.values() if scope is None or r.scope == scope), key=place)


def _load_rule_modules() -> None:
    for module in RULE_MODULES:
        import_module(f"gongkai.check.{module}")  # registration happens on import


def run_rules(ctx: Context, scope: Scope) -> Iterator[tuple[Rule, list[Finding]]]:
    """Run every rule of ``scope``; a rule that fails internally becomes a reading finding, never raises."""
    for r in rules(scope):
        try:
            yield r, list(r.fn(ctx))
        except Exception as exc:  # checks never raise: a broken rule is reported, the others still run
            yield (
                r,
                [
                    Finding(
                        rule=r.id,
                        severity=Severity.WARNING,
                        message=f"规则“{r.title}”未能完成检查（内部错误：{type(exc).__name__}: {exc}）",
                        origin=Origin.READING,
                    )
                ],
            )
