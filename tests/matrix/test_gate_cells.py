"""The gate over a planned matrix: real pytest shards of a small project, merged; missing and per-cell results."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qe_actions.cli import main

PROJECT = {
    "test_calc.py": (
        "import os\n\n"
        "def test_add():\n    assert 1 + 1 == 2\n\n"
        "def test_sub():\n    assert 2 - 1 == 1\n\n"
        "def test_only_fails_on_310():\n    assert os.environ['FAKE_PY'] != '3.10', 'removed API on 3.10'\n\n"
        "class TestMul:\n    def test_mul(self):\n        assert 2 * 3 == 6\n\n"
        "    def test_broken(self):\n        assert 2 * 3 == 7\n"
    ),
    "test_more.py": "import pytest\n\n@pytest.mark.parametrize('n', [1, 2, 3])\ndef test_n(n):\n    assert n\n",
}


def _pytest(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **(env or {})},
    )


@pytest.fixture(scope="module")
def matrix_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Plan 2 pythons x 2 shards, run each cell's shard with real pytest (`@file`), reports under <cell>/."""
    root = tmp_path_factory.mktemp("matrix")
    for name, text in PROJECT.items():
        (root / name).write_text(text, encoding="utf-8")
    collected = _pytest(["--collect-only", "-q"], root)
    (root / "collected.txt").write_text(collected.stdout, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert (
            main(
                [
                    "matrix",
                    "--python",
                    "3.10,3.12",
                    "--shards",
                    "2",
                    "--tests",
                    "collected.txt",
                    "--format",
                    "json",
                    "--output",
                    "plan.json",
                ]
            )
            == 0
        )
        plan = json.loads((root / "plan.json").read_text(encoding="utf-8"))
        for cell in plan["include"]:
            shard_file = f"shard-{cell['cell']}.txt"
            assert (
                main(
                    [
                        "matrix",
                        "--select-shard",
                        str(cell["shard"]),
                        "--plan",
                        "plan.json",
                        "--shard-file",
                        shard_file,
                        "--output",
                        "args.txt",
                    ]
                )
                == 0
            )
            assert (root / "args.txt").read_text(encoding="utf-8") == f"@{shard_file}\n"
            report = root / "reports" / cell["cell"] / "junit.xml"
            _pytest(["-q", f"@{shard_file}", f"--junitxml={report}"], root, {"FAKE_PY": cell["python"]})
            assert report.is_file()
    finally:
        os.chdir(cwd)
    return root


def _gate(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict]:
    code = main(
        [
            "gate",
            "--tests",
            str(root / "reports/**/*.xml"),
            "--matrix",
            str(root / "plan.json"),
            "--no-discover",
            "--diff-file",
            os.devnull,
            "--format",
            "json",
            *extra,
        ]
    )
    return code, json.loads(capsys.readouterr().out)


def _metric(report: dict, name: str) -> object:
    return next(row["value"] for row in report["conditions"] if row["metric"] == name)


def test_every_test_runs_in_exactly_one_shard_per_cell(matrix_run: Path) -> None:
    plan = json.loads((matrix_run / "plan.json").read_text(encoding="utf-8"))
    by_python: dict[str, list[str]] = {}
    for cell in plan["include"]:
        by_python.setdefault(cell["python"], []).extend(cell["tests"])
    collected = [line for line in (matrix_run / "collected.txt").read_text().splitlines() if "::" in line]
    assert len(collected) == 8
    assert all(sorted(tests) == sorted(collected) for tests in by_python.values())
    assert [c["cell"] for c in plan["include"]] == [
        "py3.10-ubuntu-latest-1of2",
        "py3.10-ubuntu-latest-2of2",
        "py3.12-ubuntu-latest-1of2",
        "py3.12-ubuntu-latest-2of2",
    ]


def test_the_gate_merges_the_cells_and_says_where_a_test_fails(matrix_run: Path, capsys) -> None:
    code, report = _gate(matrix_run, capsys)
    assert code == 1 and report["verdict"] == "fail"
    tests = report["totals"]["tests"]
    assert (tests["tests"], tests["runs"]) == (8, 16), "each test once, run once per python"
    assert _metric(report, "missing_cells") == 0
    assert _metric(report, "failed_tests") == 2, "test_broken everywhere, and the 3.10-only failure (not flaky)"
    assert tests["flaky"] == 0
    rows = {row["name"]: row for row in report["failing_tests"]}
    assert rows["test_calc.test_only_fails_on_310"]["message"].startswith("fails on python 3.10: ")
    assert rows["test_calc.test_only_fails_on_310"]["flaky"] is False
    assert "matrix: test_calc.test_only_fails_on_310 fails on python 3.10" in report["notes"]
    assert "matrix: 4 of 4 planned cells reported completely" in report["notes"]


def test_a_cell_without_reports_is_missing_and_fails_the_gate(matrix_run: Path, capsys, tmp_path: Path) -> None:
    copy = tmp_path / "run"
    shutil.copytree(matrix_run, copy)
    shutil.rmtree(copy / "reports" / "py3.12-ubuntu-latest-2of2")
    code, report = _gate(copy, capsys)
    assert code == 1 and _metric(report, "missing_cells") == 1
    assert any(n.startswith("matrix cell py3.12-ubuntu-latest-2of2: missing") for n in report["notes"])
    assert "Matrix cells without a complete report" in report["title"]
    # a policy may relax it: the user's condition on the same metric replaces the default one
    (copy / "qe-policy.yml").write_text(
        "gate:\n  conditions:\n    - {metric: missing_cells, operator: '<=', threshold: 1, level: warn}\n"
        "    - {metric: failed_tests, operator: '<=', threshold: 2}\n",
        encoding="utf-8",
    )
    code, report = _gate(copy, capsys, "--config", str(copy / "qe-policy.yml"))
    assert _metric(report, "missing_cells") == 1 and code == 0, report["title"]


def test_a_cell_with_fewer_tests_than_planned_is_incomplete(matrix_run: Path, capsys, tmp_path: Path) -> None:
    copy = tmp_path / "run"
    shutil.copytree(matrix_run, copy)
    cell = copy / "reports" / "py3.10-ubuntu-latest-1of2"
    plan = json.loads((copy / "plan.json").read_text(encoding="utf-8"))
    first = next(c for c in plan["include"] if c["cell"] == cell.name)
    (copy / "one.txt").write_text(first["tests"][0] + "\n", encoding="utf-8")
    _pytest(["-q", "@one.txt", f"--junitxml={cell / 'junit.xml'}"], copy, {"FAKE_PY": "3.10"})
    code, report = _gate(copy, capsys)
    assert _metric(report, "missing_cells") == 1
    wanted = f"matrix cell {cell.name}: incomplete, 1 of {len(first['tests'])} planned tests reported"
    assert wanted in report["notes"]
