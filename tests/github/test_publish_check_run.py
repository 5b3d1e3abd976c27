"""The check run: every annotation delivered 50 per request, summary within 65,535 bytes, conclusions,
and the fallback when the token may not write checks."""

from __future__ import annotations

import pytest
from publish_fixtures import HEAD_SHA, annotations, event_env, fast_settings, report

from qe_actions.github.checks import SUMMARY_MAX_BYTES, plan_check_run
from qe_actions.github.publish import publish_report
from qe_actions.github.report import parse_report


def _check_only(tmp_path, fake, **changes):
    env = event_env(tmp_path, fake.api_url)
    return fast_settings(env, channels=frozenset({"check"}), **changes)


def test_one_thousand_annotations_in_twenty_requests(tmp_path, fake) -> None:
    data = report("fail.json", annotations=annotations(1000))
    outcome = publish_report(data, _check_only(tmp_path, fake))
    assert [r.status for r in outcome.results] == ["done"]
    [run] = fake.state.check_runs.values()
    assert len(run["annotations"]) == 1000
    assert [a["start_line"] for a in run["annotations"]] == list(range(1, 1001))  # each once, in order
    posts, patches = fake.requests("POST", "check-runs"), fake.requests("PATCH", "check-runs")
    assert len(posts) == 1 and len(patches) == 19  # ceil(1000 / 50) requests in all
    assert all(len(r.body["output"]["annotations"]) == 50 for r in posts + patches)
    assert posts[0].body["head_sha"] == HEAD_SHA and posts[0].body["conclusion"] == "failure"
    assert posts[0].body["details_url"] == "http://github.invalid/octo/repo/actions/runs/99"
    assert outcome.results[0].url == run_url(run)


def run_url(run) -> str:
    return f"http://github.invalid/octo/repo/runs/{run['id']}"


@pytest.mark.parametrize(
    ("verdict", "conclusion"), [("pass", "success"), ("warn", "neutral"), ("fail", "failure"), ("error", "failure")]
)
def test_conclusion_per_verdict(tmp_path, fake, verdict: str, conclusion: str) -> None:
    exit_code = {"pass": 0, "fail": 1, "warn": 2, "error": 3}[verdict]
    publish_report(report("pass.json", verdict=verdict, exit_code=exit_code), _check_only(tmp_path, fake))
    [post] = fake.requests("POST", "check-runs")
    assert post.body["status"] == "completed" and post.body["conclusion"] == conclusion
    assert "annotations" not in post.body["output"]


def test_check_name_from_settings_and_gate_id(tmp_path, fake) -> None:
    publish_report(report("pass.json"), _check_only(tmp_path, fake, check_name="CI gate"))
    publish_report(report("pass.json", gate_id="backend"), _check_only(tmp_path, fake))
    assert [r.body["name"] for r in fake.requests("POST", "check-runs")] == ["CI gate", "qe-actions (backend)"]


def test_summary_is_cut_to_65535_utf8_bytes() -> None:
    parsed = parse_report(report("fail.json", markdown="€" * 40000))  # 120,000 bytes
    plan = plan_check_run(parsed, "qe-actions", HEAD_SHA, None)
    summary = plan.create["output"]["summary"]
    assert len(summary.encode("utf-8")) <= SUMMARY_MAX_BYTES and "truncated" in summary
    assert summary.startswith("€" * 1000)


def test_annotation_strings_are_bounded_again(tmp_path, fake) -> None:
    long = [
        {
            "path": "a.py",
            "start_line": 2,
            "end_line": 2,
            "level": "warning",
            "title": "t" * 400,
            "message": "m\U0001f600" * 40000,
            "raw_details": "d" * 70000,
        }
    ]
    publish_report(report("fail.json", annotations=long), _check_only(tmp_path, fake))
    [note] = fake.requests("POST", "check-runs")[0].body["output"]["annotations"]
    assert len(note["title"]) == 255 and "\U0001f600" not in note["message"]
    assert len(note["message"].encode("utf-8")) < 64 * 1024 and len(note["raw_details"].encode()) < 64 * 1024


def test_annotations_without_a_path_are_left_out_of_the_check_run(tmp_path, fake) -> None:
    notes = annotations(3) + [{"path": "", "start_line": 1, "end_line": 1, "level": "notice", "message": "no file"}]
    outcome = publish_report(report("fail.json", annotations=notes), _check_only(tmp_path, fake))
    assert len(fake.requests("POST", "check-runs")[0].body["output"]["annotations"]) == 3
    assert "1 without a file path left out" in outcome.results[0].detail


def test_without_checks_write_the_report_goes_to_summary_and_annotations(tmp_path, fake) -> None:
    fake.state.permissions.discard("checks")
    settings = _check_only(tmp_path, fake)
    outcome = publish_report(report("fail.json"), settings)
    statuses = {r.channel: r.status for r in outcome.results}
    assert statuses == {"check": "fallback"} and not outcome.failed
    assert "`checks: write`" in outcome.results[0].detail
    log = settings.log.getvalue().splitlines()
    assert sum("checks: write" in line for line in log) == 1
    assert "## Quality gate: fail" in (tmp_path / "step_summary.md").read_text(encoding="utf-8")
    printed = settings.stdout.getvalue().splitlines()
    assert [line.split(" ", 1)[0] for line in printed] == ["::error", "::warning", "::notice"]


def test_fallback_does_not_repeat_channels_already_done(tmp_path, fake) -> None:
    fake.state.permissions.discard("checks")
    env = event_env(tmp_path, fake.api_url)
    settings = fast_settings(env, channels=frozenset({"summary", "check", "annotations"}))
    outcome = publish_report(report("fail.json"), settings)
    assert [r.channel for r in outcome.results] == ["summary", "check"]
    assert (tmp_path / "step_summary.md").read_text(encoding="utf-8").count("## Quality gate: fail") == 1
    assert len(settings.stdout.getvalue().splitlines()) == 3
