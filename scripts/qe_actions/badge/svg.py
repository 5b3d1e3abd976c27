"""One badge as SVG text, byte for byte what badge-maker 6.0.0 draws for the `flat` and `flat-square` styles.

Layout (badge-maker `lib/badge-renderers.js`): each text is `preferred_width` wide plus 5 px padding on each side;
text is drawn at font-size 110 under `scale(.1)` with `textLength` = 10 x width (shields#1132), so every number
is an integer. `flat` draws each text three times (a blurred and a plain shadow, `aria-hidden`, then the text);
`flat-square` once, with `crispEdges` and no gradient. Label and message are trimmed as JavaScript's `trim()` does,
then escaped for XML (`& < > " '`), so a label like `<script>` stays text. Characters XML 1.0 forbids cannot be
written at all: C0 controls are dropped (badge-maker measures them as 0 wide, so widths do not change) and
U+FFFE, U+FFFF and lone surrogates become U+FFFD (measured as `m`, like the character it replaces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qe_actions.badge.colors import DEFAULT_COLOR, DEFAULT_LABEL_COLOR, text_colors
from qe_actions.badge.widths import preferred_width
from qe_actions.errors import UsageError

STYLES = ("flat", "flat-square")
MAX_TEXT = 10_000  # characters per label or message; a badge is a few words
# ECMAScript WhiteSpace and LineTerminator: what String.prototype.trim() removes (Python's strip() differs).
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_TRIM = re.compile(f"^[{_JS_SPACE}]+|[{_JS_SPACE}]+$")
_XML_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XML_REPLACE = re.compile("[\ufffe\uffff\ud800-\udfff]")
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"})
_FONT = 'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110"'


@dataclass(frozen=True, slots=True)
class Badge:
    """What a badge says and how it looks; colours are SVG fills (see colors.svg_color)."""

    label: str
    message: str
    color: str = DEFAULT_COLOR
    label_color: str | None = None
    style: str = "flat"


def clean_text(text: str) -> str:
    """The text as badge-maker keeps it (trimmed), with what XML cannot hold dropped or replaced."""
    if len(text) > MAX_TEXT:
        raise UsageError(f"badge text of {len(text)} characters: at most {MAX_TEXT}")
    return _TRIM.sub("", _XML_REPLACE.sub("\ufffd", _XML_DROP.sub("", text)))


def xml_escape(text: str) -> str:
    """badge-maker's `escapeXml`: the five XML specials as entities."""
    return text.translate(_XML_ESCAPES)


def _text(left: int, width: int, content: str, background: str, square: bool) -> str:
    if not content:
        return ""
    fill, shadow = text_colors(background)
    x = 10 * left + 5 * width + 50  # 10 x (margin + width/2 + padding 5); width is odd, so this is whole
    length = 10 * width
    own_fill = "" if fill == "#fff" else f' fill="{fill}"'
    if square:
        return f'<text x="{x}" y="140" textLength="{length}" transform="scale(.1)"{own_fill}>{content}</text>'
    return (
        f'<g transform="scale(.1)"><g aria-hidden="true" fill="{shadow}">'
        f'<text x="{x}" y="150" fill-opacity=".8" filter="url(#blur)" textLength="{length}">{content}</text>'
        f'<text x="{x}" y="150" fill-opacity=".3" textLength="{length}">{content}</text></g>'
        f'<text x="{x}" y="140" textLength="{length}"{own_fill}>{content}</text></g>'
    )


def render_svg(badge: Badge) -> str:
    """The badge's SVG document (one line, no XML declaration, as badge-maker writes it)."""
    if badge.style not in STYLES:
        raise UsageError(f"style {badge.style!r}: use one of {', '.join(STYLES)}")
    label, message = clean_text(badge.label), clean_text(badge.message)
    has_label = bool(label) or badge.label_color is not None
    label_color = (badge.label_color or DEFAULT_LABEL_COLOR) if has_label else badge.color
    label_width = preferred_width(label) if label else 0
    left = label_width + 10 if has_label else 0
    message_width = preferred_width(message)
    message_margin = left - (1 if message else 0) + (0 if has_label else 1)
    right = message_width + 10
    width = left + right
    accessible = xml_escape(f"{label}: {message}" if label else message)
    square = badge.style == "flat-square"
    texts = _text(1, label_width, xml_escape(label), label_color, square) + _text(
        message_margin, message_width, xml_escape(message), badge.color, square
    )
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" aria-label="{accessible}">'
        f"<title>{accessible}</title>"
    )
    rects = (
        f'<rect width="{left}" height="20" fill="{label_color}"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{badge.color}"/>'
    )
    if square:
        body = f'<g shape-rendering="crispEdges">{rects}</g>'
    else:
        body = (
            '<filter id="blur"><feGaussianBlur stdDeviation="16"/></filter>'
            '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
            '<stop offset="1" stop-opacity=".1"/></linearGradient>'
            f'<clipPath id="r"><rect width="{width}" height="20" rx="3"/></clipPath>'
            f'<g clip-path="url(#r)">{rects}<rect width="{width}" height="20" fill="url(#s)"/></g>'
        )
    return f'{head}{body}<g fill="#fff" text-anchor="middle" {_FONT}>{texts}</g></svg>'
