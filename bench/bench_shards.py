"""Shards: imbalance and churn of `qe matrix` against pytest-split 0.11 (both algorithms) on the same real durations.

    pip install -e '.[test,bench]'            # pytest-split is in the bench extra
    python bench/bench_shards.py [--shards 8] [--seeds 3]

The suite is tests/corpus's 2,400-test project (regenerated from its generator into a temporary folder), and the
durations are the corpus's two real pytest runs of it. Every contender runs for real as a process:
`qe matrix --tests collected.txt --durations FILE.xml --shards N --format shards`, and pytest-split as
`pytest --collect-only -q --splits N --group G --splitting-algorithm A --durations-path FILE` for each group.

Scenarios (the planner sees the "seen" durations; balance is measured on the "true" ones):
- exact: run 1 seen, run 1 true.
- one new test: a test file with one new test is added (no duration for it); churn against exact.
- re-measured: run 2 (the same suite run again) seen and true; churn against exact.
- re-measured, noisy: run 1 x lognormal(0, 0.5) per test (the anchor's noise) seen, run 1 true; churn against exact.
- 20% new: a fifth of the tests have no recorded duration; run 1 true.
Imbalance is the slowest shard's true seconds / the mean; churn is the share of tests on another shard.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from qe_actions.matrix.inputs import junit_durations, read_tests_file  # noqa: E402
from qe_actions.matrix.select import pytest_key  # noqa: E402
from qe_actions.matrix.shard import churn  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
RUNS = [
    CORPUS / "junit" / "pytest9-xunit1-matrix-durations.xml",
    CORPUS / "junit" / "pytest9-xunit1-matrix-durations-rerun.xml",
]
NEW_TEST = "tests/test_zz_new.py::test_brand_new"
ALGORITHMS = ("least_duration", "duration_based_chunks")


def node_durations(ids: list[str], path: Path) -> dict[str, float]:
    seconds = junit_durations([str(path)], ".", "pytest").seconds
    return {t: seconds[pytest_key(t)] for t in ids if pytest_key(t) in seconds}


def write_junit(path: Path, durations: dict[str, float]) -> None:
    """The durations as a JUnit file pytest would write (xunit1), for `qe matrix --durations`."""
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">\n')
        for node, seconds in durations.items():
            file, _, rest = node.partition("::")
            parts = rest.split("::")
            classname = ".".join([file[:-3].replace("/", "."), *parts[:-1]])
            out.write(
                f"<testcase classname={quoteattr(classname)} name={quoteattr(parts[-1])} "
                f'file={quoteattr(file)} time="{seconds:.6f}"/>\n'
            )
        out.write("</testsuite></testsuites>\n")


def qe_split(suite: Path, ids_file: Path, junit: Path, shards: int) -> list[list[str]]:
    command = [
        sys.executable,
        "-m",
        "qe_actions",
        "matrix",
        "--python",
        "3.12",
        "--tests",
        str(ids_file),
        "--durations",
        str(junit),
        "--shards",
        str(shards),
        "--format",
        "shards",
    ]
    out = subprocess.run(
        command,
        cwd=suite,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin"},
    )
    return json.loads(out.stdout)["shards"]


def pytest_split(suite: Path, durations: dict[str, float], shards: int, algorithm: str) -> list[list[str]]:
    path = suite / "durations.json"
    path.write_text(json.dumps(durations, sort_keys=True, indent=4), encoding="utf-8")
    groups = []
    for group in range(1, shards + 1):
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "--collect-only",
                "-q",
                "-p",
                "no:cacheprovider",
                "--splits",
                str(shards),
                "--group",
                str(group),
                "--splitting-algorithm",
                algorithm,
                "--durations-path",
                str(path),
            ],
            cwd=suite,
            capture_output=True,
            text=True,
        )
        groups.append([line for line in out.stdout.splitlines() if "::" in line and " " not in line])
    return groups


def imbalance(groups: list[list[str]], true: dict[str, float], fallback: float) -> float:
    sums = [sum(true.get(t, fallback) for t in group) for group in groups]
    return max(sums) * len(sums) / sum(sums)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--seeds", type=int, default=3, help="seeds of the noisy and 20%-new scenarios")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        suite = Path(tmp) / "suite"
        suite.mkdir()
        subprocess.run([sys.executable, str(CORPUS / "generators" / "gen_matrix_suite.py")], cwd=suite, check=True)
        ids = read_tests_file(str(CORPUS / "logs" / "pytest9-matrix-collected.txt"))
        run1, run2 = node_durations(ids, RUNS[0]), node_durations(ids, RUNS[1])
        median = sorted(run1.values())[len(run1) // 2]
        scenarios: list[tuple[str, dict[str, float], dict[str, float], bool]] = [
            ("exact", run1, run1, False),
            ("one new test", run1, run1, True),
            ("re-measured (real rerun)", run2, run2, False),
        ]
        for seed in range(1, args.seeds + 1):
            rng = random.Random(seed)
            noisy = {t: s * rng.lognormvariate(0, 0.5) for t, s in run1.items()}
            scenarios.append((f"re-measured, noise seed {seed}", noisy, run1, False))
            missing = {t: s for t, s in run1.items() if rng.random() >= 0.2}
            scenarios.append((f"20% new, seed {seed}", missing, run1, False))
        results: dict[str, dict[str, tuple[float, float | None]]] = {}
        baseline: dict[str, list[list[str]]] = {}
        for name, seen, true, add in scenarios:
            work = suite
            ids_now = list(ids)
            if add:
                work = Path(tmp) / "suite-new"
                shutil.copytree(suite, work, dirs_exist_ok=True)
                (work / "tests" / "test_zz_new.py").write_text("def test_brand_new():\n    pass\n", encoding="utf-8")
                ids_now.append(NEW_TEST)
            ids_file = Path(tmp) / "ids.txt"
            ids_file.write_text("\n".join(ids_now) + "\n", encoding="utf-8")
            junit = Path(tmp) / "seen.xml"
            write_junit(junit, seen)
            row: dict[str, tuple[float, float | None]] = {}
            for contender in ("qe", *ALGORITHMS):
                if contender == "qe":
                    groups = qe_split(work, ids_file, junit, args.shards)
                else:
                    groups = pytest_split(work, seen, args.shards, contender)
                assert sorted(t for g in groups for t in g) == sorted(ids_now), f"{contender} lost or doubled tests"
                if name == "exact":
                    baseline[contender] = groups
                moved = None if name == "exact" or name.startswith("20%") else churn(baseline[contender], groups)
                row[contender] = (imbalance(groups, true, median), moved)
            results[name] = row
            print(
                f"{name:<30}"
                + "".join(
                    f"  {c}: {v[0]:.3f}" + (f" / {100 * v[1]:.1f}% moved" if v[1] is not None else "")
                    for c, v in row.items()
                ),
                flush=True,
            )
        print("\n| scenario | qe imbalance | least_duration | duration_based_chunks | qe moved | least moved |", end="")
        print(" chunks moved |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, row in results.items():
            cells = [f"{row[c][0]:.3f}" for c in ("qe", *ALGORITHMS)]
            cells += [("-" if row[c][1] is None else f"{100 * row[c][1]:.1f}%") for c in ("qe", *ALGORITHMS)]
            print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
