"""Text made safe for one line of a terminal or CI log: the primitives `render.escape` and error messages share.

At the bottom of the package (it imports nothing of ours), so `errors` can escape file names in its messages
without depending on the renderers. See `qe_actions.render.escape` for why each character class is here.
"""

from __future__ import annotations

import re

# Characters that change how text displays without being visible: C0/C1 controls (ANSI escapes start with
# ESC), bidi embeddings/overrides/isolates ("Trojan Source"), and line/paragraph separators.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
REPLACEMENT = "\ufffd"
# What .NET `TrimStart()` removes (every `str.isspace()` character; Python's set is a superset of .NET's) plus
# what an ICU comparison ignores (controls and Unicode default-ignorable code points): before a `::` at the start
# of a line, or between the characters of `::` and `##[`, the runner does not see them.
_SPACE = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
IGNORABLE = (
    "\x00-\x08\x0e-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_IGN = f"[{IGNORABLE}]*"
# `::` at the start of a line (after anything trimmed or ignored); a line starts after LF or CR (the runner's
# line reader splits on both).
_LEADING_COMMAND = re.compile(f"(?:^|(?<=[\\n\\r]))([{_SPACE}{IGNORABLE}]*:{_IGN})(?=:)")
_LEGACY_COMMAND = re.compile(f"(#{_IGN}#{_IGN})(?=\\[)")
COMMAND_BREAK = "\u00a0"  # NO-BREAK SPACE: shows as a space, is not trimmed inside a line, is never ignorable


def visible_controls(s: str) -> str:
    """Replace invisible/control characters (but not tab) with U+FFFD so they cannot reorder or hide text."""
    return _INVISIBLE.sub(REPLACEMENT, s)


def plain_text(s: str) -> str:
    """One line for a terminal or CI log: line breaks shown as `\\n`, control/escape/bidi characters as U+FFFD,
    and a leading `::` broken so the Actions runner never reads the line as a workflow command."""
    s = s.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n").replace("\t", " ")
    return break_commands(visible_controls(s))


def break_commands(s: str) -> str:
    """`s` with no line able to start a workflow command (`::` after trimmed/ignored characters) and no `##[`,
    whatever the runner trims or ignores; lines, length order and all other text are kept."""
    s = _LEADING_COMMAND.sub(lambda m: m.group(1) + COMMAND_BREAK, s)
    return _LEGACY_COMMAND.sub(lambda m: m.group(1) + COMMAND_BREAK, s)
