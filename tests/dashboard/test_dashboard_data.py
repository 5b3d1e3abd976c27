"""`qe dashboard` without a browser: the data document from a real store, the page shell's escaping, the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.dashboard.data import benchmark_means, build_document, check_repo_url, commit_url
from qe_actions.dashboard.site import data_script, index_html
from qe_actions.history.record import RunRecord
from tests.dashboard.runs import HOSTILE_REF, HOSTILE_TEST, fill_store, make_runs


def _run(i: int, totals: dict, pr: int | None = None, ref: str = "refs/heads/main") -> RunRecord:
    return RunRecord(f"{i:040x}", ref, pr, str(i), 1, f"2026-01-01T00:00:{i:02d}.000000Z", totals)


def test_document_series_align_with_runs() -> None:
    """One value per run per series (null where not measured); charts with no value at all are left out and named."""
    runs = [
        _run(1, {"coverage": {"percent": 70.5}, "tests": {"tests": 10, "failed": 1, "errors": 1, "skipped": 0}}),
        _run(2, {"tests": {"tests": 11, "failed": 0, "duration": 3.5}}),
        _run(3, {"coverage": {"percent": 71}, "findings": {"by_severity": {"high": 2, "note": 1}}}),
    ]
    doc = build_document(runs, title="t", repo_url="https://github.com/o/r", generated="now")
    charts = {c["id"]: c for c in doc["charts"]}
    assert charts["coverage"]["series"] == [{"name": "coverage", "values": [70.5, None, 71.0]}]
    tests = {s["name"]: s["values"] for s in charts["tests"]["series"]}
    assert tests == {"tests": [10.0, 11.0, None], "failed": [2.0, 0.0, None], "skipped": [0.0, None, None]}
    findings = {s["name"]: s["values"] for s in charts["findings"]["series"]}
    assert findings == {
        "critical": [None, None, 0.0],
        "high": [None, None, 2.0],
        "medium": [None, None, 0.0],
        "low": [None, None, 0.0],
        "other": [None, None, 1.0],
    }
    assert doc["not_recorded"] == ["diff_coverage", "flaky", "benchmarks"]
    assert doc["runs"][0]["url"] == "https://github.com/o/r/commit/" + "0" * 39 + "1"


@pytest.mark.parametrize(
    ("raw", "means"),
    [
        ({"a": 1.5, "b": {"mean": 2}}, {"a": 1.5, "b": 2.0}),
        ([{"name": "a", "mean": 1}, {"name": "b", "value": 3}, {"name": 5}], {"a": 1.0, "b": 3.0}),
        ({"benchmarks": [{"name": "x", "mean": 0.25}]}, {"x": 0.25}),
        ("nonsense", {}),
        ({"nan": float("nan"), "ok": True}, {}),
    ],
)
def test_benchmark_means_shapes(raw: object, means: dict) -> None:
    assert benchmark_means({"benchmarks": raw}) == means


def test_links_only_for_plain_urls_and_hex_shas() -> None:
    assert check_repo_url("https://github.com/o/r/") == "https://github.com/o/r"
    for bad in ("javascript:alert(1)", "https://github.com/o/r?x=<b>", "ftp://x/y", "https://github.com", ""):
        assert check_repo_url(bad) is None
    assert commit_url("https://github.com/o/r", "abc1234") == "https://github.com/o/r/commit/abc1234"
    assert commit_url("https://github.com/o/r", "abc1234/../../x") is None
    assert commit_url(None, "abc1234") is None


def test_page_shell_escapes_the_title_and_data_cannot_break_out() -> None:
    doc = build_document([], title='</title><script>alert("x")</script>', repo_url=None, generated="<now>")
    page = index_html(doc)
    assert "<script>alert" not in page and "&lt;/title&gt;&lt;script&gt;" in page and "&lt;now&gt;" in page
    assert "default-src 'none'" in page  # the CSP: nothing but the page's own scripts and styles
    script = data_script(build_document([_run(1, {}, ref="</script>\u2028")], title="x", repo_url=None, generated=""))
    assert script.isascii() and "</script>" not in script
    assert json.loads(script[len("window.QE_DASHBOARD = ") : -2])["runs"][0]["ref"] == "</script>\u2028"


def test_command_writes_the_site_from_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Runs oldest first, pull-request runs left out by default, --ref and --max-runs; known-flaky tests listed."""
    runs = make_runs(30)
    runs.append(_run(99, {"coverage": {"percent": 1}}, pr=7, ref="refs/pull/7/merge"))
    fill_store(tmp_path / "store", runs)
    args = ["dashboard", "--store", str(tmp_path / "store"), "--output", str(tmp_path / "site")]
    assert main(args) == 0
    names = sorted(p.name for p in (tmp_path / "site").iterdir())
    assert names == ["dashboard.css", "dashboard.js", "data.js", "data.json", "index.html"]
    doc = json.loads((tmp_path / "site" / "data.json").read_text(encoding="utf-8"))
    assert len(doc["runs"]) == 30 and doc["runs"][-1]["ref"] == HOSTILE_REF
    assert [r["time"] for r in doc["runs"]] == sorted(r["time"] for r in doc["runs"])
    assert [t["test_id"] for t in doc["flaky_tests"]] == [HOSTILE_TEST]
    assert doc["runs"][0]["url"] is None  # no --repo-url and no GITHUB_REPOSITORY: no links
    assert main([*args, "--ref", "refs/heads/main", "--max-runs", "5", "--repo-url", "https://github.com/o/r"]) == 0
    doc = json.loads((tmp_path / "site" / "data.json").read_text(encoding="utf-8"))
    assert len(doc["runs"]) == 5 and {r["ref"] for r in doc["runs"]} == {"refs/heads/main"}
    assert doc["runs"][0]["url"].startswith("https://github.com/o/r/commit/")
    assert main([*args, "--repo-url", "javascript:alert(1)"]) == 3
    assert "plain http(s) URL" in capsys.readouterr().err


def test_an_empty_store_gives_a_page_that_says_so(tmp_path: Path) -> None:
    assert main(["dashboard", "--store", str(tmp_path / "none"), "--output", str(tmp_path / "site")]) == 0
    doc = json.loads((tmp_path / "site" / "data.json").read_text(encoding="utf-8"))
    assert (
        doc["runs"] == []
        and doc["charts"] == []
        and "0 recorded runs" in (tmp_path / "site" / "index.html").read_text()
    )


def test_benchmarks_from_the_records_own_field() -> None:
    """A record that keeps benchmarks beside its totals ({name: {mean, ...}}, the `--perf` history) is charted."""
    from dataclasses import dataclass, field

    @dataclass(frozen=True)
    class WithBenchmarks:
        sha: str
        ref: str = "refs/heads/main"
        pr: int | None = None
        run_id: str = "1"
        attempt: int = 1
        time: str = "2026-01-01T00:00:00.000000Z"
        totals: dict = field(default_factory=dict)
        benchmarks: dict = field(default_factory=dict)

    runs = [WithBenchmarks("a" * 40, benchmarks={"parse": {"mean": 0.5, "unit": "s"}}), WithBenchmarks("b" * 40)]
    doc = build_document(runs, title="t", repo_url=None, generated="")
    chart = next(c for c in doc["charts"] if c["id"] == "benchmarks")
    assert chart["series"] == [{"name": "parse", "values": [0.5, None]}]
