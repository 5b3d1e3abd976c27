"""`qe badge` against shields.io's own badge-maker: the SVGs it drew (tests/corpus/badges) byte for byte, and widths.

The corpus was made by tests/corpus/generators/badge_maker.mjs with badge-maker 6.0.0 from npm (producer, command
and the widths anafanafo measured are in tests/corpus/manifest.d/badge-maker.json). test_badge_maker_live.py
re-runs that script when npm can install the package.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.badge.colors import DEFAULT_COLOR, svg_color
from qe_actions.badge.svg import Badge, clean_text, render_svg
from qe_actions.badge.widths import preferred_width, text_width
from qe_actions.cli import main
from tests.conftest import corpus_manifest, corpus_path

CASES = {case["name"]: case for case in json.loads(corpus_path("badges", "cases.json").read_text(encoding="utf-8"))}
ENTRIES = [entry for entry in corpus_manifest() if entry.get("kind") == "badge"]


def _ours(case: dict) -> str:
    color = svg_color(case["color"]) if case["color"] else DEFAULT_COLOR
    label_color = svg_color(case["label_color"]) if case.get("label_color") else None
    return render_svg(Badge(case["label"], case["message"], color, label_color, case["style"]))


def test_the_corpus_covers_every_case_the_issue_names() -> None:
    """ASCII, digits and %, wide and narrow letters, Latin-1, CJK, empty message, XML specials; both styles."""
    assert len(ENTRIES) == len(CASES) >= 30
    assert {e["truth"]["case"] for e in ENTRIES} == set(CASES)
    assert all(e["producer"].startswith("badge-maker 6.0.0 ") for e in ENTRIES)
    texts = "".join(c["label"] + c["message"] for c in CASES.values())
    for needed in ("%", "W", "m", "i", "l", "é", "ß", "测", "<", "&", '"', "'", "😀"):
        assert needed in texts
    assert any(c["message"] == "" for c in CASES.values())
    assert {c["style"] for c in CASES.values()} == {"flat", "flat-square"}
    assert any(c.get("label_color") and not c["label"] for c in CASES.values())  # a label colour, no label


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["truth"]["case"] for e in ENTRIES])
def test_svg_is_byte_equal_to_badge_maker(entry: dict) -> None:
    """Same widths, textLength, colours, escaping and structure: the same bytes."""
    case = CASES[entry["truth"]["case"]]
    assert _ours(case) == corpus_path(entry["file"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["truth"]["case"] for e in ENTRIES])
def test_text_widths_equal_anafanafo(entry: dict) -> None:
    """The raw width anafanafo measured (a double, summed left to right) is ours to the last bit."""
    case, truth = CASES[entry["truth"]["case"]], entry["truth"]
    assert text_width(clean_text(case["label"])) == truth["label_text_width"]
    assert text_width(clean_text(case["message"])) == truth["message_text_width"]


def test_width_examples_from_the_table() -> None:
    """Hand-checked against verdana-11px-normal.json: digits 6.99, `%` 11.84, `W` 10.88, CJK as wide as `m`'s guess."""
    assert text_width("0") == 6.99 and text_width("%") == 11.84 and text_width("W") == 10.88
    assert text_width("\t\x7f") == 0.0  # controls are 0 wide
    assert text_width("\ue000") == text_width("m")  # outside the table: anafanafo's guess, the width of `m`
    assert preferred_width("build") == 27 and preferred_width("passing") == 41  # 26.7 -> 26 -> 27; 41.75 -> 41
    assert preferred_width("") == 1  # badge-maker rounds 0 up to odd too


def test_width_table_is_anafanafos_file() -> None:
    """The shipped table is anafanafo's data file: 11,241 sorted ranges from U+0020, licence kept beside it."""
    folder = Path(__import__("qe_actions.badge", fromlist=["x"]).__file__).parent
    table = json.loads((folder / "verdana-11px-normal.json").read_text(encoding="utf-8"))
    assert len(table) == 11241 and table[0] == [32, 32, 3.87]
    assert all(a[1] < b[0] for a, b in zip(table, table[1:]))
    assert "Metabolize LLC" in (folder / "LICENSE-anafanafo").read_text(encoding="utf-8")


def test_cli_writes_the_same_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`qe badge LABEL MESSAGE --color --style --output` is the library call; stdout gets the same bytes."""
    case = CASES["square-coverage"]
    out = tmp_path / "b.svg"
    code = main(
        ["badge", case["label"], case["message"], "--color", case["color"], "--style", "flat-square", "-o", str(out)]
    )
    assert code == 0
    assert out.read_text(encoding="utf-8") == corpus_path("badges", "square-coverage.svg").read_text(encoding="utf-8")
    assert main(["badge", "tests", "", "--color", "lightgrey"]) == 0  # an empty message is allowed
    assert capsys.readouterr().out == corpus_path("badges", "empty-message.svg").read_text(encoding="utf-8")
