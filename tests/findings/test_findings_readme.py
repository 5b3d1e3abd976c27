"""docs/cli.md's `qe findings` example is real: rerun it in the shared corpus and compare every byte."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qe_actions.cli import main
from tests.conftest import ROOT, shared_path


def test_readme_example_output_is_what_qe_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = shared_path("corpus")
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    match = re.search(r"```console\n\$ (qe findings [^\n]+)\n(.*?)\$ echo \$\?\n(\d+)\n```", doc, re.S)
    assert match, "the findings example block is missing from docs/cli.md"
    command, expected, code = match.group(1), match.group(2), int(match.group(3))
    monkeypatch.chdir(Path(corpus))
    assert main(command.split()[1:]) == code
    assert capsys.readouterr().out == expected
