"""The one set of limits every renderer uses for rows: how many, how long a message, how much evidence."""

from __future__ import annotations

MAX_ROWS = 50  # rows per list (failing tests, findings, uncovered files) in text and Markdown; JSON holds them all
MESSAGE_CHARS = 500  # a failing test's or a finding's message (text shows its first line, cut to this)
DETAILS_CHARS = 1_500  # a failing test's evidence (stack trace) in Markdown
DETAILS_LINES = 30  # ... and at most this many of its lines
NAME_CHARS = 200  # a tool, rule or path cell: a hostile report must not blow a comment's size limit
RANGES_CHARS = 300  # the uncovered line ranges of one file
MARKDOWN_CHARS = 65_000  # GitHub refuses comment bodies over 65,536 characters and check-run summaries over 65,535
