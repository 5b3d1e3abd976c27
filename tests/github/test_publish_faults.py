"""Faults: 5xx and dropped connections retried with backoff, rate limits honoured (retry-after, then
x-ratelimit-reset) within a bounded total wait, no duplicates after a retried write, channels isolated."""

from __future__ import annotations

import pytest
from fake_github import Fault
from publish_fixtures import annotations, event_env, fast_settings, report

from qe_actions.github.comment import marker
from qe_actions.github.publish import publish_report
from qe_actions.github.settings import RetryPolicy

ALL_API = frozenset({"check", "comment"})


def _publish(tmp_path, fake, data=None, sleeps=None, **changes):
    env = event_env(tmp_path, fake.api_url)
    settings = fast_settings(env, sleeps, channels=changes.pop("channels", ALL_API), **changes)
    return publish_report(data or report("fail.json"), settings), settings


@pytest.mark.parametrize("kind", ["500", "502", "503", "reset"])
def test_transient_failures_are_retried_with_backoff(tmp_path, fake, kind: str) -> None:
    fake.state.faults = [Fault(kind, "POST", "check-runs", times=2), Fault(kind, "GET", "comments", times=1)]
    sleeps: list[float] = []
    outcome, _ = _publish(tmp_path, fake, sleeps=sleeps)
    assert [r.status for r in outcome.results] == ["done", "done"]
    assert len(fake.state.check_runs) == 1 and len(fake.state.comments[7]) == 1
    assert sleeps[:2] == [0.01, 0.02]  # exponential backoff from the policy's base
    assert outcome.retries == 3


def test_a_post_dropped_after_github_acted_is_not_repeated(tmp_path, fake) -> None:
    fake.state.faults = [Fault("reset-after", "POST", "comments"), Fault("reset-after", "POST", "check-runs")]
    outcome, _ = _publish(tmp_path, fake)
    assert not outcome.failed
    assert len(fake.state.comments[7]) == 1  # recovered by finding the marker, not posted twice
    assert len(fake.state.check_runs) == 1  # recovered through the external_id
    assert len(fake.requests("POST")) == 2 and len(fake.requests("GET", "/commits/")) == 1


def test_a_patch_dropped_after_github_appended_does_not_duplicate_annotations(tmp_path, fake) -> None:
    fake.state.faults = [Fault("reset-after", "PATCH", "check-runs")]
    outcome, _ = _publish(
        tmp_path, fake, report("fail.json", annotations=annotations(120)), channels=frozenset({"check"})
    )
    [run] = fake.state.check_runs.values()
    assert not outcome.failed and len(run["annotations"]) == 120
    assert len(fake.requests("GET", "/check-runs/")) == 1


def test_secondary_rate_limit_waits_retry_after(tmp_path, fake) -> None:
    fake.state.faults = [Fault("secondary", "POST", "check-runs", retry_after=7)]
    sleeps: list[float] = []
    outcome, _ = _publish(tmp_path, fake, sleeps=sleeps)
    assert not outcome.failed and sleeps == [7.0]


def test_primary_rate_limit_waits_until_the_reset(tmp_path, fake) -> None:
    fake.state.faults = [Fault("primary", "GET", "comments", reset_in=20)]
    sleeps: list[float] = []
    outcome, _ = _publish(tmp_path, fake, sleeps=sleeps)
    assert not outcome.failed and len(sleeps) == 1 and 17 <= sleeps[0] <= 20


def test_total_wait_is_bounded_and_other_channels_still_publish(tmp_path, fake) -> None:
    fake.state.faults = [Fault("primary", "POST", "check-runs", reset_in=3600)]
    sleeps: list[float] = []
    policy = RetryPolicy(backoff_base=0.01, total_wait=60.0, sleep=sleeps.append)
    outcome, settings = _publish(
        tmp_path, fake, sleeps=sleeps, retry=policy, channels=frozenset({"check", "comment", "outputs"})
    )
    status = {r.channel: r.status for r in outcome.results}
    assert status == {"check": "failed", "comment": "done", "outputs": "done"}
    assert sleeps == []  # gave up at once instead of sleeping an hour
    assert "60 s bound on retry waits" in outcome.results[0].detail
    assert outcome.exit_code(False) == 1  # the gate's fail verdict, unchanged by publishing


