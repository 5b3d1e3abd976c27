"""Escaping: hostile report text stays text in Markdown (checked with GitHub's own cmark-gfm), HTML, XML, logs."""

from __future__ import annotations

import html
import re
import xml.dom.minidom

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qe_actions.render.escape import (
    REPLACEMENT,
    bmp_only,
    html_text,
    markdown_code_block,
    markdown_code_span,
    markdown_text,
    neutralise_mentions,
    plain_text,
    truncate,
    truncate_utf8,
    workflow_message,
    workflow_property,
    xml_attr,
)

cmarkgfm = pytest.importorskip("cmarkgfm")
from cmarkgfm.cmark import Options  # noqa: E402

ZWSP = "\u200b"
HOSTILE = [
    "**bold** _em_ `code` ~~strike~~",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "[click](https://evil.example) ![img](https://evil.example/x.png)",
    "@octocat and @org/team please look",
    "# heading",
    "1. ordered",
    "- bullet",
    "> quote",
    "    indented code",
    "| a | b |",
    "---",
    "<!-- comment --> <details>",
    "&lt; &amp; &#64;",
    "back\\slash\\",
    "::error file=a.py,line=1::injected",
    "%0A::error::x",
    "[x]: https://evil.example",
    "~~~\nfence",
    "line one\nline two\r\nline three\rend",
    "\x1b[31mred\x1b[0m and \u202eevil\u202c",
    "emoji \U0001f600 astral \U00010348",
]


