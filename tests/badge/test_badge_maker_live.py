"""Re-run the real badge-maker and compare with the stored corpus and with us.

It uses the badge-maker `.ci/run` installs with npm (`.ci/npm/node_modules`); elsewhere, with QE_LIVE_NPM=1, it
installs one into a temporary folder; otherwise it skips. The stored corpus (test_badge_maker.py) is the check
every run makes; this one shows the corpus is still what the pinned badge-maker draws.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from qe_actions.badge.colors import DEFAULT_COLOR, svg_color
from qe_actions.badge.svg import Badge, render_svg
from tests.conftest import CORPUS

BADGE_MAKER = "badge-maker@6.0.0"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def node_modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    installed = CORPUS.parents[1] / ".ci" / "npm" / "node_modules"
    if (installed / "badge-maker").is_dir():
        return installed
    if os.environ.get("QE_LIVE_NPM") != "1" or not shutil.which("npm"):
        pytest.skip("no badge-maker in .ci/npm (bash .ci/run installs it); QE_LIVE_NPM=1 installs one with npm")
    prefix = tmp_path_factory.mktemp("npm")
    done = subprocess.run(
        ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--silent", BADGE_MAKER],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"npm could not install {BADGE_MAKER}: {done.stderr.strip()[:200]}")
    return prefix / "node_modules"


def test_live_badge_maker_matches_corpus_and_us(node_modules: Path, tmp_path: Path) -> None:
    (tmp_path / "badges").mkdir()
    (tmp_path / "manifest.d").mkdir()
    shutil.copy(CORPUS / "badges" / "cases.json", tmp_path / "badges" / "cases.json")
    script = CORPUS / "generators" / "badge_maker.mjs"
    subprocess.run(["node", str(script), str(node_modules), str(tmp_path)], check=True, timeout=60)
    cases = json.loads((tmp_path / "badges" / "cases.json").read_text(encoding="utf-8"))
    for case in cases:
        theirs = (tmp_path / "badges" / f"{case['name']}.svg").read_text(encoding="utf-8")
        assert theirs == (CORPUS / "badges" / f"{case['name']}.svg").read_text(encoding="utf-8"), case["name"]
        color = svg_color(case["color"]) if case["color"] else DEFAULT_COLOR
        label_color = svg_color(case["label_color"]) if case.get("label_color") else None
        ours = render_svg(Badge(case["label"], case["message"], color, label_color, case["style"]))
        assert ours == theirs, case["name"]
    table = Path(__import__("qe_actions.badge.widths", fromlist=["x"]).__file__).with_name("verdana-11px-normal.json")
    assert table.read_bytes() == (node_modules / "anafanafo" / "data" / "verdana-11px-normal.json").read_bytes()
