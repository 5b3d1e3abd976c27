"""docs/cli.md's `qe tests` example is real: rerun it on the dialect files and compare every byte.

`python -m tests.regen tests/junit/test_tests_doc.py` rewrites the example after a deliberate change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qe_actions.cli import main
from tests.golden import regenerating

HERE = Path(__file__).resolve().parent
CLI_DOC = HERE.parents[1] / "docs" / "cli.md"
EXAMPLE = re.compile(r"```console\n\$ (qe tests [^\n]+)\n(.*?)\$ echo \$\?\n(\d+)\n```", re.S)


def test_doc_example_is_what_qe_tests_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    start, end = text.index("<!-- section: tests -->"), text.index("<!-- section: coverage -->")
    match = EXAMPLE.search(text, start, end)
    assert match, "the `qe tests` section of docs/cli.md has no console example"
    monkeypatch.chdir(HERE)
    code = main(match.group(1).split()[1:])
    out = capsys.readouterr().out
    if regenerating():
        body = f"{out}$ echo $?\n{code}\n"
        CLI_DOC.write_text(text[: match.start(2)] + body + text[match.end(3) + 1 :], encoding="utf-8")
        return
    assert (out, code) == (match.group(2), int(match.group(3))), (
        "run python -m tests.regen tests/junit/test_tests_doc.py"
    )
