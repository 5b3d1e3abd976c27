"""`qe coverage`: totals of one or many coverage reports, the coverage of a change; thresholds are its policy."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass

from qe_actions.errors import UsageError
from qe_actions.gate.evaluate import Evaluation
from qe_actions.model.coverage import Check, CoverageSummary, DiffCoverage
from qe_actions.numbers import finite_float

DEFAULT_BASE = ""  # `--diff-base` without a value: the pull request base in CI, the remote default branch locally


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="REPORT_OR_GLOB",
        help="coverage reports or globs: Cobertura, coverage.py JSON or .coverage data, LCOV, JaCoCo, "
        "Clover, istanbul/gcovr JSON summary, Go coverprofile (several are merged)",
    )
    diff = parser.add_mutually_exclusive_group()
    diff.add_argument(
        "--diff-base",
        nargs="?",
        const=DEFAULT_BASE,
        default=None,
        metavar="REF",
        help="measure the lines changed since the merge base of REF and HEAD (no REF: GITHUB_BASE_REF "
        "in CI, else the remote's default branch)",
    )
    diff.add_argument(
        "--diff-file", metavar="FILE", help="measure the lines changed by this unified diff (no git needed)"
    )
    parser.add_argument(
        "--worktree", action="store_true", help="with --diff-base: also count uncommitted changes to tracked files"
    )
    parser.add_argument(
        "--untracked",
        action="store_true",
        help="with --diff-base: also count every line of untracked, not ignored, files (implies --worktree)",
    )
    parser.add_argument("--fail-under", type=finite_float, metavar="N", help="exit 1 when the total is below N percent")
    parser.add_argument(
        "--fail-under-diff",
        type=finite_float,
        metavar="N",
        help="exit 1 when the coverage of the changed lines is below N percent",
    )
    parser.add_argument(
        "--path-fix",
        action="append",
        default=[],
        metavar="BEFORE::AFTER",
        help="rewrite report paths starting with BEFORE to start with AFTER (repeatable)",
    )
    parser.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument("--json", action="store_const", const="json", dest="format", help="shortcut for --format json")
    parser.add_argument(
        "--output", "-o", default="-", metavar="FILE", help="write the report to FILE (atomically) instead of stdout"
    )


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything `qe coverage` was asked to do, validated once."""

    paths: tuple[str, ...]
    diff_base: str | None
    diff_file: str | None
    worktree: bool
    fail_under: float | None
    fail_under_diff: float | None
    path_fixes: tuple[str, ...]
    format: str
    output: str
    untracked: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Settings:
        from qe_actions.paths import parse_fix

        for name in ("fail_under", "fail_under_diff"):
            value = getattr(args, name)
            if value is not None and not 0 <= value <= 100:
                raise UsageError(f"--{name.replace('_', '-')} must be between 0 and 100, got {value:g}")
        for rule in args.path_fix:
            try:
                parse_fix(rule)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
        untracked = bool(getattr(args, "untracked", False))
        if (args.worktree or untracked) and args.diff_base is None:
            raise UsageError(f"--{'untracked' if untracked else 'worktree'} needs --diff-base")
        if args.fail_under_diff is not None and args.diff_base is None and args.diff_file is None:
            raise UsageError("--fail-under-diff needs a change: --diff-base [REF] or --diff-file FILE")
        return cls(
            tuple(args.paths),
            args.diff_base,
            args.diff_file,
            args.worktree or untracked,
            args.fail_under,
            args.fail_under_diff,
            tuple(args.path_fix),
            args.format,
            args.output,
            untracked,
        )


def changed_lines(settings: Settings) -> tuple[dict[str, frozenset[int]] | None, str]:
    """The change to measure (or None) and how to describe it."""
    from qe_actions import diff, gitdiff

    if settings.diff_file is not None:
        from qe_actions.reportfile import read_report_bytes

        text = read_report_bytes(settings.diff_file).decode(
            "utf-8", errors="surrogateescape"
        )  # bounded, one line on error
        return diff.parse_unified_diff(text), os.path.basename(settings.diff_file)
    if settings.diff_base is None:
        return None, ""
    base = settings.diff_base or gitdiff.default_base_ref(os.environ)
    if not base:
        raise UsageError("no base ref found (no GITHUB_BASE_REF, no origin/HEAD); give one: --diff-base REF")
    changed = gitdiff.changed_lines_from_git(
        base, include_worktree=settings.worktree, include_untracked=settings.untracked
    )
    tree = (
        " + working tree and untracked files" if settings.untracked else " + working tree" if settings.worktree else ""
    )
    return changed, f"{base} (merge base){tree}"


_CHECK_NAMES = {"coverage": "total", "diff_coverage": "diff"}


def checks_of(summary: CoverageSummary, diff: DiffCoverage | None, evaluation: Evaluation) -> tuple[Check, ...]:
    """The threshold conditions of the evaluated policy as the report's checks (the raw figure, and whether it held)."""
    checks = []
    for outcome in evaluation.outcomes:
        name = _CHECK_NAMES.get(outcome.condition.metric)
        if name == "diff" and diff is None:
            continue
        if name is not None:
            value = summary.total.percent if name == "total" else diff.percent if diff is not None else None
            checks.append(Check(name, outcome.condition.threshold, value, outcome.outcome != "fail"))
    return tuple(checks)


def render(
    summary: CoverageSummary, diff: DiffCoverage | None, description: str, checks: tuple[Check, ...], fmt: str
) -> str:
    if fmt == "json":
        from dataclasses import asdict

        from qe_actions.render.json_report import render_coverage as render_json

        return render_json(summary, diff, description, [asdict(check) for check in checks])
    if fmt == "markdown":
        from qe_actions.render.markdown import render_coverage as render_markdown

        return render_markdown(summary, diff, description, checks)
    from qe_actions.render.text import render_coverage as render_text

    return render_text(summary, diff, description, checks)


def run(args: argparse.Namespace) -> int:
    from qe_actions.gate.policy_defaults import coverage_decision
    from qe_actions.load.coverage import diff_coverage, load_coverage
    from qe_actions.output import write_text

    settings = Settings.from_args(args)
    changed, description = changed_lines(settings)
    summary = load_coverage(settings.paths, path_fixes=settings.path_fixes)
    for problem in summary.problems:
        print(f"qe coverage: {problem.line()}", file=sys.stderr)
    diff = diff_coverage(summary, changed) if changed is not None else None
    decision = coverage_decision(summary, diff, settings.fail_under, settings.fail_under_diff)
    checks = checks_of(summary, diff, decision.evaluation)
    write_text(settings.output, render(summary, diff, description, checks, settings.format))
    return decision.verdict.exit_code
