"""JSON documents of `qe tests`, `qe coverage`, `qe findings` and the gate report (keys are only ever added)."""

from __future__ import annotations

from typing import Any

from qe_actions.model.coverage import Counts, CoverageSummary, DiffCoverage
from qe_actions.model.findings import (
    FINDINGS_SCHEMA,
    Finding,
    FindingsSummary,
    FindingsTotals,
)
from qe_actions.model.perf import PerfResult
from qe_actions.model.report import REPORT_SCHEMA, GateReport
from qe_actions.model.tests import FailedTest, TestSummary
from qe_actions.render.annotations import build_annotations
from qe_actions.render.escape import json_text
from qe_actions.render.markdown import render_report as render_markdown
from qe_actions.render.wording import directory_counts

# -- tests: `qe tests --format json` (qe-tests/1) --------------------------------------------------------------------

TESTS_SCHEMA = "qe-tests/1"


def _failure(test: FailedTest) -> dict[str, Any]:
    return {
        "id": test.id.display(),
        "suite": test.id.suite,
        "classname": test.id.classname,
        "name": test.id.name,
        "file": test.id.file,
        "line": test.id.line,
        "outcome": test.outcome.value,
        "message": test.message,
        "details": test.details,
        "runs_failed": test.runs_failed,
        "runs_total": test.runs_total,
        "flaky": test.flaky,
        "duration": round(test.duration, 3),
        "report": test.source,
    }


def summary_dict(summary: TestSummary) -> dict[str, Any]:
    """Plain data for JSON (and for the gate's report totals)."""
    return {
        "schema": TESTS_SCHEMA,
        "totals": summary.totals.as_dict(),
        "failures": [_failure(t) for t in summary.failing],
        "flaky": [_failure(t) for t in summary.flaky],
        "failures_not_listed": summary.failures_not_listed,
        "slowest": [
            {"id": s.id.display(), "duration": round(s.duration, 3), "report": s.source} for s in summary.slowest
        ],
        "files": list(summary.files),
        "problems": [p.line() for p in summary.problems],
        "notes": list(summary.notes),
    }


def render_tests(summary: TestSummary) -> str:
    return json_text(summary_dict(summary), indent=2)


# -- coverage: `qe coverage --format json`: totals, files, directories, the diff -------------------------------------

COVERAGE_SCHEMA = "qe-coverage/1"
INDENT_MAX_FILES = 1000


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def counts_json(counts: Counts, combined: bool) -> dict[str, Any]:
    """The figures of one file or directory (written out by hand: it runs once per file of a monorepo)."""
    covered, total = counts.covered_lines, counts.total_lines
    line = round(100.0 * covered / total, 4) if total else None
    data: dict[str, Any] = {"percent": line, "covered_lines": covered, "total_lines": total, "line_percent": line}
    if counts.has_branches:
        b_covered, b_total = counts.covered_branches, counts.total_branches
        data["branch_percent"] = round(100.0 * b_covered / b_total, 4) if b_total else None
        data["covered_branches"] = b_covered
        data["total_branches"] = b_total
        if combined and total + b_total:
            data["percent"] = round(100.0 * (covered + b_covered) / (total + b_total), 4)
    return data


def diff_json(diff: DiffCoverage, description: str) -> dict[str, Any]:
    """The coverage of the change: totals and, per file, the uncovered changed lines."""
    return {
        "against": description,
        "percent": _round(diff.percent),
        "covered_lines": diff.covered_lines,
        "total_lines": diff.total_lines,
        "changed_lines": diff.changed_lines,
        "files": {
            item.path: {
                "percent": _round(item.percent),
                "covered_lines": item.covered_lines,
                "total_lines": item.total_lines,
                "uncovered_lines": list(item.uncovered_lines),
                "uncovered_ranges": [list(pair) for pair in item.uncovered_ranges],
            }
            for item in diff.files
        },
        "unmeasured_files": list(diff.changed_files_unmeasured),
    }


