"""Fork pull requests: the read-only run writes a bundle; a workflow_run publishes it to the PR and commit
named by its own event, and refuses a bundle that names anything else."""

from __future__ import annotations

import json
import os

import pytest
from publish_fixtures import HEAD_SHA, event_env, fast_settings, report

from qe_actions.cli import main
from qe_actions.github.bundle import FACTS_FILE, REPORT_FILE, BundleRefused
from qe_actions.github.publish import publish_bundle, publish_report


def _fork_run(tmp_path, fake) -> str:
    """The pull_request run of a fork: read-only token, so it falls back and writes the bundle."""
    fake.state.permissions.clear()
    bundle = str(tmp_path / "bundle")
    env = event_env(tmp_path, fake.api_url, "pull_request_fork.json", GITHUB_RUN_ID="4242")
    outcome = publish_report(report("fail.json"), fast_settings(env, write_bundle=bundle))
    status = {r.channel: r.status for r in outcome.results}
    assert status == {"bundle": "done", "summary": "done", "check": "fallback", "comment": "skipped", "outputs": "done"}
    assert not outcome.failed  # a fork's read-only token is expected, not a publishing failure
    fake.state.permissions.update({"checks", "pull_requests"})
    fake.state.received.clear()
    return bundle


def _workflow_run_settings(tmp_path, fake, **changes):
    env = event_env(tmp_path, fake.api_url, "workflow_run_fork.json")
    return fast_settings(env, channels=frozenset({"check", "comment"}), **changes)


def test_bundle_written_by_the_fork_run(tmp_path, fake) -> None:
    bundle = _fork_run(tmp_path, fake)
    facts = json.loads(open(os.path.join(bundle, FACTS_FILE), encoding="utf-8").read())
    assert facts == {
        "schema": "qe-bundle/1",
        "repository": "octo/repo",
        "event_name": "pull_request",
        "head_sha": HEAD_SHA,
        "pr_number": 8,
        "run_id": 4242,
        "gate_id": "qe",
    }
    assert json.loads(open(os.path.join(bundle, REPORT_FILE), encoding="utf-8").read()) == report("fail.json")


def test_workflow_run_publishes_to_the_pull_request_its_event_names(tmp_path, fake) -> None:
    bundle = _fork_run(tmp_path, fake)
    fake.state.add_pull(8, HEAD_SHA, "mallory", "feature")
    fake.state.add_pull(9, "e" * 40, "mallory", "other")
    outcome = publish_bundle(bundle, _workflow_run_settings(tmp_path, fake))
    assert [r.status for r in outcome.results] == ["done", "done"]
    [lookup] = fake.requests("GET", "/pulls")
    assert lookup.query == {"state": ["open"], "head": ["mallory:feature"], "per_page": ["100"]}
    [run] = fake.state.check_runs.values()
    assert run["head_sha"] == HEAD_SHA and len(run["annotations"]) == 3
    assert list(fake.state.comments) == [8] and len(fake.state.comments[8]) == 1


def _tamper(bundle: str, **facts) -> None:
    path = os.path.join(bundle, FACTS_FILE)
    data = json.loads(open(path, encoding="utf-8").read())
    data.update(facts)
    open(path, "w", encoding="utf-8").write(json.dumps(data))


@pytest.mark.parametrize(
    ("claim", "field"),
    [
        ({"head_sha": "d" * 40}, "head_sha"),
        ({"pr_number": 9}, "pr_number"),
        ({"repository": "mallory/repo"}, "repository"),
        ({"gate_id": "other"}, "gate_id"),
        ({"run_id": 1}, "run_id"),
    ],
)
def test_a_bundle_that_names_another_target_is_refused(tmp_path, fake, claim, field) -> None:
    bundle = _fork_run(tmp_path, fake)
    fake.state.add_pull(8, HEAD_SHA, "mallory", "feature")
    fake.state.add_pull(9, HEAD_SHA, "mallory", "feature-2")
    _tamper(bundle, **claim)
    with pytest.raises(BundleRefused, match=f"its {field} "):
        publish_bundle(bundle, _workflow_run_settings(tmp_path, fake))
    assert fake.state.check_runs == {} and fake.state.comments == {}
    assert [r.method for r in fake.state.received] == ["GET"]  # only the PR lookup: nothing written


def test_refused_when_no_open_pull_request_has_that_head(tmp_path, fake) -> None:
    bundle = _fork_run(tmp_path, fake)
    fake.state.add_pull(8, "e" * 40, "mallory", "feature")  # the branch moved on: another head commit
    with pytest.raises(BundleRefused, match="names no open pull request"):
        publish_bundle(bundle, _workflow_run_settings(tmp_path, fake))


def test_refused_outside_a_workflow_run(tmp_path, fake) -> None:
    bundle = _fork_run(tmp_path, fake)
    env = event_env(tmp_path, fake.api_url, "pull_request.json")
    with pytest.raises(BundleRefused, match="workflow_run"):
        publish_bundle(bundle, fast_settings(env))


def test_links_and_oversized_or_malformed_files_are_refused(tmp_path, fake) -> None:
    bundle = _fork_run(tmp_path, fake)
    fake.state.add_pull(8, HEAD_SHA, "mallory", "feature")
    settings = _workflow_run_settings(tmp_path, fake)
    report_path = os.path.join(bundle, REPORT_FILE)
    os.replace(report_path, report_path + ".real")
    os.symlink(report_path + ".real", report_path)
    with pytest.raises(BundleRefused, match="not a regular file"):
        publish_bundle(bundle, settings)
    os.unlink(report_path)
    open(report_path, "w", encoding="utf-8").write('{"schema": "qe-report/1", "verdict": "maybe"}')
    with pytest.raises(BundleRefused, match="verdict"):
        publish_bundle(bundle, settings)
    with pytest.raises(BundleRefused, match="not a directory"):
        publish_bundle(str(tmp_path / "missing"), settings)


def test_cli_refusal_is_one_line_and_exit_3(tmp_path, fake, monkeypatch, capsys) -> None:
    bundle = _fork_run(tmp_path, fake)
    fake.state.add_pull(8, HEAD_SHA, "mallory", "feature")
    _tamper(bundle, head_sha="d" * 40)
    for key, value in event_env(tmp_path, fake.api_url, "workflow_run_fork.json").items():
        monkeypatch.setenv(key, value)
    assert main(["publish", "--bundle", bundle]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("qe publish: bundle refused: its head_sha")
    _tamper(bundle, head_sha=HEAD_SHA)
    assert main(["publish", "--bundle", bundle, "--publish", "check,comment"]) == 0
    assert len(fake.state.comments[8]) == 1


def test_a_bundle_that_cannot_be_written_is_a_publishing_failure_not_a_crash(tmp_path, fake) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    env = event_env(tmp_path, fake.api_url, "pull_request_fork.json")
    settings = fast_settings(env, channels=frozenset({"outputs"}), write_bundle=str(blocker / "bundle"))
    outcome = publish_report(report("fail.json"), settings)
    assert [(r.channel, r.status) for r in outcome.results] == [("bundle", "failed"), ("outputs", "done")]
    assert outcome.exit_code(False) == 1 and outcome.failed
