"""Renderers: data in, text out (terminal text, Markdown, JSON, annotations, SVG)."""
