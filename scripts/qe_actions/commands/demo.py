"""`qe demo`: run the main job on the sample reports that ship inside the package (works offline)."""

from __future__ import annotations

import argparse
from importlib import resources


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="output format (default: text)")


def run(args: argparse.Namespace) -> int:
    from qe_actions.commands import tests as tests_command
    from qe_actions.load.tests import load_tests

    samples = resources.files("qe_actions") / "samples" / "tests"
    summary = load_tests(["*.xml"], cwd=str(samples))
    print(tests_command.render(summary, args.format, colour=False, quiet=False, slowest=5), end="")
    code = tests_command.exit_code(summary)
    print(f"\n(demo on the bundled sample reports: a real run on these files exits {int(code)})")
    return 0 if code != 3 else 3
