"""The sticky PR comment: exactly one per PR and gate id, found by paging through every comment, the modes,
the body limit and neutralised mentions."""

from __future__ import annotations

import pytest
from fake_github_state import BOT
from publish_fixtures import event_env, fast_settings, report

from qe_actions.github.comment import BODY_MAX_CHARS, marker
from qe_actions.github.publish import publish_report
from qe_actions.github.settings import CommentMode


def _settings(tmp_path, fake, mode: CommentMode = CommentMode.ALWAYS, **changes):
    env = event_env(tmp_path, fake.api_url)
    return fast_settings(env, channels=frozenset({"comment"}), comment_mode=mode, **changes)


def _ours(fake, gate_id: str = "qe") -> list[dict]:
    return [c for c in fake.state.comments.get(7, []) if c["body"].startswith(marker(gate_id))]


def test_created_once_then_updated_in_place_on_reruns(tmp_path, fake) -> None:
    for _ in range(3):
        outcome = publish_report(report("fail.json"), _settings(tmp_path, fake))
        assert not outcome.failed
    assert len(fake.state.comments[7]) == 1
    assert len(fake.requests("POST", "/comments")) == 1 and len(fake.requests("PATCH", "/comments/")) == 2


def test_found_on_the_third_page_of_250_comments(tmp_path, fake) -> None:
    fake.state.seed_comments(7, 200)
    fake.state.seed_comments(7, 1, author=BOT, body=marker("qe") + "\nold report")
    fake.state.seed_comments(7, 49)
    outcome = publish_report(report("fail.json"), _settings(tmp_path, fake))
    gets = fake.requests("GET", "/issues/7/comments")
    assert [r.query.get("page", ["1"])[0] for r in gets] == ["1", "2", "3"]
    assert all(r.query["per_page"] == ["100"] for r in gets)
    assert fake.requests("POST", "/comments") == [] and len(fake.requests("PATCH", "/comments/")) == 1
    assert len(fake.state.comments[7]) == 250 and "Quality gate: fail" in _ours(fake)[0]["body"]
    assert "250 comments read" in outcome.results[0].detail


def test_several_gates_keep_one_comment_each(tmp_path, fake) -> None:
    for gate_id in ("qe", "backend", "qe", "backend"):
        publish_report(report("fail.json", gate_id=gate_id), _settings(tmp_path, fake))
    assert len(_ours(fake, "qe")) == 1 and len(_ours(fake, "backend")) == 1 and len(fake.state.comments[7]) == 2


def test_a_person_pasting_the_marker_does_not_get_their_comment_edited(tmp_path, fake) -> None:
    fake.state.seed_comments(7, 1, body=marker("qe") + "\nI copied this")  # author alice, a User
    publish_report(report("fail.json"), _settings(tmp_path, fake))
    assert fake.state.comments[7][0]["body"].endswith("I copied this")
    assert len(fake.requests("POST", "/comments")) == 1


def test_comment_author_setting_for_personal_tokens(tmp_path, fake) -> None:
    fake.state.seed_comments(7, 1, body=marker("qe") + "\nmine")  # alice's own earlier report
    publish_report(report("fail.json"), _settings(tmp_path, fake, comment_author="alice"))
    assert fake.requests("POST", "/comments") == [] and "Quality gate" in fake.state.comments[7][0]["body"]


def test_duplicates_left_by_a_race_are_removed(tmp_path, fake) -> None:
    fake.state.seed_comments(7, 3, author=BOT, body=marker("qe") + "\ncopy {i}")
    publish_report(report("fail.json"), _settings(tmp_path, fake))
    assert len(fake.state.comments[7]) == 1 and len(fake.requests("DELETE", "/comments/")) == 2


def test_changes_mode_writes_only_when_verdict_or_numbers_change(tmp_path, fake) -> None:
    settings = _settings(tmp_path, fake, CommentMode.CHANGES)
    publish_report(report("fail.json"), settings)
    publish_report(report("fail.json", markdown="reworded, same numbers"), settings)
    assert len(fake.requests("PATCH", "/comments/")) == 0
    changed = report("fail.json")
    changed["totals"]["tests"]["failed"] = 3
    publish_report(changed, settings)
    publish_report(report("pass.json"), settings)
    assert len(fake.requests("POST", "/comments")) == 1 and len(fake.requests("PATCH", "/comments/")) == 2


def test_failures_mode_creates_only_on_failure_but_keeps_an_existing_comment_current(tmp_path, fake) -> None:
    settings = _settings(tmp_path, fake, CommentMode.FAILURES)
    publish_report(report("pass.json"), settings)
    assert fake.state.comments.get(7, []) == []
    publish_report(report("fail.json"), settings)
    publish_report(report("pass.json"), settings)
    [only] = fake.state.comments[7]
    assert "Quality gate: pass" in only["body"]


def test_off_mode_makes_no_request(tmp_path, fake) -> None:
    outcome = publish_report(report("fail.json"), _settings(tmp_path, fake, CommentMode.OFF))
    assert fake.state.received == [] and outcome.results[0].status == "skipped"


def test_mentions_do_not_notify_and_the_body_stays_under_the_limit(tmp_path, fake) -> None:
    huge = "@octocat " + "x" * 70000
    publish_report(report("fail.json", markdown=huge), _settings(tmp_path, fake))
    [posted] = fake.requests("POST", "/comments")
    body = posted.body["body"]
    assert len(body) <= BODY_MAX_CHARS < 65536 and "truncated" in body
    assert "@octocat" not in body and "@\u200boctocat" in body
    normal = report("fail.json")
    publish_report(normal, _settings(tmp_path, fake))
    text = fake.requests("PATCH", "/comments/")[0].body["body"]
    assert "@octocat" not in text and "@octo-org/core" not in text and "@\u200bocto-org/core" in text


@pytest.mark.parametrize("event", ["push.json", "merge_group.json", "workflow_dispatch.json"])
def test_no_comment_without_a_pull_request(tmp_path, fake, event: str) -> None:
    env = event_env(tmp_path, fake.api_url, event)
    outcome = publish_report(report("fail.json"), fast_settings(env, channels=frozenset({"comment"})))
    assert outcome.results[0].status == "skipped" and fake.state.received == []


def test_without_pull_requests_write_the_comment_fails_alone(tmp_path, fake) -> None:
    fake.state.permissions -= {"pull_requests", "issues"}
    env = event_env(tmp_path, fake.api_url)
    settings = fast_settings(env, channels=frozenset({"check", "comment", "outputs"}))
    outcome = publish_report(report("fail.json"), settings)
    status = {r.channel: r.status for r in outcome.results}
    assert status == {"check": "done", "comment": "failed", "outputs": "done"}
    assert "`pull-requests: write`" in outcome.results[1].detail
    assert outcome.exit_code(False) == 1 and outcome.exit_code(True) == 1  # fail verdict stays 1 either way
    assert publish_report(report("pass.json"), settings).exit_code(False) == 0
    assert publish_report(report("pass.json"), settings).exit_code(True) == 1
