"""Streaming JUnit XML reader for every common dialect (pytest, Surefire/Gradle, jest, mocha, go, cargo, ...).

It walks the file with expat (`qe_actions.xmlstream`), keeps only the test case being read, and hands each case
to a sink: passing runs as a few plain values (cheap, no object), everything else as a `TestRun`. Text is
captured only inside the elements that carry evidence, and only up to a bound, so a multi-GB `system-out`
costs no memory. Speed comes from swapping expat's handlers by context. Between test cases, element ends
go straight into a list (`list.append` is C: no Python frame) and the start handler reads that list, so a
childless `<testcase/>` (a pass) costs one short Python call. The first child element of a case switches
to the full handlers until that case ends. Suite `tests`/`skipped` attributes are compared with the cases
actually listed, to count the tests a runner counts but leaves out (mocha's pending tests) and say so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qe_actions import xmlstream
from qe_actions.accel import junitfast
from qe_actions.errors import InputError
from qe_actions.model.tests import KEY_MASK, Attempt, CaseId, Outcome, TestRun, run_key
from qe_actions.readers.tests.junit_locate import locate
from qe_actions.readers.tests.junit_parts import (
    MESSAGE_LIMIT,
    PHPUNIT_RISKY,
    RERUN_TAGS,
    RESULT_TAGS,
    SEVERITY,
    XFAIL_TYPES,
    XPASS_TYPES,
    Capture,
    CaseState,
    SuiteState,
    classname_of,
    first_line,
    int_attr,
    parse_duration,
)
from qe_actions.readers.tests.junit_reconcile import Reconciler
from qe_actions.readers.tests.junit_records import Records
from qe_actions.readers.tests.junit_sink import CaseSink, SinkT
from qe_actions.reportfile import open_report
from qe_actions.xmlstream import parse_xml_file

DETAILS_LIMIT = 16_000
OUTPUT_LIMIT = 8_000
PROPERTY_LIMIT = 50

_ROOTS = frozenset({"testsuites", "testsuite", "testrun"})


class JUnitReader:
    """Expat callbacks for one file; the state of one case at a time."""

    def __init__(self, path: str, sink: CaseSink, fast: bool = False) -> None:
        self.path = path
        self.fast = fast  # the parser is `_junitfast.FastParser`, which counts childless passing cases itself
        self.sink = sink
        self._passed = sink.passed
        self.suites: list[SuiteState] = []
        self.suite: SuiteState | None = None  # the innermost open suite
        self.root_attrs: dict[str, str] | None = None
        self.root_listed = 0
        self.case_attrs: dict[str, str] | None = None  # the <testcase> started and not yet ended
        self.case: CaseState | None = None  # made when that case turns out to have children
        self.capture: Capture | None = None
        self._buckets = sink.buckets
        self.records = Records(sink)
        self.counts = Reconciler(path, sink)
        self.duration = 0.0  # of the passing runs counted in the hot path
        self.parser: Any = None  # pyexpat's parser or the C FastParser: the same handler attributes

    # -- expat wiring -------------------------------------------------------------------------------
    def setup(self, parser) -> None:
        self.parser = parser
        self._between_cases()
        parser.CharacterDataHandler = None

    def _between_cases(self) -> None:
        self.parser.StartElementHandler = self.start_outside
        self.parser.EndElementHandler = self.end_outside
        if self.fast:
            self.parser.hot = True

    def _inside_case(self) -> None:
        self.parser.StartElementHandler = self.start_inside
        self.parser.EndElementHandler = self.end_inside
        if self.fast:
            self.parser.hot = False

    def _fast_sync(self, count: int, duration: float) -> None:
        """The C hot path counted `count` passing cases in the open suite; `duration` is the new running total."""
        self.duration = duration
        if self.suite is not None:
            self.suite.listed_passed += count
        else:
            self.root_listed += count

    def check_root(self, name: str) -> bool:
        """Refuse a file whose first document is no test report; a later one (cargo's `<report>`) is skipped."""
        self.counts.documents += 1
        if name in _ROOTS:
            return False
        if self.counts.documents == 1:
            raise InputError(
                self.path, f"not a JUnit test report: the root element is <{name}>, not <testsuites> or <testsuite>"
            )
        self.sink.note(
            f"{self.path}: document {self.counts.documents} is a <{name}> element, not a test report: not read"
        )
        return True

    def _begin_capture(self, limit: int) -> Capture:
        capture = Capture(limit)
        self.capture = capture
        if self.case is None or self.case.keep_text:
            self.parser.CharacterDataHandler = capture.add
        return capture

    # -- between test cases: the hot path -----------------------------------------------------------
    def start_outside(self, name: str, attrs: dict[str, str]) -> None:
        if self.case_attrs is not None:
            # The open case has a child after all: read it (and the rest of the case) in full.
            self.case = self._open_case(self.case_attrs)
            self._inside_case()
            self.start_inside(name, attrs)
        elif name == "testcase":
            self.case_attrs = attrs
        elif name == "testsuite":
            self.suite = SuiteState(attrs.get("name", ""), attrs)
            self.suites.append(self.suite)
        elif (name == "testsuites" or name == "testrun") and self.root_attrs is None:
            self.root_attrs = attrs

    def end_outside(self, name: str) -> None:
        if name == "testcase":
            # A case that ends here had no child element: it passed. This runs once per passing test, so
            # it does the sink's bookkeeping itself (see `CaseSink.buckets`) rather than call it.
            attrs = self.case_attrs or {}
            get = attrs.get
            self.case_attrs = None
            try:
                duration = float(get("time") or 0)
                if duration - duration:  # nan or inf (x - x is nan, which is true): see parse_duration
                    duration = 0.0
            except ValueError:
                duration = parse_duration(get("time"))
            suite = self.suite
            if suite is not None:
                suite.listed_passed += 1
            else:
                self.root_listed += 1
            owner = (
                get("classname") or get("class") or (suite.name if suite is not None else "")
            )  # classname_of, inlined
            key = hash((owner, get("name", ""))) & KEY_MASK  # run_key(), inlined
            self._buckets[key & 255].append(key << 3)
            self.duration += duration
            if duration > self.sink.slow_floor:
                suite_name = suite.name if suite is not None else ""
                self.sink.passed(suite_name, classname_of(attrs), get("name", ""), duration, counted=True)
        elif name == "testsuite" and self.suites:
            self._finish_suite(self.suites.pop())
            self.suite = self.suites[-1] if self.suites else None

    # -- inside a test case with children -----------------------------------------------------------
    def _open_case(self, attrs: dict[str, str]) -> CaseState:
        """A case with children; its text is captured only if the sink may keep it (failing, or slow)."""
        suite = self.suite
        owner = classname_of(attrs) or (suite.name if suite is not None else "")
        key = run_key(owner, attrs.get("name", ""))
        duration = parse_duration(attrs.get("time"))
        keep_failing = self.sink.keeps_failure(key)
        return CaseState(attrs, key, duration, keep_failing, keep_failing or duration > self.sink.slow_floor)

    def start_inside(self, name: str, attrs: dict[str, str]) -> None:
        if self.capture is not None:
            self.capture.depth += 1  # markup inside captured text (e.g. <stackTrace>) stays text
            return
        case = self.case
        assert case is not None
        result = RESULT_TAGS.get(name)
        if result is not None:
            self._start_result(case, result, attrs)
        elif name in RERUN_TAGS:
            capture = self._begin_capture(DETAILS_LIMIT)
            case.attempts.append((RERUN_TAGS[name], attrs.get("message", ""), capture))
        elif name == "warning":
            case.flags.append("warnings")  # PHPUnit: the test ran and warned; its summary counts it under Warnings
            self._begin_capture(0)
        elif name == "system-out":
            case.stdout = self._begin_capture(OUTPUT_LIMIT)
        elif name == "system-err":
            case.stderr = self._begin_capture(OUTPUT_LIMIT)
        elif name == "property" and len(case.props) < PROPERTY_LIMIT:
            case.props.append((attrs.get("name", ""), attrs.get("value", "")))
        elif name == "testcase":
            case.nested += 1

    def _start_result(self, case: CaseState, outcome: Outcome, attrs: dict[str, str]) -> None:
        message = attrs.get("message", "")
        ftype = attrs.get("type", "")
        if outcome is Outcome.SKIPPED and ftype in XFAIL_TYPES:
            outcome = Outcome.XFAILED
        elif outcome is Outcome.ERROR and ftype in XPASS_TYPES:
            outcome = Outcome.XPASSED
        elif outcome is Outcome.ERROR and message.startswith("failed on teardown"):
            # pytest: the test itself ran (and its own outcome stands); the teardown error counts besides.
            case.teardown = message[:MESSAGE_LIMIT]
            case.teardown_details = self._begin_capture(DETAILS_LIMIT)
            return
        if outcome is Outcome.ERROR and ftype == PHPUNIT_RISKY:
            case.flags.append("risky")  # PHPUnit's Risky: not an error in its summary
            self._begin_capture(0)
            return
        if outcome is Outcome.FAILED:
            case.failures += 1
        capture = self._begin_capture(DETAILS_LIMIT)
        if outcome is Outcome.FAILED and case.failures > 1:
            # pytest 9 subtests: the first failure is the real one; the last only says "contains N failed subtests"
            return
        if SEVERITY[outcome] >= SEVERITY[case.outcome]:
            case.outcome = outcome
            case.message = message[:MESSAGE_LIMIT]
            case.ftype = ftype
            case.details = capture

    def end_inside(self, name: str) -> None:
        capture = self.capture
        if capture is not None:
            if capture.depth:
                capture.depth -= 1
            else:
                self.capture = None
                self.parser.CharacterDataHandler = None
        elif name == "testcase" and self.case is not None and self.case.nested:
            self.case.nested -= 1
        elif name == "testcase":
            case = self.case
            self.case = self.case_attrs = None
            self._between_cases()
            self._finish_case(case, self.suite)  # type: ignore[arg-type]

    # -- results ------------------------------------------------------------------------------------
    def _finish_case(self, case: CaseState, suite: SuiteState | None) -> None:
        attrs = case.attrs
        suite_name = suite.name if suite else ""
        if case.outcome is Outcome.SKIPPED:
            self.counts.listed_skipped += 1
        if suite is not None:
            if case.outcome is Outcome.PASSED:
                suite.listed_passed += 1
            else:
                suite.listed_other += 1
                if case.outcome is Outcome.SKIPPED:
                    suite.listed_skipped += 1
        else:
            self.root_listed += 1
        classname = classname_of(attrs)
        name = attrs.get("name", "")
        duration = case.duration
        for flag in case.flags:
            self.sink.flag(flag)
        if case.outcome is Outcome.PASSED and not case.attempts and not case.teardown:
            self._passed(suite_name, classname, name, duration)
            return
        routed = self.records.route(
            case, suite, classname, name, self._build_run
        )  # records that are no test of their own
        if routed is None:
            return
        name = routed
        failing = case.outcome.is_failure or bool(case.teardown) or any(o.is_failure for o, _, _ in case.attempts)
        if (failing and case.keep_failing) or duration > self.sink.slow_floor:
            self.sink.run(self._build_run(case, suite, suite_name, classname, name, duration))
        else:
            # Neither kept as a failure (the list is full) nor among the slowest: count it, build nothing.
            self.sink.count_run(
                case.key, case.outcome, tuple(o for o, _, _ in case.attempts), duration, bool(case.teardown)
            )

    def _build_run(
        self, case: CaseState, suite: SuiteState | None, suite_name: str, classname: str, name: str, duration: float
    ) -> TestRun:
        attrs = case.attrs
        line = int_attr(attrs, "line")
        file = attrs.get("file") or attrs.get("filepath")
        details = case.details.text() if case.details is not None else ""
        stdout = case.stdout.text() if case.stdout is not None else ""
        if case.outcome.is_failure or case.teardown:
            # No file attribute (pytest xunit2, jest, mocha, go, JUnit 5): the traceback says where the test is;
            # with one (PHPUnit, xunit1: the line of the method), the traceback's line in that file is the failing one.
            teardown = case.teardown_details.text() if case.teardown_details is not None else ""
            found, found_line = locate(
                classname or suite_name, suite.file if suite else None, details or teardown or stdout, name
            )
            if not file:
                file, line = found, found_line
            elif found and found_line and (file == found or file.endswith("/" + found) or found.endswith("/" + file)):
                line = found_line
        if not file:
            file = suite.file if suite else None
        message = case.message or first_line(details or (stdout if case.outcome.is_failure else ""), skip_id=name)
        return TestRun(
            id=CaseId(suite_name, classname, name, file, line),
            outcome=case.outcome,
            duration=duration,
            message=message,
            details=details,
            failure_type=case.ftype,
            stdout=stdout,
            stderr=case.stderr.text() if case.stderr is not None else "",
            properties=tuple(case.props),
            attempts=tuple(
                Attempt(o, m[:MESSAGE_LIMIT] or first_line(c.text()), c.text()) for o, m, c in case.attempts
            ),
            teardown_error=case.teardown,
            teardown_details=case.teardown_details.text() if case.teardown_details is not None else "",
            source=self.path,
        )

    def _finish_suite(self, suite: SuiteState) -> None:
        """Reconcile what the suite says it ran with the cases it lists, then pass its counts up."""
        self.counts.suite_ended(suite)
        if self.suites:
            parent = self.suites[-1]
            parent.listed_other += suite.listed_other
            parent.listed_passed += suite.listed_passed
            parent.listed_skipped += suite.listed_skipped
        else:
            self.root_listed += suite.listed

    def finish(self) -> None:
        """Hand over the hot path's duration, then reconcile the root's count with what its suites listed."""
        self.sink.add_duration(self.duration)
        self.duration = 0.0
        self.counts.finish(self.root_attrs or {}, self.root_listed)


def read_junit(path: str, make_sink: Callable[[], SinkT]) -> SinkT:
    """Read one JUnit XML file into a new sink from `make_sink` and return that sink.

    With the C hot path built (`qe_actions._junitfast`), a file is read with it first; anything unusual
    about the file (an XML error, a DTD, several documents in one file, an encoding expat does not know)
    makes it read again from the start with pyexpat, which handles every case and words every error.
    """
    fast = _fast_parser()
    if fast is not None:
        sink = make_sink()
        try:
            return _read_fast(path, sink, fast)
        except Exception:  # noqa: BLE001 - the pyexpat reading below decides what is wrong, and says it
            pass
    sink = make_sink()
    reader = JUnitReader(path, sink)
    parse_xml_file(path, reader.setup, first_element=reader.check_root)
    reader.finish()
    return sink


def _fast_parser():
    """`FastParser` from the C extension, or None (see `qe_actions.accel`)."""
    module = junitfast()
    return module.FastParser if module is not None else None


_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY")


def _read_fast(path: str, sink: SinkT, parser_type) -> SinkT:
    reader = JUnitReader(path, sink, fast=True)
    parser = parser_type(reader, sink)
    reader.setup(parser)
    xmlstream.before_first_element(parser, reader.check_root)
    try:
        with open_report(path) as stream:
            # Raw reads: any error here only sends the file to the pure reader, which words it.
            chunk = stream.read(xmlstream.CHUNK_SIZE)
            if any(mark in chunk for mark in _DTD_MARKS):
                raise ValueError("a DTD: pyexpat reads it, refusing entity declarations")
            while True:
                parser.Parse(chunk, not chunk)
                parser.drain(sink.buckets)  # so the compact runs live in one place, growing slowly
                if not chunk:
                    break
                chunk = stream.read(xmlstream.CHUNK_SIZE)
        reader.finish()
        return sink
    finally:
        parser.StartElementHandler = parser.EndElementHandler = parser.CharacterDataHandler = None
        reader.parser = None
