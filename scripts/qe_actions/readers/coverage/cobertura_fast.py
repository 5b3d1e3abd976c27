"""Big Cobertura reports without a Python call per `<line>`: count each class's lines in bytes, decode on demand.

A monorepo report has millions of `<line>` elements; calling Python for each is what makes it slow. This reader
parses the header (prolog, `<coverage>` attributes, comments, `<source>` roots) with expat and the usual entity
refusal, then reads the file in chunks, finds each `<class>` and counts its `<lines>` block with byte searches:
measured lines are the
`<line ` elements, uncovered ones carry ` hits="0"`, branch figures come from `condition-coverage`. A file's
line table is decoded with expat only when asked for (a diff, or a file seen twice). Anything outside the
layout every producer writes (another encoding, a DTD internal subset, comments or CDATA among the classes, an
unknown entity, a file that does not end with `</coverage>`) sends the whole file to the streaming expat
reader instead, so nothing here is ever less strict about safety than `qe_actions.xmlstream`.
"""

from __future__ import annotations

import os
import re
from typing import BinaryIO
from xml.parsers import expat

from qe_actions.errors import InputError
from qe_actions.model.coverage import COVERAGE_PY, Counts, FileCoverage, LazyLines, LineTable, Report
from qe_actions.readers.coverage.cobertura import declared_counts, lines_from_fragment, read_cobertura, root_producer
from qe_actions.readers.coverage.common import FileCollector, shown
from qe_actions.xmlstream import safe_parser

