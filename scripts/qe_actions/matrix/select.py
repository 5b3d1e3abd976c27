"""Each runner's unit of sharding, how a JUnit record names it, and how a shard is handed to the runner.

pytest shards node ids (`tests/test_a.py::TestX::test_y[1]`), passed as arguments or in a file read with `@file`
(pytest 8.2+). jest and vitest shard test files (their `--shard` does too), passed as paths. Go shards top-level
test names, passed as one `-run '^(TestA|TestB)$'` regex. `plain` is one id per line for any other runner.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

RUNNERS = ("pytest", "jest", "vitest", "go", "plain")
_SCRIPT = re.compile(r"\.[cm]?[jt]sx?$")  # a JavaScript or TypeScript test file


def pytest_key(node_id: str) -> str:
    """The `classname.name` pytest writes to JUnit for a node id (its `mangle_test_address`)."""
    path, _, rest = node_id.partition("::")
    parts = rest.split("::") if rest else []
    if path.endswith(".py"):
        path = path[:-3]
    module = path.replace("/", ".").replace("\\", ".")
    names = [module, *[p for p in parts[:-1] if p != "()"]] if parts else [module]
    return ".".join(names) + ("." + parts[-1] if parts else "")


def junit_keys(runner: str, suite: str, classname: str, name: str, file: str | None) -> tuple[str, ...]:
    """The unit ids a JUnit record can stand for, most specific first (a duration is added to the first known)."""
    if runner == "pytest":
        return (f"{classname}.{name}" if classname else name,)
    if runner == "go":
        return (name.split("/", 1)[0],)
    if runner in ("jest", "vitest"):  # test files only: jest-junit's default class names are test titles
        return tuple(dict.fromkeys(k for k in (file, classname, suite) if k and _SCRIPT.search(k)))
    owner = classname or suite
    return (f"{owner}.{name}" if owner and owner != name else name,)


def unit_key(runner: str, test: str) -> str:
    """The key a planned test is looked up by among the JUnit durations."""
    return pytest_key(test) if runner == "pytest" else test


def _go_run(tests: Sequence[str]) -> str:
    return "^(" + "|".join(re.escape(t) for t in tests) + ")$"


def selection_args(runner: str, tests: Sequence[str], shard_file: str | None = None) -> str:
    """The shard as words for an unquoted `$QE_SHARD_ARGS` (split on spaces, never re-parsed for quotes): `@file`
    for pytest when a shard file is given (ids with spaces stay intact), `-run REGEX` for Go, else the ids."""
    if runner == "go":
        return f"-run {_go_run(tests)}" if tests else ""
    if runner == "pytest" and shard_file:
        return "@" + shard_file
    return " ".join(tests)


def selection_file(runner: str, tests: Sequence[str]) -> str:
    """The shard file's text: one id per line (pytest's `@file` format), or the `-run` regex for Go."""
    if runner == "go":
        return _go_run(tests) + "\n" if tests else ""
    return "".join(f"{test}\n" for test in tests)


def parse_collected(text: str) -> list[str]:
    """Test ids, one a line: `pytest --collect-only -q` output (its summary and warnings skipped) or a plain list."""
    found: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("=") or re.match(r"^(\d+(/\d+)? tests? collected|no tests (ran|collected))", line):
            break  # the summary: what follows is warnings and timing, not ids
        found.append(line)
    return list(dict.fromkeys(found))
