"""`qe history record|list`: remember a gate run in a store (folder or git data branch) and list what is kept."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from qe_actions.numbers import bounded_int
from qe_actions.output import dump_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`record` and `list`, each with `--store`."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    record = actions.add_parser("record", help="record one run (the gate's totals and per-test detail)")
    record.add_argument("--store", default=".qe/history", help="folder or git:BRANCH (default: .qe/history)")
    for flag, what in (("--tests", "JUnit XML"), ("--coverage", "coverage reports"), ("--lint", "linter output")):
        record.add_argument(flag, action="append", default=[], metavar="GLOB", help=what)
    record.add_argument("--findings", "--sarif", dest="findings", action="append", default=[], metavar="GLOB")
    record.add_argument(
        "--perf", action="append", default=[], metavar="GLOB", help="benchmark results (kept with their samples)"
    )
    record.add_argument("--sha", help="commit (default: GITHUB_SHA, else git HEAD)")
    record.add_argument("--ref", help="ref (default: GITHUB_REF, else the checked-out branch)")
    record.add_argument("--pr", type=bounded_int, help="pull request number (default: from the event)")
    record.add_argument(
        "--keep", type=bounded_int, help="runs kept for this ref (default: 1000 default branch, 20 other)"
    )
    record.add_argument("--no-discover", action="store_true", help="do not search for reports when none is given")
    listing = actions.add_parser("list", help="list recorded runs, newest first")
    listing.add_argument("--store", default=".qe/history", help="folder or git:BRANCH (default: .qe/history)")
    listing.add_argument("--ref", help="only runs of this ref")
    listing.add_argument("--format", choices=("text", "json"), default="text")


def _record(args: argparse.Namespace, env: Mapping[str, str], cwd: Path) -> int:
    from qe_actions.gate.metrics import REPORT_KINDS
    from qe_actions.gate.policy_file import load_policy
    from qe_actions.gate.run import GateSettings, choose_inputs, repo_root, run_gate
    from qe_actions.history.details import details
    from qe_actions.history.identity import default_branch, run_identity
    from qe_actions.history.record import record_from_report
    from qe_actions.history.retention import keep_for
    from qe_actions.history.store import open_store
    from qe_actions.render.json_report import render_report

    settings = GateSettings(
        cwd=cwd,
        patterns={kind: tuple(getattr(args, kind)) for kind in REPORT_KINDS},
        env=env,
        discover=not args.no_discover,
        perf=tuple(args.perf),
    )  # what `qe gate` with these inputs would read, so the recorded totals are the ones it prints
    info = asdict(run_identity(env, str(cwd), sha=args.sha, ref=args.ref, pr=args.pr))
    store = open_store(args.store, str(cwd))
    gate_report = run_gate(settings)
    report = json.loads(render_report(gate_report))  # the gate's own loading: the totals are the gate's
    root = repo_root(cwd)
    policy = load_policy(None, root, cwd)
    chosen = choose_inputs(settings, policy, root)
    more = details(chosen.patterns, str(chosen.base), policy.inputs.path_fixes)
    run = record_from_report(report, **info, **more)
    if gate_report.perf is not None:  # `--perf`: what `qe perf --history` and `qe gate --perf --history` compare with
        from qe_actions.perf.history import to_record

        run = replace(run, benchmarks=to_record(gate_report.perf.current))
    keep = keep_for(run.ref, default_branch(env, str(cwd)), args.keep)
    name = store.record(run, keep=keep)
    if name:
        print(f"recorded {run.sha[:12]} on {run.ref} as {name}")
    for problem in report.get("problems") or ():
        print(f"qe history: {problem}", file=sys.stderr)
    return 0


def _list(args: argparse.Namespace, cwd: Path) -> int:
    from qe_actions.history.store import open_store

    runs = open_store(args.store, str(cwd)).runs(args.ref)
    rows: list[dict[str, Any]] = [
        {"sha": r.sha, "ref": r.ref, "pr": r.pr, "time": r.time, "totals": dict(r.totals)} for r in runs
    ]
    if args.format == "json":
        print(dump_json({"runs": rows}, indent=2, ensure_ascii=False))
        return 0
    print(f"{'time':<27}  {'sha':<12}  {'ref':<30}  {'pr':>5}  {'tests':>7}  {'failed':>6}  {'coverage':>8}")
    for row in rows:
        tests = row["totals"].get("tests") or {}
        cover = (row["totals"].get("coverage") or {}).get("percent")
        failed = int(tests.get("failed", 0)) + int(tests.get("errors", 0)) if tests else ""
        print(
            f"{row['time']:<27}  {row['sha'][:12]:<12}  {row['ref'][:30]:<30}  {row['pr'] or '':>5}  "
            f"{tests.get('tests', ''):>7}  {failed:>6}  {'' if cover is None else f'{cover:.2f}%':>8}"
        )
    print(f"{len(rows)} run(s)")
    return 0


def run(args: argparse.Namespace, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> int:
    """Dispatch `record` or `list`."""
    here = cwd or Path.cwd()
    if args.action == "record":
        return _record(args, dict(os.environ) if env is None else env, here)
    return _list(args, here)
