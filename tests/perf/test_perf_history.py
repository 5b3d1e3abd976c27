"""`--perf` with `--history`: the default branch records its benchmarks, a pull request is compared with the base
commit's recorded run, the noise is learned from the default branch, and the report draws a trend."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.perf.history import from_record, run_to_run_noise, to_record
from qe_actions.readers.benchmarks.detect import read_benchmarks
from tests.conftest import corpus_path
from tests.gitrepo import gate_checkout, git

POLICY = """gate:
  conditions:
    - metric: perf.regressions
      operator: "<="
      threshold: 0
perf:
  budgets:
    "python3 -S work.py stable": "< 1 s"
"""


def _hyperfine(path: Path, seed: int, slow: float = 1.0) -> None:
    """A hyperfine file shaped like the corpus's, its times drawn around 30 ms (the `slowed` one times `slow`)."""
    rng = random.Random(seed)
    results = []
    for name, centre in (("stable", 0.030), ("slowed", 0.030 * slow)):
        times = [centre * rng.gauss(1, 0.02) for _ in range(15)]
        results.append({"command": f"python3 -S work.py {name}", "mean": sum(times) / 15, "stddev": 0.0,
                        "times": times, "exit_codes": [0] * 15})  # fmt: skip
    path.write_text(json.dumps({"results": results}), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return gate_checkout(tmp_path, monkeypatch, {".qe.yml": POLICY, ".gitignore": "*.json\nstore/\nout.*\n"})


def _gate(*extra: str) -> int:
    return main(["gate", "--no-discover", "--diff-file", "/dev/null", "--perf", "bench.json", *extra])


def test_history_baseline_noise_and_trend(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for run in range(6):  # six default-branch commits, each recorded with its benchmarks
        if run:
            git(repo, "commit", "-q", "--allow-empty", "-m", f"main {run}")
        _hyperfine(repo / "bench.json", seed=run)
        assert _gate("--history", "store", "--record") == 0
    capsys.readouterr()
    git(repo, "checkout", "-q", "-b", "feature")
    git(repo, "commit", "-q", "--allow-empty", "-m", "slower")
    _hyperfine(repo / "bench.json", seed=99, slow=1.5)
    assert _gate("--history", "store", "--json-output", "out.json", "--markdown-output", "out.md") == 1
    doc = json.loads((repo / "out.json").read_text(encoding="utf-8"))
    perf = doc["perf"]
    assert perf["baseline_source"] == "history: " + git(repo, "rev-parse", "main")[:12]
    assert {b["name"]: b["verdict"] for b in perf["benchmarks"]} == {
        "python3 -S work.py stable": "unchanged",
        "python3 -S work.py slowed": "regressed",
    }
    condition = next(c for c in doc["conditions"] if c["metric"] == "perf.regressions")
    assert condition["value"] == 1 and condition["outcome"] == "fail"
    # the totals carry each benchmark's centre: what the history records and the dashboard charts
    means = doc["totals"]["benchmarks"]
    assert set(means) == {"python3 -S work.py stable", "python3 -S work.py slowed"}
    assert means["python3 -S work.py slowed"]["mean"] > 0.04 and means["python3 -S work.py slowed"]["unit"] == "s"
    assert any("noise learned from 6 default-branch run(s)" in n for n in perf["notes"])
    markdown = (repo / "out.md").read_text(encoding="utf-8")
    assert "### Performance" in markdown and "```mermaid\nxychart-beta" in markdown
    trend = markdown.split("```mermaid", 1)[1].split("```", 1)[0]
    points = trend.split("line [", 1)[1].split("]", 1)[0].split(", ")
    assert len(points) == 7 and float(points[-1]) > 40  # six recorded default-branch runs, then the head (ms)
    assert '"head"' in trend


def test_qe_perf_reads_the_history_too(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _hyperfine(repo / "bench.json", seed=1)
    assert _gate("--history", "store", "--record") == 0
    git(repo, "commit", "-q", "--allow-empty", "-m", "next")
    _hyperfine(repo / "bench.json", seed=2, slow=0.5)
    capsys.readouterr()
    assert main(["perf", "bench.json", "--history", "store", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {b["name"]: b["verdict"] for b in doc["benchmarks"]}["python3 -S work.py slowed"] == "improved"


def test_no_recorded_base_leaves_the_regressions_unmeasured(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _hyperfine(repo / "bench.json", seed=1)
    assert _gate("--history", "store", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    condition = next(c for c in doc["conditions"] if c["metric"] == "perf.regressions")
    assert condition["outcome"] == "not_evaluated" and "baseline" in condition["reason"]


def test_record_round_trip_keeps_samples() -> None:
    data = corpus_path("benchmarks", "gbench-head.json").read_bytes()
    benchmarks = read_benchmarks(data, "gbench-head.json")[1]
    back = {b.name: b for b in from_record(json.loads(json.dumps(to_record(benchmarks))))}
    for bench in benchmarks:
        again = back[bench.name]
        assert again.samples == pytest.approx(bench.samples, rel=1e-5) and again.error == bench.error
        assert again.bigger_is_better == bench.bigger_is_better and again.unit == bench.unit


def test_noise_is_the_robust_spread_of_the_centres() -> None:
    runs = [{"b": {"unit": "s", "samples": [v, v]}} for v in (1.0, 1.1, 0.9, 1.0, 1.05)]
    assert run_to_run_noise(runs)["b"] == pytest.approx(1.4826 * 0.05)
    assert run_to_run_noise(runs[:4]) == {}  # too few runs to learn from


def test_history_record_keeps_benchmarks(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`qe history record --perf` records the samples `qe perf --history` then compares with."""
    _hyperfine(repo / "bench.json", seed=1)
    assert main(["history", "record", "--store", "store", "--perf", "bench.json", "--no-discover"]) == 0
    git(repo, "commit", "-q", "--allow-empty", "-m", "next")
    _hyperfine(repo / "bench.json", seed=2, slow=1.5)
    capsys.readouterr()
    assert main(["perf", "bench.json", "--history", "store", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    slowed = next(b for b in doc["benchmarks"] if b["name"] == "python3 -S work.py slowed")
    assert slowed["verdict"] == "regressed" and slowed["samples"] == {"baseline": 15, "current": 15}
