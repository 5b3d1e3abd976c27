"""Records that are not one test's own run, by the runner that writes them, so our counts equal the runner's.

- pytest: collection entries (`classname=""`, `collection failure` / `collection skipped`) are an error / skip
  besides the tests; a failed test whose teardown raised is written again with the teardown `<error>`: one
  more error, not a second run; pytest 9 writes one `<failure>` per failing subtest, each counted.
- unittest (xmlrunner): the `setUpClass (module.Class)` holder is an error besides the tests; each failing
  `subTest` is a case `test_x (params)`: one test, each failure counted.
- jest-junit: a test file that failed to load (`classname="Test suite failed to run"`, written twice) is one
  error besides the tests.
- JUnit Platform (ConsoleLauncher's legacy XML, one suite per engine): no error category (an `<error>` is a
  failure); a failed assumption is a skip the launcher calls aborted; a failed `@BeforeAll` is copied onto each
  test of its class, which never started: one container error besides the tests, the tests not started.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from qe_actions.model.tests import Outcome, TestRun, run_key
from qe_actions.readers.tests.junit_parts import CaseState, SuiteState
from qe_actions.readers.tests.junit_sink import CaseSink

_PYTEST_COLLECTION = frozenset({"collection failure", "collection skipped"})
_UNITTEST_FIXTURE = re.compile(r"^(?:setUpClass|tearDownClass|setUpModule|tearDownModule) \(")
_UNITTEST_SUBTEST = re.compile(
    r"^(test\w*) (?=[\[(])(?:\[.*\])? ?(?:\(.*\))?$", re.S
)  # `test_method (a=1)`, `test_method [msg] (a=1)`
_PYTHON_CLASS = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")  # `tests.test_x.TestCase`: a dotted Python name
_JEST_LOAD_FAILURE = "Test suite failed to run"
PLATFORM_ENGINES = frozenset({"JUnit Jupiter", "JUnit Vintage", "JUnit Platform Suite"})
_ABORTED = "org.opentest4j.TestAbortedException"
_BEFORE_ALL = ("invokeBeforeAllMethods", "interceptBeforeAllMethod")

BuildRun = Callable[[CaseState, "SuiteState | None", str, str, str, float], TestRun]


class Records:
    """Routes each finished case with children: a test's run (the default), or something the runner counts apart."""

    def __init__(self, sink: CaseSink) -> None:
        self.sink = sink
        self.build_run: BuildRun | None = None  # set for one `route` call only (no reference cycle with the reader)
        self.failed_keys: set[int] = set()  # tests of this file that failed (their later records add to them)

    def route(
        self, case: CaseState, suite: SuiteState | None, classname: str, name: str, build_run: BuildRun
    ) -> str | None:
        """The name to count the case under as a test, or None when it was handed over as no test of its own."""
        self.build_run = build_run
        try:
            return self._route(case, suite, classname, name)
        finally:
            self.build_run = None

    def _route(self, case: CaseState, suite: SuiteState | None, classname: str, name: str) -> str | None:
        if case.outcome is Outcome.PASSED and case.teardown and not case.attempts and case.key in self.failed_keys:
            details = case.teardown_details.text() if case.teardown_details is not None else ""
            self.sink.teardown_after(case.key, case.teardown, details)
            return None
        if classname == _JEST_LOAD_FAILURE:
            self._once(case, suite, "", name, Outcome.ERROR, file=name)  # the case is named after the file
            return None
        if not classname and (case.message in _PYTEST_COLLECTION or _UNITTEST_FIXTURE.match(name)):
            self.sink.outside_run(self._build(case, suite, classname, name))
            return None
        if suite is not None and suite.name in PLATFORM_ENGINES:
            self._platform(case, suite, classname)
        subtest = _UNITTEST_SUBTEST.match(name) if case.outcome.is_failure and _PYTHON_CLASS.match(classname) else None
        if subtest is not None:
            name = subtest.group(1)
            case.key = run_key(classname, name)
            if case.key in self.failed_keys:
                self.sink.extra_outcome(case.outcome)
                return None
        if case.failures > 1:
            self.sink.extra_outcome(Outcome.FAILED, case.failures - 1)
        if case.outcome.is_failure or case.teardown or any(o.is_failure for o, _, _ in case.attempts):
            self.failed_keys.add(case.key)
        return name

    def _platform(self, case: CaseState, suite: SuiteState, classname: str) -> None:
        text = case.details.text() if case.details is not None else ""
        if case.outcome is Outcome.SKIPPED and text.startswith(_ABORTED):
            self.sink.flag("aborted")
        elif case.outcome is Outcome.ERROR and any(mark in text for mark in _BEFORE_ALL):
            self._once(case, suite, classname, "@BeforeAll", Outcome.ERROR, key=run_key(classname, "@BeforeAll"))
            self.sink.flag("not_started")
            case.outcome = Outcome.SKIPPED
        elif case.outcome is Outcome.ERROR:
            case.outcome = Outcome.FAILED

    def _once(
        self,
        case: CaseState,
        suite: SuiteState | None,
        classname: str,
        name: str,
        outcome: Outcome,
        key: int | None = None,
        file: str | None = None,
    ) -> None:
        """Hand over one error besides the tests for all the records that repeat it (by key)."""
        key = case.key if key is None else key
        if key in self.failed_keys:
            return
        self.failed_keys.add(key)
        kept = case.outcome
        case.outcome = outcome
        run = self._build(case, suite, classname, name)
        case.outcome = kept
        if run.id.file is None and file:
            run = replace(run, id=replace(run.id, file=file))
        self.sink.outside_run(run)

    def _build(self, case: CaseState, suite: SuiteState | None, classname: str, name: str) -> TestRun:
        assert self.build_run is not None
        owner = (
            suite.name if suite and classname else ""
        )  # a record with no class is named alone (its file, its fixture)
        return self.build_run(case, suite, owner, classname, name, case.duration)
