"""The README's gate section shows a real report: the blocks between its markers are what `qe demo` prints.

`python -m tests.regen tests/gate` rewrites the blocks (only those) after a deliberate change.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from qe_actions.gate.run import run_gate
from qe_actions.gate.samples import copy_samples, sample_settings
from qe_actions.render.report_markdown import render_markdown
from tests.golden import regenerating

README = Path(__file__).resolve().parents[2] / "README.md"


def _block(name: str, body: str) -> tuple[re.Pattern[str], str]:
    pattern = re.compile(rf"(<!-- {name} -->\n)(.*?)(<!-- /{name} -->)", re.S)
    return pattern, body


def test_readme_shows_the_report_qe_demo_prints(tmp_path: Path) -> None:
    demo = subprocess.run([sys.executable, "-m", "qe_actions", "demo"], capture_output=True, text=True, check=True)
    markdown = render_markdown(run_gate(sample_settings(copy_samples(tmp_path))))
    blocks = [_block("gate-demo-text", f"```text\n{demo.stdout}```\n"), _block("gate-demo-markdown", markdown)]
    text = README.read_text(encoding="utf-8")
    for pattern, body in blocks:
        match = pattern.search(text)
        assert match, f"README.md has no {pattern.pattern[:30]} block"
        if regenerating():
            text = text[: match.start(2)] + body + text[match.end(2) :]
        else:
            assert match.group(2) == body, "README's gate demo is stale: run python -m tests.regen tests/gate"
    if regenerating():
        README.write_text(text, encoding="utf-8")
