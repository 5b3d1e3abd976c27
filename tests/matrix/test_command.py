"""`qe matrix` end to end on the corpus: the runners' selection syntax, shard counts, durations from a history store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.history.local import LocalStore
from qe_actions.history.record import RunRecord
from qe_actions.matrix.inputs import pytest_node_id, read_tests_file
from qe_actions.matrix.select import parse_collected, pytest_key, selection_args, selection_file
from tests.conftest import corpus_path

RUN1 = str(corpus_path("junit", "pytest9-xunit1-matrix-durations.xml"))
IDS = str(corpus_path("logs", "pytest9-matrix-collected.txt"))


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["matrix", "--python", "3.12", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_selection_syntax_of_each_runner() -> None:
    ids = ["tests/test_a.py::TestX::test_y[1-a b]", "tests/test_b.py::test_z"]
    assert selection_args("pytest", ids, "/tmp/shard 1.txt") == "@/tmp/shard 1.txt"
    assert selection_file("pytest", ids) == "tests/test_a.py::TestX::test_y[1-a b]\ntests/test_b.py::test_z\n"
    assert selection_args("go", ["TestAdd", "TestSub_x"]) == "-run ^(TestAdd|TestSub_x)$"
    assert selection_args("jest", ["src/a.test.ts", "src/b.test.ts"]) == "src/a.test.ts src/b.test.ts"
    assert selection_args("plain", ["one", "two"]) == "one two"
    assert pytest_key("tests/pkg/test_m.py::TestX::test_y[1]") == "tests.pkg.test_m.TestX.test_y[1]"


def test_collected_ids_stop_at_pytests_summary_and_warnings() -> None:
    text = "a.py::t1\na.py::t2[x]\n\n=== warnings summary ===\nsome warning\n2 tests collected in 0.01s\n"
    assert parse_collected(text) == ["a.py::t1", "a.py::t2[x]"]
    assert parse_collected("a.py::t1\n\n2 tests collected in 0.01s\n") == ["a.py::t1"]


def test_node_ids_rebuilt_from_junit_with_and_without_the_file_attribute() -> None:
    assert pytest_node_id("tests.pkg.test_m.TestX", "test_y[1]", "tests/pkg/test_m.py") == (
        "tests/pkg/test_m.py::TestX::test_y[1]"
    )
    assert pytest_node_id("tests.test_m", "test_y", "tests/test_m.py") == "tests/test_m.py::test_y"
    # xunit2 has no file: the capitalised tail of the class name is the class
    assert pytest_node_id("tests.pkg.test_m.TestX", "test_y", None) == "tests/pkg/test_m.py::TestX::test_y"


def test_without_a_tests_list_the_durations_name_the_tests_as_pytest_node_ids(capsys) -> None:
    doc = _json(capsys, "--durations", RUN1, "--shards", "8", "--format", "json")
    planned = sorted(t for cell in doc["include"] for t in cell["tests"])
    assert planned == sorted(read_tests_file(IDS)), "xunit1 records map back to the collected node ids exactly"
    assert doc["imbalance"] <= 1.05 and len(doc["include"]) == 8
    assert sum(c["expected_seconds"] for c in doc["include"]) == pytest.approx(23.8, abs=0.5)


def test_target_minutes_chooses_the_shard_count_and_256_jobs_is_the_ceiling(capsys) -> None:
    # about 25 s of tests: 0.1 minutes a shard needs 5 shards (with the 1.05 slack)
    doc = _json(capsys, "--tests", IDS, "--durations", RUN1, "--target-minutes", "0.1", "--format", "matrix")
    assert {c["shards"] for c in doc["include"]} == {5} and "tests" not in doc["include"][0]
    assert sum(c["test_count"] for c in doc["include"]) == 2400
    assert main(["matrix", "--python", "3.10,3.11,3.12,3.13", "--os", "a,b,c", "--shards", "22"]) == 3
    assert "GitHub runs at most 256 per matrix (use at most 21 shards)" in capsys.readouterr().err
    doc = _json(capsys, "--tests", IDS, "--durations", RUN1, "--target-minutes", "0.001", "--format", "matrix")
    assert doc["include"][0]["shards"] == 256 and any("capped at 256" in n for n in doc["notes"])


def test_github_format_and_select_shard_round_trip(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.txt"
    assert (
        main(
            [
                "matrix",
                "--python",
                "3.11,3.12",
                "--tests",
                IDS,
                "--durations",
                RUN1,
                "--shards",
                "3",
                "--format",
                "github",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    lines = dict(line.split("=", 1) for line in out.read_text(encoding="utf-8").splitlines())
    assert json.loads(lines["matrix"])["include"][0]["cell"] == "py3.11-ubuntu-latest-1of3"
    assert lines["cells"] == "6"
    (tmp_path / "shards.json").write_text(lines["shards"], encoding="utf-8")
    seen: list[str] = []
    for shard in (1, 2, 3):
        assert (
            main(
                [
                    "matrix",
                    "--select-shard",
                    str(shard),
                    "--plan",
                    str(tmp_path / "shards.json"),
                    "--shard-file",
                    str(tmp_path / f"s{shard}.txt"),
                ]
            )
            == 0
        )
        assert capsys.readouterr().out == f"@{tmp_path / f's{shard}.txt'}\n"
        seen += (tmp_path / f"s{shard}.txt").read_text(encoding="utf-8").splitlines()
    assert sorted(seen) == sorted(read_tests_file(IDS))
    assert main(["matrix", "--select-shard", "4", "--plan", str(tmp_path / "shards.json")]) == 3
    assert "the plan has 3 shard(s)" in capsys.readouterr().err


def test_durations_from_a_history_store_use_the_median_of_recent_passing_runs(tmp_path: Path, capsys) -> None:
    store = LocalStore(str(tmp_path / "history"))
    for i, seconds in enumerate((1.0, 9.0, 2.0)):
        store.record(
            RunRecord(
                sha=f"{i:040x}",
                ref="refs/heads/main",
                pr=None,
                run_id=str(i),
                attempt=1,
                time=f"2026-12-0{i + 1}T00:00:00Z",
                tests={
                    "tests.test_a.test_slow": ("passed", seconds),
                    "tests.test_a.test_fast": ("passed", 0.1),
                    "tests.test_a.test_broken": ("failed", 50.0),
                },
            )
        )
    ids = tmp_path / "ids.txt"
    ids.write_text(
        "tests/test_a.py::test_slow\ntests/test_a.py::test_fast\ntests/test_a.py::test_broken\n"
        "tests/test_a.py::test_new\n",
        encoding="utf-8",
    )
    assert (
        main(
            [
                "matrix",
                "--python",
                "3.12",
                "--tests",
                str(ids),
                "--history",
                str(tmp_path / "history"),
                "--shards",
                "2",
                "--format",
                "json",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert "qe matrix: durations of 2 test(s) from 3 recorded run(s)" in captured.err.splitlines()
    assert sorted(t for c in doc["include"] for t in c["tests"]) == sorted(ids.read_text().split())
    # test_slow: the median of 1, 9 and 2 s; test_fast 0.1 s; the failed runs teach nothing, so test_broken and
    # the new test_new get the median of the measured ones, (2 + 0.1) / 2
    assert sum(c["expected_seconds"] for c in doc["include"]) == pytest.approx(2 + 0.1 + 2 * 1.05, abs=0.1)
    assert any("2 of 4 test(s) have no measured duration" in n for n in doc["notes"])


def test_history_seconds_of_a_matrix_run_count_one_run_per_test(tmp_path: Path, capsys) -> None:
    """A recorded gate run over 4 cells sums each test's 4 runs: its totals (8 tests, 32 runs) scale it back."""
    store = LocalStore(str(tmp_path / "history"))
    store.record(
        RunRecord(
            sha="a" * 40,
            ref="refs/heads/main",
            pr=None,
            run_id="1",
            attempt=1,
            time="2026-12-01T00:00:00Z",
            totals={"tests": {"tests": 8, "runs": 32}},
            tests={f"tests.test_a.test_{i}": ("passed", 4.0 * (i + 1)) for i in range(8)},
        )
    )
    assert main(["matrix", "--python", "3.12", "--history", str(tmp_path / "history"), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["include"][0]["expected_seconds"] == pytest.approx(sum(range(1, 9)))
    assert doc["include"][0]["tests"][0] == "tests/test_a.py::test_0"


def test_text_format_explains_the_plan(capsys) -> None:
    assert main(["matrix", "--python", "3.12", "--tests", IDS, "--durations", RUN1, "--shards", "8"]) == 0
    out = capsys.readouterr().out
    assert "8 shards: imbalance 1.0" in out and "shard 8/8:" in out and "8 job(s): python 3.12" in out


def test_go_and_vitest_durations_give_their_own_units(capsys) -> None:
    """Go: top-level test names (subtests are inside their parent's time); vitest: test files; jest-junit's
    default report names no file, so it gives no durations (its class names are test titles)."""
    go = _json(
        capsys,
        "--runner",
        "go",
        "--durations",
        str(corpus_path("junit", "go-calc.xml")),
        "--shards",
        "2",
        "--format",
        "shards",
    )
    names = sorted(t for shard in go["shards"] for t in shard)
    assert names and all(n.startswith(("Test", "Example")) and "/" not in n for n in names)
    assert [len(shard) for shard in go["shards"]] == [4, 4], "zero-second tests still balance by count"
    vitest = _json(
        capsys,
        "--runner",
        "vitest",
        "--durations",
        str(corpus_path("junit", "vitest-junit-unitconv.xml")),
        "--format",
        "shards",
    )
    assert vitest["shards"] == [["tests/vitest/units.test.js"]]
    jest = _json(
        capsys,
        "--runner",
        "jest",
        "--durations",
        str(corpus_path("junit", "jest-junit-unitconv.xml")),
        "--format",
        "shards",
    )
    assert jest["shards"] == [[]]
