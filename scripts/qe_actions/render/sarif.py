"""`qe findings --format sarif`: SARIF 2.1.0 with one run per tool, so linter output can go to code scanning.

GitHub rejects several runs of one tool in one upload and reads `security-severity` only as a string on the
rule (see README, Findings). A security finding's rule is tagged `security`; read back, a tagged rule without
a score is banded by its level, which is how bandit's own severities map (docs/counting/findings.md). Paths are
written as relative URIs (percent-encoded), never resolved or opened.
Plain-text SARIF messages may hold embedded links (`[text](uri)`, SARIF 3.11.6): brackets are escaped so a
report's message cannot become a link in a SARIF viewer."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from qe_actions import __version__
from qe_actions.model.findings import LEVELS, Finding, FindingsSummary
from qe_actions.render.escape import json_text

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub code scanning rejects an upload with more results than this in one run (most severe are kept).
MAX_RESULTS_PER_RUN = 25_000


def sarif_text(text: str) -> str:
    """A plain-text SARIF message with `[`/`]` escaped (no embedded links); never empty (the schema allows it,
    GitHub does not)."""
    escaped = text.replace("[", "\\[").replace("]", "\\]")
    return escaped if escaped.strip() else "(no message)"


def artifact_uri(path: str) -> str:
    """A repository path as a URI reference: relative stays relative, absolute becomes file://, unsafe bytes escaped."""
    safe = "/-._~!$&'()*+,;=@"
    if path.startswith("/"):
        return "file://" + quote(path, safe=safe)
    if len(path) > 2 and path[1] == ":" and path[2] == "/":
        return "file:///" + path[:2] + quote(path[2:], safe=safe)
    return quote(path, safe=safe)


def _region(f: Finding) -> dict[str, int] | None:
    if not f.line:
        return None
    region = {"startLine": f.line}
    if f.column:
        region["startColumn"] = f.column
    end_line = f.end_line if f.end_line and f.end_line >= f.line else f.line
    region["endLine"] = end_line
    if f.end_column and (end_line > f.line or not f.column or f.end_column >= f.column):
        region["endColumn"] = f.end_column
    return region


def _rule(f: Finding) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": f.rule}
    if f.rule_name:
        rule["name"] = f.rule_name[:255]
    rule["shortDescription"] = {"text": (f.rule_name or f.rule)[:1024]}
    help_text = f"{f.tool} rule {f.rule}" + (f": see {f.help_uri}" if f.help_uri else "")
    rule["help"] = {"text": help_text}
    if f.help_uri:
        rule["helpUri"] = f.help_uri
    props = _rule_properties(f)
    if props:
        rule["properties"] = props
    return rule


def _rule_properties(f: Finding) -> dict[str, Any]:
    """A security finding's rule is tagged `security` (how GitHub tells security rules), with its score if any."""
    props: dict[str, Any] = {}
    if f.security is not None:
        props["tags"] = ["security"]
    if f.security_severity is not None:
        props["security-severity"] = f"{f.security_severity:.1f}"
    return props


def _result(f: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": f.level if f.level in LEVELS else "warning",
        "message": {"text": sarif_text(f.message)},
    }
    if f.path:
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(f.path)}}
        region = _region(f)
        if region:
            physical["region"] = region
        result["locations"] = [{"physicalLocation": physical}]
    if f.fingerprint:
        result["partialFingerprints"] = {"primaryLocationLineHash": f.fingerprint}
    if f.new is not None:
        result["baselineState"] = "new" if f.new else "unchanged"
    if f.security_severity is not None:
        result["properties"] = {"security-severity": f"{f.security_severity:.1f}"}
    return result


def sarif_log(summary: FindingsSummary) -> dict[str, Any]:
    """The SARIF log as a dict: runs ordered by tool name, rules in first-seen order within each run."""
    by_tool: dict[str, list[Finding]] = {}
    for f in summary.findings:
        by_tool.setdefault(f.tool, []).append(f)
    runs = []
    for tool in sorted(by_tool):
        rules: list[dict[str, Any]] = []
        index: dict[str, int] = {}
        results = []
        kept = by_tool[tool][:MAX_RESULTS_PER_RUN]  # findings come sorted most severe first
        for f in kept:
            if f.rule not in index:
                index[f.rule] = len(rules)
                rules.append(_rule(f))
            elif f.security is not None and "properties" not in rules[index[f.rule]]:
                rules[index[f.rule]]["properties"] = _rule_properties(f)
            results.append(_result(f, index[f.rule]))
        run: dict[str, Any] = {
            "tool": {"driver": {"name": tool or "unknown", "rules": rules}},
            "conversion": {"tool": {"driver": {"name": "qe-actions", "version": __version__}}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }
        left_out = len(by_tool[tool]) - len(kept)
        if left_out:
            text = (
                f"{left_out} less severe result(s) left out: "
                f"code scanning accepts at most {MAX_RESULTS_PER_RUN} per run"
            )
            notification = {"level": "warning", "message": {"text": text}}
            run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": [notification]}]
        runs.append(run)
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": runs}


def render_sarif(summary: FindingsSummary) -> str:
    """The SARIF log as JSON text (ASCII only)."""
    return json_text(sarif_log(summary), indent=1, ensure_ascii=True)
