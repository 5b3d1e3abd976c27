"""JaCoCo XML (Java, and gcovr's JaCoCo flavour), streamed; files are `package/sourcefile` paths.

A line is measured when it has instructions; its hits are the covered instructions (`ci`). gcovr's JaCoCo
writer emits `<line nr=.../>` without `mi`/`ci`: such a file's figures are its LINE and BRANCH counters, and
it has no line table (whether a line ran is not in the report). The report's own totals are the LINE and
BRANCH counters directly under `<report>`.
"""

from __future__ import annotations

from qe_actions.errors import InputError
from qe_actions.model.coverage import Counts, FileCoverage, Report
from qe_actions.readers.coverage.common import FileCollector, shown, to_int, to_line
from qe_actions.xmlstream import parse_xml_file


class _Handler:
    def __init__(self, path: str) -> None:
        self.path = path
        self.files = FileCollector()
        self.package = ""
        self.name: str | None = None
        self.hits: dict[int, int] = {}
        self.branch_rows: list[tuple[int, int, int]] = []
        self.counted = False  # a line of this file carries mi/ci
        self.counters: dict[str, tuple[int, int]] = {}  # this file's (covered, total) per counter type
        self.report_counters: dict[str, tuple[int, int]] = {}
        self.summary_only: list[FileCoverage] = []
        self.sourcefiles = 0
        self.depth = 0
        self.report_name = ""

    def setup(self, parser) -> None:
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end

    def root(self, name: str) -> None:
        if name != "report":
            raise InputError(self.path, f"root element is <{shown(name)}>, not JaCoCo's <report>")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if name == "line" and self.name is not None:
            self.line(attrs)
        elif name == "sourcefile":
            base = attrs.get("name", "")
            self.name = f"{self.package}/{base}" if self.package else base
            self.hits, self.branch_rows, self.counted, self.counters = {}, [], False, {}
            self.sourcefiles += 1
        elif name == "package":
            self.package = attrs.get("name", "").strip("/")
        elif name == "report":
            self.report_name = attrs.get("name", "")
        elif name == "counter" and (self.name is not None or self.depth == 2):
            kind = attrs.get("type", "")
            missed = to_int(attrs.get("missed"), self.path, f"{kind} counter 'missed'")
            covered = to_int(attrs.get("covered"), self.path, f"{kind} counter 'covered'")
            (self.counters if self.name is not None else self.report_counters)[kind] = (covered, missed + covered)

    def line(self, attrs: dict[str, str]) -> None:
        where = f"<line nr={shown(attrs.get('nr'), 24)!r}> in {shown(self.name)}"
        number = to_line(attrs.get("nr"), self.path, where)
        mb, cb = (to_int(attrs.get(key) or "0", self.path, f"{where} {key}") for key in ("mb", "cb"))
        hits = 1 if cb > 0 or (mb + cb == 0) else 0  # a guess, kept only when the file has no LINE counter
        if "ci" in attrs or "mi" in attrs:
            ci, mi = (to_int(attrs.get(key) or "0", self.path, f"{where} {key}") for key in ("ci", "mi"))
            if ci + mi == 0 and mb + cb == 0:
                return
            hits, self.counted = ci, True
        self.hits[number] = self.hits.get(number, 0) + hits
        if mb + cb > 0:
            self.branch_rows.append((number, cb, mb + cb))

    def end(self, name: str) -> None:
        self.depth -= 1
        if name == "sourcefile" and self.name is not None:
            self.close_file(self.name)
            self.name = None
        elif name == "package":
            self.package = ""

    def close_file(self, name: str) -> None:
        """Keep the line table when the lines carry counts; else the file's LINE/BRANCH counters."""
        if self.hits and (self.counted or "LINE" not in self.counters):
            table = self.files.file(name)
            for number, hits in self.hits.items():
                table[number] = table.get(number, 0) + hits
            for number, covered, total in self.branch_rows:
                self.files.branch(name, number, covered, total)
        else:
            counts = counter_counts(self.counters)
            if counts is not None:
                self.summary_only.append(FileCoverage(name, counts, None, True))


def counter_counts(counters: dict[str, tuple[int, int]]) -> Counts | None:
    """Lines and branches from JaCoCo's LINE and BRANCH counters (None without a LINE counter)."""
    if "LINE" not in counters:
        return None
    lines, branches = counters["LINE"], counters.get("BRANCH", (0, 0))
    return Counts(lines[0], lines[1], branches[0], branches[1], True)


def read_jacoco(path: str) -> Report:
    """Line hits and branches per `package/SourceFile.java`; JaCoCo's DTD reference is never fetched."""
    handler = _Handler(path)
    parse_xml_file(path, handler.setup, handler.root)
    if handler.sourcefiles == 0:
        raise InputError(path, "no <sourcefile> element (run jacoco:report with sources, or not a JaCoCo report)")
    files = handler.files.freeze() + tuple(handler.summary_only)
    producer = "gcovr" if "GCOVR" in handler.report_name.upper() else "jacoco"
    return Report(path, "jacoco", producer, files, declared=counter_counts(handler.report_counters))
