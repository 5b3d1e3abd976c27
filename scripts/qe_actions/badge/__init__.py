"""Shields.io-style SVG badges: badge-maker's widths (its Verdana table), layout, colours and escaping, in Python."""
