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


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("<!-- section: gate -->") : text.index("<!-- section: publish -->")]


def test_readme_policy_examples_are_valid_policies(tmp_path: Path) -> None:
    """The `.qe.yml` and `[tool.qe]` examples of the README load without error and mean what the text says."""
    from qe_actions.gate.policy_file import load_policy

    section = _section()
    yaml_text = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    toml_text = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    (tmp_path / ".qe.yml").write_text(yaml_text, encoding="utf-8")
    policy = load_policy(None, tmp_path)
    assert policy.gate_id == "backend" and policy.diff_base == "origin/main"
    assert [(c.metric, c.threshold) for c in policy.conditions if c.metric == "diff_coverage"] == [("diff_coverage", 90)]
    (tmp_path / ".qe.yml").unlink()
    (tmp_path / "pyproject.toml").write_text(toml_text, encoding="utf-8")
    assert load_policy(None, tmp_path).source == "pyproject.toml"


def test_readme_lists_every_metric() -> None:
    from qe_actions.gate.metrics import METRICS

    listed = re.findall(r"^\| `([a-z_]+)` \| `--", _section(), re.M)
    assert listed == list(METRICS)
