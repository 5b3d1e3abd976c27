"""The gate's reports in the docs are real: the README's text block and docs/cli.md's Markdown block are what
`qe demo` prints; docs/policy.md's examples are valid policies and its metrics table lists every metric.

`python -m tests.regen tests/gate` rewrites the blocks (only those) after a deliberate change.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from qe_actions.gate.run import run_gate
from qe_actions.gate.samples import copy_samples, sample_settings
from qe_actions.render.markdown import render_report as render_markdown
from tests.golden import regenerating

PROJECT = Path(__file__).resolve().parents[2]
README = PROJECT / "README.md"
CLI_DOC = PROJECT / "docs" / "cli.md"
POLICY_DOC = PROJECT / "docs" / "policy.md"


def _check_block(doc: Path, name: str, body: str) -> None:
    """The block between `<!-- name -->` and `<!-- /name -->` in `doc` is `body` (rewritten when regenerating)."""
    pattern = re.compile(rf"(<!-- {name} -->\n)(.*?)(<!-- /{name} -->)", re.S)
    text = doc.read_text(encoding="utf-8")
    matches = list(pattern.finditer(text))
    assert len(matches) == 1, f"{doc.name} needs exactly one {name} block, has {len(matches)}"
    match = matches[0]
    if regenerating():
        doc.write_text(text[: match.start(2)] + body + text[match.end(2) :], encoding="utf-8")
    else:
        assert match.group(2) == body, f"{doc.name}'s {name} is stale: run python -m tests.regen tests/gate"


def test_docs_show_the_report_qe_demo_prints(tmp_path: Path) -> None:
    demo = subprocess.run([sys.executable, "-m", "qe_actions", "demo"], capture_output=True, text=True, check=True)
    markdown = render_markdown(run_gate(sample_settings(copy_samples(tmp_path))))
    _check_block(README, "gate-demo-text", f"```text\n{demo.stdout}```\n")
    _check_block(CLI_DOC, "gate-demo-markdown", markdown)


def _section() -> str:
    """The policy document, from its section marker on."""
    text = POLICY_DOC.read_text(encoding="utf-8")
    return text[text.index("<!-- section: policy -->") :]


def test_policy_doc_examples_are_valid_policies(tmp_path: Path) -> None:
    """The `.qe.yml` and `[tool.qe]` examples of docs/policy.md load without error and mean what the text says."""
    from qe_actions.gate.policy_file import load_policy

    section = _section()
    yaml_text = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    toml_text = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    (tmp_path / ".qe.yml").write_text(yaml_text, encoding="utf-8")
    policy = load_policy(None, tmp_path)
    assert policy.gate_id == "backend" and policy.diff_base == "origin/main"
    assert [(c.metric, c.threshold) for c in policy.conditions if c.metric == "diff_coverage"] == [
        ("diff_coverage", 90)
    ]
    (tmp_path / ".qe.yml").unlink()
    (tmp_path / "pyproject.toml").write_text(toml_text, encoding="utf-8")
    assert load_policy(None, tmp_path).source == "pyproject.toml"


def test_policy_doc_lists_every_metric() -> None:
    from qe_actions.gate.metrics import METRICS

    listed = re.findall(r"^\| `([a-z_.]+)` \| `--", _section(), re.M)
    assert listed == list(METRICS)
