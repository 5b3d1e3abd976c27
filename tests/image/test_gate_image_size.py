"""The image-size budget is a gate metric (`image_size_mb`, from `qe gate --image-size BYTES`), judged with the
scan's findings in one verdict."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from qe_actions.cli import main

STUB_SARIF = Path(__file__).resolve().parents[1] / "actions" / "stubs" / "trivy-action" / "trivy-high.sarif"


def _gate(tmp_path: Path, *args: str) -> tuple[int, dict]:
    shutil.copy(STUB_SARIF, tmp_path / "trivy.sarif")
    out = tmp_path / "report.json"
    code = main(
        [
            "gate",
            "--findings",
            str(tmp_path / "trivy.sarif"),
            "--no-discover",
            "--diff-file",
            "/dev/null",
            "--json-output",
            str(out),
            "--quiet",
            *args,
        ]
    )
    return code, json.loads(out.read_text(encoding="utf-8"))


def _row(report: dict) -> dict:
    return next(c for c in report["conditions"] if c["metric"] == "image_size_mb")


def test_over_budget_fails_with_its_own_row(tmp_path: Path) -> None:
    code, report = _gate(tmp_path, "--image-size", "250000000", "--max-image-size-mb", "100")
    assert code == 1 and report["verdict"] == "fail"
    row = _row(report)
    assert (row["value"], row["threshold"], row["operator"], row["outcome"]) == (250.0, 100, "<=", "fail")


def test_within_budget_passes(tmp_path: Path) -> None:
    code, report = _gate(tmp_path, "--image-size", "99400000", "--max-image-size-mb", "100")
    assert code == 0 and _row(report)["value"] == 99.4


def test_a_budget_without_a_measured_size_is_not_evaluated(tmp_path: Path) -> None:
    code, report = _gate(tmp_path, "--max-image-size-mb", "100")
    assert "image size (--image-size)" in json.dumps(_row(report))
    assert code in (0, 2)
