"""`qe perf` end to end on the real corpus files: verdicts, direction, exit codes, the JSON shape, budgets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.cli import main
from tests.conftest import corpus_path
from tests.golden import assert_golden

BENCH = corpus_path("benchmarks")


def _perf(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["perf", *args, "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out else {}


def _pair(tool: str) -> list[str]:
    return [str(BENCH / f"{tool}-head.json"), "--baseline", str(BENCH / f"{tool}-base.json")]


def test_the_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = _perf(capsys, *_pair("hyperfine"))
    assert code == 1
    first = doc["benchmarks"][0]
    assert {"name", "verdict", "change", "p_value", "baseline", "current", "unit"} <= first.keys()
    assert {b["verdict"] for b in doc["benchmarks"]} <= {
        "regressed",
        "improved",
        "unchanged",
        "errored",
        "new",
        "missing",
    }
    slowed = next(b for b in doc["benchmarks"] if b["verdict"] == "regressed")
    assert slowed["change"] == pytest.approx((slowed["current"] - slowed["baseline"]) / slowed["baseline"])
    assert slowed["p_value"] < 0.01 and slowed["unit"] == "s" and slowed["samples"] == {"baseline": 15, "current": 15}
    assert doc["totals"] == {
        "benchmarks": 4, "regressed": 1, "improved": 1, "unchanged": 1, "errored": 1, "new": 0, "missing": 0,
        "budget_violations": 0,
    }  # fmt: skip


def test_custom_json_direction_comes_from_the_unit(capsys: pytest.CaptureFixture[str]) -> None:
    """github-action-benchmark files carry one value: judged on size alone; req/s is better when bigger."""
    code, doc = _perf(capsys, *_pair("github-action-benchmark"))
    verdicts = {b["name"]: (b["verdict"], b["direction"], b["p_value"]) for b in doc["benchmarks"]}
    assert verdicts == {
        "checkout API latency": ("regressed", "smaller_is_better", None),
        "bundle size": ("unchanged", "smaller_is_better", None),
        "checkout throughput": ("improved", "bigger_is_better", None),
    }
    assert code == 1


def test_bigger_is_better_can_be_named(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = _perf(capsys, *_pair("github-action-benchmark"), "--bigger-is-better", "checkout API*")
    assert {b["name"]: b["verdict"] for b in doc["benchmarks"]}["checkout API latency"] == "improved"
    assert code == 0


def test_gbench_throughput_counter_is_bigger_is_better(capsys: pytest.CaptureFixture[str]) -> None:
    _, doc = _perf(capsys, *_pair("gbench"))
    counter = next(b for b in doc["benchmarks"] if b["name"].endswith(":items_per_second"))
    assert counter["unit"] == "items/s" and counter["direction"] == "bigger_is_better"


def test_summary_statistics_only_use_welch(capsys: pytest.CaptureFixture[str]) -> None:
    """pytest-benchmark without --benchmark-save-data and Google Benchmark's aggregates keep no samples."""
    for name in ("pytest-benchmark-summary.json", "gbench-aggregates.json"):
        code, doc = _perf(capsys, str(BENCH / name), "--baseline", str(BENCH / name))
        assert code == 0
        assert all(b["samples"] == {"baseline": 0, "current": 0} for b in doc["benchmarks"])
        assert all(b["p_value"] == 1.0 and b["verdict"] == "unchanged" for b in doc["benchmarks"])


def test_an_errored_benchmark_alone_warns(capsys: pytest.CaptureFixture[str]) -> None:
    base = str(BENCH / "gbench-base.json")
    code, doc = _perf(capsys, base, "--baseline", base)
    assert code == 2 and doc["verdict"] == "warn"
    broken = next(b for b in doc["benchmarks"] if b["name"] == "BM_Broken")
    assert broken["verdict"] == "errored" and broken["note"] == "fixture file not found"


