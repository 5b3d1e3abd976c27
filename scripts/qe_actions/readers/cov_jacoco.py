"""JaCoCo XML (Java, and gcovr's JaCoCo flavour), streamed; files are `package/sourcefile` paths.

A line is measured when it has instructions; its hits are the covered instructions (`ci`). Reports
without `mi`/`ci` (some gcovr versions) fall back to the branch attributes, then to the LINE counter.
"""

from __future__ import annotations

from qe_actions.errors import InputError
from qe_actions.model.coverage import Counts, FileCoverage, Report
from qe_actions.readers.cov_common import FileCollector, to_int
from qe_actions.xmlstream import parse_xml_file


class _Handler:
    def __init__(self, path: str) -> None:
        self.path = path
        self.files = FileCollector()
        self.package = ""
        self.name: str | None = None
        self.current: dict[int, int] | None = None
        self.saw_lines = False
        self.line_counter: Counts | None = None
        self.summary_only: list[FileCoverage] = []
        self.sourcefiles = 0

    def setup(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end

    def root(self, name: str) -> None:
        if name != "report":
            raise InputError(self.path, f"root element is <{name}>, not JaCoCo's <report>")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "line" and self.name is not None:
            self.line(attrs)
        elif name == "sourcefile":
            base = attrs.get("name", "")
            self.name = f"{self.package}/{base}" if self.package else base
            self.current, self.saw_lines, self.line_counter = None, False, None
            self.sourcefiles += 1
        elif name == "package":
            self.package = attrs.get("name", "").strip("/")
        elif name == "counter" and self.name is not None and attrs.get("type") == "LINE":
            missed = to_int(attrs.get("missed"), self.path, "LINE counter 'missed'")
            covered = to_int(attrs.get("covered"), self.path, "LINE counter 'covered'")
            self.line_counter = Counts(covered, missed + covered)

    def line(self, attrs: dict[str, str]) -> None:
        where = f"<line nr={attrs.get('nr')!r}> in {self.name}"
        number = to_int(attrs.get("nr"), self.path, where)
        mb, cb = int(attrs.get("mb", 0) or 0), int(attrs.get("cb", 0) or 0)
        if "ci" in attrs or "mi" in attrs:
            ci, mi = int(attrs.get("ci", 0) or 0), int(attrs.get("mi", 0) or 0)
            if ci + mi == 0 and mb + cb == 0:
                return
            hits = ci
        else:
            hits = 1 if cb > 0 or (mb + cb == 0) else 0
        if self.current is None:
            self.current = self.files.file(self.name)  # type: ignore[arg-type]
        self.saw_lines = True
        self.current[number] = self.current.get(number, 0) + hits
        if mb + cb > 0:
            self.files.branch(self.name, number, cb, mb + cb)  # type: ignore[arg-type]

    def end(self, name: str) -> None:
        if name == "sourcefile":
            if not self.saw_lines and self.line_counter is not None and self.name is not None:
                self.summary_only.append(FileCoverage(self.name, self.line_counter))
            self.name, self.current = None, None
        elif name == "package":
            self.package = ""


def read_jacoco(path: str) -> Report:
    """Line hits and branches per `package/SourceFile.java`; JaCoCo's DTD reference is never fetched."""
    handler = _Handler(path)
    parse_xml_file(path, handler.setup, handler.root)
    if handler.sourcefiles == 0:
        raise InputError(path, "no <sourcefile> element (run jacoco:report with sources, or not a JaCoCo report)")
    files = handler.files.freeze() + tuple(handler.summary_only)
    return Report(path, "jacoco", "jacoco", files)