def test_retries_stop_after_the_attempt_limit(tmp_path, fake) -> None:
    fake.state.faults = [Fault("502", "POST", "comments", times=99)]
    outcome, _ = _publish(tmp_path, fake, channels=frozenset({"comment"}))
    assert outcome.failed and "HTTP 502" in outcome.results[0].detail
    assert len(fake.requests("POST", "comments")) == 5


def test_validation_error_is_not_retried_and_does_not_stop_others(tmp_path, fake) -> None:
    fake.state.faults = [Fault("422", "POST", "check-runs", times=5)]
    channels = frozenset({"check", "comment", "summary"})
    outcome, settings = _publish(tmp_path, fake, report("pass.json"), channels=channels)
    status = {r.channel: r.status for r in outcome.results}
    assert status == {"summary": "done", "check": "failed", "comment": "done"}
    assert len(fake.requests("POST", "check-runs")) == 1
    assert "HTTP 422: Validation Failed" in outcome.results[1].detail
    assert outcome.exit_code(False) == 0 and outcome.exit_code(True) == 1
    log = settings.log.getvalue()
    assert "check: failed" in log and "comment: done" in log


def test_rerun_after_a_failed_run_never_duplicates_the_comment(tmp_path, fake) -> None:
    fake.state.faults = [Fault("500", "PATCH", "comments", times=99)]
    _publish(tmp_path, fake)
    _publish(tmp_path, fake)  # creates? no: finds the first run's comment and tries to update it
    fake.state.faults = []
    _publish(tmp_path, fake)
    ours = [c for c in fake.state.comments[7] if c["body"].startswith(marker("qe"))]
    assert len(ours) == 1 and len(fake.requests("POST", "comments")) == 1


def test_bad_token_fails_api_channels_with_one_line_and_no_retry(tmp_path, fake) -> None:
    env = event_env(tmp_path, fake.api_url, GITHUB_TOKEN="wrong-token")
    settings = fast_settings(env, channels=ALL_API)
    outcome = publish_report(report("fail.json"), settings)
    assert [r.status for r in outcome.results] == ["failed", "failed"]
    assert all("HTTP 401" in r.detail for r in outcome.results)
    assert len(fake.state.received) == 2


def test_a_failure_on_a_later_comment_page_relists_from_the_start(tmp_path, fake) -> None:
    fake.state.seed_comments(7, 250)
    fake.state.faults = [Fault("502", "GET", "/issues/7/comments", skip=1)]  # page 2 fails once
    outcome, _ = _publish(tmp_path, fake, channels=frozenset({"comment"}))
    assert not outcome.failed and len(fake.state.comments[7]) == 251
    pages = [r.query.get("page", ["1"])[0] for r in fake.requests("GET", "/comments")]
    assert pages == ["1", "2", "1", "2", "3"]


def test_an_update_that_fails_for_good_says_how_many_annotations_arrived(tmp_path, fake) -> None:
    fake.state.faults = [Fault("500", "PATCH", "check-runs", times=99)]
    outcome, _ = _publish(
        tmp_path, fake, report("fail.json", annotations=annotations(120)), channels=frozenset({"check"})
    )
    assert outcome.failed and "only 50 of 120 annotations delivered" in outcome.results[0].detail
    assert outcome.results[0].url  # the run exists and is linked


def test_dependabot_pull_requests_have_a_read_only_token_too(tmp_path, fake) -> None:
    fake.state.permissions.clear()
    env = event_env(tmp_path, fake.api_url, GITHUB_ACTOR="dependabot[bot]")
    outcome = publish_report(report("fail.json"), fast_settings(env, channels=ALL_API))
    assert [r.status for r in outcome.results] == ["fallback", "skipped"] and not outcome.failed