def gfm(markdown: str) -> str:
    """Render like GitHub does (cmark-gfm with its extensions), raw HTML allowed so leaks would show."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def visible_text(s: str) -> str:
    """What a reader sees of `s` after markdown_text: one line, controls replaced, tabs as spaces."""
    s = re.sub(r"\r\n|\r|\n", " ", s).replace("\t", " ")
    return re.sub(
        r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]", REPLACEMENT, s
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_text_renders_as_one_plain_paragraph(text: str) -> None:
    rendered = gfm("x " + markdown_text(text))
    match = re.fullmatch(r"<p>(.*)</p>\n", rendered, re.S)
    assert match, rendered
    inner = match.group(1)
    assert "<" not in inner.replace("&lt;", ""), inner  # no element at all, not even a link
    assert html.unescape(inner).replace(ZWSP, "") == "x " + visible_text(text)


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_markdown_text_never_makes_markup(text: str) -> None:
    rendered = gfm("x " + markdown_text(text))
    inner = re.fullmatch(r"<p>(.*)</p>\n", rendered, re.S)
    assert inner, rendered
    assert re.search(r"<(?!/?p>)", inner.group(1)) is None
    # What GitHub shows is the text itself (GFM turns NUL into U+FFFD, as we do).
    shown = html.unescape(inner.group(1)).replace(ZWSP, "")
    expected = ("x " + visible_text(text).replace("\x00", REPLACEMENT)).replace(ZWSP, "")
    assert shown.rstrip(" ") == expected.rstrip(" ")


def test_markdown_text_in_a_table_cell_stays_in_its_cell() -> None:
    table = "| h | i |\n|---|---|\n| " + markdown_text("a | b\nc") + " | z |\n"
    rendered = gfm(table)
    assert rendered.count("<td>") == 2
    assert "<td>a | b c</td>" in rendered


def test_mentions_are_neutralised_but_refs_and_emails_kept() -> None:
    assert neutralise_mentions("@user hi") == "@\u200buser hi"
    assert neutralise_mentions("cc @org/team.") == "cc @\u200borg/team."
    assert neutralise_mentions("(@a)") == "(@\u200ba)"
    assert neutralise_mentions("see #123 and GH-4") == "see #123 and GH-4"
    assert neutralise_mentions("mail me@example.com") == "mail me@example.com"
    assert neutralise_mentions("@ alone") == "@ alone"
    assert ZWSP in markdown_text("@admin")
    assert ZWSP in html_text("@admin")


def test_code_span_holds_backticks_verbatim() -> None:
    for text in ["a`b", "``x``", "`lead", "trail`", "plain", "<b>@x</b>", " "]:
        span = markdown_code_span(text)
        rendered = gfm(span)
        assert rendered == f"<p><code>{html.escape(text, quote=False)}</code></p>\n", (text, span, rendered)
    assert markdown_code_span("a```b").startswith("````")
    assert markdown_code_span("") == "` `"


def test_code_span_in_table_keeps_pipes() -> None:
    cell = markdown_code_span("a|b`c", in_table=True)
    rendered = gfm(f"| h |\n|---|\n| {cell} |\n")
    assert "<td><code>a|b`c</code></td>" in rendered


def test_code_block_fence_is_longer_than_any_backtick_run() -> None:
    body = "before\n```\nnot the end\n````\n~~~\n<script>@x</script>\n"
    block = markdown_code_block(body, lang="py`thon<>")
    assert block.startswith("`````python\n")
    rendered = gfm(block + "after\n")
    assert rendered.startswith('<pre lang="python"><code>') or rendered.startswith(
        '<pre><code class="language-python">'
    )
    code = re.search(r"<code[^>]*>(.*)</code></pre>", rendered, re.S)
    assert code and html.unescape(code.group(1)) == body
    assert rendered.endswith("<p>after</p>\n")


def test_code_block_adds_final_newline_and_normalises_line_ends() -> None:
    assert markdown_code_block("a\r\nb") == "```\na\nb\n```\n"
    assert markdown_code_block("\x1b[1mx\tq") == f"```\n{REPLACEMENT}[1mx\tq\n```\n"


def test_html_text_is_inert_in_html_and_in_markdown() -> None:
    text = "<a href=\"x\">*hi*</a> & 'q' [l](u) @bob\n\nnew para"
    escaped = html_text(text)
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped and "\n" not in escaped
    rendered = gfm(f"<details><summary>{escaped}</summary>\n\nbody\n</details>")
    assert "<summary>" in rendered and "<a " not in rendered and "<em>" not in rendered
    assert html.unescape(escaped).replace(ZWSP, "") == text
    paragraph = gfm("x " + escaped)
    assert "<em>" not in paragraph and "<a " not in paragraph


def test_xml_attr_round_trips_through_a_real_parser() -> None:
    value = "a\"b'c<d>&e\tf\ng\rh\x00i\x1bj\uffff"
    doc = xml.dom.minidom.parseString(f"<r a=\"{xml_attr(value)}\" b='{xml_attr(value)}'>{xml_attr(value)}</r>")
    expected = "a\"b'c<d>&e\tf\ng\rh" + REPLACEMENT + "i" + REPLACEMENT + "j" + REPLACEMENT
    root = doc.documentElement
    assert root.getAttribute("a") == expected
    assert root.getAttribute("b") == expected
    assert root.firstChild.data.replace("\r", "") == expected.replace("\r", "")


def test_workflow_message_keeps_commands_on_one_line() -> None:
    hostile = "ok\n::error file=x::pwned\r\n%0A::warning::x 100%"
    escaped = workflow_message(hostile)
    assert "\n" not in escaped and "\r" not in escaped
    assert escaped == "ok%0A::error file=x::pwned%0D%0A%250A::warning::x 100%25"
    # What the runner decodes (its unescape order: %0D, %0A, %3A, %2C, then %25) is the original text.
    decoded = escaped.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
    assert decoded == hostile


def test_workflow_property_escapes_separators() -> None:
    escaped = workflow_property("a,b:c%d\ne")
    assert escaped == "a%2Cb%3Ac%25d%0Ae"
    assert "," not in escaped and ":" not in escaped


def test_truncate_counts_characters_and_marks_the_cut() -> None:
    assert truncate("hello", 5) == "hello"
    assert truncate("hello world", 8) == "hello w\u2026"
    assert len(truncate("x" * 100, 10)) == 10
    assert truncate("hello", 3, marker="[...]") == "[.."
    assert truncate("\U0001f600" * 5, 3) == "\U0001f600\U0001f600\u2026"
    assert truncate("abc", 0) == ""
    with pytest.raises(ValueError):
        truncate("abc", -1)


def test_truncate_utf8_cuts_on_character_boundary() -> None:
    text = "é" * 10  # 2 bytes each
    cut = truncate_utf8(text, 10)
    assert len(cut.encode()) <= 10 and cut.endswith("\u2026")
    assert truncate_utf8("\U0001f600" * 3, 9) == "\U0001f600\u2026"
    assert truncate_utf8("short", 100) == "short"


def test_bmp_only_replaces_astral_characters() -> None:
    assert bmp_only("a\U0001f600b\U00010348c") == f"a{REPLACEMENT}b{REPLACEMENT}c"
    assert bmp_only("\uffff\u00e9") == "\uffff\u00e9"
    assert bmp_only("x\ud800y") == f"x{REPLACEMENT}y"


def test_plain_text_is_one_safe_line() -> None:
    out = plain_text("::error::x\n\x1b[2Jcleared \u202ertl")
    assert "\n" not in out and "\x1b" not in out and "\u202e" not in out
    assert not out.startswith("::")
    assert plain_text("  ::warning::y").startswith("  :\u00a0:")
    assert plain_text("std::vector") == "std::vector"
