"""Every benchmark file of the corpus, made by the real tool, read back: the means the tool printed, every sample
kept, errored benchmarks reported; and each base/head pair judged: exactly the slowed benchmark regressed, the
sped-up one improved, nothing else flagged."""

from __future__ import annotations

import json

import pytest

from qe_actions.cli import main
from qe_actions.readers.benchmarks.detect import read_benchmarks
from tests.conftest import corpus_manifest, corpus_path

ENTRIES = [e for e in corpus_manifest() if e.get("kind") == "benchmarks"]
HEADS = [e for e in ENTRIES if e["file"].endswith("-head.json")]
SAMPLES = {"gbench": 10, "hyperfine": 15, "pyperf": 20}  # repetitions, --runs, 20 values (--fast: 10 runs x 2)


def _read(entry: dict) -> dict:
    path = corpus_path(*entry["file"].split("/"))
    fmt, benchmarks = read_benchmarks(path.read_bytes(), entry["file"])
    assert fmt == entry["format"]
    return {b.name: b for b in benchmarks}


def _named(found: dict, printed_name: str):
    """pytest-benchmark's JSON names a test by its full node id; the tool prints the short name."""
    return found.get(printed_name) or next(b for n, b in found.items() if n.endswith("::" + printed_name))


def test_the_corpus_has_every_tool() -> None:
    assert {e["format"] for e in ENTRIES} >= {"gbench", "hyperfine", "pyperf", "pytest-benchmark"}
    assert all(e["producer"] and e["command"] for e in ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["file"])
def test_means_equal_what_the_tool_printed(entry: dict) -> None:
    found = _read(entry)
    printed = entry["truth"]["mean_seconds_as_printed"]
    assert printed, "the evidence log printed no means"
    for name, mean in printed.items():
        bench = _named(found, name)
        assert bench.unit == "s" and not bench.bigger_is_better
        assert bench.mean == pytest.approx(mean, rel=5e-3), name  # printed to 3-5 significant digits


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["file"])
def test_every_sample_is_kept_and_errors_are_reported(entry: dict) -> None:
    found = _read(entry)
    errored = entry["truth"]["errored"]
    for name, bench in found.items():
        if any(name == e or name.startswith(e + ":") for e in errored):
            assert bench.error, f"{name} errored but was read as a result"
            continue
        assert bench.error is None
        if entry["format"] == "pytest-benchmark":
            assert len(bench.samples) == bench.count > 5  # every round (--benchmark-save-data)
        else:
            assert len(bench.samples) == SAMPLES[entry["format"]]
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
