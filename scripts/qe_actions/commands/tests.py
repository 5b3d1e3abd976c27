"""`qe tests`: summarise JUnit XML reports from files and globs; the exit code is its default policy's verdict."""

from __future__ import annotations

import argparse
import sys

from qe_actions.model.tests import TestSummary
from qe_actions.numbers import bounded_int


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH_OR_GLOB", help="report files or globs (`**` recurses; `!pattern` excludes)"
    )
    parser.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument("--json", action="store_const", const="json", dest="format", help="shortcut for --format json")
    parser.add_argument(
        "--output", "-o", default="-", metavar="FILE", help="write the report to FILE (atomically) instead of stdout"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="text format: print only the counts line")
    parser.add_argument(
        "--slowest", type=bounded_int, default=5, metavar="N", help="text format: show the N slowest tests (default 5)"
    )


def render(summary: TestSummary, fmt: str, *, colour: bool, quiet: bool, slowest: int) -> str:
    if fmt == "json":
        from qe_actions.render.json_report import render_tests as render_json

        return render_json(summary)
    if fmt == "markdown":
        from qe_actions.render.markdown import render_tests as render_markdown

        return render_markdown(summary)
    from qe_actions.render.text import render_tests as render_text

    return render_text(summary, colour=colour, quiet=quiet, slowest=slowest)


def run(args: argparse.Namespace) -> int:
    from qe_actions.gate.policy_defaults import tests_decision
    from qe_actions.load.tests import load_tests
    from qe_actions.output import use_colour, write_text

    summary = load_tests(args.paths)
    for problem in summary.problems:
        print(f"qe tests: {problem.line()}", file=sys.stderr)
    colour = args.output == "-" and use_colour(sys.stdout)
    write_text(args.output, render(summary, args.format, colour=colour, quiet=args.quiet, slowest=args.slowest))
    return tests_decision(summary).verdict.exit_code