FAST_MIN_BYTES = 2 << 20  # below this the streaming reader is fast enough and checks everything
CHUNK_BYTES = 16 << 20
_CLASS = re.compile(rb"<class\s([^>]*)>")
_CONDITION = re.compile(rb'condition-coverage="([^"]*)"')
_FILENAME = re.compile(rb"""(?:^|\s)filename\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PLAIN_LINE = re.compile(rb'<line number="(\d+)" hits="(\d+)"')
_BRANCH_LINE = re.compile(rb'<line number="(\d+)"[^>]*? condition-coverage="[^"(]*\((\d+)/(\d+)\)"')
_LONG_NUMBER = re.compile(rb' (?:number|hits)="\d{10}')
_FRACTION = re.compile(rb"\((\d+)\s*/\s*(\d+)\)")
_ENTITY = re.compile(rb"&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);")
_NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"', b"apos": "'"}


class Unusual(Exception):
    """The file is not in the common layout: read it with the streaming expat reader."""


def _unescape(raw: bytes) -> str:
    if b"&" in raw:
        if len(_ENTITY.findall(raw)) != raw.count(b"&"):
            raise Unusual("unknown entity")

        def one(match: re.Match[bytes]) -> str:
            name = match.group(1)
            if name.startswith(b"#x"):
                return chr(int(name[2:], 16))
            if name.startswith(b"#"):
                return chr(int(name[1:]))
            return _NAMED[name]

        parts, last = [], 0
        for match in _ENTITY.finditer(raw):
            parts.append(raw[last : match.start()].decode("utf-8"))
            parts.append(one(match))
            last = match.end()
        parts.append(raw[last:].decode("utf-8"))
        return "".join(parts)
    return raw.decode("utf-8")


class _Header:
    """expat over the bytes before the first `<class>`: root attributes, producer comment, `<source>` roots."""

    def __init__(self, path: str) -> None:
        self.path, self.producer = path, ""
        self.roots: list[str] = []
        self.declared: Counts | None = None
        self._text: list[str] | None = None
        self.root = ""

    def parse(self, data: bytes) -> None:
        parser = safe_parser()
        parser.EntityDeclHandler = parser.UnparsedEntityDeclHandler = self._refuse
        parser.StartElementHandler, parser.EndElementHandler = self._start, self._end
        parser.CharacterDataHandler, parser.CommentHandler = self._chars, self._comment
        parser.StartDoctypeDeclHandler = self._doctype
        try:
            parser.Parse(data, False)
        except expat.ExpatError:
            raise Unusual("header") from None

    def _refuse(self, *_args: object) -> None:
        raise Unusual("entity declaration")

    def _doctype(self, _name: str, _sysid: str | None, _pubid: str | None, has_internal_subset: int) -> None:
        if has_internal_subset:
            raise Unusual("internal DTD subset")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if not self.root:
            self.root = name
            if name != "coverage":
                raise InputError(self.path, f"root element is <{shown(name)}>, not Cobertura's <coverage>")
            self.declared = declared_counts(attrs)
            self.producer = root_producer(attrs) or self.producer
        elif name == "source":
            self._text = []

    def _end(self, name: str) -> None:
        if name == "source" and self._text is not None:
            root = "".join(self._text).strip()
            if root:
                self.roots.append(root)
            self._text = None

    def _chars(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def _comment(self, data: str) -> None:
        if "coverage.py" in data:
            self.producer = COVERAGE_PY


_FRACTIONS: dict[bytes, tuple[int, int]] = {}


def _branch_sums(values: list[bytes]) -> tuple[int, int]:
    covered = total = 0
    for value in set(values):  # a handful of distinct strings ("50% (1/2)", "100% (2/2)", ...)
        times = values.count(value)
        pair = _FRACTIONS.get(value)
        if pair is None:
            match = _FRACTION.search(value)
            pair = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
            if len(_FRACTIONS) < 4096:
                _FRACTIONS[value] = pair
        covered += pair[0] * times
        total += pair[1] * times
    return covered, total


def _lines_start(data: bytes, start: int, end: int) -> int:
    """Where the class-level `<lines>` begins (method lines left out), or -1 when the class has none."""
    open_at = data.find(b"<lines", start, end)
    if open_at != -1 and data.find(b"<method ", start, open_at) != -1:
        methods_end = data.find(b"</methods>", start, end)  # istanbul repeats lines inside each <method>
        open_at = data.find(b"<lines", methods_end, end) if methods_end != -1 else -1
    if open_at == -1 or data.startswith(b"<lines/>", open_at):
        return -1
    return open_at


class _Counter:
    """Per-file counts and `<lines>` byte ranges, filled class by class."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.blocks: dict[str, list[tuple[int, int]]] = {}
        self.counts: dict[str, tuple[int, int, int, int, bool]] = {}
        self.any_branch = False

    def region(self, data: bytes, begin: int, end: int, base: int) -> None:
        """Count every class whose `<class` tag starts in data[begin:end]; `base` is data's offset in the file."""
        if data.find(b"<!", begin, end) != -1:
            raise Unusual("comment or CDATA among the classes")
        if data.find(b' hits="-', begin, end) != -1 or data.find(b' hits="0.', begin, end) != -1:
            raise Unusual("negative or fractional hit counts")
        if data.find(b' number="-', begin, end) != -1 or _LONG_NUMBER.search(data, begin, end):
            raise Unusual(
                "a line number or count of ten or more digits, or negative"
            )  # expat checks it now, not lazily
        has_entities = data.find(b"&", begin, end) != -1
        starts = [(m.start(), m.end(), m.group(1)) for m in _CLASS.finditer(data, begin, end)]
        for index, (_start, tag_end, attrs) in enumerate(starts):
            stop = starts[index + 1][0] if index + 1 < len(starts) else end
            self.one_class(data, tag_end, stop, attrs, has_entities, base)

    def one_class(self, data: bytes, tag_end: int, stop: int, attrs: bytes, has_entities: bool, base: int) -> None:
        found = _FILENAME.search(attrs)
        if found is None:  # missing, or a `>` inside an attribute value: let expat judge
            raise Unusual("class attributes")
        name = _unescape(found.group(1) if found.group(1) is not None else found.group(2))
        a = -1 if attrs.endswith(b"/") else _lines_start(data, tag_end, stop)
        if a == -1:
            self.blocks.setdefault(name, [])
            self.counts.setdefault(name, (0, 0, 0, 0, False))
            return
        # from `<lines>` to the next class: only this class's line elements are in between
        measured = data.count(b"<line ", a, stop)
        if data.count(b" hits=", a, stop) != measured or (has_entities and data.find(b"&", a, stop) != -1):
            raise Unusual("unusual <line> attributes")
        uncovered = data.count(b' hits="0"', a, stop)
        conditions = _CONDITION.findall(data, a, stop)
        covered_branches, total_branches = _branch_sums(conditions)
        self.any_branch = self.any_branch or bool(conditions)
        self.blocks.setdefault(name, []).append((base + a, base + stop))
        old = self.counts.get(name)
        row = (measured - uncovered, measured, covered_branches, total_branches, bool(conditions))
        self.counts[name] = (
            row
            if old is None
            else (old[0] + row[0], old[1] + row[1], old[2] + row[2], old[3] + row[3], old[4] or row[4])
        )

    def files(self) -> tuple[FileCoverage, ...]:
        out = []
        for name, ranges in self.blocks.items():
            table = LazyLines(_loader(self.path, name, ranges, self.any_branch))
            c = Counts(*self.counts[name])
            if len(ranges) > 1:  # the same file in several classes: overlapping lines are merged, so decode now
                c = table.counts()
            if self.any_branch and not c.has_branches:
                c = Counts(c.covered_lines, c.total_lines, 0, 0, True)
            out.append(FileCoverage(name, c, table, self.any_branch))
        return tuple(out)


def _last_class_start(data: bytes, begin: int) -> int:
    """Offset of the last `<class` tag (not `<classes>`) at or after `begin`, or -1."""
    at = len(data)
    while True:
        at = data.rfind(b"<class", begin, at)
        if at == -1 or data[at + 6 : at + 7] in (b" ", b"\t", b"\n", b"\r"):
            return at
        if at + 7 > len(data):  # the tag is cut by the chunk end: its start is still a safe split point
            return at


def _scan(path: str, stream: BinaryIO) -> Report:
    """Read `stream` chunk by chunk; each chunk's complete classes are counted, the last one waits for more."""
    data = stream.read(CHUNK_BYTES)
    first = _CLASS.search(data)
    while first is None:  # the header (sources, packages) can be longer than a chunk
        more = stream.read(CHUNK_BYTES)
        if not more:
            raise Unusual("no class")
        data += more
        first = _CLASS.search(data)
    header = _Header(path)
    header.parse(data[: first.start()])
    counter = _Counter(path)
    base, begin = 0, first.start()
    while True:
        more = stream.read(CHUNK_BYTES)
        if not more:
            body_end = data.rfind(b"</coverage>")
            if body_end == -1 or data[body_end:].strip() != b"</coverage>":
                raise Unusual("truncated, or something after </coverage>")
            counter.region(data, begin, body_end, base)
            break
        last = _last_class_start(data, begin)
        if last > begin:
            counter.region(data, begin, last, base)  # classes before the last start are complete
            base, data, begin = base + last, data[last:] + more, 0
        else:
            data += more  # one class bigger than a chunk: keep reading
    return Report(path, "cobertura", header.producer, counter.files(), tuple(header.roots), declared=header.declared)


def _decode(path: str, name: str, fragment: bytes, branch_data: bool) -> LineTable:
    """Line table of a `<lines>` block: a regex for the common layout, expat for anything else."""
    hits_rows = _PLAIN_LINE.findall(fragment)
    if len(hits_rows) != fragment.count(b"<line "):
        return lines_from_fragment(path, name, fragment, branch_data)
    collected = FileCollector()
    hits = collected.file(name)
    for number, count in hits_rows:
        line = int(number)
        hits[line] = hits.get(line, 0) + int(count)
    if b"condition-coverage" in fragment:
        rows = _BRANCH_LINE.findall(fragment)
        if len(rows) != fragment.count(b"condition-coverage"):
            return lines_from_fragment(path, name, fragment, branch_data)
        for number, covered, total in rows:
            collected.branch(name, int(number), int(covered), int(total))
    return LineTable.build(hits, collected.branches.get(name))


def _loader(path: str, name: str, ranges: list[tuple[int, int]], branch_data: bool):
    def load() -> LineTable:
        inner = []
        with open(path, "rb") as handle:
            for a, b in ranges:
                handle.seek(a)
                piece = handle.read(b - a)
                close = piece.find(b"</lines>")
                if not piece.startswith(b"<lines>") or close == -1:
                    raise InputError(
                        path, f"the <lines> of {shown(name)} are not where they were when the report was read"
                    )
                inner.append(piece[len(b"<lines>") : close])
        try:
            return _decode(path, name, b"<lines>" + b"".join(inner) + b"</lines>", branch_data)
        except ValueError as exc:
            raise InputError(path, f"the lines of {shown(name)}: {shown(exc, 200)}") from None

    return load


def read_cobertura_auto(path: str, min_bytes: int = FAST_MIN_BYTES) -> Report:
    """Big plain-UTF-8 reports through the byte scanner, everything else (and anything unusual) through expat."""
    try:
        size = os.path.getsize(path)
    except OSError:
        return read_cobertura(path)
    if size < min_bytes:
        return read_cobertura(path)
    with open(path, "rb") as handle:
        head = handle.read(256)
        if head[:2] == b"\x1f\x8b" or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return read_cobertura(path)
        declared = re.match(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*encoding=[\"']([^\"']+)", head)
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8", b"us-ascii", b"ascii"):
            return read_cobertura(path)
        handle.seek(0)
        try:
            return _scan(path, handle)
        except (Unusual, UnicodeDecodeError):
            pass
    return read_cobertura(path)
