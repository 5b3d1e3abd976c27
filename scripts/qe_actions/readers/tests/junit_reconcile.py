"""A suite's `tests=` against the cases it lists: which unlisted tests are skipped ones, proven by a skipped count.

cargo leaves ignored tests out of its suites (each suite's `skipped=` says how many), mocha-junit-reporter its
pending ones (only the root's `skipped=` says so), jest-junit lists todo tests its count leaves out. pytest 9
subtests and a failed mocha hook make `tests=` larger with nothing left out: no skipped count proves a test
missing there, so nothing is invented and a note says so.
"""

from __future__ import annotations

from collections.abc import Mapping

from qe_actions.readers.tests.junit_parts import SuiteState, int_attr
from qe_actions.readers.tests.junit_sink import CaseSink


class Reconciler:
    """The counts one file's suites declare, checked as each suite ends and once more at the end of the file."""

    def __init__(self, path: str, sink: CaseSink) -> None:
        self.path = path
        self.sink = sink
        self.documents = 0  # XML documents begun (cargo writes one per test binary)
        self.suites_ended = 0
        self.listed_skipped = 0  # skipped cases listed anywhere in the file
        self.unproven: list[
            tuple[str, int, int]
        ] = []  # (suite, tests it counts, tests it lists), no skipped count of its own

    def suite_ended(self, suite: SuiteState) -> None:
        """Count as skipped what the suite's own skipped count proves unlisted; keep the rest for `finish`."""
        self.suites_ended += 1
        expected = suite.attr_tests
        if expected is None or expected == suite.listed:
            return
        if expected > suite.listed:
            if suite.attr_skipped is None:
                self.unproven.append((suite.name, expected, suite.listed))  # the root's skipped count may prove it
                return
            proven = min(expected - suite.listed, max(suite.attr_skipped - suite.listed_skipped, 0))
            self._fill(suite.name, expected, suite.listed, proven)
            suite.listed_other += proven
            suite.listed_skipped += proven
        elif expected > 0 and suite.attr_skipped is not None and suite.listed_skipped == suite.attr_skipped:
            surplus = min(suite.listed - expected, suite.listed_passed)
            if surplus > 0:
                self.sink.uncounted_passes(suite.name, surplus)
                self.sink.note(
                    f"{self.path}: suite '{suite.name or '(unnamed suite)'}' lists {suite.listed} tests "
                    f"but counts {expected}; "
                    f"{surplus} passing-looking test(s) it does not count are counted as skipped "
                    "(jest-junit writes todo tests so)"
                )

    def finish(self, root: Mapping[str, str], root_listed: int) -> None:
        """Spend the root's skipped count (less the skipped cases listed) on the suites that had none."""
        skipped = int_attr(dict(root), "skipped")
        budget = max(skipped - self.listed_skipped, 0) if skipped is not None else 0
        for suite, expected, listed in self.unproven:
            proven = min(expected - listed, budget)
            budget -= proven
            self._fill(suite, expected, listed, proven)
        declared = int_attr(dict(root), "tests")
        if declared is not None and declared > root_listed and root_listed > 0 and budget > 0:
            missing = min(declared - root_listed, budget)
            self._emit_unlisted("", missing)
            self.sink.note(
                f"{self.path}: the report counts {expected} tests but lists {root_listed}; "
                f"{missing} unlisted are counted as skipped, as its skipped count says"
            )

    def _fill(self, suite: str, expected: int, listed: int, proven: int) -> None:
        """Count `proven` unlisted tests as skipped, and say what was and was not counted."""
        label = suite or "(unnamed suite)"
        missing = expected - listed
        if proven:
            self._emit_unlisted(suite, proven)
        head = f"{self.path}: suite '{label}' counts {expected} tests but lists {listed}; "
        if proven == missing:
            self.sink.note(head + f"the {missing} unlisted are counted as skipped, as the skipped count says")
        elif proven:
            self.sink.note(
                head + f"{proven} of the {missing} unlisted are counted as skipped (the skipped count); the rest are "
                "not counted (pytest 9 subtests and failed mocha hooks raise the count with no test left out)"
            )
        else:
            self.sink.note(
                head + "no skipped count says a test was left out, so the difference is not counted "
                "(pytest 9 subtests and failed mocha hooks raise the count)"
            )

    def _emit_unlisted(self, suite: str, count: int) -> None:
        """Tests a runner counted but did not list are counted as skipped in one call: a 90-byte file may claim
        a billion of them, so they are never enumerated."""
        self.sink.unlisted_skipped(suite, count)
