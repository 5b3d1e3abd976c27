"""docs/cli.md's `qe coverage` example is real: rebuild that project, measure it, and compare the output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_cov_diffcover_peer import _change, _project

from qe_actions.cli import main

CLI_DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
DEMO = 'from pkg import calc, new_mod, texts\ncalc.sub(3, 1)\ncalc.mul(2, 3)\ncalc.neg(0)\nnew_mod.one()\ntexts.shout("a")\n'  # noqa: E501


def _readme_example() -> tuple[str, str]:
    text = CLI_DOC.read_text(encoding="utf-8")
    section = text.split("<!-- section: coverage -->", 1)[1]
    block = re.search(r"```console\n\$ (qe coverage [^\n]+)\n(.*?)\$ echo \$\?\n(\d+)\n```", section, re.S)
    assert block, "the coverage section has no console example"
    return block.group(1), block.group(2)


def test_readme_example_is_the_real_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    command, shown = _readme_example()
    repo = _project(tmp_path)
    _change(repo)
    (repo.root / "tests_demo.py").write_text(DEMO)
    env = dict(os.environ, COVERAGE_FILE=str(repo.root / ".coverage"))
    for args in (["run", "--branch", "--source=pkg", "tests_demo.py"], ["xml", "-q", "-o", "coverage.xml"]):
        subprocess.run(
            [sys.executable, "-m", "coverage", *args], cwd=repo.root, env=env, check=True, capture_output=True
        )
    monkeypatch.chdir(repo.root)
    code = main(command.split()[1:])
    assert capsys.readouterr().out == shown
    assert code == 1