def coverage_json(
    summary: CoverageSummary,
    diff: DiffCoverage | None = None,
    diff_description: str = "",
    checks: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The whole JSON document as a dict (the gate embeds it too)."""
    total = summary.total
    document: dict[str, Any] = {
        "schema": COVERAGE_SCHEMA,
        "total": {
            "percent": _round(total.percent),
            "percent_kind": total.percent_kind,
            "covered_lines": total.covered_lines,
            "total_lines": total.total_lines,
            "line_percent": _round(total.line_percent),
            "branch_percent": _round(total.branch_percent),
            "covered_branches": total.covered_branches,
            "total_branches": total.total_branches,
            "rounding": total.rounding,
            "recomputed": total.recomputed or None,
        },
        "files": {path: counts_json(item.counts, summary.combined) for path, item in summary.files.items()},
        "directories": {path: counts_json(c, summary.combined) for path, c in directory_counts(summary.files).items()},
    }
    if diff is not None:
        document["diff"] = diff_json(diff, diff_description)
    document["checks"] = checks or []
    document["inputs"] = list(summary.inputs)
    document["formats"] = list(summary.formats)
    document["problems"] = [problem.line() for problem in summary.problems]
    document["warnings"] = list(summary.warnings)
    return document


def render_coverage(
    summary: CoverageSummary,
    diff: DiffCoverage | None = None,
    diff_description: str = "",
    checks: list[dict[str, Any]] | None = None,
) -> str:
    """JSON text ending in a newline; indented for readers, compact above INDENT_MAX_FILES files (C encoder speed)."""
    document = coverage_json(summary, diff, diff_description, checks)
    indent = 2 if len(summary.files) <= INDENT_MAX_FILES else None
    return json_text(document, indent=indent)


# -- findings: `qe findings --format json` (qe-findings/1) -----------------------------------------------------------


def finding_dict(f: Finding) -> dict[str, Any]:
    """One finding as JSON: the fields the gate and the issue require, then the rest of the location."""
    return {
        "tool": f.tool,
        "rule": f.rule,
        "severity": f.severity,
        "path": f.path,
        "line": f.line,
        "message": f.message,
        "new": f.new,
        "level": f.level,
        "security_severity": f.security_severity,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "rule_name": f.rule_name,
        "help_uri": f.help_uri,
        "tool_severity": f.tool_severity,
        "fingerprint": f.fingerprint,
        "security": f.security,
    }


def totals_dict(t: FindingsTotals) -> dict[str, Any]:
    """Counts by severity, level, tool and rule; `new` is null when there was nothing to compare with."""
    return {
        "findings": t.findings,
        "new": t.new,
        "suppressed": t.suppressed,
        "by_severity": dict(t.by_severity),
        "by_level": dict(t.by_level),
        "by_tool": dict(t.by_tool),
        "by_rule": dict(t.by_rule),
    }


def render_findings(summary: FindingsSummary, verdict: dict[str, Any] | None = None) -> str:
    """The whole summary; ASCII-only JSON so no byte of a hostile message can break the document or a terminal."""
    doc: dict[str, Any] = {"schema": FINDINGS_SCHEMA}
    if verdict is not None:
        doc["verdict"] = verdict
    doc.update(
        {
            "new_basis": summary.new_basis,
            "totals": totals_dict(summary.totals),
            "findings": [finding_dict(f) for f in summary.findings],
            "files": list(summary.files),
            "problems": [p.line() for p in summary.problems],
            "notes": list(summary.notes),
            "incomplete": list(summary.incomplete),
        }
    )
    return json_text(doc, indent=1, ensure_ascii=True)


# -- report: the gate report (qe-report/1): what the publisher and other tools read ----------------------------------


def _fields(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__dataclass_fields__}


def report_document(report: GateReport, markdown: str | None = None) -> dict[str, Any]:
    """The JSON document as a dict; `markdown` defaults to the rendered Markdown report (within 65,000 chars)."""
    return (
        {
            "schema": REPORT_SCHEMA,
            "gate_id": report.gate_id,
            "verdict": report.verdict,
            "exit_code": report.exit_code,
            "title": report.title,
            "markdown": render_markdown(report) if markdown is None else markdown,
            "conditions": [
                {
                    "metric": c.metric,
                    "label": c.label,
                    "operator": c.operator,
                    "threshold": c.threshold,
                    "level": c.level,
                    "scope": c.scope,
                    "value": c.value,
                    "outcome": c.outcome,
                    "reason": c.reason,
                }
                for c in report.conditions
            ],
            "totals": {name: (dict(value) if value is not None else None) for name, value in report.totals.items()},
            "annotations": [a.as_dict() for a in build_annotations(report)],
            "failing_tests": [_fields(t) for t in report.failing_tests],
            "uncovered": [
                {
                    "path": u.path,
                    "ranges": [list(r) for r in u.ranges],
                    "uncovered": u.uncovered,
                    "measured": u.measured,
                }
                for u in report.uncovered
            ],
            "new_findings": [_fields(f) for f in report.new_findings],
            "problems": list(report.problems),
            "notes": list(report.notes),
            "inputs": {name: list(files) for name, files in report.inputs.items()},
            "policy": report.policy_source,
            "diff": report.diff_source,
        }
        | ({"deltas": dict(report.deltas)} if report.deltas is not None else {})
        | _perf_part(report)
    )


def render_report(report: GateReport, markdown: str | None = None) -> str:
    """Pretty, stable JSON (sorted as built, UTF-8 kept, newline at the end)."""
    return json_text(report_document(report, markdown), indent=2)


# -- performance: `qe perf --format json` (qe-perf/1) ----------------------------------------------------------------

PERF_SCHEMA = "qe-perf/1"


def _perf_side(bench: Any) -> dict[str, Any] | None:
    if bench is None:
        return None
    return {"samples": len(bench.samples), "count": bench.count, "mean": bench.mean, "stddev": bench.stddev}


def perf_dict(result: PerfResult) -> dict[str, Any]:
    """The comparison as data: one entry per benchmark (centres in `unit`: seconds for times), totals, budgets."""
    benchmarks = []
    for c in result.comparisons:
        old, new = c.baseline, c.current
        shown = new or old
        benchmarks.append(
            {
                "name": c.name,
                "verdict": c.verdict,
                "change": c.change,
                "p_value": c.p_value,
                "baseline": old.centre if old else None,
                "current": new.centre if new else None,
                "unit": c.unit,
                "direction": "bigger_is_better" if shown and shown.bigger_is_better else "smaller_is_better",
                "threshold": c.threshold,
                "samples": {"baseline": len(old.samples) if old else 0, "current": len(new.samples) if new else 0},
                "baseline_summary": _perf_side(old),
                "current_summary": _perf_side(new),
                "tool": shown.tool if shown else "",
                "note": c.note,
            }
        )
    budgets = [
        {"benchmark": b.budget.key, "budget": b.budget.text, "value": b.value, "met": b.met, "reason": b.reason}
        for b in result.budgets
    ]
    counts = {v: result.count(v) for v in ("regressed", "improved", "unchanged", "errored", "new", "missing")}
    return {
        "schema": PERF_SCHEMA,
        "verdict": result.verdict,
        "benchmarks": benchmarks,
        "totals": {"benchmarks": len(result.comparisons), **counts, "budget_violations": result.budget_violations},
        "budgets": budgets,
        "settings": {"alpha": result.alpha, "min_effect": result.min_effect, "correction": "holm"},
        "inputs": {"current": list(result.current_files), "baseline": list(result.baseline_files)},
        "baseline_source": result.baseline_source,
        "problems": list(result.problems),
        "notes": list(result.notes),
    }


def _perf_part(report: GateReport) -> dict[str, Any]:
    """The gate report's `"perf"` (only with --perf), the same object `qe perf --format json` prints."""
    return {"perf": perf_dict(report.perf)} if report.perf is not None else {}


def render_perf(result: PerfResult) -> str:
    """`qe perf --format json`."""
    return json_text(perf_dict(result)) + "\n"
