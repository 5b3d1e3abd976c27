"""Badges are valid SVG whatever the text: markup stays text, XML-forbidden characters never reach the file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qe_actions.badge.colors import NAMED, is_light, svg_color, text_colors
from qe_actions.badge.svg import Badge, clean_text, render_svg
from qe_actions.badge.widths import preferred_width
from qe_actions.cli import main
from qe_actions.errors import UsageError

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    assert "<!" not in svg  # no DOCTYPE, no entity declarations: nothing for a parser to expand
    return ET.fromstring(svg)


def _texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("style", ["flat", "flat-square"])
def test_markup_in_label_and_message_stays_text(style: str) -> None:
    """`<script>` and `a&b"c` come back from an XML parser as the same characters, in title, aria-label and text."""
    root = _parse(render_svg(Badge("<script>alert(1)</script>", "a&b\"c'd", svg_color("red"), None, style)))
    assert not [el for el in root.iter() if el.tag.endswith("script")]
    expected = "<script>alert(1)</script>: a&b\"c'd"
    assert root.get("role") == "img" and root.get("aria-label") == expected
    assert root.find(f"{SVG}title").text == expected  # type: ignore[union-attr]
    assert set(_texts(root)) == {"<script>alert(1)</script>", "a&b\"c'd"}


def test_structure_of_both_styles() -> None:
    """flat: blur filter, gradient, clip path, shadow texts aria-hidden; flat-square: crisp edges, one text each."""
    flat = _parse(render_svg(Badge("build", "passing")))
    assert [child.tag.removeprefix(SVG) for child in flat] == [
        "title",
        "filter",
        "linearGradient",
        "clipPath",
        "g",
        "g",
    ]
    hidden = [g for g in flat.iter(f"{SVG}g") if g.get("aria-hidden") == "true"]
    assert len(hidden) == 2 and all(len(g) == 2 for g in hidden)
    assert len(_texts(flat)) == 6
    square = _parse(render_svg(Badge("build", "passing", style="flat-square")))
    assert [child.tag.removeprefix(SVG) for child in square] == ["title", "g", "g"]
    assert square[1].get("shape-rendering") == "crispEdges" and len(_texts(square)) == 2


def test_width_is_the_sum_of_both_halves() -> None:
    """Total width = label + 10 + message + 10 with odd text widths; an empty label collapses the left half."""
    root = _parse(render_svg(Badge("coverage", "95%")))
    assert int(root.get("width", "0")) == preferred_width("coverage") + 10 + preferred_width("95%") + 10
    bare = _parse(render_svg(Badge("", "95%")))
    assert int(bare.get("width", "0")) == preferred_width("95%") + 10
    assert bare.get("aria-label") == "95%"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40), st.sampled_from(["flat", "flat-square"]))
def test_any_text_gives_well_formed_svg(label: str, message: str, style: str) -> None:
    """Controls, lone surrogates, U+FFFF, markup: always well-formed XML whose title is the cleaned text."""
    svg = render_svg(Badge(label, message, svg_color("blue"), None, style))
    root = _parse(svg)
    shown_label, shown_message = clean_text(label), clean_text(message)
    title = root.find(f"{SVG}title")
    assert title is not None
    expected = f"{shown_label}: {shown_message}" if shown_label else shown_message
    assert (title.text or "") == expected.replace("\r\n", "\n").replace("\r", "\n")  # XML's line-end rule


def test_clean_text_keeps_widths_of_what_it_replaces() -> None:
    """C0 controls are dropped (0 wide in badge-maker too); U+FFFF and a lone surrogate become U+FFFD (same width)."""
    assert clean_text("a\x01b\x1f") == "ab"
    assert clean_text("x\uffff\ud800") == "x\ufffd\ufffd"
    assert clean_text("\u3000 both ends \ufeff") == "both ends"
    with pytest.raises(UsageError):
        clean_text("x" * 10_001)


def test_colours() -> None:
    """Names, aliases, hex with or without `#` (lowercased); light backgrounds get dark text."""
    assert svg_color("brightgreen") == "#4b0" and svg_color("Green") == NAMED["green"]
    assert svg_color("success") == "#4b0" and svg_color("gray") == "#555" and svg_color("lightgray") == "#939393"
    assert svg_color("FF69B4") == "#ff69b4" and svg_color("#ABC") == "#abc"
    for bad in ("nope", "#12", "#1234567", "rgb(1,2,3)", ""):
        with pytest.raises(UsageError):
            svg_color(bad)
    assert text_colors("#fe7") == ("#333", "#ccc") and text_colors("#4b0") == ("#fff", "#010101")
    assert not is_light("#d8b800")  # yellow is 0.68: white text, as in badge-maker


def test_cli_usage_errors_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing MESSAGE, a bad colour or style: one line on stderr and exit 3."""
    assert main(["badge", "only-label"]) == 3
    assert main(["badge", "a", "b", "--color", "<svg>"]) == 3
    assert main(["badge", "a", "b", "--style", "plastic"]) == 3
    err = capsys.readouterr().err
    assert "give LABEL and MESSAGE" in err and "Traceback" not in err
