"""The one verdict type: exit codes, the step rule of `fail-on`, and the command the actions call."""

from __future__ import annotations

import subprocess
import sys

import pytest

from qe_actions.verdict import Verdict, main, step_fails


def test_exit_codes_are_the_documented_ones() -> None:
    assert [(v.value, v.exit_code) for v in Verdict] == [("pass", 0), ("fail", 1), ("warn", 2), ("error", 3)]


@pytest.mark.parametrize("code", [0, 1, 2, 3])
def test_from_exit_code_round_trips(code: int) -> None:
    assert Verdict.from_exit_code(code).exit_code == code


@pytest.mark.parametrize("code", [-1, 4, 127])
def test_from_exit_code_rejects_other_codes(code: int) -> None:
    with pytest.raises(ValueError, match="exit code must be one of"):
        Verdict.from_exit_code(code)


def test_verdict_is_its_word() -> None:
    assert Verdict.WARN == "warn" and str(Verdict.ERROR) == "error" and Verdict("fail") is Verdict.FAIL


def test_worst_orders_error_fail_warn_pass() -> None:
    assert Verdict.worst([Verdict.PASS, Verdict.WARN]) is Verdict.WARN
    assert Verdict.worst([Verdict.ERROR, Verdict.FAIL, Verdict.WARN]) is Verdict.ERROR
    assert Verdict.worst([Verdict.WARN, Verdict.FAIL]) is Verdict.FAIL
    assert Verdict.worst([]) is Verdict.PASS


STEP_TABLE = {
    "fail": {Verdict.PASS: False, Verdict.WARN: False, Verdict.FAIL: True, Verdict.ERROR: True},
    "warn": {Verdict.PASS: False, Verdict.WARN: True, Verdict.FAIL: True, Verdict.ERROR: True},
    "never": {Verdict.PASS: False, Verdict.WARN: False, Verdict.FAIL: False, Verdict.ERROR: False},
}


@pytest.mark.parametrize("fail_on", sorted(STEP_TABLE))
@pytest.mark.parametrize("verdict", list(Verdict))
def test_step_fails_follows_the_table(fail_on: str, verdict: Verdict) -> None:
    assert step_fails(verdict, fail_on) is STEP_TABLE[fail_on][verdict]


def test_step_fails_rejects_an_unknown_fail_on() -> None:
    with pytest.raises(ValueError, match="fail-on must be one of"):
        step_fails(Verdict.PASS, "sometimes")


@pytest.mark.parametrize("fail_on", sorted(STEP_TABLE))
@pytest.mark.parametrize("verdict", list(Verdict))
def test_main_exits_one_when_the_step_fails(fail_on: str, verdict: Verdict, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(verdict.exit_code), fail_on]) == (1 if STEP_TABLE[fail_on][verdict] else 0)
    out = capsys.readouterr().out
    assert f"exit code {verdict.exit_code}" in out and f"verdict {verdict.value}" in out
    assert ("failing the step" if STEP_TABLE[fail_on][verdict] else "passing the step") in out


@pytest.mark.parametrize("code, fail_on, expected", [("137", "fail", 1), ("137", "never", 0), ("x", "warn", 1)])
def test_main_treats_an_unknown_code_as_error(code: str, fail_on: str, expected: int) -> None:
    assert main([code, fail_on]) == expected


@pytest.mark.parametrize("args", [[], ["1"], ["1", "fail", "extra"], ["1", "sometimes"]])
def test_main_bad_usage_exits_three(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 3
    assert capsys.readouterr().err.strip()


def test_module_runs_as_a_command() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "qe_actions.verdict", "2", "warn"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 1 and "failing the step (fail-on: warn)" in run.stdout
