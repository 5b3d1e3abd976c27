"""Broken and hostile benchmark files: each is one problem line and exit 3, never a traceback or a silent pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.errors import InputError
from qe_actions.readers.benchmarks.detect import read_benchmarks
from tests.conftest import corpus_path

BROKEN = {
    "gbench-time-not-a-number": {"context": {}, "benchmarks": [{"name": "a", "run_type": "iteration",
                                                                 "real_time": "fast", "time_unit": "ns"}]},
    "gbench-unknown-unit": {"context": {}, "benchmarks": [{"name": "a", "real_time": 1, "time_unit": "fortnight"}]},
    "gbench-entry-not-object": {"context": {}, "benchmarks": [1, 2]},
    "hyperfine-times-not-numbers": {"results": [{"command": "x", "mean": 1.0, "times": ["1", None]}]},
    "hyperfine-nan-mean": {"results": [{"command": "x", "mean": float("nan"), "times": [1.0, 2.0]}]},
    "pytest-benchmark-no-stats": {"machine_info": {}, "benchmarks": [{"name": "t"}]},
    "pytest-benchmark-name-missing": {"machine_info": {}, "benchmarks": [{"stats": {"mean": 1.0}}]},
    "pyperf-values-not-list": {"version": "1.0", "benchmarks": [{"metadata": {"name": "b"}, "runs": [{"values": 3}]}]},
    "custom-value-bool": [{"name": "a", "unit": "ms", "value": True}],
    "not-a-tool": {"hello": "world"},
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_one_input_error(name: str) -> None:
    data = json.dumps(BROKEN[name]).encode()
    with pytest.raises(InputError) as caught:
        read_benchmarks(data, f"{name}.json")
    assert str(caught.value).startswith(f"{name}.json: ") and "\n" not in str(caught.value)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_command_exits_3_and_names_the_file(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / f"{name}.json"
    bad.write_text(json.dumps(BROKEN[name]), encoding="utf-8")
    code = main(["perf", str(bad), "--baseline", str(corpus_path("benchmarks", "hyperfine-base.json"))])
    out, err = capsys.readouterr()
    assert code == 3 and "Traceback" not in err
    assert f"{name}.json" in out


def test_deeply_nested_json_is_refused_not_crashed(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_benchmarks(b"[" * 10_000 + b"]" * 10_000, "deep.json")


def test_a_huge_file_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QE_MAX_REPORT_MB", "0.001")
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"results": [{"command": "x" * 5000, "mean": 1.0}]}), encoding="utf-8")
    assert main(["perf", str(big), "--baseline", str(big)]) == 3
    assert "too large" in capsys.readouterr().out
