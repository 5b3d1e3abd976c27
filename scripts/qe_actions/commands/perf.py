"""`qe perf HEAD_FILE... --baseline BASE_FILE...`: compare benchmark results with statistics, check budgets.

Exit codes: 0 nothing regressed and every budget met, 1 a regression or a budget not met, 2 a benchmark errored
or went missing (nothing regressed), 3 could not evaluate (no or unreadable input, bad usage).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path

from qe_actions.errors import UsageError
from qe_actions.verdict import Verdict

FORMATS = ("text", "markdown", "json")


def _percent(text: str) -> float:
    """`5`, `5%` or `12.5` (percent) -> 0.05 ..."""
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a percentage such as 5 or 5%, not {text!r}") from None
    if not 0 < value <= 1000:
        raise argparse.ArgumentTypeError(f"expected a percentage above 0 and at most 1000, not {text!r}")
    return value / 100


def _alpha(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 0.5:
        raise argparse.ArgumentTypeError(f"expected a significance level above 0 and at most 0.5, not {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """HEAD_FILE... then `--baseline BASE_FILE...` (or `--history STORE`), the rule's knobs and the output."""
    from qe_actions.readers.benchmarks.detect import FORMATS as INPUTS

    parser.add_argument("current", nargs="*", metavar="HEAD_FILE", help="benchmark results of this run (globs too)")
    parser.add_argument(
        "--baseline",
        nargs="+",
        action="extend",
        default=[],
        metavar="BASE_FILE",
        help="benchmark results to compare with",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    parser.add_argument("--output", "-o", default="-", metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--min-effect", type=_percent, metavar="PERCENT", help="smallest change that counts (default 5)"
    )
    parser.add_argument("--alpha", type=_alpha, help="significance level after Holm's correction (default 0.01)")
    parser.add_argument(
        "--bigger-is-better", action="append", default=[], metavar="GLOB", help="benchmarks better when bigger"
    )
    parser.add_argument("--input-format", choices=INPUTS, help="read every file as this tool's JSON (default: detect)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="policy file (default .qe.yml or [tool.qe])")
    parser.add_argument(
        "--history", metavar="STORE", help="baseline from the base commit's recorded run, noise from the default branch"
    )
    parser.add_argument("--base", metavar="REF", help="with --history: the base commit (default: the pull request's)")


def run(args: argparse.Namespace, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> int:
    """Load, compare, check budgets, render; the exit code is the verdict's."""
    from dataclasses import replace

    from qe_actions.gate.policy_file import load_policy
    from qe_actions.gate.run import repo_root
    from qe_actions.output import write_text
    from qe_actions.perf.run import perf_run

    here = cwd or Path.cwd()
    environ = dict(os.environ) if env is None else env
    policy = load_policy(args.config, repo_root(here), here).perf
    if args.min_effect is not None:
        policy = replace(policy, min_effect=args.min_effect)
    if args.alpha is not None:
        policy = replace(policy, alpha=args.alpha)
    policy = replace(policy, bigger_is_better=policy.bigger_is_better + tuple(args.bigger_is_better))
    current = tuple(args.current) or policy.current
    baseline = tuple(args.baseline) or policy.baseline
    if not current:
        raise UsageError("no benchmark results given: name HEAD_FILE... (or perf.current in the policy)")
    if not baseline and not args.history:
        raise UsageError("nothing to compare with: give --baseline BASE_FILE... or --history STORE")
    result = perf_run(policy, current, baseline, here, args.input_format, args.history, args.base, environ)
    write_text(args.output, _render(result, args.format))
    return Verdict(result.verdict).exit_code


def _render(result: object, fmt: str) -> str:
    from qe_actions.render import json_report, rows, text

    if fmt == "json":
        return json_report.render_perf(result)  # type: ignore[arg-type]
    if fmt == "markdown":
        from qe_actions.render.escape import markdown_text

        heading = f"### Performance: {markdown_text(text.perf_headline(result))}\n\n"  # type: ignore[arg-type]
        return heading + rows.perf_markdown(result)  # type: ignore[arg-type]
    return text.render_perf(result)  # type: ignore[arg-type]
