"""Cobertura XML (coverage.py, istanbul/nyc/c8/jest/vitest, gcovr, PHPUnit, coverlet), streamed through expat.

Only the `<lines>` directly inside a `<class>` count: istanbul repeats each line inside `<method>` too.
Several `<class>` elements may name the same file (Java inner classes, coverlet): their lines are merged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from qe_actions.errors import InputError
from qe_actions.model.coverage import COVERAGE_PY, MAX_HITS, MAX_LINE, Counts, LineTable, Report
from qe_actions.readers.coverage.common import FileCollector, shown
from qe_actions.xmlstream import parse_xml_file, safe_parser

_CONDITIONS = re.compile(r"\((\d+)\s*/\s*(\d+)\)")


class _Handler:
    """expat callbacks; kept flat because they run once per `<line>` of a possibly huge report."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.files = FileCollector()
        self.current: dict[int, int] | None = None
        self.name = ""
        self.depth_in_method = 0
        self.in_class_lines = False
        self.in_source = False
        self.source_text: list[str] = []
        self.roots: list[str] = []
        self.producer = ""
        self.declared: Counts | None = None
        self.classes = 0
        self.parser: Any = None  # pyexpat's parser

    def setup(self, parser) -> None:
        parser.ordered_attributes = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        self.parser = parser
        parser.CommentHandler = self.comment

    def root(self, name: str) -> None:
        if name != "coverage":
            raise InputError(self.path, f"root element is <{shown(name)}>, not Cobertura's <coverage>")

    def start(self, name: str, attrs: list[str]) -> None:
        if name == "line":
            if self.in_class_lines and not self.depth_in_method:
                self.line(attrs)
        elif name == "class":
            values = dict(zip(attrs[::2], attrs[1::2]))
            filename = values.get("filename")
            if filename is None:
                raise InputError(self.path, f"<class name={values.get('name', '?')!r}> has no filename attribute")
            self.name, self.current = filename, self.files.file(filename)
            self.classes += 1
        elif name == "lines":
            self.in_class_lines = self.current is not None
        elif name == "method":
            self.depth_in_method += 1
        elif name == "source":
            self.in_source, self.source_text = True, []
            self.parser.CharacterDataHandler = self.text
        elif name == "coverage":
            self.coverage_attrs(dict(zip(attrs[::2], attrs[1::2])))

    def line(self, attrs: list[str]) -> None:
        if len(attrs) >= 4 and attrs[0] == "number" and attrs[2] == "hits":
            number, hits, rest = attrs[1], attrs[3], attrs[4:]
        else:
            values = dict(zip(attrs[::2], attrs[1::2]))
            number, hits, rest = values.get("number", ""), values.get("hits", "0"), attrs
        try:
            line_no, count = int(number), int(hits)
        except (TypeError, ValueError):
            try:
                line_no, count = int(number), int(float(hits))
            except (TypeError, ValueError):
                raise InputError(
                    self.path,
                    f"<line number={shown(number, 24)!r} hits={shown(hits, 24)!r}> in {shown(self.name)} "
                    "is not numeric",
                ) from None
        if not 0 <= line_no <= MAX_LINE:
            raise InputError(
                self.path,
                f"<line number={shown(number, 24)!r}> in {shown(self.name)} is out of range (0 to {MAX_LINE})",
            )
        table = self.current
        if table is None:  # a <line> outside any <class>: nothing to count it in
            return
        table[line_no] = table.get(line_no, 0) + min(max(count, 0), MAX_HITS)
        if rest and "condition-coverage" in rest:
            values = dict(zip(rest[::2], rest[1::2]))
            match = _CONDITIONS.search(values.get("condition-coverage", ""))
            if match and values.get("branch", "true").lower() == "true":
                self.files.branch(self.name, line_no, int(match.group(1)), int(match.group(2)))

    def end(self, name: str) -> None:
        if name == "lines":
            self.in_class_lines = False
        elif name == "method":
            self.depth_in_method -= 1
        elif name == "class":
            self.current = None
        elif name == "source":
            self.in_source = False
            self.parser.CharacterDataHandler = None
            root = "".join(self.source_text).strip()
            if root:
                self.roots.append(root)

    def text(self, data: str) -> None:
        if self.in_source:
            self.source_text.append(data)

    def comment(self, data: str) -> None:
        if "coverage.py" in data:
            self.producer = COVERAGE_PY

    def coverage_attrs(self, values: dict[str, str]) -> None:
        self.declared = declared_counts(values)
        self.producer = root_producer(values) or self.producer


def declared_counts(values: Mapping[str, str]) -> Counts | None:
    """The totals `<coverage>` states about itself, or None when they are missing or not numbers."""
    try:
        figures = [
            int(values["lines-covered"]),
            int(values["lines-valid"]),
            int(values.get("branches-covered", 0)),
            int(values.get("branches-valid", 0)),
        ]
    except (KeyError, ValueError):
        return None
    if not all(0 <= figure <= MAX_HITS for figure in figures):
        return None  # impossible totals: the file rows are summed instead
    # coverage.py without --branch writes branches-valid="0"
    covered, total, branches_covered, branches = figures
    return Counts(covered, total, branches_covered, branches, branches > 0)


def root_producer(values: Mapping[str, str]) -> str:
    """`gcovr` or `istanbul` (its writer's fixed `version="0.1"`) from `<coverage>`, else "" (coverage.py: comment)."""
    version = values.get("version", "")
    if version.startswith("gcovr"):
        return "gcovr"
    return "istanbul" if version == "0.1" else ""


def read_cobertura(path: str) -> Report:
    """Per-file line hits and condition coverage, plus the `<source>` roots for path mapping."""
    handler = _Handler(path)
    parse_xml_file(path, handler.setup, handler.root)
    if handler.classes == 0 and handler.declared is None:
        raise InputError(path, "no <class> element found (empty or not a Cobertura report)")
    return Report(
        path, "cobertura", handler.producer, handler.files.freeze(), tuple(handler.roots), declared=handler.declared
    )


def lines_from_fragment(path: str, name: str, fragment: bytes, branch_data: bool) -> LineTable:
    """Decode one `<lines>...</lines>` block of a big report with expat (used lazily by the fast reader)."""
    from xml.parsers import expat

    handler = _Handler(path)
    handler.name, handler.current = name, handler.files.file(name)
    parser = safe_parser()
    handler.setup(parser)
    try:
        parser.Parse(fragment, True)
    except expat.ExpatError as exc:
        raise InputError(path, f"malformed <lines> of {shown(name)}: {expat.ErrorString(exc.code)}") from None
    handler.files.branch_data = branch_data or handler.files.branch_data
    table = handler.files.freeze()[0].lines
    return table if isinstance(table, LineTable) else LineTable()  # a plain <lines> block is always a LineTable
