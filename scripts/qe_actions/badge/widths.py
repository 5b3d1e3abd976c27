"""Text widths in 11px Verdana, exactly as shields.io's badge-maker measures them (its anafanafo table).

`verdana-11px-normal.json` beside this module is anafanafo 2.0.0's `data/verdana-11px-normal.json` copied byte for
byte from the npm package that badge-maker 6.0.0 installs (MIT, see LICENSE-anafanafo): sorted `[first, last, width]`
code point ranges. The arithmetic follows anafanafo's consumer: controls (<= 31 and 127) are 0 wide, a code point
outside every range counts as wide as `m` (its "guess"), widths are added left to right as doubles (no compensated
sum: JavaScript's `reduce` does plain `+`), then badge-maker truncates to an integer and rounds up to odd.
"""

from __future__ import annotations

import bisect
import json
from importlib import resources

TABLE_RESOURCE = "verdana-11px-normal.json"


def _load() -> tuple[list[int], list[int], list[float]]:
    text = resources.files(__package__).joinpath(TABLE_RESOURCE).read_text(encoding="utf-8")
    firsts, lasts, widths = [], [], []
    for first, last, width in json.loads(text):
        firsts.append(int(first))
        lasts.append(int(last))
        widths.append(float(width))
    return firsts, lasts, widths


_FIRSTS, _LASTS, _WIDTHS = _load()


def _lookup(code: int) -> float | None:
    index = bisect.bisect_right(_FIRSTS, code) - 1
    if index >= 0 and code <= _LASTS[index]:
        return _WIDTHS[index]
    return None


EM_WIDTH: float = _lookup(ord("m")) or 0.0
# Every character measured so far -> its width; starts with ASCII so the common case is one dict lookup.
_CACHE: dict[str, float] = {}


def char_width(ch: str) -> float:
    """The width of one code point (anafanafo's `widthOfCharCode` with `guess: true`)."""
    width = _CACHE.get(ch)
    if width is None:
        code = ord(ch)
        if code <= 31 or code == 127:
            width = 0.0
        else:
            found = _lookup(code)
            width = EM_WIDTH if found is None else found
        if len(_CACHE) < 65536:  # bounded: hostile text cannot grow it without limit
            _CACHE[ch] = width
    return width


for _code in range(128):
    char_width(chr(_code))


def text_width(text: str) -> float:
    """anafanafo(text, {font: '11px Verdana'}): the sum of the characters' widths, left to right."""
    total = 0.0
    cache = _CACHE
    for ch in text:
        width = cache.get(ch)
        total += char_width(ch) if width is None else width
    return total


def preferred_width(text: str) -> int:
    """badge-maker's `preferredWidthOf`: the width truncated to an integer, then rounded up to an odd number."""
    value = int(text_width(text))
    return value + 1 if value % 2 == 0 else value
