"""Start-up overhead of our composite actions under act (host mode): cold venv, warm venv, reused interpreter.

    python bench/bench_actions.py [--runs 3]

Runs the quality-gate action on one small real JUnit report (publish: summary only, so no network) and reads
act's own step timings from `--json`: `setup` is the interpreter bootstrap, `action` the whole composite step.
`qe gate --publish summary,outputs` run directly on the same files is the work the action wraps; the
difference is the overhead.
The cold cases build the cached venv from scratch with empty download caches (HOME is a fresh directory),
from PyPI or your pip mirror: pip installs the dependencies while it builds our wheel (with the optional C
JUnit reader when there is a compiler), then the wheel (what runs when uv is not on PATH); or uv installs the
package when the runner's PATH has it (the bench pip-installs uv into a directory on PATH first; uv's own
install is not timed). Warm reuses the venv; "reuse python" is the interpreter on PATH that already has the
dependencies (qe then runs from the action's checkout, in pure Python).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.actions.act_runner import run_act
from tests.actions.repo import pr_event, real_reports, user_repo

WORKFLOW = """\
on: pull_request
permissions: {}
jobs:
  gate:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v4
      - id: gate
        uses: example-org/qe-actions/actions/quality-gate@v1
        with:
          tests: reports/junit.xml
          publish: summary
          fail-on: never
"""


def _step_seconds(result, step_path: list[str]) -> float:
    """act's executionTime (ns) of the step with this stepID path."""
    times = [
        line["executionTime"]
        for line in result.lines
        if line.get("stepID") == step_path and "executionTime" in line and line.get("stage") == "Main"
    ]
    return times[-1] / 1e9 if times else float("nan")


def _run(
    repo: Path, sha: str, work: Path, cache: Path, force_venv: bool, uv_dir: Path | None = None
) -> tuple[float, float, float]:
    env = {"QE_ACTIONS_VENV": "always"} if force_venv else {}
    # the machine's CA bundle, when it sets one (a TLS-inspecting mirror): uv does not read pip's config
    env.update({name: os.environ[name] for name in ("SSL_CERT_FILE", "SSL_CERT_DIR") if name in os.environ})
    started = time.perf_counter()
    result = run_act(
        repo,
        "gate.yml",
        event="pull_request",
        event_payload=pr_event(1, sha),
        work=work,
        api_url="http://127.0.0.1:9",
        env=env,
        action_cache=cache,
        extra_path=(str(uv_dir),) if uv_dir else (),
    )
    wall = time.perf_counter() - started
    assert result.job_result == "success", result.log()
    return _step_seconds(result, ["gate", "setup"]), _step_seconds(result, ["gate"]), wall


def _direct_gate(repo: Path, out: Path) -> float:
    """What the action's gate step does, run directly: `qe gate` publishing the summary and step outputs."""
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(out / "summary.md"), "GITHUB_OUTPUT": str(out / "output")}
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "qe_actions",
            "gate",
            "--tests",
            "reports/junit.xml",
            "--quiet",
            "--json-output",
            str(out / "report.json"),
            "--markdown-output",
            str(out / "report.md"),
            "--publish",
            "summary,outputs",
        ],
        cwd=repo,
        env=env,
        check=False,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        reports = real_reports(root / "project", failing=False)
        repo, sha = user_repo(root, reports, {"gate.yml": WORKFLOW})
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(root / "uv"), "uv"],
            check=True,
            capture_output=True,
        )
        rows: dict[str, list[tuple[float, float, float]]] = {
            "cold, pip": [],
            "cold, uv": [],
            "warm venv": [],
            "reuse python": [],
        }
        for index in range(args.runs):
            rows["cold, uv"].append(
                _run(repo, sha, root / f"uv-{index}", root / f"uv-cache-{index}", True, root / "uv" / "bin")
            )
            cache = root / f"cache-{index}"
            rows["cold, pip"].append(_run(repo, sha, root / f"cold-{index}", cache, True))
            rows["warm venv"].append(_run(repo, sha, root / f"warm-{index}", cache, True))
            rows["reuse python"].append(_run(repo, sha, root / f"reuse-{index}", cache, False))
        direct = statistics.median(_direct_gate(repo, root) for _ in range(args.runs))
    print(f"qe gate --publish summary,outputs run directly (the work itself): {direct:.2f} s")
    print(f"{'case':<14} {'setup step':>11} {'action step':>12} {'overhead':>9} {'act wall':>9}")
    for case, samples in rows.items():
        setup, action, wall = (statistics.median(column) for column in zip(*samples))
        print(f"{case:<14} {setup:>10.2f}s {action:>11.2f}s {action - direct:>8.2f}s {wall:>8.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
