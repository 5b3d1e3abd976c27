"""Go coverprofiles (`go test -coverprofile`): blocks of statements become line hits, read line by line.

Every line a block spans is measured with the block's count; a line shared by blocks keeps the highest count.
`go tool cover` reports statements, so its percentage can differ slightly from this line figure.
"""

from __future__ import annotations

from qe_actions.errors import InputError
from qe_actions.model.coverage import Report
from qe_actions.readers.cov_common import FileCollector, text_lines


def read_go(path: str) -> Report:
    """Line hits per `module/path/file.go` (the module prefix is mapped to the checkout later)."""
    files = FileCollector()
    seen_mode = False
    for number, raw in enumerate(text_lines(path), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("mode:"):
            seen_mode = True
            continue
        if not seen_mode:
            raise InputError(path, "does not start with 'mode:' (not a Go coverprofile)")
        try:
            location, _statements, count = line.rsplit(" ", 2)
            name, span = location.rsplit(":", 1)
            start, end = span.split(",")
            first, last, hits = int(start.split(".")[0]), int(end.split(".")[0]), int(count)
        except ValueError:
            raise InputError(path, f"line {number}: not a coverprofile block: {line[:80]!r}") from None
        table = files.file(name)
        for line_no in range(first, last + 1):
            table[line_no] = max(table.get(line_no, 0), hits)
    if not seen_mode:
        raise InputError(path, "empty file, or not a Go coverprofile")
    return Report(path, "go-coverprofile", "go", files.freeze())