def test_new_and_missing_benchmarks(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = _perf(capsys, str(BENCH / "pyperf-head.json"), "--baseline", str(BENCH / "hyperfine-base.json"))
    verdicts = {b["verdict"] for b in doc["benchmarks"]}
    assert verdicts == {"new", "missing"} and code == 2


def test_min_effect_per_benchmark_from_the_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".qe.yml").write_text("perf:\n  min_effects:\n    BM_Slow*: 200\n", encoding="utf-8")
    code = main(["perf", *_pair("gbench"), "--format", "json", "--config", str(tmp_path / ".qe.yml")])
    doc = json.loads(capsys.readouterr().out)
    slowed = next(b for b in doc["benchmarks"] if b["name"] == "BM_Slowed")
    assert slowed["verdict"] == "unchanged" and slowed["threshold"] == 2.0 and code == 2


def test_min_effect_flag(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = _perf(capsys, *_pair("pyperf"), "--min-effect", "300%")
    assert {b["verdict"] for b in doc["benchmarks"]} == {"unchanged"} and code == 0


def test_budgets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / ".qe.yml"
    policy.write_text(
        "perf:\n  budgets:\n"
        "    'BM_Stable::p95': '< 1 ms'\n"
        "    BM_Slowed: '< 50 us'\n"
        "    'BM_Throughput/10000:items_per_second': '> 1000/s'\n"
        "    no_such_benchmark: '< 1 s'\n",
        encoding="utf-8",
    )
    code = main(["perf", *_pair("gbench"), "--format", "json", "--config", str(policy)])
    doc = json.loads(capsys.readouterr().out)
    met = {b["benchmark"]: b["met"] for b in doc["budgets"]}
    assert met == {
        "BM_Stable::p95": True, "BM_Slowed": False, "BM_Throughput/10000:items_per_second": True,
        "no_such_benchmark": False,
    }  # fmt: skip
    assert doc["totals"]["budget_violations"] == 2 and code == 1
    missing = next(b for b in doc["budgets"] if b["benchmark"] == "no_such_benchmark")
    assert "no benchmark of this name" in missing["reason"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nothing-here.json", "--baseline", "nothing-here.json"], "nothing-here.json"),
        ([str(BENCH / "src" / "work.py"), "--baseline", str(BENCH / "gbench-base.json")], "not JSON"),
        ([str(corpus_path("manifest.d", "gbench.json")), "--baseline", str(BENCH / "gbench-base.json")],
         "not a benchmark result"),
    ],
)  # fmt: skip
def test_unreadable_input_cannot_be_evaluated(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["perf", *args])
    captured = capsys.readouterr()
    assert code == 3
    assert message in captured.out + captured.err


def test_usage_errors_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["perf", str(BENCH / "gbench-head.json")]) == 3  # no baseline, no history
    assert "--baseline" in capsys.readouterr().err
    assert main(["perf", "--baseline", str(BENCH / "gbench-head.json")]) == 3
    assert main(["perf", *_pair("gbench"), "--alpha", "2"]) == 3
    bad = Path(str(BENCH / "gbench-head.json"))
    assert main(["perf", str(bad), "--baseline", str(bad), "--min-effect", "five"]) == 3


def test_bad_budget_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".qe.yml").write_text("perf:\n  budgets:\n    api: '< 5 parsecs'\n", encoding="utf-8")
    assert main(["perf", *_pair("gbench"), "--config", str(tmp_path / ".qe.yml")]) == 3
    err = capsys.readouterr().err
    assert "perf.budgets['api']" in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_rendered_report_golden(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["perf", *_pair("hyperfine"), "--format", fmt])
    assert code == 1
    assert_golden(f"perf/hyperfine.{'txt' if fmt == 'text' else 'md'}", capsys.readouterr().out)


def test_the_gate_fails_on_a_regression_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without perf conditions in the policy, `--perf` adds `perf.regressions <= 0` at level fail."""
    monkeypatch.chdir(BENCH)
    args = ["gate", "--no-discover", "--diff-file", "/dev/null", "--perf", "hyperfine-head.json"]
    code = main([*args, "--perf-baseline", "hyperfine-base.json", "--format", "markdown"])
    markdown = capsys.readouterr().out
    assert code == 1
    assert_golden("perf/gate-hyperfine.md", markdown)
    assert main([*args, "--json"]) == 0  # no baseline: the regressions are not evaluated, the gate passes
    doc = json.loads(capsys.readouterr().out)
    condition = next(c for c in doc["conditions"] if c["metric"] == "perf.regressions")
    assert condition["outcome"] == "not_evaluated" and "no benchmark baseline" in condition["reason"]
