"""Clover XML (OpenClover, PHPUnit, istanbul's clover reporter), streamed through expat."""

from __future__ import annotations

from qe_actions.errors import InputError
from qe_actions.model.coverage import Report
from qe_actions.readers.coverage.common import FileCollector, shown, to_int, to_line
from qe_actions.xmlstream import parse_xml_file


class _Handler:
    def __init__(self, path: str) -> None:
        self.path = path
        self.files = FileCollector()
        self.name: str | None = None
        self.current: dict[int, int] | None = None
        self.file_count = 0

    def setup(self, parser) -> None:
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end

    def root(self, name: str) -> None:
        if name != "coverage":
            raise InputError(self.path, f"root element is <{shown(name)}>, not Clover's <coverage>")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "line" and self.current is not None:
            kind = attrs.get("type", "stmt")
            if kind == "method":
                return  # a method line repeats a statement line; Clover's line figures count statements
            number = to_line(attrs.get("num"), self.path, f"<line> num in {shown(self.name)}")
            count = to_int(
                attrs.get("count", "0"), self.path, f"<line num={number}> count in {shown(self.name)}", cap=True
            )
            self.current[number] = self.current.get(number, 0) + count
            if kind == "cond":
                true_count = to_int(
                    attrs.get("truecount") or "0", self.path, f"<line num={number}> truecount", cap=True
                )
                false_count = to_int(
                    attrs.get("falsecount") or "0", self.path, f"<line num={number}> falsecount", cap=True
                )
                self.files.branch(self.name, number, (true_count > 0) + (false_count > 0), 2)  # type: ignore[arg-type]
        elif name == "file":
            self.name = attrs.get("path") or attrs.get("name")
            if not self.name:
                raise InputError(self.path, "<file> element without a name or path attribute")
            self.current = self.files.file(self.name)
            self.file_count += 1

    def end(self, name: str) -> None:
        if name == "file":
            self.name, self.current = None, None


def read_clover(path: str) -> Report:
    """Statement and condition lines per file; `method` lines are skipped so nothing is counted twice."""
    handler = _Handler(path)
    parse_xml_file(path, handler.setup, handler.root)
    if handler.file_count == 0:
        raise InputError(path, "no <file> element found (empty or not a Clover report)")
    return Report(path, "clover", "clover", handler.files.freeze())
