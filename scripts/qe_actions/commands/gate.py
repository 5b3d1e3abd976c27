"""`qe gate`: evaluate the quality gate over tests, coverage, findings and lint; exit 0/2/1/3: pass/warn/fail/error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from qe_actions.gate.metrics import REPORT_KINDS
from qe_actions.gate.policy import OVERRIDE_FLAGS
from qe_actions.numbers import bounded_int, finite_float, percent

if TYPE_CHECKING:
    from qe_actions.gate.run import GateSettings
    from qe_actions.model.report import GateReport

FORMATS = ("text", "markdown", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Inputs, thresholds, output and publishing options of `qe gate`."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="policy file (default: .qe.yml, else [tool.qe] in pyproject.toml, else the built-in default)",
    )
    inputs = parser.add_argument_group(
        "inputs (paths or globs; repeatable; with none given, well-known locations are searched)"
    )
    inputs.add_argument("--tests", action="append", default=[], metavar="GLOB", help="JUnit XML test reports")
    inputs.add_argument("--coverage", action="append", default=[], metavar="GLOB", help="coverage reports")
    inputs.add_argument(
        "--findings",
        "--sarif",
        dest="findings",
        action="append",
        default=[],
        metavar="GLOB",
        help="findings reports: SARIF, security scanners (--sarif: the earlier name)",
    )
    inputs.add_argument("--lint", action="append", default=[], metavar="GLOB", help="linter output")
    inputs.add_argument(
        "--diff-base",
        metavar="REF",
        help="git ref whose merge base with HEAD starts the change (default: the PR base, else the remote's HEAD)",
    )
    inputs.add_argument("--diff-file", metavar="FILE", help="unified diff of the change, instead of git")
    inputs.add_argument(
        "--path-fix",
        action="append",
        default=[],
        metavar="BEFORE::AFTER",
        help="rewrite a path prefix in coverage reports (repeatable)",
    )
    inputs.add_argument(
        "--baseline",
        action="append",
        default=[],
        metavar="GLOB",
        help="findings reports of the base branch: findings found there are not new (instead of the diff)",
    )
    inputs.add_argument("--no-discover", action="store_true", help="do not search for reports when none is given")
    inputs.add_argument(
        "--history",
        metavar="STORE",
        help="compare with the base's recorded run in this history store (a folder or git:BRANCH); see docs/history.md",
    )
    inputs.add_argument("--record", action="store_true", help="also record this run in the --history store")
    inputs.add_argument(
        "--image-size", type=bounded_int, metavar="BYTES", help="size of the built container image (image_size_mb)"
    )
    inputs.add_argument(
        "--matrix",
        metavar="PLAN",
        help="the `qe matrix` plan (JSON or a file): report planned cells without reports and per-cell failures",
    )
    inputs.add_argument(
        "--perf", action="append", default=[], metavar="GLOB", help="benchmark results of this run (perf.* metrics)"
    )
    inputs.add_argument(
        "--perf-baseline", action="append", default=[], metavar="GLOB", help="benchmark results of the base to compare"
    )
    thresholds = parser.add_argument_group("thresholds (override the policy file; each sets a condition at level fail)")
    thresholds.add_argument("--min-coverage", type=percent, metavar="PCT", help="coverage at least PCT")
    thresholds.add_argument("--min-diff-coverage", type=percent, metavar="PCT", help="diff coverage at least PCT")
    thresholds.add_argument(
        "--max-test-failures", type=bounded_int, metavar="N", help="at most N failed or errored tests"
    )
    thresholds.add_argument("--max-critical-vulns", type=bounded_int, metavar="N", help="at most N critical findings")
    thresholds.add_argument("--max-high-vulns", type=bounded_int, metavar="N", help="at most N high findings")
    thresholds.add_argument("--max-medium-vulns", type=bounded_int, metavar="N", help="at most N medium findings")
    thresholds.add_argument(
        "--max-image-size-mb", type=finite_float, metavar="MB", help="container image at most MB (10^6 bytes)"
    )
    output = parser.add_argument_group("output")
    output.add_argument("--format", choices=FORMATS, default="text", help="report format on stdout (default: text)")
    output.add_argument("--json", action="store_true", help="same as --format json")
    output.add_argument("--quiet", action="store_true", help="print nothing on stdout; the exit code tells the verdict")
    output.add_argument(
        "--output", metavar="FILE", help="write the report in --format to FILE instead of stdout ('-' is stdout)"
    )
    output.add_argument("--markdown-output", metavar="FILE", help="also write the Markdown report to FILE")
    output.add_argument("--json-output", metavar="FILE", help="also write the JSON report to FILE")
    output.add_argument(
        "--print-schema", action="store_true", help="print the policy JSON Schema (for your editor) and exit"
    )
    from qe_actions.commands.publish import add_publish_arguments

    add_publish_arguments(parser, default_channels="none")


def render(report: GateReport, fmt: str, markdown: str | None = None) -> str:
    """The report in one of FORMATS (`markdown`: the Markdown already rendered, which the JSON embeds)."""
    if fmt == "markdown":
        from qe_actions.render.markdown import render_report as render_markdown

        return render_markdown(report) if markdown is None else markdown
    if fmt == "json":
        from qe_actions.render.json_report import render_report as render_json

        return render_json(report, markdown)
    from qe_actions.render.text import render_report as render_text

    return render_text(report)


def settings_from_args(
    args: argparse.Namespace, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> GateSettings:
    """The one typed settings object of this command."""
    from qe_actions.gate.run import GateSettings, settings_env

    return GateSettings(
        cwd=cwd or Path.cwd(),
        config=Path(args.config) if args.config else None,
        patterns={kind: tuple(getattr(args, kind)) for kind in REPORT_KINDS},
        diff_base=args.diff_base,
        diff_file=args.diff_file,
        overrides={flag: getattr(args, flag) for flag in OVERRIDE_FLAGS},
        env=settings_env() if env is None else env,
        discover=not args.no_discover,
        path_fixes=tuple(args.path_fix),
        baseline=tuple(args.baseline),
        history=args.history,
        record=args.record,
        image_size=args.image_size,
        matrix=args.matrix,
        perf=tuple(args.perf),
        perf_baseline=tuple(args.perf_baseline),
    )


def write_outputs(report: GateReport, args: argparse.Namespace) -> dict[str, str]:
    """stdout (or --output) in the chosen format, plus the Markdown and JSON files asked for; returns what was
    rendered, per format (the publisher reuses the Markdown)."""
    from qe_actions.output import write_text

    fmt = "json" if args.json else args.format
    rendered: dict[str, str] = {}

    def text(kind: str) -> str:
        """Render each format at most once (the JSON embeds the Markdown)."""
        if kind not in rendered:
            rendered[kind] = render(report, kind, text("markdown") if kind == "json" else None)
        return rendered[kind]

    if args.markdown_output:
        write_text(args.markdown_output, text("markdown"))
    if args.json_output:
        write_text(args.json_output, text("json"))
    if args.output:
        write_text(args.output, text(fmt))
    elif not args.quiet:
        write_text("-", text(fmt))
    return rendered


def run(args: argparse.Namespace) -> int:
    """Evaluate, print and write the report, publish when asked; the exit code follows the verdict."""
    from qe_actions.github.settings import parse_channels

    if args.print_schema:
        from qe_actions.gate.policy_file import schema_text

        sys.stdout.write(schema_text())
        return 0
    from qe_actions.gate.run import run_gate

    parse_channels(args.publish)  # a bad --publish is a usage error before anything runs
    if args.record and not args.history:
        from qe_actions.errors import UsageError

        raise UsageError("--record needs --history STORE (where to record the run)")
    report = run_gate(settings_from_args(args))
    from qe_actions.render.escape import plain_text

    for problem in report.problems:  # a problem may name a file or folder: one inert line each
        print(plain_text(f"qe gate: {problem}"), file=sys.stderr)
    rendered = write_outputs(report, args)
    return _publish(report, args, rendered.get("markdown"))


def _publish(report: GateReport, args: argparse.Namespace, markdown: str | None = None) -> int:
    """`--publish CHANNELS`: send the report to GitHub; a publishing failure keeps the verdict's exit code
    unless --fail-on-publish-error is given."""
    from qe_actions.github.settings import parse_channels

    if not parse_channels(args.publish):
        return report.exit_code
    from qe_actions.commands.publish import settings_from_args as publish_settings
    from qe_actions.github.publish import publish_report
    from qe_actions.render.json_report import report_document

    settings = publish_settings(
        args, gate_id=report.gate_id, report_json_path=args.json_output, report_markdown_path=args.markdown_output
    )
    outcome = publish_report(report_document(report, markdown), settings)
    return outcome.exit_code(settings.fail_on_publish_error)
