"""End to end: the lint action under act, on a pull request that adds lint findings next to old ones."""

from __future__ import annotations

import shutil

import pytest

from tests.actions.act_runner import act_binary, run_act
from tests.actions.repo import pr_event, user_repo

pytestmark = [
    pytest.mark.slow,  # act end to end: `pytest -m "not slow"` is the fast inner loop; CI runs these too
    pytest.mark.skipif(act_binary() is None, reason="act is not installed (pip install '.[test]')"),
]

LINT_WORKFLOW = """\
on: pull_request
permissions: {}
jobs:
  lint:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v4
      - id: lint
        uses: example-org/qe-actions/actions/lint@v1
        with:
          publish: summary,annotations
%s"""

OLD_SCRIPT = "#!/bin/bash\necho $1\n"  # SC2086 (info), already on main: not new
NEW_SCRIPT = '#!/bin/bash\nfor f in $@; do echo "$f"; done\nrm -rf $DIR/\n'  # SC2068 (error), SC2115, SC2086


@pytest.fixture()
def reports(passing_reports):
    return passing_reports


def _lint(tmp_path, reports, with_block: str, **files):
    workflow = LINT_WORKFLOW % "".join(f"          {line}\n" for line in with_block.splitlines())
    repo, sha = user_repo(tmp_path, reports, {"lint.yml": workflow}, **files)
    return run_act(
        repo,
        "lint.yml",
        event="pull_request",
        event_payload=pr_event(3, sha),
        work=tmp_path / "run",
        api_url="http://127.0.0.1:9",
    )


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck is not installed")
def test_shellcheck_preset_fails_on_a_new_error_and_annotates_only_changed_lines(tmp_path, reports):
    result = _lint(
        tmp_path,
        reports,
        "linters: shellcheck",
        base_extra={"scripts/old.sh": OLD_SCRIPT},
        extra={"scripts/new.sh": NEW_SCRIPT},
    )

    assert result.job_result == "failure", result.log()
    outputs = result.outputs("lint")
    assert outputs["verdict"] == "fail"
    assert int(outputs["findings"]) > int(outputs["new-findings"]) >= 3
    files = {props.get("file") for _, props, _ in result.annotations()}
    assert files == {"scripts/new.sh"}, "only findings on changed lines are annotated"
    assert any("SC2068" in props.get("title", "") + message for _, props, message in result.annotations())


def test_command_with_declared_format(tmp_path, reports):
    command = "printf 'calc.py:2:5: E111 old problem\\ncalc.py:5:1: E302 new problem\\n'"
    result = _lint(tmp_path, reports, f"command: |\n  {command}\nformat: flake8\nfail-on: never")

    assert result.job_result == "success", result.log()
    outputs = result.outputs("lint")
    assert outputs["findings"] == "2" and outputs["new-findings"] == "1", result.log()
    notes = [(props.get("file"), props.get("line")) for _, props, _ in result.annotations()]
    assert notes == [("calc.py", "5")]


def test_missing_linter_is_an_error_not_a_pass(tmp_path, reports):
    result = _lint(tmp_path, reports, "linters: eslint\nfail-on: fail")
    if shutil.which("eslint"):
        pytest.skip("eslint is installed here")
    assert result.job_result == "failure"
    assert result.outputs("lint")["verdict"] == "error"
    assert any("not installed" in message for _, _, message in result.annotations())
