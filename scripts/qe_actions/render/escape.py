"""Escaping for every place report text lands (Markdown, HTML, XML, workflow commands, terminals): content is data.

Report files come from the code under test and from pull requests, so a test name, a finding message or a path
may hold Markdown, HTML, `@mentions`, workflow commands (`::error::`), terminal escape sequences or bidi
overrides. Every renderer passes such strings through one of these functions. Truncate *before* escaping so an
escape sequence is never cut in half.

Workflow commands (issue 12): the runner reads every line of a step's stdout/stderr. It drops leading
whitespace with .NET `TrimStart()` (every Unicode white space, not only ASCII) before looking for `::`, and it
looks for the legacy `##[` *anywhere* in a line (`IndexOf("##[")`, which also runs `##[add-mask]`). Both calls
compare with the current culture (ICU), which skips "ignorable" characters such as U+200B or U+FEFF, so an
invisible character between the colons does not break a command there. `break_commands` is the one place that
makes untrusted text unable to form either: it puts a NO-BREAK SPACE (visible as a space, never ignorable) inside
any `::` that starts a line after trimmable/ignorable characters and inside every `##[`. Every sink the runner
may read goes through it: `plain_text` (stderr problem lines, text reports), `markdown_code_span` and
`markdown_code_block` (the only Markdown forms that keep `:`, `#` and `[` unescaped), and `json_text` (which also
spells bidi/invisible controls and U+2028/U+2029 as `\\uXXXX`). We do not wrap output in
`::stop-commands::<token>`: our stdout is as often a file or a pipe as the log, a process killed between the
two lines leaves commands off for the rest of the step (our own annotations included), and escaping already
holds for both forms whatever reads the text.
"""

from __future__ import annotations

import html
import re

from qe_actions.output import dump_json
from qe_actions.plaintext import (
    COMMAND_BREAK as COMMAND_BREAK,  # re-exported: defined below errors' level
)
from qe_actions.plaintext import IGNORABLE as _IGNORABLE
from qe_actions.plaintext import REPLACEMENT, break_commands
from qe_actions.plaintext import plain_text as plain_text
from qe_actions.plaintext import visible_controls as _visible_controls

# GitHub links `@name` and `@org/team` when the `@` follows a non-word character (or starts the text).
_MENTION = re.compile(r"(?<![A-Za-z0-9])@(?=[A-Za-z0-9])")
# Every ASCII punctuation character that CommonMark/GFM gives a meaning inline or at the start of a line.
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|~:")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_BACKTICK_RUN = re.compile(r"`+")
_INFO_STRING = re.compile(r"[^A-Za-z0-9_+.#-]")
# Not allowed in XML 1.0 at all, even as character references.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Markdown-significant characters spelled as numeric references, so HTML text stays inert inside Markdown too.
_HTML_TABLE = {ord(ch): f"&#{ord(ch)};" for ch in "`*_[]\\~|#!:{}()+-.\r\n"}
_HTML_TABLE.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#39;"})
# Characters a JSON document spells as `\uXXXX`: controls, bidi, invisible and line/paragraph separators.
_JSON_HIDDEN = re.compile(f"[{_IGNORABLE}\x85\u2028\u2029]")


def neutralise_mentions(s: str) -> str:
    """Stop `@user` and `@org/team` from notifying anyone (a zero-width space after `@`); `#123` is left alone."""
    return _MENTION.sub("@\u200b", s)


def markdown_text(s: str) -> str:
    """Inline Markdown that shows `s` literally: no markup, no HTML, no mention, one line (safe in table cells)."""
    s = _visible_controls(_LINE_BREAKS.sub(" ", s))
    out: list[str] = []
    for ch in s:
        if ch in _MARKDOWN_SPECIAL:
            out.append("\\" + ch)
        elif ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == "\t":
            out.append(" ")
        else:
            out.append(ch)
    text = "".join(out)
    if text.startswith(" "):  # four leading spaces would start an indented code block
        text = "&#32;" + text[1:]
    return neutralise_mentions(text)


def _longest_backtick_run(s: str) -> int:
    return max((len(m.group(0)) for m in _BACKTICK_RUN.finditer(s)), default=0)


