"""docs/actions.md documents every input and output of every action, and nothing that is not there."""

from __future__ import annotations

import re

import pytest

from tests.actions.metadata import PROJECT, action_files, load, reference

ROW = re.compile(r"^\| `([a-z0-9-]+)` \|", re.MULTILINE)


DOC = PROJECT / "docs" / "actions.md"


def actions_section() -> str:
    """docs/actions.md from its section marker on: the whole document is about the actions."""
    text = DOC.read_text(encoding="utf-8")
    return text[text.index("<!-- section: actions -->") :]


def subsection(reference_text: str) -> str:
    """The `## ...` section whose heading names this action reference."""
    parts = re.split(r"^## ", actions_section(), flags=re.MULTILINE)
    found = [part for part in parts[1:] if reference_text in part.splitlines()[0]]
    assert len(found) == 1, f"no single docs/actions.md section headed with {reference_text}"
    return found[0]


def table_names(section: str, title: str) -> set[str]:
    """Names in the first table after the line starting with `title`."""
    after = section[section.index(f"\n{title}") + 1 :]
    table = after[after.index("\n|") :]
    table = table[: table.index("\n\n")] if "\n\n" in table else table
    return set(ROW.findall(table))


def test_references_are_explained_near_the_top():
    head = actions_section()[:900]
    assert "uses: <org>/qe-actions@v1` is the root" in head
    assert "uses: <org>/qe-actions/actions/<name>@v1` is" in head


@pytest.mark.parametrize("path", action_files(), ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_every_input_and_output_is_documented_and_nothing_else(path):
    action = load(path)
    section = subsection(f"`{reference(path)}`")
    assert table_names(section, "Inputs") == set(action["inputs"])
    assert table_names(section, "Outputs") == set(action["outputs"])
    assert "```yaml" in section and "uses: example-org/qe-actions" in section, "a usage example"
    assert "Permissions" in section


def test_every_action_has_a_subsection():
    headings = re.findall(r"^## (.*)$", actions_section(), re.MULTILINE)
    for path in action_files():
        assert any(f"`{reference(path)}`" in heading for heading in headings), reference(path)
