"""Every benchmark file of the corpus, made by the real tool, read back: the means the tool printed, every sample
kept, errored benchmarks reported; and each base/head pair judged: exactly the slowed benchmark regressed, the
sped-up one improved, nothing else flagged."""

from __future__ import annotations

import json

import pytest

from qe_actions.cli import main
from qe_actions.readers.benchmarks.detect import read_benchmarks
from tests.conftest import corpus_manifest, corpus_path

ALL = [e for e in corpus_manifest() if e.get("kind") == "benchmarks"]
ENTRIES = [e for e in ALL if "mean_seconds_as_printed" in e["truth"]]  # made and printed by a tool
HEADS = [e for e in ALL if e["file"].endswith("-head.json")]
CUSTOM = [e for e in ALL if e["format"] == "custom"]
TIME_UNITS = {"ms": 1e-3}


def _read(entry: dict) -> dict:
    path = corpus_path(*entry["file"].split("/"))
    fmt, benchmarks = read_benchmarks(path.read_bytes(), entry["file"])
    assert fmt == entry["format"]
    return {b.name: b for b in benchmarks}


def _named(found: dict, printed_name: str):
    """pytest-benchmark's JSON names a test by its full node id; the tool prints the short name."""
    return found.get(printed_name) or next(b for n, b in found.items() if n.endswith("::" + printed_name))


def test_the_corpus_has_every_tool() -> None:
    assert {e["format"] for e in ALL} == {"gbench", "hyperfine", "pyperf", "pytest-benchmark", "custom"}
    assert all(e["producer"] and e["command"] for e in ALL)
    assert all(corpus_path(*e["log"].split("/")).is_file() for e in ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["file"])
def test_means_equal_what_the_tool_printed(entry: dict) -> None:
    found = _read(entry)
    printed = entry["truth"]["mean_seconds_as_printed"]
    assert printed, "the evidence log printed no means"
    for name, mean in printed.items():
        bench = _named(found, name)
        assert bench.unit == "s" and not bench.bigger_is_better
        assert bench.mean == pytest.approx(mean, rel=5e-3), name  # printed to 3-5 significant digits


@pytest.mark.parametrize("entry", CUSTOM, ids=lambda e: e["file"])
def test_custom_values_are_read_as_written(entry: dict) -> None:
    found = _read(entry)
    for name, (value, unit) in entry["truth"]["values_as_written"].items():
        bench = found[name]
        assert bench.mean == pytest.approx(value * TIME_UNITS.get(unit, 1.0))
        assert bench.unit == ("s" if unit in TIME_UNITS else unit) and bench.samples == () and bench.count == 1


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["file"])
def test_every_sample_is_kept_and_errors_are_reported(entry: dict) -> None:
    found = _read(entry)
    errored = entry["truth"]["errored"]
    for name, bench in found.items():
        if any(name == e or name.startswith(e + ":") for e in errored):
            assert bench.error, f"{name} errored but was read as a result"
            continue
        assert bench.error is None
        expected = entry["truth"].get("samples_per_benchmark")
        if expected is None:  # pytest-benchmark calibrates its rounds: every one of them is kept
            assert len(bench.samples) == bench.count > 5
        else:
            assert len(bench.samples) == expected["count"], expected["how"]
    for name in errored:
        assert found[name].error, name


@pytest.mark.parametrize("head", HEADS, ids=lambda e: e["format"])
def test_exactly_the_slowed_benchmark_regressed_and_the_faster_one_improved(
    head: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head["file"].replace("-head.json", "-base.json")
    code = main(["perf", str(corpus_path(*head["file"].split("/"))), "--baseline", str(corpus_path(*base.split("/"))),
                 "--format", "json"])  # fmt: skip
    document = json.loads(capsys.readouterr().out)
    verdicts = {b["name"]: b["verdict"] for b in document["benchmarks"]}
    expected = head["truth"]["expected"]
    regressed = [n for n, v in verdicts.items() if v == "regressed"]
    improved = [n for n, v in verdicts.items() if v == "improved"]
    assert len(regressed) == 1 and expected["regressed"] in regressed[0].lower(), verdicts
    assert len(improved) == 1 and expected["improved"] in improved[0].lower(), verdicts
    assert sorted(n for n, v in verdicts.items() if v == "errored") == expected["errored"]
    assert all(v == "unchanged" for n, v in verdicts.items() if n not in {*regressed, *improved, *expected["errored"]})
    assert code == 1  # a regression fails
    assert document["totals"]["regressed"] == 1 and document["totals"]["benchmarks"] == len(verdicts)
