"""Checks: every rule the national format implies, run over a ``Report``; findings are values.

::

    result = gongkai.check(report)                  # rules of one report
    result = gongkai.check(report, previous=last)   # plus year-over-year rules
    result.ok, result.findings, result.summary

``pair_previous(reports)`` pairs the reports of a batch with the same agency's report of the year before
(``agency_key`` is the agency identity it compares).

Rules live in the registry (``gongkai.check.registry.rules()``), one module per family: identities,
values, structure, dates, narrative, fees, crossyear, reading.  ``gongkai rules`` lists them; ``docs/rules.md``
is generated from them (``rules_markdown()``).
"""

from __future__ import annotations

from gongkai.check.catalogue import rules_markdown
from gongkai.check.model import CheckResult, Evidence, Finding, Origin, Severity
from gongkai.check.pairing import agency_key, pair_previous
from gongkai.check.registry import Context, Rule, rules, run_rules
from gongkai.check.verdict import decide
from gongkai.document import Document
from gongkai.model import Report


def check(report: Report, previous: Report | None = None, *, document: Document | None = None) -> CheckResult:
    """Run every rule on ``report`` (and the year-over-year rules when ``previous`` is given).

    ``document`` is the ``Document`` the report was extracted from (``gongkai.read_document``), when the
    caller has it: evidence quoting the narrative then names the line the sentence is printed on rather
    than the heading of its section.  Nothing else depends on it.

    Never raises on a report's content: problems are findings; a rule that fails internally is itself
    reported as a finding.  Whether a finding blames the document (原文问题) or our reading (读取存疑) is
    decided once, by ``gongkai.check.verdict.decide``: an uncertain finding is at most a warning.  Findings are ordered by severity (errors first), then by rule order.
    """
    ctx = Context(report, previous, document)
    findings = []
    ran = []
    scopes = ("report", "pair") if previous is not None else ("report",)
    for scope in scopes:
        for r, found in run_rules(ctx, scope):  # type: ignore[arg-type]
            ran.append(r.id)
            findings.extend(found)
    findings = decide(ctx, findings)
    findings.sort(key=lambda f: f.severity.rank)
    return CheckResult(
        findings=tuple(findings),
        file=report.path,
        agency=report.agency,
        year=report.year,
        previous=previous.path if previous is not None else None,
        rules_run=tuple(ran),
    )


__all__ = [
    "CheckResult",
    "Context",
    "Evidence",
    "Finding",
    "Origin",
    "Rule",
    "Severity",
    "agency_key",
    "check",
    "pair_previous",
    "rules",
    "rules_markdown",
]
