"""`qe findings`: summarise SARIF and linter findings, mark new ones, render them and gate on severity.

The exit code is the verdict of the command's default policy (gate/policy_defaults.py, table in docs/cli.md):
3 when an input could not be read (the others are still reported) or the usage is wrong; 1 when a counted
finding is at or above a `--fail-on` threshold; 2 when findings remain but none reaches a threshold (or no
threshold was given), or when a tool says it did not analyse everything; 0 when nothing is left to report.
The severity rule (what `--fail-on high` and `--fail-on error` compare) is the model's, the same the gate
reads: docs/counting/findings.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Sequence

from qe_actions.errors import UsageError
from qe_actions.model.findings import SEVERITIES, FindingsSummary, count_totals
from qe_actions.verdict import Verdict

OUTPUT_FORMATS = ("text", "json", "markdown", "sarif")


@dataclasses.dataclass(frozen=True, slots=True)
class FindingsSettings:
    """Everything `qe findings` was asked to do, built once from the command line."""

    patterns: tuple[str, ...]
    fail_on: tuple[str, ...]
    new_only: bool
    diff_base: str | None
    diff_file: str | None
    baseline: tuple[str, ...]
    output_format: str
    output: str
    input_format: str | None
    cwd: str | None
    path_fixes: tuple[str, ...]

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> FindingsSettings:
        """The one place the command line becomes settings."""
        return cls(
            patterns=tuple(args.files),
            fail_on=tuple(dict.fromkeys(args.fail_on or ())),
            new_only=bool(args.new_only),
            diff_base=args.diff_base,
            diff_file=args.diff_file,
            baseline=tuple(args.baseline or ()),
            output_format=args.format,
            output=args.output,
            input_format=args.input_format,
            cwd=args.cwd,
            path_fixes=tuple(args.path_fix),
        )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command line of `qe findings`."""
    from qe_actions.readers.findings.detect import FORMATS

    parser.add_argument(
        "files", nargs="+", metavar="FILE_OR_GLOB", help="SARIF or linter output files (globs, !exclude)"
    )
    parser.add_argument(
        "--fail-on",
        action="append",
        choices=SEVERITIES[:-1],
        metavar="SEVERITY",
        help="exit 1 when a finding is at or above this severity: critical, high, medium, low (bands: security "
        "findings only) or error, warning, note (levels: every finding); may be repeated",
    )
    parser.add_argument("--new-only", action="store_true", help="report and gate only findings new in this change")
    parser.add_argument(
        "--diff-base", metavar="REF", help="findings on lines changed since the merge base with REF are new"
    )
    parser.add_argument("--diff-file", metavar="FILE", help="a unified diff of the change (instead of asking git)")
    parser.add_argument(
        "--baseline", action="append", metavar="FILE", help="findings of the base branch: findings not in it are new"
    )
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--output", default="-", metavar="FILE", help="write the output here (default: stdout)")
    parser.add_argument("--input-format", choices=FORMATS, metavar="NAME", help=f"skip detection: {', '.join(FORMATS)}")
    parser.add_argument(
        "--path-fix",
        action="append",
        default=[],
        metavar="BEFORE::AFTER",
        help="rewrite report paths that start with BEFORE (e.g. a linter run in a subfolder: 'src/::app/src/')",
    )
    parser.add_argument("--cwd", default=None, metavar="DIR", help="repository root for paths and git (default: .)")


def _changed_lines(settings: FindingsSettings) -> dict[str, frozenset[int]] | None:
    """Changed lines from `--diff-file`, `--diff-base`, or (for `--new-only` alone) the CI's base branch."""
    from qe_actions import diff, gitdiff

    if settings.diff_file:
        path = settings.diff_file
        full = path if os.path.isabs(path) or not settings.cwd else os.path.join(settings.cwd, path)
        from qe_actions.reportfile import read_report_bytes

        return diff.parse_unified_diff(read_report_bytes(full).decode("utf-8", errors="surrogateescape"))  # bounded
    base = settings.diff_base
    if base is None and settings.new_only and not settings.baseline:
        base = gitdiff.default_base_ref(os.environ, settings.cwd)
        if base is None:
            raise UsageError(
                "--new-only needs --diff-base REF, --diff-file FILE or --baseline FILE (no pull-request base found)"
            )
    if base is None:
        return None
    return gitdiff.changed_lines_from_git(base, cwd=settings.cwd)


def gated(summary: FindingsSummary, new_only: bool) -> FindingsSummary:
    """The summary restricted to new findings when `--new-only` is given (totals recounted)."""
    if not new_only:
        return summary
    kept = tuple(f for f in summary.findings if f.new)
    hidden = len(summary.findings) - len(kept)
    notes = summary.notes + ((f"{hidden} existing finding(s) not shown (--new-only)",) if hidden else ())
    return dataclasses.replace(
        summary, findings=kept, totals=count_totals(kept, summary.totals.suppressed), notes=notes
    )


def verdict_line(code: Verdict, failing: int, fail_on: Sequence[str]) -> str:
    """The closing line of text and Markdown output: the outcome and what decided it."""
    word = {
        Verdict.PASS: "pass",
        Verdict.FAIL: "fail",
        Verdict.WARN: "pass with warnings",
        Verdict.ERROR: "could not evaluate",
    }[code]
    threshold = f" (--fail-on {', '.join(fail_on)}: {failing} at or above)" if fail_on else ""
    return f"verdict: {word}{threshold}"


def render(summary: FindingsSummary, settings: FindingsSettings, code: Verdict, failing: int) -> str:
    """The output in the asked format; only the chosen renderer is imported."""
    line = verdict_line(code, failing, settings.fail_on)
    if settings.output_format == "json":
        from qe_actions.render.json_report import render_findings as render_json

        verdict = {
            "exit_code": code.exit_code,
            "fail_on": list(settings.fail_on),
            "failing": failing,
            "new_only": settings.new_only,
        }
        return render_json(summary, verdict)
    if settings.output_format == "markdown":
        from qe_actions.render.markdown import render_findings as render_markdown

        return render_markdown(summary, line)
    if settings.output_format == "sarif":
        from qe_actions.render.sarif import render_sarif

        return render_sarif(summary)
    from qe_actions.render.text import render_findings as render_text

    return render_text(summary, line)


def run(args: argparse.Namespace) -> int:
    """Read, compare, render, write; problems are printed one per line on stderr."""
    import sys

    from qe_actions.gate.policy_defaults import failing_findings, findings_decision
    from qe_actions.load.findings import load_findings
    from qe_actions.output import write_text
    from qe_actions.render.escape import plain_text

    settings = FindingsSettings.from_args(args)
    changed = _changed_lines(settings)
    summary = load_findings(
        list(settings.patterns),
        cwd=settings.cwd,
        fmt=settings.input_format,
        changed=changed,
        baseline=list(settings.baseline) or None,
        path_fixes=settings.path_fixes,
    )
    summary = gated(summary, settings.new_only)
    code, failing = findings_decision(summary, settings.fail_on).verdict, failing_findings(summary, settings.fail_on)
    write_text(settings.output, render(summary, settings, code, failing))
    for problem in summary.problems:
        print(plain_text(f"qe findings: {problem.line()}"), file=sys.stderr)
    return code.exit_code
