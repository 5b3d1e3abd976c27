"""End to end: our actions run by act (a real runner, host mode) in a user's repository, publishing to the fake
GitHub on 127.0.0.1. Workflows reference the actions as users do (`example-org/qe-actions...@v1`)."""

from __future__ import annotations

import shutil
import subprocess
import textwrap

import pytest

from tests.actions.act_runner import PROJECT, act_binary, run_act
from tests.actions.repo import REPO, pr_event, user_repo, workflow_run_event
from tests.github import (
    fake_github,  # the publishing tests' fake GitHub API on 127.0.0.1
)

pytestmark = [
    pytest.mark.slow,  # act end to end: `pytest -m "not slow"` is the fast inner loop; CI runs these too
    pytest.mark.skipif(act_binary() is None, reason="act is not installed (pip install '.[test]')"),
]

TOKEN = "ghs_e2e_token_not_a_secret_0123456789"
PERMISSIONS = ("checks", "pull_requests", "issues")

GATE_WORKFLOW = """\
on: pull_request
permissions: {}
jobs:
  gate:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      checks: write
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
      - id: gate
        uses: example-org/qe-actions%(path)s@v1
        with:
          tests: reports/junit.xml
          coverage: reports/coverage.xml
%(extra)s"""


def gate_workflow(path: str = "/actions/quality-gate", extra: str = "") -> str:
    return GATE_WORKFLOW % {"path": path, "extra": textwrap.indent(textwrap.dedent(extra), " " * 10)}


@pytest.fixture()
def github():
    with fake_github.FakeGitHub(repo=REPO, token=TOKEN, permissions=PERMISSIONS) as server:
        yield server


def _written(github, method: str, fragment: str) -> list:
    return [r for r in github.requests(method, fragment) if 200 <= r.status < 300]


def test_quality_gate_fails_the_job_and_publishes_once(tmp_path, failing_reports, github):
    repo, sha = user_repo(tmp_path, failing_reports, {"gate.yml": gate_workflow()})
    result = run_act(
        repo,
        "gate.yml",
        event="pull_request",
        event_payload=pr_event(7, sha),
        work=tmp_path / "run1",
        api_url=github.api_url,
        token=TOKEN,
    )

    assert result.job_result == "failure", result.log()
    outputs = result.outputs("gate")
    assert outputs["verdict"] == "fail" and outputs["exit-code"] == "1"
    assert outputs["tests"] == "3" and outputs["tests-failed"] == "1"
    assert float(outputs["coverage"]) < 75 and outputs["report-json"] == "qe-report/report.json"
    summary = "".join(result.summaries())
    assert "Quality gate failed" in summary and "test_scale_by_zero" in summary

    # the check run: on the PR head, failed, carrying every annotation of the report
    runs = list(github.state.check_runs.values())
    assert len(runs) == 1
    run = runs[0]
    assert run["head_sha"] == sha and run["conclusion"] == "failure"
    assert len(run["annotations"]) == int(outputs["annotations"]) >= 2
    paths = {note["path"] for note in run["annotations"]}
    assert paths == {"test_calc.py", "calc.py"}  # the failing test and the uncovered changed lines
    # one comment, mentions neutralised, and the token never in the log
    comments = github.state.comments[7]
    assert len(comments) == 1 and "@octocat" not in comments[0]["body"]
    assert outputs["comment-url"] and outputs["check-run-url"]
    assert TOKEN not in result.log()
    assert github.state.violations == []

    # the same job again: the comment is updated in place, not duplicated
    again = run_act(
        repo,
        "gate.yml",
        event="pull_request",
        event_payload=pr_event(7, sha),
        work=tmp_path / "run2",
        api_url=github.api_url,
        token=TOKEN,
    )
    assert again.job_result == "failure"
    assert len(github.state.comments[7]) == 1
    assert len(_written(github, "PATCH", "/issues/comments/")) == 1
    assert len(_written(github, "POST", "/issues/7/comments")) == 1


def test_root_action_passes_and_succeeds(tmp_path, passing_reports, github):
    repo, sha = user_repo(tmp_path, passing_reports, {"gate.yml": gate_workflow(path="")})
    result = run_act(
        repo,
        "gate.yml",
        event="pull_request",
        event_payload=pr_event(8, sha),
        work=tmp_path / "run",
        api_url=github.api_url,
        token=TOKEN,
    )

    assert result.job_result == "success", result.log()
    # the Python on PATH has the dependencies: qe runs from the action's checkout, and nothing is compiled
    assert "this Python already has the dependencies: qe runs from the action's checkout" in result.log()
    outputs = result.outputs("gate")
    # the default policy warns on total coverage under 75%: the job still succeeds with fail-on: fail
    assert outputs["verdict"] in {"pass", "warn"} and outputs["tests-failed"] == "0"
    run = next(iter(github.state.check_runs.values()))
    assert run["conclusion"] in {"success", "neutral"} and run["head_sha"] == sha
    assert len(github.state.comments[8]) == 1