def markdown_code_span(s: str, *, in_table: bool = False) -> str:
    """An inline code span holding `s` verbatim (delimiter longer than any backtick run inside; one line).

    With `in_table=True` pipes become `\\|`, which GFM requires inside table cells even in code spans.
    """
    s = break_commands(_visible_controls(_LINE_BREAKS.sub(" ", s)).replace("\t", " "))
    if in_table:
        s = s.replace("|", "\\|")
    if not s:
        return "` `"
    fence = "`" * (_longest_backtick_run(s) + 1)
    # A leading/trailing backtick would merge with the fence; a space on each side is stripped by the parser.
    pad = " " if s.strip(" ") and (s[0] in "` " or s[-1] in "` ") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def markdown_code_block(s: str, lang: str = "") -> str:
    """A fenced code block holding `s` verbatim: the fence is longer than any backtick run inside (at least 3)."""
    body = _LINE_BREAKS.sub("\n", s)
    body = _visible_controls(body)  # tab and line feed are kept: they are not in the invisible set
    # Markdown is printed to step logs too, where a line starting with `::` would be a workflow command.
    body = break_commands(body)
    if not body.endswith("\n"):
        body += "\n"
    fence = "`" * max(3, _longest_backtick_run(body) + 1)
    info = _INFO_STRING.sub("", lang)[:30]
    return f"{fence}{info}\n{body}{fence}\n"


def html_text(s: str) -> str:
    """Text for an HTML element or attribute that also stays inert when the HTML sits inside Markdown."""
    return neutralise_mentions(_visible_controls(s).translate(_HTML_TABLE))


def xml_attr(s: str) -> str:
    """A value for a double- or single-quoted XML/SVG attribute (or text node); characters XML forbids replaced."""
    s = _XML_INVALID.sub(REPLACEMENT, s)
    s = html.escape(s, quote=True)
    return s.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def workflow_message(s: str) -> str:
    """The message part of a workflow command (`::error ...::MESSAGE`): `%`, CR and LF encoded as the runner expects."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(s: str) -> str:
    """A property value of a workflow command (`file=`, `title=`): also `:` and `,`, which end a property."""
    return workflow_message(s).replace(":", "%3A").replace(",", "%2C")


def truncate(s: str, max_chars: int, marker: str = "\u2026") -> str:
    """At most `max_chars` characters; when cut, the end is `marker` so the reader sees text is missing."""
    if max_chars < 0:
        raise ValueError("max_chars must not be negative")
    if len(s) <= max_chars:
        return s
    if len(marker) >= max_chars:
        return marker[:max_chars]
    return s[: max_chars - len(marker)] + marker


def truncate_utf8(s: str, max_bytes: int, marker: str = "\u2026") -> str:
    """At most `max_bytes` bytes of UTF-8 (GitHub limits bodies in bytes), cut on a character boundary."""
    if max_bytes < 0:
        raise ValueError("max_bytes must not be negative")
    data = s.encode("utf-8", "surrogatepass")
    if len(data) <= max_bytes:
        return s
    mark = marker.encode("utf-8")
    if len(mark) >= max_bytes:
        return mark[:max_bytes].decode("utf-8", "ignore")
    return data[: max_bytes - len(mark)].decode("utf-8", "ignore") + marker


def bmp_only(s: str) -> str:
    """Characters above U+FFFF (and lone surrogates) replaced by U+FFFD: some GitHub fields store only the BMP."""
    return "".join(ch if ord(ch) <= 0xFFFF and not 0xD800 <= ord(ch) <= 0xDFFF else REPLACEMENT for ch in s)


def _json_escape(ch: str) -> str:
    """One character as JSON `\\uXXXX` (a surrogate pair above U+FFFF)."""
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(document: object, *, indent: int | None = 2, ensure_ascii: bool = False) -> str:
    """JSON text ending in a newline whose strings show no hidden character and cannot form a workflow command:
    controls, bidi, invisible characters and U+2028/U+2029 as `\\uXXXX`, `##[` as `##\\u005b` (same data)."""
    text = dump_json(document, indent=indent, ensure_ascii=ensure_ascii)  # strict: never NaN/Infinity
    # Outside strings JSON has no `#` and none of these characters, so rewriting the text respells only strings;
    # once hidden characters are spelled in ASCII, `##[` can only appear as these three characters.
    text = _JSON_HIDDEN.sub(lambda m: _json_escape(m.group(0)), text)
    return text.replace("##[", "##\\u005b") + "\n"
