"""Badge colours as badge-maker 6.0.0 names and resolves them (`lib/color.js`), and its text colour rule."""

from __future__ import annotations

import re
from decimal import Decimal

from qe_actions.errors import UsageError

# badge-maker 6.0.0 `namedColors` (the palette shields.io has drawn since its 2025 refresh).
NAMED: dict[str, str] = {
    "brightgreen": "#4b0",
    "green": "#67ac09",
    "yellow": "#d8b800",
    "yellowgreen": "#95991a",
    "orange": "#ea7233",
    "red": "#dd4343",
    "blue": "#007ec6",
    "grey": "#555",
    "lightgrey": "#939393",
}
ALIASES: dict[str, str] = {
    "gray": "grey",
    "lightgray": "lightgrey",
    "critical": "red",
    "important": "orange",
    "success": "brightgreen",
    "informational": "blue",
    "inactive": "lightgrey",
}
DEFAULT_COLOR = "#4b0"  # the message colour when none is given (badge-maker's default argument)
DEFAULT_LABEL_COLOR = "#555"
_HEX = re.compile(r"#?((?:[0-9a-fA-F]{3}){1,2})")
_BRIGHTNESS_LIMIT = Decimal("0.695")  # `brightness(c) <= 0.69` after JavaScript's toFixed(2)


def svg_color(spec: str) -> str:
    """The fill for a colour name, an alias or a 3/6-digit hex (with or without `#`); anything else is refused."""
    word = spec.strip().lower()
    if word in NAMED:
        return NAMED[word]
    if word in ALIASES:
        return NAMED[ALIASES[word]]
    match = _HEX.fullmatch(word)
    if match:
        return "#" + match.group(1)
    names = ", ".join([*NAMED, *ALIASES])
    raise UsageError(f"color {spec[:40]!r}: use a name ({names}) or a hex colour like ff69b4 or #abc")


def _rgb(hex_color: str) -> tuple[int, int, int]:
    digits = hex_color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def is_light(hex_color: str) -> bool:
    """badge-maker's test for dark text: brightness (r*299 + g*587 + b*114) / 255000, rounded to 2 places, > 0.69.

    JavaScript's toFixed(2) rounds the double's exact decimal value, ties upwards; Decimal(float) is that value.
    """
    r, g, b = _rgb(hex_color)
    return Decimal((r * 299 + g * 587 + b * 114) / 255000) >= _BRIGHTNESS_LIMIT


def text_colors(hex_color: str) -> tuple[str, str]:
    """(text, shadow) colours on a background: white on dark, dark grey on light."""
    return ("#333", "#ccc") if is_light(hex_color) else ("#fff", "#010101")
