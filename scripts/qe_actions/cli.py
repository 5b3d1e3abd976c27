"""The `qe` command line: a thin dispatcher that imports only the subcommand it runs, so start-up is fast.

Each subcommand lives in `qe_actions.commands.<name>` and provides `add_arguments(parser)` and
`run(args) -> int`. `main(argv)` never reads `sys.argv` itself when given a list, and turns every
expected error into one line on stderr and exit code 3.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from qe_actions import __version__
from qe_actions.errors import QeError
from qe_actions.verdict import Verdict

# name -> one-line help. The module is imported only when its command runs.
COMMANDS: dict[str, str] = {
    "demo": "run the gate on the sample reports that ship with qe-actions",
    "tests": "summarise test results (JUnit XML in any common dialect)",
    "coverage": "summarise coverage reports and the coverage of a change",
    "findings": "summarise SARIF and linter findings, new versus existing",
    "gate": "evaluate the quality gate over tests, coverage and findings",
    "publish": "publish a saved gate report to GitHub",
    "history": "record gate runs in a history store and list them",
    "badge": "draw a shields.io-style SVG badge, or a gate report's badges",
    "dashboard": "write a static page of the history's trends (index.html and data)",
    "image-meta": "Docker tags, version and OCI labels for this ref (docker/metadata-action's rules)",
    "health-check": "poll a URL until it answers as expected (backoff with jitter), or time out",
    "deploy": "deploy with GitHub Deployments: gate check, statuses, health check, automatic rollback",
    "matrix": "plan a test matrix: Python versions, runner labels, balanced stable shards",
    "hook": "the checks behind our pre-commit hooks (commit message, secrets, policy, workflow lint)",
    "release": "the next version from Conventional Commits, its release notes, and the GitHub release",
    "perf": "compare benchmark results with a baseline: significant, large enough regressions; budgets",
}

EPILOG = "exit codes: 0 pass, 1 fail, 2 passed with warnings, 3 could not evaluate (bad input or usage)"


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 3 as documented, not argparse's 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(Verdict.ERROR.exit_code, f"{self.prog}: error: {message}\n")


def _top_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qe",
        description="qe-actions: one quality gate for tests, coverage, findings and lint.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"qe {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, summary in COMMANDS.items():
        subparsers.add_parser(name, help=summary, add_help=False)
    return parser


def _command_parser(name: str) -> tuple[argparse.ArgumentParser, object]:
    module = importlib.import_module(f"qe_actions.commands.{name.replace('-', '_')}")
    parser = _Parser(prog=f"qe {name}", description=COMMANDS[name], epilog=EPILOG)
    module.add_arguments(parser)
    return parser, module


def _code_of(stop: SystemExit) -> int:
    return stop.code if isinstance(stop.code, int) else Verdict.ERROR.exit_code


def _exit_status(parse: Callable[[list[str]], object], args: list[str]) -> int:
    try:
        parse(args)
    except SystemExit as stop:
        return _code_of(stop)
    return Verdict.ERROR.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `qe` and `python -m qe_actions`; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in COMMANDS:
        top = _top_parser()
        if not args:
            top.print_help(sys.stderr)
            return Verdict.ERROR.exit_code
        return _exit_status(top.parse_args, args)  # prints help/version, or a usage error (exit 3)
    parser, module = _command_parser(args[0])
    try:
        namespace = parser.parse_args(args[1:])
    except SystemExit as stop:  # --help (0) or a usage error (3): return it, so main() never raises
        return _code_of(stop)
    try:
        return int(module.run(namespace))  # type: ignore[attr-defined]
    except QeError as exc:
        print(f"qe {args[0]}: {exc}", file=sys.stderr)
        return Verdict.ERROR.exit_code
    except KeyboardInterrupt:
        print(f"qe {args[0]}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return Verdict.PASS.exit_code
