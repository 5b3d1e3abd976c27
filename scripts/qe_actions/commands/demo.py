"""`qe demo`: run `qe gate` on the sample reports that ship inside the package and show the report (offline)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Only the format: the inputs are the bundled samples."""
    from qe_actions.commands.gate import FORMATS

    parser.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")


def run(args: argparse.Namespace) -> int:
    """Exit 0 when the gate could evaluate the samples (whatever its verdict), else its exit code."""
    from qe_actions.commands.gate import render
    from qe_actions.gate.run import run_gate
    from qe_actions.gate.samples import COMMAND, copy_samples, sample_settings

    with tempfile.TemporaryDirectory(prefix="qe-demo-") as tmp:
        directory = copy_samples(Path(tmp))
        report = run_gate(sample_settings(directory))
    sys.stdout.write(render(report, args.format))
    print(
        f"\n(qe demo ran `{COMMAND}` on the sample reports bundled with qe-actions: verdict {report.verdict}; "
        f"that run exits {report.exit_code}, the demo exits 0 because the evaluation worked)",
        file=sys.stderr if args.format == "json" else sys.stdout,
    )
    return 0 if report.verdict != "error" else report.exit_code
