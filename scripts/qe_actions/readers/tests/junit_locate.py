"""Where a failing test is, when its `<testcase>` has no `file` attribute: read from its traceback or stack trace.

pytest's default xunit2, jest, mocha, go and JUnit 5 write no `file`; the failure text still names the test's
source line. The frame chosen is the one that belongs to the test (its class or module name, or its suite's
file), else the first frame outside libraries. Paths are returned as written (absolute ones are made
repository-relative later, by `qe_actions.paths.to_repo_path`); Java and Go frames give the package path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_PYTEST_LINE = re.compile(r"^([^\s:<>][^:<>\n]*?\.py):(\d+): ", re.M)  # `tests/test_x.py:13: AssertionError`
_PYTHON_FRAME = re.compile(r'^\s*File "([^"]+\.py)", line (\d+)', re.M)  # unittest / xmlrunner tracebacks
_JAVA_FRAME = re.compile(r"^\s*at ((?:[\w$]+\.)+)[\w$<>]+\(([\w$]+\.(?:java|kt|groovy|scala)):(\d+)\)", re.M)
_JS_FRAME = re.compile(r"^\s*at (?:.*? \()?(?:file://)?([^\s()]+?\.(?:[cm]?[jt]sx?|vue|svelte)):(\d+):\d+\)?\s*$", re.M)
_PHP_LINE = re.compile(r"^([^\s:]+\.php):(\d+)\s*$", re.M)  # PHPUnit: `/path/tests/WalletTest.php:21`
_GO_LINE = re.compile(r"^\s+([\w./-]+_test\.go):(\d+): ", re.M)  # `    orders_test.go:23: want 2, got 3`
_RUST_PANIC = re.compile(r"panicked at ([^\s:]+\.rs):(\d+):\d+")
_NAME_LINE = re.compile(r"\(line (\d+)\)$")  # rustdoc: classname `src/lib.rs`, name `split (line 14)`
_LIBRARY = ("node_modules/", "node:internal", "/site-packages/", "/dist-packages/", "/lib/python3", "internal/")


def _python_frames(text: str) -> Iterator[tuple[str, int]]:
    for match in _PYTEST_LINE.finditer(text):
        yield match.group(1), int(match.group(2))
    for match in _PYTHON_FRAME.finditer(text):
        yield match.group(1), int(match.group(2))


def _module_paths(owner: str) -> list[str]:
    """`tests.test_cart.TestCart` -> the paths its module may have: `tests/test_cart.py`, `tests/test_cart/...`."""
    parts = [p for p in owner.split(".") if p]
    return ["/".join(parts[:size]) + ".py" for size in range(len(parts), 0, -1)]


def _pick(frames: list[tuple[str, int]], wanted: list[str]) -> tuple[str, int] | None:
    """The first frame whose path ends with a wanted path, else the first frame outside libraries."""
    for suffix in wanted:
        for path, line in frames:
            if path == suffix or path.endswith("/" + suffix) or suffix.endswith("/" + path):
                return path, line
    for path, line in frames:
        if not any(mark in path for mark in _LIBRARY):
            return path, line
    return None


def locate(classname: str, suite_file: str | None, text: str, name: str = "") -> tuple[str | None, int | None]:
    """(file, line) of the test from its failure text; (None, None) when nothing in it points to the test."""
    in_name = _NAME_LINE.search(name)
    if in_name and "/" in classname and "." in classname.rsplit("/", 1)[-1]:
        return classname, int(in_name.group(1))
    if not text:
        return None, None
    python = list(_python_frames(text))
    if python:
        return _split(_pick(python, _module_paths(classname)))
    php = [(m.group(1), int(m.group(2))) for m in _PHP_LINE.finditer(text)]
    if php:
        return _split(_pick(php, [suite_file] if suite_file else []))
    java = [
        ("/".join(m.group(1).rstrip(".").split(".")[:-1] + [m.group(2)]), int(m.group(3)))
        for m in _JAVA_FRAME.finditer(text)
    ]
    if java:
        outer = classname.split("$")[0].split(".")
        return _split(
            _pick(java, ["/".join(outer[:-1] + [outer[-1] + ext]) for ext in (".java", ".kt", ".groovy", ".scala")])
        )
    js = [(m.group(1), int(m.group(2))) for m in _JS_FRAME.finditer(text)]
    if js:
        wanted = [suite_file] if suite_file else []
        wanted += [c for c in (classname,) if "/" in c]
        return _split(_pick(js, [w[2:] if w.startswith("./") else w for w in wanted]))
    go = [(m.group(1), int(m.group(2))) for m in _GO_LINE.finditer(text)]
    if go:
        path, line = go[0]
        return (f"{classname}/{path}" if classname and "/" not in path else path), line
    rust = _RUST_PANIC.search(text)
    if rust and not rust.group(1).startswith("/"):
        return rust.group(1), int(rust.group(2))
    return None, None


def _split(frame: tuple[str, int] | None) -> tuple[str | None, int | None]:
    return (frame[0], frame[1]) if frame is not None else (None, None)
