"""`qe matrix`: the test matrix (Python versions from pyproject.toml x runner labels x balanced, stable shards),
and, with `--select-shard`, one shard's tests in the runner's selection syntax."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qe_actions.errors import UsageError
from qe_actions.matrix.select import RUNNERS
from qe_actions.numbers import bounded_int

MAX_OUTPUT = 900_000  # a job's outputs may total 1 MB (GitHub); keep room for the others


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The plan's sources, the shard count, and the output format."""
    parser.add_argument("--pyproject", default="pyproject.toml", help="where the Python versions come from")
    parser.add_argument("--python", help="the versions to test (3.11,3.12), instead of reading pyproject.toml")
    parser.add_argument("--available", default="3.10-3.13", help="versions setup-python offers (default 3.10-3.13)")
    parser.add_argument("--os", default="ubuntu-latest", help="runner labels, comma-separated (default ubuntu-latest)")
    count = parser.add_mutually_exclusive_group()
    count.add_argument("--shards", type=bounded_int, help="shards per python x os pair")
    count.add_argument("--target-minutes", type=float, help="choose the shard count so each takes about M minutes")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--durations", action="append", default=[], metavar="GLOB", help="JUnit XML with timings")
    source.add_argument("--history", metavar="STORE", help="history store (folder or git:BRANCH) with timings")
    parser.add_argument("--history-ref", help="with --history: only runs of this ref (e.g. refs/heads/main)")
    parser.add_argument("--tests", metavar="FILE", help="the test ids to split (`pytest --collect-only -q` output)")
    parser.add_argument("--runner", choices=RUNNERS, default="pytest", help="selection syntax (default pytest)")
    parser.add_argument("--max-imbalance", type=float, default=1.05, help="slowest/mean shard to reach (1.05)")
    parser.add_argument(
        "--format",
        choices=("text", "json", "matrix", "shards", "github"),
        default="text",
        help="json: include list with tests; matrix: without tests; shards: tests per shard; github: outputs",
    )
    parser.add_argument("--output", default="-", help="file to write (default stdout)")
    parser.add_argument("--select-shard", type=bounded_int, metavar="K", help="print shard K's selection of --plan")
    parser.add_argument("--plan", metavar="FILE", help="with --select-shard: a shards or json document (`-`: stdin)")
    parser.add_argument("--shard-file", metavar="PATH", help="with --select-shard: also write the ids to PATH")


