"""The README stays a short front door whose test command is CI's, and every link in our Markdown leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted([README, ROOT / "bench" / "README.md", ROOT / "tests" / "README.md", *(ROOT / "docs").rglob("*.md")])
LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"^ *```.*?^ *```", re.M | re.S)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {_slug(heading) for heading in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def test_readme_is_a_short_front_door() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300


def test_ci_runs_the_readme_test_command() -> None:
    """The README's test command installs the test extra and runs pytest; `.ci/run` does the same."""
    readme = README.read_text(encoding="utf-8")
    command = "python3 -m venv .venv && .venv/bin/pip install '.[test]' && bash .ci/install-tools && .venv/bin/python -m pytest\n"  # noqa: E501
    assert f"```sh\n{command}```" in readme
    ci = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    installs = [n for n, line in enumerate(ci) if re.search(r"\bpip install\b.*'\.\[test\]'", line)]
    tools = [n for n, line in enumerate(ci) if line.strip() == "bash .ci/install-tools"]
    runs = [n for n, line in enumerate(ci) if re.match(r"^(\w+=\S* )*python -m pytest( |$)", line)]
    assert installs and runs and installs[0] < runs[-1], ".ci/run installs '.[test]', then runs python -m pytest"
    assert tools and tools[0] < runs[-1], ".ci/run installs the tools the README's command installs"


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_to_a_file_and_heading(doc: Path) -> None:
    text = FENCE.sub("", doc.read_text(encoding="utf-8"))
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue
        path_part, _, anchor = target.partition("#")
        path = (doc.parent / path_part).resolve() if path_part else doc
        if not path.exists():
            broken.append(target)
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            broken.append(target)
    assert broken == [], f"{doc.relative_to(ROOT)}: links to nothing: {broken}"


def test_cli_doc_lists_every_findings_input_format() -> None:
    """docs/cli.md's `--input-format` table names exactly the formats `qe findings` reads."""
    from qe_actions.readers.findings.registry import NAMES

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    table = text[text.index("| `--input-format` | what writes it |") :]
    table = table[: table.index("\n\n")]
    first_cells = [row.split(" | ")[0] for row in table.splitlines()[2:]]
    listed = [name for cell in first_cells for name in re.findall(r"`([a-z0-9-]+)`", cell)]
    assert sorted(listed) == sorted(NAMES)