def test_quality_gate_folder_at_the_root_is_the_same_gate(tmp_path, failing_reports, github):
    """`uses: <org>/qe-actions/quality-gate@v1`, the reference the design card gives users."""
    repo, sha = user_repo(tmp_path, failing_reports, {"gate.yml": gate_workflow(path="/quality-gate")})
    result = run_act(
        repo,
        "gate.yml",
        event="pull_request",
        event_payload=pr_event(14, sha),
        work=tmp_path / "run",
        api_url=github.api_url,
        token=TOKEN,
    )

    assert result.job_result == "failure", result.log()
    outputs = result.outputs("gate")
    assert outputs["verdict"] == "fail" and outputs["exit-code"] == "1" and outputs["tests-failed"] == "1"
    assert "failing the step (fail-on: fail)" in result.log()
    run = next(iter(github.state.check_runs.values()))
    assert run["head_sha"] == sha and run["conclusion"] == "failure"
    assert len(github.state.comments[14]) == 1


def test_publish_deadline_reaches_qe(tmp_path, passing_reports, github):
    """The `publish-deadline` input is forwarded to `qe gate --publish-deadline` (a bad value is its usage error)."""
    workflow = gate_workflow(path="/quality-gate", extra='publish-deadline: "-5"\n')
    repo, sha = user_repo(tmp_path, passing_reports, {"gate.yml": workflow})
    result = run_act(
        repo,
        "gate.yml",
        event="pull_request",
        event_payload=pr_event(15, sha),
        work=tmp_path / "run",
        api_url=github.api_url,
        token=TOKEN,
    )

    assert result.job_result == "failure"
    assert result.outputs("gate")["verdict"] == "error"
    assert "--publish-deadline must be a positive number of seconds" in result.log(), result.log()
    assert github.requests("POST") == []


def test_fail_on_warn_turns_a_warning_into_a_failed_job(tmp_path, passing_reports, github):
    workflow = gate_workflow(extra="publish: summary\nfail-on: warn\n")
    repo, sha = user_repo(tmp_path, passing_reports, {"gate.yml": workflow})
    result = run_act(
        repo,
        "gate.yml",
        event="pull_request",
        event_payload=pr_event(9, sha),
        work=tmp_path / "run",
        api_url=github.api_url,
        token=TOKEN,
    )

    assert result.outputs("gate")["verdict"] == "warn"
    assert result.job_result == "failure"
    assert github.requests("POST") == []  # publish: summary only, nothing sent to the API


