"""Issue 11, case 15: `qe gate` shows and compares a coverage figure as `qe coverage` and the producer do.

The corpus holds coverage.py 6.5 and 7 reports of 61 / 69 = 88.4057...%: coverage.py prints 88.41% and
passes `--precision=2 --fail-under=88.41` (its log), where flooring gave 88.40% and a failure. istanbul
cuts its figures off (jest printed boxes.js lines as 66.66%), so a jest report keeps that rule in the gate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.cli import main
from tests.conftest import corpus_manifest, shared_path

ROWS = [
    (entry, row)
    for entry in corpus_manifest()
    if entry.get("kind") == "coverage"
    for row in entry["truth"].get("fail_under", ())
    if row["precision"] == 2
]


def _gate(report: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict]:
    code = main(["gate", "--coverage", str(report), "--no-discover", "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture(autouse=True)
def _outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CI", "GITHUB_ACTIONS", "GITHUB_BASE_REF", "GITHUB_EVENT_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_the_corpus_has_a_rounding_boundary() -> None:
    assert {row["threshold"] for _, row in ROWS} >= {88.41, 88.42}


@pytest.mark.parametrize(("entry", "row"), ROWS, ids=[f"{e['file']}-{r['threshold']}" for e, r in ROWS])
def test_min_coverage_passes_and_fails_where_coverage_py_did(
    entry: dict, row: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    report = shared_path("corpus", entry["file"])
    code, document = _gate(report, capsys, "--min-coverage", f"{row['threshold']:g}")
    (condition,) = [c for c in document["conditions"] if c["metric"] == "coverage"]
    assert condition["value"] == float(entry["truth"]["shown_percent"])  # 88.41, as coverage.py printed it
    assert condition["outcome"] == ("pass" if row["exit_code"] == 0 else "fail")
    assert code == (0 if row["exit_code"] == 0 else 1)


def test_the_gate_shows_the_figure_qe_coverage_shows(capsys: pytest.CaptureFixture[str]) -> None:
    """The same report through both commands: the same digits, rounded by the same rule."""
    report = shared_path("corpus", "coverage/coveragepy7-inventory.json")
    assert main(["coverage", str(report), "--fail-under", "88.41"]) == 0
    assert capsys.readouterr().out.startswith("Coverage 88.41%: 43 of 47 lines")
    _, document = _gate(report, capsys, "--min-coverage", "88.41")
    assert document["totals"]["coverage"]["percent"] == 88.41


def test_an_istanbul_report_keeps_istanbuls_cut_off(capsys: pytest.CaptureFixture[str]) -> None:
    """jest printed `Lines : 82.35%` and `Branches : 68.42%` (13/19 = 68.421...); 6/9 of boxes.js as 66.66."""
    report = shared_path("corpus", "coverage/jest-shipping.xml")
    _, document = _gate(report, capsys, "--min-coverage", "82.35")
    totals = document["totals"]["coverage"]
    assert (totals["percent"], totals["branch_percent"]) == (82.35, 68.42)
    assert main(["coverage", str(report)]) == 0
    assert "boxes.js   66.66%" in capsys.readouterr().out
