"""What a plan is made from, read from files: pyproject.toml, the collected test ids, and measured durations
(JUnit XML reports, streamed with entities refused, or the history store's recent runs)."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from qe_actions.errors import InputError, UsageError
from qe_actions.matrix.select import junit_keys
from qe_actions.matrix.shard import median

HISTORY_RUNS = 5  # a test's expected seconds: the median of its passing runs among the newest few


def read_pyproject(path: str) -> Mapping[str, Any]:
    """The parsed TOML; a missing or broken file is one clear line (exit 3)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file (give --pyproject, or --python to name the versions)") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None


def read_tests_file(path: str) -> list[str]:
    """The ids in a tests file (`-` for stdin): `pytest --collect-only -q` output or one id per line."""
    from qe_actions.matrix.select import parse_collected

    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"--tests {path}: cannot be read ({exc.strerror or exc})") from None
    return parse_collected(text)


@dataclass
class Durations:
    """Expected seconds per unit key, and the runner's id for each key a report could name (`ids`)."""

    seconds: dict[str, float] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def pytest_node_id(classname: str, name: str, file: str | None) -> str:
    """A pytest node id from a JUnit record: exact with xunit1's `file`, else classes are the capitalised tail."""
    parts = classname.split(".") if classname else []
    if file:
        module = file[:-3] if file.endswith(".py") else file
        dotted = module.replace("/", ".").replace("\\", ".")
        if classname == dotted or classname.startswith(dotted + "."):
            classes = classname[len(dotted) :].lstrip(".").split(".") if classname != dotted else []
            return "::".join([file.replace("\\", "/"), *[c for c in classes if c], name])
    cut = len(parts)
    while cut > 1 and parts[cut - 1][:1].isupper():
        cut -= 1
    path = "/".join(parts[:cut]) + ".py" if parts else ""
    return "::".join([p for p in (path, *parts[cut:]) if p] + [name])


class _Cases:
    """Streams one JUnit file: each `<testcase>`'s unit keys and seconds, summed per key within the file."""

    def __init__(self, runner: str, ids: dict[str, str]) -> None:
        self.runner = runner
        self.ids = ids
        self.suites: list[tuple[str, str | None]] = []
        self.sums: dict[str, float] = {}

    def setup(self, parser: Any) -> None:
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "testsuite":
            parent_file = self.suites[-1][1] if self.suites else None
            self.suites.append((attrs.get("name", ""), attrs.get("file") or attrs.get("filepath") or parent_file))
        elif tag == "testcase":
            suite, suite_file = self.suites[-1] if self.suites else ("", None)
            classname, name = attrs.get("classname", ""), attrs.get("name", "")
            file = attrs.get("file") or attrs.get("filepath") or suite_file
            if self.runner == "go" and "/" in name:
                return  # a subtest: its parent's time already includes it
            try:
                seconds = float(attrs.get("time", "0") or 0)
            except ValueError:
                return
            if not seconds >= 0 or seconds == float("inf"):
                return
            keys = junit_keys(self.runner, suite, classname, name, file)
            if not keys:
                return
            key = keys[0]
            self.sums[key] = self.sums.get(key, 0.0) + seconds
            if self.runner == "pytest" and key not in self.ids:
                self.ids[key] = pytest_node_id(classname, name, file)

    def end(self, tag: str) -> None:
        if tag == "testsuite" and self.suites:
            self.suites.pop()


def junit_durations(patterns: Iterable[str], cwd: str, runner: str) -> Durations:
    """Seconds per unit over JUnit files: summed within a file, the median across files (cells, reruns)."""
    from qe_actions.globs import expand
    from qe_actions.xmlstream import parse_xml_file

    expanded = expand(patterns, cwd)
    result = Durations(problems=[p.line() for p in expanded.problems])
    seen: dict[str, list[float]] = {}
    for name in expanded.files:
        path = name if os.path.isabs(name) else os.path.join(cwd, name)
        cases = _Cases(runner, result.ids)
        try:
            parse_xml_file(path, cases.setup)
        except (InputError, MemoryError) as exc:
            result.problems.append(f"{name}: {getattr(exc, 'problem', None) or 'too large to read'}")
            continue
        result.files.append(name)
        for key, seconds in cases.sums.items():
            seen.setdefault(key, []).append(seconds)
    result.seconds = {key: _middle(values) for key, values in seen.items()}
    return result


def _middle(values: list[float]) -> float:
    """The median of observations, zero included (a measured 0.0 is a real, fast test)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def history_key(runner: str, test_id: str) -> str:
    """A history record's test id (`CaseId.display()`) as the runner's unit key."""
    owner, sep, name = test_id.partition(" > ")
    if runner == "go":
        return (name if sep else test_id.rsplit(".", 1)[-1]).split("/", 1)[0]
    if runner in ("jest", "vitest") and sep:
        return owner
    return test_id


def history_durations(spec: str, cwd: str, runner: str, ref: str | None, runs: int = HISTORY_RUNS) -> Durations:
    """Seconds per unit from the newest runs in the store (of `ref` when given): the median of passing runs."""
    from qe_actions.history.store import open_store

    result = Durations()
    records = [r for r in open_store(spec, cwd).runs(ref) if r.tests][:runs]
    seen: dict[str, list[float]] = {}
    for record in records:
        sums: dict[str, float] = {}
        scale = _per_run(record.totals)
        for test_id, (outcome, seconds) in record.tests.items():
            if outcome in ("passed", "flaky", "xfailed", "xpassed") and seconds >= 0:
                key = history_key(runner, test_id)
                sums[key] = sums.get(key, 0.0) + seconds * scale
                if runner == "pytest" and key not in result.ids:
                    result.ids[key] = _node_id_of(key)
        for key, seconds in sums.items():
            seen.setdefault(key, []).append(seconds)
        result.files.append(f"{record.sha[:12]} ({record.ref}, {record.time})")
    result.seconds = {key: median(values) if any(values) else 0.0 for key, values in seen.items()}
    return result


def _node_id_of(key: str) -> str:
    """A pytest node id for a recorded `classname.name` (a history keeps no file): the name is the last dotted
    part before any parameters, which may hold dots themselves."""
    base, bracket, params = key.partition("[")
    classname, _, name = base.rpartition(".")
    return pytest_node_id(classname, name + bracket + params, None)


def _per_run(totals: Mapping[str, Any]) -> float:
    """A record sums each test's seconds over all its runs (every matrix cell that ran it): tests / runs turns
    that back into one run's seconds (1 when the record does not say)."""
    tests = totals.get("tests") if isinstance(totals, Mapping) else None
    if not isinstance(tests, Mapping):
        return 1.0
    count, runs = tests.get("tests"), tests.get("runs")
    if isinstance(count, (int, float)) and isinstance(runs, (int, float)) and 0 < count <= runs:
        return count / runs
    return 1.0


def check_os_labels(labels: Iterable[str]) -> tuple[str, ...]:
    """Runner labels as given (`ubuntu-latest,windows-2022`); refused when empty or not a plain label."""
    found = tuple(dict.fromkeys(label.strip() for label in labels if label.strip()))
    if not found:
        raise UsageError("--os: give at least one runner label (e.g. ubuntu-latest)")
    bad = [label for label in found if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", label)]
    if bad:
        raise UsageError(f"--os: not a runner label: {bad[0]!r}")
    return found