def _versions(args: argparse.Namespace, cwd: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from qe_actions.matrix.inputs import read_pyproject
    from qe_actions.matrix.pyversions import parse_available, supported_versions, version_key

    available = parse_available(args.available)
    if args.python:
        chosen = parse_available(args.python)
        return tuple(sorted(chosen, key=version_key)), (f"versions given: {', '.join(chosen)}",)
    path = Path(args.pyproject)
    found = supported_versions(read_pyproject(str(path if path.is_absolute() else cwd / path)), available)
    return found.versions, found.notes


def _tests_and_durations(args: argparse.Namespace, cwd: Path) -> tuple[list[str], dict[str, float], list[str]]:
    from qe_actions.matrix.inputs import Durations, history_durations, junit_durations, read_tests_file

    notes: list[str] = []
    durations = Durations()
    if args.durations:
        durations = junit_durations(args.durations, str(cwd), args.runner)
        notes.append(f"durations of {len(durations.seconds)} test(s) from {len(durations.files)} JUnit file(s)")
        if not durations.files:
            raise UsageError(f"--durations {' '.join(args.durations)}: no readable JUnit file")
    elif args.history:
        durations = history_durations(args.history, str(cwd), args.runner, args.history_ref)
        notes.append(f"durations of {len(durations.seconds)} test(s) from {len(durations.files)} recorded run(s)")
    notes += [f"skipped: {problem}" for problem in durations.problems]
    if args.tests:
        tests = read_tests_file(
            args.tests if args.tests == "-" or Path(args.tests).is_absolute() else str(cwd / args.tests)
        )
        if not tests:
            raise UsageError(f"--tests {args.tests}: no test id in it")
        return tests, durations.seconds, notes
    from qe_actions.matrix.select import unit_key

    by_id = {durations.ids.get(key, key): seconds for key, seconds in durations.seconds.items()}
    if by_id:
        notes.append("tests from the durations: a test they do not name is in no shard (give --tests)")
    return sorted(by_id), {unit_key(args.runner, test): s for test, s in by_id.items()}, notes


def _select(args: argparse.Namespace, cwd: Path) -> int:
    from qe_actions.matrix.plan import shard_tests
    from qe_actions.matrix.select import selection_args, selection_file
    from qe_actions.output import write_text

    if not args.plan:
        raise UsageError("--select-shard needs --plan (the `qe matrix --format shards` document)")
    try:
        text = sys.stdin.read() if args.plan == "-" else (cwd / args.plan).read_text(encoding="utf-8")
        document = json.loads(text)
    except OSError as exc:
        raise UsageError(f"--plan {args.plan}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise UsageError(f"--plan {args.plan}: not JSON ({exc})") from None
    if not isinstance(document, dict):
        raise UsageError(f"--plan {args.plan}: not a qe matrix plan")
    runner, tests = shard_tests(document, args.select_shard)
    if args.shard_file:
        write_text(str(cwd / args.shard_file), selection_file(runner, tests))
    write_text(args.output, selection_args(runner, tests, args.shard_file) + "\n")
    return 0


def _render(args: argparse.Namespace, plan: Any, notes: Sequence[str]) -> str:
    from qe_actions.matrix.plan import matrix_document, shards_document
    from qe_actions.output import dump_json

    if args.format == "json":
        return dump_json(matrix_document(plan), indent=2) + "\n"
    if args.format == "matrix":
        return dump_json(matrix_document(plan, with_tests=False), separators=(",", ":")) + "\n"
    if args.format == "shards":
        return dump_json(shards_document(plan), separators=(",", ":")) + "\n"
    if args.format == "github":
        matrix = dump_json({"include": matrix_document(plan, with_tests=False)["include"]}, separators=(",", ":"))
        shards = dump_json(shards_document(plan), separators=(",", ":"))
        if len(matrix) + len(shards) > MAX_OUTPUT:
            raise UsageError(
                f"the plan is {len(matrix) + len(shards)} bytes; job outputs hold at most 1 MB: write "
                "--format shards to a file and pass it to the cells as an artifact"
            )
        return f"matrix={matrix}\nshards={shards}\ncells={len(plan.split.tests) * _pairs(plan)}\n"
    lines = [*notes, *plan.notes]
    for index, (group, seconds) in enumerate(zip(plan.split.tests, plan.split.seconds), start=1):
        lines.append(f"shard {index}/{plan.count}: {len(group)} test(s), {seconds:.1f} s expected")
    lines.append(
        f"{plan.count * _pairs(plan)} job(s): python {', '.join(plan.request.versions)} "
        f"x {', '.join(plan.request.oses)} x {plan.count} shard(s)"
    )
    return "\n".join(lines) + "\n"


def _pairs(plan: Any) -> int:
    return len(plan.request.versions) * len(plan.request.oses)


def run(args: argparse.Namespace, cwd: Path | None = None) -> int:
    """Print the plan (or one shard's selection); exit 0, or 3 with one line when it cannot be made."""
    from qe_actions.matrix.inputs import check_os_labels
    from qe_actions.matrix.plan import PlanRequest, make_plan
    from qe_actions.output import write_text

    here = cwd or Path.cwd()
    if args.select_shard is not None:
        return _select(args, here)
    if not 1.0 <= args.max_imbalance < 10:
        raise UsageError("--max-imbalance must be between 1 and 10 (slowest shard / mean shard)")
    versions, version_notes = _versions(args, here)
    tests, durations, source_notes = _tests_and_durations(args, here)
    request = PlanRequest(
        versions=versions,
        oses=check_os_labels(args.os.split(",")),
        tests=tuple(tests),
        durations=durations,
        runner=args.runner,
        shards=args.shards,
        target_minutes=args.target_minutes,
        target=args.max_imbalance,
    )
    plan = make_plan(request)
    notes = [*version_notes, *source_notes]
    if args.format != "text":
        for line in [*notes, *plan.notes]:
            print(f"qe matrix: {line}", file=sys.stderr)
    write_text(args.output, _render(args, plan, notes))
    return 0
