"""The one verdict type: what every `qe` command and action ends with, its exit code and the step rule."""

from __future__ import annotations

import enum
import sys
from collections.abc import Sequence

FAIL_ON_CHOICES = ("fail", "warn", "never")
_EXIT = {"pass": 0, "fail": 1, "warn": 2, "error": 3}
_MEANING = "0 pass, 1 fail, 2 warn, 3 could not evaluate"


class Verdict(str, enum.Enum):
    """The four outcomes, documented in the README's exit-code table."""

    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    ERROR = "error"  # could not evaluate: bad input, bad usage, nothing matched

    @property
    def exit_code(self) -> int:
        """0 pass, 1 fail, 2 warn, 3 could not evaluate."""
        return _EXIT[self.value]

    @classmethod
    def from_exit_code(cls, code: int) -> Verdict:
        """The verdict an exit code stands for; any other code could not be evaluated."""
        for verdict in cls:
            if verdict.exit_code == code:
                return verdict
        raise ValueError(f"exit code must be one of 0, 1, 2, 3 ({_MEANING}), not {code}")

    @classmethod
    def worst(cls, verdicts: Sequence[Verdict]) -> Verdict:
        """The most severe of several verdicts (error > fail > warn > pass); pass when there are none."""
        order = (cls.PASS, cls.WARN, cls.FAIL, cls.ERROR)
        return max(verdicts, key=order.index, default=cls.PASS)

    def __str__(self) -> str:
        """The lowercase word, as JSON documents and step outputs carry it."""
        return self.value


def step_fails(verdict: Verdict, fail_on: str) -> bool:
    """Whether a workflow step fails: `fail` fails on FAIL or ERROR, `warn` on anything but PASS, `never` never."""
    if fail_on == "fail":
        return verdict in (Verdict.FAIL, Verdict.ERROR)
    if fail_on == "warn":
        return verdict is not Verdict.PASS
    if fail_on == "never":
        return False
    raise ValueError(f"fail-on must be one of {', '.join(FAIL_ON_CHOICES)}, not {fail_on!r}")


def explain(verdict: Verdict, fail_on: str) -> str:
    """The one line an action prints about the step it is about to pass or fail."""
    outcome = "failing" if step_fails(verdict, fail_on) else "passing"
    return (
        f"qe-actions: qe returned exit code {verdict.exit_code} ({_MEANING}): verdict {verdict.value}; "
        f"{outcome} the step (fail-on: {fail_on})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m qe_actions.verdict EXIT_CODE FAIL_ON`: 0 the step passes, 1 it fails, 3 bad usage."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m qe_actions.verdict EXIT_CODE FAIL_ON", file=sys.stderr)
        return 3
    code, fail_on = args
    if fail_on not in FAIL_ON_CHOICES:
        print(f"::error title=qe-actions::fail-on must be fail, warn or never, not {fail_on!r}", file=sys.stderr)
        return 3
    try:
        verdict = Verdict.from_exit_code(int(code)) if code.strip().lstrip("-").isdigit() else None
    except ValueError:
        verdict = None
    if verdict is None:
        # An unknown exit code (a crash, a signal) could not be evaluated: treat it as ERROR.
        verdict = Verdict.ERROR
        print(f"qe-actions: qe returned exit code {code!r}, which is not one of {_MEANING}; treating it as error")
    print(explain(verdict, fail_on))
    return 1 if step_fails(verdict, fail_on) else 0


if __name__ == "__main__":
    raise SystemExit(main())
