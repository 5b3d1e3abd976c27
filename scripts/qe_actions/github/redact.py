"""The one redaction choke point of publishing: every line printed, every file written and every request body
passes through `Redactor`, which hides the token and any long fragment of it (a cut message or URL can still
hold most of a token)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TextIO

from qe_actions.output import write_text

MIN_FRAGMENT = 8  # a fragment this long is not a coincidence; shorter ones may occur in ordinary text
MASK = "***"


class Redactor:
    """Replaces the secret and every substring of it of MIN_FRAGMENT or more characters with `***`.

    How: every fragment of length >= n is covered by its windows of exactly n characters, so the text is
    scanned only where it has runs of the secret's characters, and each n-window found in the secret's set of
    n-windows (len - n + 1 of them, not the ~600 fragments) is masked; overlapping windows merge into one mask."""

    __slots__ = ("_grams", "_runs", "_width")

    def __init__(self, secret: str | None, min_fragment: int = MIN_FRAGMENT) -> None:
        secret = secret or ""
        self._width = min(min_fragment, len(secret))
        self._grams = (
            frozenset(secret[i : i + self._width] for i in range(len(secret) - self._width + 1))
            if secret
            else frozenset()
        )
        chars = "".join(re.escape(c) for c in sorted(set(secret)))
        self._runs = re.compile(f"[{chars}]{{{self._width},}}") if secret else None

    def __repr__(self) -> str:
        return "Redactor(***)"

    def __call__(self, text: str) -> str:
        """`text` with the secret and its long fragments masked."""
        if self._runs is None or not text:
            return text
        width, grams = self._width, self._grams
        pieces: list[str] = []
        last = 0
        for run in self._runs.finditer(text):
            start, end = run.span()
            cover_from = cover_to = -1
            for i in range(start, end - width + 1):
                if text[i : i + width] in grams:
                    if i > cover_to:  # a new masked span: emit what came before it
                        if cover_to >= 0:
                            pieces += [text[last:cover_from], MASK]
                            last = cover_to
                        cover_from = i
                    cover_to = i + width
            if cover_to >= 0:
                pieces += [text[last:cover_from], MASK]
                last = cover_to
        if not pieces:
            return text
        pieces.append(text[last:])
        return "".join(pieces)

    def value(self, data: Any) -> Any:
        """A JSON-like value (dicts, lists, strings) with every string, keys included, redacted."""
        if isinstance(data, str):
            return self(data)
        if isinstance(data, dict):
            return {self(k) if isinstance(k, str) else k: self.value(v) for k, v in data.items()}
        if isinstance(data, (list, tuple)):
            return [self.value(v) for v in data]
        return data

    def line(self, stream: TextIO, text: str) -> None:
        """Print one line (a log line or a workflow command), redacted."""
        stream.write(self(text) + "\n")

    def write_file(self, path: str, text: str, write: Callable[[str, str], None] = write_text) -> None:
        """Write a file we produce (summary, outputs, bundle, Markdown), redacted, atomically."""
        write(path, self(text))


NO_SECRET = Redactor(None)