def test_a_missing_report_is_could_not_evaluate_and_fails_the_job(tmp_path, passing_reports, github):
    workflow = gate_workflow(path="")
    workflow = workflow.replace("tests: reports/junit.xml", "tests: reports/no-such-file.xml")
    repo, sha = user_repo(tmp_path, passing_reports, {"gate.yml": workflow})
    result = run_act(
        repo,
        "gate.yml",
        event="pull_request",
        event_payload=pr_event(13, sha),
        work=tmp_path / "run",
        api_url=github.api_url,
        token=TOKEN,
    )

    assert result.job_result == "failure"
    outputs = result.outputs("gate")
    assert outputs["verdict"] == "error" and outputs["exit-code"] == "3"
    assert "qe gate: reports/no-such-file.xml: no such file" in result.log(), result.log()


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
def test_every_annotation_reaches_the_check_run_past_the_50_per_request_limit(tmp_path, passing_reports, github):
    script = "#!/bin/bash\n" + "".join(f"echo $VALUE_{i}\n" for i in range(70))  # 70 x SC2086, all new
    findings = tmp_path / "shellcheck.json"
    (tmp_path / "lint.sh").write_text(script, encoding="utf-8")
    done = subprocess.run(["shellcheck", "--format", "json", "lint.sh"], cwd=tmp_path, capture_output=True, text=True)
    findings.write_text(done.stdout.replace('"file":"lint.sh"', '"file":"scripts/lint.sh"'), encoding="utf-8")
    workflow = gate_workflow(extra="lint: reports/shellcheck.json\n")
    repo, sha = user_repo(
        tmp_path / "user",
        passing_reports,
        {"gate.yml": workflow},
        extra={"scripts/lint.sh": script, "reports/shellcheck.json": findings.read_text()},
    )
    result = run_act(
        repo,
        "gate.yml",
        event="pull_request",
        event_payload=pr_event(12, sha),
        work=tmp_path / "run",
        api_url=github.api_url,
        token=TOKEN,
    )

    outputs = result.outputs("gate")
    notes = int(outputs["annotations"])
    assert notes >= 72, result.log()  # 70 findings + uncovered changed lines
    run = next(iter(github.state.check_runs.values()))
    assert len(run["annotations"]) == notes
    assert {n["path"] for n in run["annotations"]} >= {"scripts/lint.sh", "calc.py"}
    writes = _written(github, "POST", "/check-runs") + _written(github, "PATCH", "/check-runs/")
    batches = [len((r.body or {}).get("output", {}).get("annotations", [])) for r in writes]
    assert sum(batches) == notes and max(batches) == 50 and len(writes) == -(-notes // 50), batches
    # the step shows at most 10 per type as workflow commands; the check run has them all
    shown = [level for level, _, _ in result.annotations() if level == "notice"]
    assert len(shown) <= 10
    assert github.state.violations == []


PR_SIDE = (
    "name: qe gate (pull request)\n"
    + gate_workflow(path="", extra="publish: summary,annotations\nbundle-dir: qe-bundle\n")
    + """\
      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        if: always()
        with:
          name: qe-bundle
          path: qe-bundle/
"""
)

# The publishing side is our workflow template itself, as a user copies it.
PUBLISHER = (PROJECT / "workflow-templates" / "qe-fork-publish.yml").read_text(encoding="utf-8")


def test_fork_pull_request_then_workflow_run_publisher(tmp_path, failing_reports, github):
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    repo, sha = user_repo(tmp_path, failing_reports, {"pr.yml": PR_SIDE, "publish.yml": PUBLISHER})

    # 1. the fork's pull_request run: read-only token, so nothing can be written to the API
    github.state.permissions = set()
    pr = run_act(
        repo,
        "pr.yml",
        event="pull_request",
        event_payload=pr_event(11, sha, fork=True),
        work=tmp_path / "pr",
        api_url=github.api_url,
        token=TOKEN,
        env={"QE_TEST_ARTIFACTS": str(artifacts), "GITHUB_RUN_ID": "4242"},
    )
    assert pr.job_result == "failure" and pr.outputs("gate")["verdict"] == "fail"
    assert "Quality gate failed" in "".join(pr.summaries())
    notes = {(level, props.get("file"), props.get("line")) for level, props, _ in pr.annotations()}
    # the failing test is annotated at its failing assert (from the traceback)
    assert ("error", "test_calc.py", "13") in notes and ("warning", "calc.py", "14") in notes
    assert not [r for r in github.requests("POST") if 200 <= r.status < 300]
    bundle = sorted(p.name for p in (artifacts / "qe-bundle").iterdir())
    assert bundle, "the pull_request side uploaded no bundle"

    # 2. the workflow_run side: write token, publishes the bundle to the PR found by head owner and branch
    github.state.permissions = set(PERMISSIONS)
    github.state.add_pull(11, sha, "mallory", "feature")
    run_event = workflow_run_event(sha, 4242, "qe gate (pull request)")
    published = run_act(
        repo,
        "publish.yml",
        event="workflow_run",
        event_payload=run_event,
        work=tmp_path / "publish",
        api_url=github.api_url,
        token=TOKEN,
        env={"QE_TEST_ARTIFACTS": str(artifacts)},
    )
    assert published.job_result == "success", published.log()
    assert (artifacts / "download-run-id").read_text().strip() == "4242"
    runs = [run for run in github.state.check_runs.values() if run.get("conclusion")]
    assert len(runs) == 1 and runs[0]["head_sha"] == sha and runs[0]["conclusion"] == "failure"
    assert len(github.state.comments[11]) == 1
    assert github.state.violations == []


SCAN_SARIF = """{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "scanner", "rules": [
  {"id": "SEC001", "properties": {"security-severity": "9.5", "tags": ["security"]}}]}},
  "results": [{"ruleId": "SEC001", "level": "error", "message": {"text": "hard-coded secret"},
    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "calc.py"}, "region": {"startLine": 8}}}]}]}]}
"""


@pytest.mark.parametrize("name", ["findings", "sarif"])
def test_findings_input_and_its_earlier_name_reach_the_gate(tmp_path, passing_reports, github, name):
    """`findings:` is the gate's word for scanner SARIF (as `qe gate --findings`); `sarif:` still works."""
    workflow = gate_workflow(path="", extra=f"{name}: reports/scan.sarif\n")
    repo, sha = user_repo(tmp_path, passing_reports, {"gate.yml": workflow}, extra={"reports/scan.sarif": SCAN_SARIF})
    result = run_act(
        repo,
        "gate.yml",
        event="pull_request",
        event_payload=pr_event(9, sha),
        work=tmp_path / "run",
        api_url=github.api_url,
        token=TOKEN,
    )

    # the finding is on a line the pull request changed: new, critical, so the default policy fails
    assert result.job_result == "failure", result.log()
    assert result.outputs("gate")["verdict"] == "fail"
    assert "SEC001" in "".join(result.summaries())
